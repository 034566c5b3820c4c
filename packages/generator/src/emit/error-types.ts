import type { IrErrorType } from '../ir/types.js';
import { generatedHeader } from './header.js';

/** `error-types.gen.ts` in @vsphere-kit/core: every vSphere error type with its HTTP status, for the client and the mock. */
export function emitErrorTypes(errorTypes: readonly IrErrorType[]): string {
  return [
    generatedHeader('specs/common/errors.yaml'),
    '/** Every vSphere standard error type (`error_type`). */',
    `export const VSPHERE_ERROR_TYPES = [\n${errorTypes.map((t) => `  '${t.type}',`).join('\n')}\n] as const;`,
    '',
    'export type VsphereErrorType = (typeof VSPHERE_ERROR_TYPES)[number];',
    '',
    '/** The HTTP status vCenter answers with for each error type. */',
    `export const ERROR_TYPE_STATUS: Readonly<Record<VsphereErrorType, number>> = {\n${errorTypes.map((t) => `  ${t.type}: ${t.status},`).join('\n')}\n};`,
    '',
  ].join('\n');
}
