import type { OpenApiDocument } from '../bundle/bundle.js';
import { SpecError } from '../load/spec-problem.js';
import { generatedHeader } from './header.js';

/**
 * `error-types.gen.ts` in @vsphere-kit/core: every vSphere error type
 * with the HTTP status vCenter answers with, from one place in the specs
 * (`VapiStdErrorType` and its `x-vsphere-http-status`), for the client and the mock.
 */
export function emitErrorTypes(document: OpenApiDocument): string {
  const schema = document.components.schemas?.VapiStdErrorType as
    | { enum?: string[]; 'x-vsphere-http-status'?: Record<string, number> }
    | undefined;
  const types = schema?.enum ?? [];
  const status = schema?.['x-vsphere-http-status'] ?? {};
  const missing = types.filter((t) => typeof status[t] !== 'number');
  const extra = Object.keys(status).filter((t) => !types.includes(t));
  if (types.length === 0 || missing.length || extra.length) {
    throw new SpecError([
      {
        file: 'common/errors.yaml',
        pointer: '#/components/schemas/VapiStdErrorType/x-vsphere-http-status',
        message: `every error type needs exactly one HTTP status (missing: ${missing.join(', ') || 'none'}; unknown: ${extra.join(', ') || 'none'})`,
      },
    ]);
  }
  const sorted = [...types].sort();
  return [
    generatedHeader('specs/common/errors.yaml'),
    '/** Every vSphere standard error type (`error_type`). */',
    `export const VSPHERE_ERROR_TYPES = [\n${sorted.map((t) => `  '${t}',`).join('\n')}\n] as const;`,
    '',
    'export type VsphereErrorType = (typeof VSPHERE_ERROR_TYPES)[number];',
    '',
    '/** The HTTP status vCenter answers with for each error type. */',
    `export const ERROR_TYPE_STATUS: Readonly<Record<VsphereErrorType, number>> = {\n${sorted.map((t) => `  ${t}: ${status[t]},`).join('\n')}\n};`,
    '',
  ].join('\n');
}
