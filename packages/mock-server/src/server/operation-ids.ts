/**
 * Operation ids given by a test (faults, journal filters) are checked against the route table:
 * a misspelt id would otherwise be accepted and never match, so it is an error naming the
 * closest ids. TypeScript users get the same check at compile time through `OperationId`.
 */
import { closestMatches } from '@vsphere-kit/core/closest';
import type { OperationId } from '../generated/route-keys.gen.js';
import { VapiError } from './errors.js';

export type { OperationId };

/** Refuses anything that is not one of `known`, naming the closest ids; `where` says what held it. */
export function checkOperationId(id: unknown, known: ReadonlySet<string>, where: string): asserts id is OperationId {
  if (typeof id === 'string' && known.has(id)) return;
  if (typeof id !== 'string' || id === '') {
    throw new VapiError('INVALID_ARGUMENT', `${where} must be an operation id such as 'vcenter.vm.list', got ${describe(id)}.`, [String(id)]);
  }
  const shown = id.length > 100 ? `${id.slice(0, 100)}…` : id;
  const near = closestMatches(shown, known, 3);
  throw new VapiError(
    'INVALID_ARGUMENT',
    `${where}: unknown operation id '${shown}'${near.length ? `; the closest are ${near.map((n) => `'${n}'`).join(', ')}` : ''}.`,
    [shown, ...near],
    'com.vmware.mock.unknown_operation',
  );
}

function describe(v: unknown): string {
  if (v === '') return 'an empty string';
  if (v === null) return 'null';
  return typeof v === 'string' ? `'${v}'` : `a ${Array.isArray(v) ? 'list' : typeof v}`;
}
