/**
 * The default seed's generic objects: for each generic CRUD family (no hand-written behaviour),
 * one record under the id that the spec examples of its item paths use, built from the example of
 * its create. So the examples the specs give (and the contract suite sends) name objects the mock
 * holds, and an item read, update or delete reaches its success path.
 */
import { routeKey } from '@vsphere-kit/core/route';
import type { MockRouteDef } from '../server/route-types.js';
import { resolvePointer } from '../server/validator.js';
import type { Inventory } from '../state/inventory.js';
import { bodyId, familyKey, planFor, type Stored, storedSpec } from './generic.js';

/** The example the spec gives a parameter: the sibling of its schema pointer. */
function paramExample(spec: unknown, schemaPointer: string): unknown {
  return resolvePointer(spec, schemaPointer.replace(/\/schema$/, '/example'));
}

/** Adds the example records to `state`; objects it already holds under those ids stay as they are. */
export function seedExampleRecords(state: Inventory, spec: unknown, routes: readonly MockRouteDef[], handled: ReadonlySet<string>): void {
  const byId = new Map(routes.map((r) => [r.id, r]));
  for (const route of routes) {
    if (handled.has(routeKey(route)) || route.action) continue;
    const plan = planFor(route);
    if (!plan.idParam || !['get', 'update', 'set', 'delete'].includes(plan.kind)) continue;
    const params: Record<string, string> = {};
    for (const p of route.parameters) {
      if (p.in !== 'path') continue;
      const example = paramExample(spec, p.schema);
      if (typeof example !== 'string' || example === '') break;
      params[p.name] = example;
    }
    if (route.pathParams.some((name) => params[name] === undefined)) continue;
    const family = state.family(familyKey(plan, params));
    const id = params[plan.idParam]!;
    if (family.has(id)) continue;
    const create = route.family.create ? byId.get(route.family.create) : undefined;
    const example = create?.requestExample;
    const body = example && typeof example === 'object' && !Array.isArray(example) ? (example as Record<string, unknown>) : {};
    // A create whose example names this very id (in any field) makes the object itself; a seeded copy would clash with it.
    if (bodyId(plan, body)?.id === id || JSON.stringify(body).includes(JSON.stringify(id))) continue;
    const fields = storedSpec(plan, body);
    // The example's own id field (`id: guaranteed-medium`) names the create's object, not this one.
    const named = bodyId(plan, body);
    if (named && Object.hasOwn(fields, named.field)) fields[named.field] = id;
    const record: Stored = { id, spec: fields };
    family.set(id, record);
  }
}
