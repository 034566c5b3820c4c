/**
 * The mock's domain types: what its hand-written state and behaviours compile against,
 * so that a misspelt property, enum value or route key fails `tsc` instead of drifting
 * from the specs.
 *
 * - `openapi.gen.ts`: openapi-typescript's `components` and `operations` for the bundle;
 * - `schemas.gen.ts`: one alias per component schema (`VcenterVMSummary`);
 * - `route-keys.gen.ts`: the union of route keys (`METHOD /path[?action=name]`), the
 *   union of operation ids and the map from one to the other.
 */
import { routeKey } from '@vsphere-kit/core/route';
import type { OpenApiDocument } from '../bundle/bundle.js';
import type { Ir, IrOperation } from '../ir/types.js';
import { emitClientTypes, emitSchemaAliases } from './client-index.js';
import { generatedHeader } from './header.js';

/** The files, by name inside `packages/mock-server/src/generated/`. */
export async function emitMockDomain(document: OpenApiDocument, schemas: Ir['schemas'], operations: readonly IrOperation[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  files.set('openapi.gen.ts', await emitClientTypes(document));
  files.set('schemas.gen.ts', emitSchemaAliases(schemas).replace("from './types.gen.js'", "from './openapi.gen.js'"));
  files.set('route-keys.gen.ts', emitRouteKeys(operations));
  return files;
}

function emitRouteKeys(operations: readonly IrOperation[]): string {
  const sorted = [...operations].sort((a, b) => (routeKey(a) < routeKey(b) ? -1 : 1));
  const union = (items: readonly string[]): string => items.map((s) => `\n  | ${JSON.stringify(s)}`).join('');
  return [
    generatedHeader('specs/'),
    '/** Every operation of the specs, keyed as the mock routes it: `METHOD /path/template[?action=name]`. */',
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
