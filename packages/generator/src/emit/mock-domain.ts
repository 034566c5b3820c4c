/**
 * The mock's route-key types: what its behaviour table compiles against, so that a misspelt
 * route key fails `tsc`. (Its domain types, the schemas, come from `@vsphere-kit/core/api-types`.)
 *
 * - `route-keys.gen.ts`: the union of route keys (`METHOD /path[?action=name|?selector]`), the
 *   union of operation ids and the map from one to the other.
 */
import { routeKey } from '@vsphere-kit/core/route';
import type { IrOperation } from '../ir/types.js';
import { generatedHeader } from './header.js';

/** The files, by name inside `packages/mock-server/src/generated/`. */
export function emitMockDomain(operations: readonly IrOperation[]): Map<string, string> {
  const files = new Map<string, string>();
  files.set('route-keys.gen.ts', emitRouteKeys(operations));
  return files;
}

function emitRouteKeys(operations: readonly IrOperation[]): string {
  const sorted = [...operations].sort((a, b) => (routeKey(a) < routeKey(b) ? -1 : 1));
  const union = (items: readonly string[]): string => items.map((s) => `\n  | ${JSON.stringify(s)}`).join('');
  return [
    generatedHeader('specs/'),
    '/** Every operation of the specs, keyed as the mock routes it: `METHOD /path/template[?action=name|?selector]`. */',
    `export type RouteKey =${union(sorted.map(routeKey))};`,
    '',
    '/** Every operationId of the specs. */',
    `export type OperationId =${union([...new Set(sorted.map((op) => op.id))].sort())};`,
    '',
    '/** The operationId behind each route key. */',
    'export interface OperationOfRoute {',
    ...sorted.map((op) => `  ${JSON.stringify(routeKey(op))}: ${JSON.stringify(op.id)};`),
    '}',
    '',
  ].join('\n');
}
