import type { OpenApiDocument } from '../bundle/bundle.js';
import type { SpecProblem } from '../load/spec-problem.js';
import type { IrErrorType } from './types.js';

const AT = { file: 'common/errors.yaml', pointer: '#/components/schemas/VapiStdErrorType/x-vsphere-http-status' };

/**
 * Every vSphere error type with the HTTP status vCenter answers with, from one
 * place in the specs (`VapiStdErrorType` and its `x-vsphere-http-status`), so that
 * the client and the mock agree.
 */
export function buildErrorTypes(document: OpenApiDocument, problems: SpecProblem[]): IrErrorType[] {
  const schema = document.components.schemas?.VapiStdErrorType as { enum?: string[]; 'x-vsphere-http-status'?: Record<string, number> } | undefined;
  const types = schema?.enum ?? [];
  const status = schema?.['x-vsphere-http-status'] ?? {};
  const missing = types.filter((t) => typeof status[t] !== 'number');
  const extra = Object.keys(status).filter((t) => !types.includes(t));
  if (types.length === 0) {
    problems.push({
      ...AT,
      pointer: '#/components/schemas/VapiStdErrorType',
      message: 'VapiStdErrorType, the enum of vSphere error types with their x-vsphere-http-status, is not defined',
    });
    return [];
  }
  if (missing.length || extra.length) {
    problems.push({
      ...AT,
      message: `every error type needs exactly one HTTP status (missing: ${missing.join(', ') || 'none'}; unknown: ${extra.join(', ') || 'none'})`,
    });
    return [];
  }
  return [...types].sort().map((type) => ({ type, status: status[type]! }));
}
