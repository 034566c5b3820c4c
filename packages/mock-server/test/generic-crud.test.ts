// Generic CRUD, for every resource family that src/behaviours/generic.ts derives from the specs
// and that has no hand-written behaviour: create (spec request example) → it is in the list and
// get answers it → update changes it → delete removes it (404 afterwards). The families are
// the collections with a create that the generator's IR records on each route (`family`).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { routeKey } from '@vsphere-kit/core/route';
import { ERROR_STATUS } from '../src/index.js';
import { behaviourTable } from '../src/families/index.js';
import type { MockRouteDef } from '../src/server/route-types.js';
import { paramExample } from './helpers/examples.js';
import { call, useMockServer } from './helpers/server.js';

const require = createRequire(import.meta.url);
const routes = (require('../src/generated/routes.gen.json') as { routes: MockRouteDef[] }).routes;
const spec = require('../src/generated/spec.gen.json') as unknown;
const handlers: Readonly<Record<string, unknown>> = behaviourTable();

interface Family {
  path: string;
  idParam: string;
  create: MockRouteDef;
  list?: MockRouteDef;
  get?: MockRouteDef;
  update?: MockRouteDef;
  set?: MockRouteDef;
  del?: MockRouteDef;
}

const ROLE_KEYS = { create: 'create', list: 'list', get: 'get', update: 'update', set: 'set', delete: 'del' } as const;

/** Collections with a create, grouped from each route's family role (the IR's families). */
function deriveFamilies(): Family[] {
  const byColl = new Map<string, Partial<Family>>();
  for (const r of routes) {
    const { kind, path, role, idParam, create } = r.family;
    if (kind !== 'collection' || create === undefined || r.action || !(role in ROLE_KEYS)) continue;
    const key = ROLE_KEYS[role as keyof typeof ROLE_KEYS];
    byColl.set(path, { ...byColl.get(path), path, ...(idParam ? { idParam } : {}), [key]: r });
  }
  return [...byColl.values()].filter((f): f is Family => !!f.create && !!f.idParam && !!f.path);
}

const allFamilies = deriveFamilies();
/** Families with any hand-written operation are covered by their own tests (rules, slice, features). */
const generic = allFamilies.filter((f) => ![f.create, f.list, f.get, f.update, f.set, f.del].some((r) => r && handlers[routeKey(r)]));
/**
 * Generic families whose CRUD is not consistent yet (behaviours/generic.ts, reported to the lead);
 * each moves into the parametrised test below once fixed. All came with the /api import:
 * - subscriptions, identity providers, customization specs: the update body's nested objects have another
 *   shape than the get answer's (an UpdateSpec against an Info), and a get shows stored fields only where they fit;
 * - supervisor services and their versions: the create names the new id in a nested spec (`vsphere_spec.…`)
 *   and answers without a body;
 * - namespace-template clusters: the items are `/clusters/{cluster}/{template}`, the family key takes `{cluster}`.
 */
const KNOWN_GAPS: string[] = [
  '/api/content/library/{library}/subscriptions',
  '/api/vcenter/guest/customization-specs',
  '/api/vcenter/identity/providers',
  '/api/vcenter/namespace-management/supervisor-services',
  '/api/vcenter/namespace-management/supervisor-services/{supervisor_service}/versions',
  '/api/vcenter/namespaces/namespace-templates/clusters/{cluster}',
];
/** Families the test needs at least one of: a read (list or get) to see the created object. */
const families = generic.filter((f) => (f.list || f.get) && !KNOWN_GAPS.includes(f.path));

const mock = useMockServer({ taskMs: 20, prism: false }, { checkSpec: false, resetEach: false });

/** Path of `route` with parent parameters from the spec examples and the item id. */
function pathOf(route: MockRouteDef, fam: Family, id?: string): string {
  let p = route.path;
  for (const param of route.parameters.filter((x) => x.in === 'path')) {
    const v = param.name === fam.idParam ? id! : String(paramExample(spec, param.schema) ?? 'x');
    p = p.replace(`{${param.name}}`, encodeURIComponent(v));
  }
  const q = new URLSearchParams();
  for (const param of route.parameters.filter((x) => x.in === 'query' && x.required)) {
    const v = paramExample(spec, param.schema);
    for (const item of Array.isArray(v) ? v : [v]) q.append(param.name, String(item));
  }
  return q.size ? `${p}?${q}` : p;
}

/**
 * Calls an operation; a task (202, task-only operations) is followed to its end and answered as
 * the call would be: SUCCEEDED → 200 with the result, FAILED → the error's status and body.
 */
async function op(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await call(mock.server, method, path, { session: mock.sid, ...(body !== undefined ? { body } : {}) });
  if (res.status !== 202) return res;
  let info: any;
  for (let i = 0; i < 300; i++) {
    info = (await call(mock.server, 'GET', `/api/cis/tasks/${encodeURIComponent(res.body)}`, { session: mock.sid })).body;
    if (info.status === 'SUCCEEDED' || info.status === 'FAILED') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  if (info.status === 'SUCCEEDED') return { status: 200, body: info.result };
  expect(info.status, JSON.stringify(info)).toBe('FAILED');
  return { status: ERROR_STATUS[info.error.error_type as keyof typeof ERROR_STATUS], body: info.error };
}

const idNames = (fam: Family) => [fam.idParam, fam.idParam.replace(/_id$/, ''), 'id'];

/** The id of what a create made: its answer (a string or an object with the id), or a task's result. */
function createdId(fam: Family, res: { status: number; body: any }): string {
  const body = res.body;
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object') {
    for (const n of idNames(fam)) if (typeof body[n] === 'string') return body[n];
  }
  // No id in the answer (204): the create spec names it.
  const req = fam.create.requestExample as Record<string, unknown> | undefined;
  for (const n of idNames(fam)) if (typeof req?.[n] === 'string') return req[n] as string;
  throw new Error(`${fam.create.id}: cannot tell the id of the created object from ${res.status} ${JSON.stringify(res.body)}`);
}

/** Whether a list answer names `id`: a list of ids or of objects with an id field, or a map keyed by id. */
function listed(fam: Family, body: unknown, id: string): boolean {
  // A result wrapper with one list in it (`{certificates: [...]}`, `{acq_specs: [...], next}`): that list.
  const lists = body && typeof body === 'object' && !Array.isArray(body) ? Object.values(body).filter(Array.isArray) : [];
  if (lists.length === 1 && !Object.hasOwn(body as object, id)) return listed(fam, lists[0], id);
  if (body && typeof body === 'object' && !Array.isArray(body)) return Object.hasOwn(body, id);
  if (!Array.isArray(body)) throw new Error(`${fam.list!.id}: the list answer is neither a list nor a map: ${String(JSON.stringify(body)).slice(0, 200)}`);
  // Items may name the id by a qualified field (`installed_product` for `{product}`).
  const names = (x: Record<string, unknown>) => [...idNames(fam), ...Object.keys(x).filter((k) => k.endsWith(`_${fam.idParam.replace(/_id$/, '')}`))];
  return body.some(
    (x) => x === id || (x && typeof x === 'object' && names(x as Record<string, unknown>).some((n) => (x as Record<string, unknown>)[n] === id)),
  );
}

/** Changes one field of the update body so that the update is visible: a string gets a suffix, a number +1, a boolean flips. */
function changed(body: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(body);
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'boolean') return { ...out, [k]: !v };
    if (typeof v === 'number' && Number.isInteger(v)) return { ...out, [k]: v + 1 };
    if (typeof v === 'string' && /description|comment|name/i.test(k)) return { ...out, [k]: `${v} (changed)` };
  }
  return out;
}

describe('generic CRUD over every derived resource family', () => {
  it('derives the families from the route table (and the test covers every generic one with a read)', () => {
    expect(allFamilies.length).toBeGreaterThan(15);
    expect(families.length).toBeGreaterThanOrEqual(10);
    // A generic family without list and get could not be checked; there is none today.
    expect(generic.filter((f) => !f.list && !f.get).map((f) => f.path)).toEqual([]);
    // The known gaps name generic families that exist (the list cannot go stale silently).
    expect(KNOWN_GAPS.filter((p) => !generic.some((f) => f.path === p))).toEqual([]);
  });

  it.each(families.map((f) => [f.path, f] as const))('%s: create → list/get → update → delete → 404', async (_path, fam) => {
    const violationsBefore = mock.server.core.responseViolations.length;
    // create
    const c = await op('POST', pathOf(fam.create, fam), fam.create.requestExample ?? {});
    expect([200, 201, 204], JSON.stringify(c.body)).toContain(c.status);
    const id = createdId(fam, c);

    // appears in the list and get
    if (fam.list) {
      const l = await op('GET', pathOf(fam.list, fam));
      expect(l.status, JSON.stringify(l.body)).toBe(200);
      expect(listed(fam, l.body, id), `${id} in ${JSON.stringify(l.body).slice(0, 300)}`).toBe(true);
    }
    if (fam.get) {
      const g = await op('GET', pathOf(fam.get, fam, id));
      expect(g.status, JSON.stringify(g.body)).toBe(200);
    }

    // update changes it
    const upd = fam.update ?? fam.set;
    if (upd) {
      const patch = changed((upd.requestExample ?? {}) as Record<string, unknown>);
      const u = await op(upd.method, pathOf(upd, fam, id), patch);
      expect([200, 204], JSON.stringify(u.body)).toContain(u.status);
      if (fam.get) {
        const g = await op('GET', pathOf(fam.get, fam, id));
        expect(g.status).toBe(200);
        // Every updated field that the get answer carries shows the new value.
        const shown = Object.keys(patch).filter((k) => g.body && typeof g.body === 'object' && k in g.body);
        for (const k of shown) expect(g.body[k], `${upd.id} → ${fam.get.id}: field ${k}`).toEqual(patch[k]);
      }
      const unknown = await op(upd.method, pathOf(upd, fam, 'no-such-object'), patch);
      expect(unknown.status).toBe(404);
    }

    // delete removes it
    if (fam.del) {
      const d = await op('DELETE', pathOf(fam.del, fam, id));
      expect([200, 204], JSON.stringify(d.body)).toContain(d.status);
      if (fam.get) {
        const g = await op('GET', pathOf(fam.get, fam, id));
        expect(g.status).toBe(404);
        expect(g.body.error_type).toBe('NOT_FOUND');
      }
      if (fam.list) expect(listed(fam, (await op('GET', pathOf(fam.list, fam))).body, id)).toBe(false);
      expect((await op('DELETE', pathOf(fam.del, fam, id))).status).toBe(404);
    }
    expect(mock.server.core.responseViolations.slice(violationsBefore)).toEqual([]);
  });
});
