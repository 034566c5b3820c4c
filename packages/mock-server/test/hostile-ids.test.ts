// Ids and body keys named like Object.prototype members (#13 items 1 and 2): sent to every
// operation of the generated route table, they must behave exactly like any other id that
// does not exist, reach no prototype and change nothing else in the state.
import { afterAll, describe, expect, it } from 'vitest';
import { loadGenerated, startMockServer } from '../src/index.js';
import { defaultSeed } from '../src/state/default-seed.js';
import type { MockRouteDef } from '../src/server/route-types.js';
import { exampleRequest } from './helpers/examples.js';
import { BASIC, call, login, useMockServer, type Res } from './helpers/server.js';

const { spec, routes } = await loadGenerated();
const HOSTILE_IDS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];
/** An id that exists nowhere: the hostile ids must answer what it answers. */
const ABSENT_ID = 'h6-absent-id';
const mock = useMockServer({ taskMs: 0 }, { resetEach: false });
let sent = 0;
let serverErrors = 0;
afterAll(() => console.log(`hostile-ids: ${sent} requests, ${serverErrors} answers 5xx`));

/** Own names and values of Object.prototype (and what a fresh object inherits). */
function prototypeSnapshot(): string {
  const own = Object.getOwnPropertyNames(Object.prototype).map((k) => `${k}:${typeof Object.getOwnPropertyDescriptor(Object.prototype, k)?.value}`);
  const inherited: string[] = [];
  for (const k in {}) inherited.push(k);
  return JSON.stringify({ own: own.sort(), inherited, proto: Object.getPrototypeOf({}) === Object.prototype });
}

/** `value` without the properties named by a hostile id (what a call may store under a name it was given). */
function withoutHostileKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutHostileKeys);
  if (!value || typeof value !== 'object') return value;
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(value)) if (!HOSTILE_IDS.includes(k)) out.push([k, withoutHostileKeys(v)]);
  return Object.fromEntries(out);
}

/**
 * The whole state except what calls legitimately add: tasks, the id counter, objects stored
 * under a name the path gave (a component `toString` of a draft), generic stores keyed by the ids sent.
 */
function stateSnapshot(): { core: string; generic: Map<string, string> } {
  const { tasks: _t, next: _n, generic, ...rest } = JSON.parse(JSON.stringify(mock.server.state.toData())) as ReturnType<typeof mock.server.state.toData>;
  const flat = new Map<string, string>();
  for (const [family, items] of Object.entries(generic)) for (const [id, v] of Object.entries(items)) flat.set(`${family} ${id}`, JSON.stringify(v));
  return { core: JSON.stringify(withoutHostileKeys(rest)), generic: flat };
}

async function send(route: MockRouteDef, overrides: Record<string, string>, rawBody?: string): Promise<Res> {
  const req = exampleRequest(spec, route, overrides);
  const headers: Record<string, string> = {};
  if (route.auth === 'login') headers.authorization = BASIC;
  let raw = rawBody;
  if (raw === undefined && req.body !== undefined) {
    raw =
      req.contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(req.body as Record<string, string>).toString() : JSON.stringify(req.body);
  }
  if (raw !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
  const session = route.id === 'session.delete' ? await login(mock.server) : mock.sid;
  sent++;
  const r = await call(mock.server, route.method, req.path, { session, headers, ...(raw !== undefined ? { raw } : {}) });
  if (r.status >= 500) serverErrors++;
  return r;
}

/** Status and error type; for a task, how the task ended. */
async function outcome(r: Res): Promise<string> {
  let text = `${r.status} ${r.body?.error_type ?? r.body?.type ?? ''}`;
  if (r.status === 202 && typeof r.body === 'string') {
    for (let i = 0; i < 200; i++) {
      sent++;
      const t = await call(mock.server, 'GET', `/api/cis/tasks/${encodeURIComponent(r.body)}`, { session: mock.sid });
      if (t.body?.status === 'SUCCEEDED' || t.body?.status === 'FAILED') {
        text += ` task ${t.body.status} ${t.body.error?.error_type ?? ''}`;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  return text;
}

/** The API's own view of the main lists (the specs have no namespace list: the one namespace made here stands in). */
async function lists(): Promise<unknown[]> {
  const out = [];
  for (const p of [
    '/api/vcenter/vm',
    '/rest/com/vmware/cis/tagging/tag',
    '/api/cis/tagging/category',
    '/api/vcenter/namespaces/instances/h6-ns',
    '/api/content/library',
  ]) {
    const r = await mock.api('GET', p);
    expect(r.status, p).toBe(200);
    out.push(r.body);
  }
  return out;
}

describe('ids named like Object.prototype members', () => {
  it('answer every operation that takes an id exactly as an absent id does, and change nothing', async () => {
    // State for the rules to look into: a tag on a VM, a Supervisor (the seed's, on cluster-a) with a namespace.
    const cat = await mock.api('POST', '/api/cis/tagging/category', { name: 'h6', description: '', cardinality: 'MULTIPLE', associable_types: [] });
    const tag = await mock.api('POST', '/api/cis/tagging/tag', { name: 'h6', description: '', category_id: cat.body });
    expect(
      (
        await mock.api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(tag.body)}?action=attach`, {
          object_id: { type: 'VirtualMachine', id: 'vm-1072' },
        })
      ).status,
    ).toBe(204);
    expect((await mock.api('GET', '/api/vcenter/namespace-management/clusters/domain-c1055')).status).toBe(200);
    expect((await mock.api('POST', '/api/vcenter/namespaces/instances', { cluster: 'domain-c1055', namespace: 'h6-ns' })).status).toBe(204);

    // First an absent id everywhere: what it answers is what the hostile ids must answer, and
    // what it changes (a singleton stored under it, a default created on first read) is the baseline.
    const expected = new Map<string, string>();
    for (const route of routes) {
      for (const param of route.pathParams) expected.set(`${route.id} ${param}`, await outcome(await send(route, { [param]: ABSENT_ID })));
    }
    const proto = prototypeSnapshot();
    const before = stateSnapshot();
    const listsBefore = await lists();
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const param of route.pathParams) {
        for (const id of HOSTILE_IDS) {
          const got = await outcome(await send(route, { [param]: id }));
          checked++;
          const want = expected.get(`${route.id} ${param}`);
          if (got !== want) mismatches.push(`${route.id} {${param}}=${id}: ${got}, an absent id: ${want}`);
          if (prototypeSnapshot() !== proto) throw new Error(`${route.id} {${param}}=${id} changed Object.prototype`);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(mismatches).toEqual([]);
    expect(prototypeSnapshot()).toBe(proto);
    const after = stateSnapshot();
    expect(after.core).toBe(before.core);
    // Generic stores may only have gained objects under the ids sent (a singleton under any parent id).
    const sentIds = HOSTILE_IDS;
    for (const [key, value] of after.generic) {
      if (before.generic.get(key) === value) continue;
      expect(
        sentIds.some((id) => key.includes(id)),
        `generic ${key} changed`,
      ).toBe(true);
    }
    for (const key of before.generic.keys()) expect(after.generic.has(key), `generic ${key} lost`).toBe(true);
    expect(await lists()).toEqual(listsBefore);
  }, 300_000);

  it('are NOT_FOUND where the issue found them', async () => {
    mock.server.reset();
    const calls: [string, string, unknown?][] = [
      ['PATCH', '/api/cis/tagging/tag/__proto__', { name: 'x' }],
      ['PATCH', '/api/vcenter/namespaces/instances/__proto__', { description: 'x' }],
      ['GET', '/api/vcenter/namespaces/instances/constructor'],
      ['DELETE', '/api/vcenter/namespaces/instances/hasOwnProperty'],
      ['DELETE', '/api/content/library/item/update-session/__proto__'],
      ['POST', '/api/cis/tagging/tag-association/__proto__?action=list-attached-objects'],
      ['POST', '/api/cis/tagging/tag', { name: 'x', description: '', category_id: '__proto__' }],
      ['POST', '/api/cis/tagging/tag', { name: 'x', description: '', category_id: 'constructor' }],
    ];
    for (const [method, path, body] of calls) {
      sent++;
      const r = await mock.api(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error_type, `${method} ${path}`).toBe('NOT_FOUND');
    }
    expect(({} as Record<string, unknown>).name).toBeUndefined();
    expect((await mock.api('GET', '/api/vcenter/vm')).body.length).toBeGreaterThan(0);
  });
});

describe('body keys named __proto__ and constructor', () => {
  it('are plain keys for every operation with a JSON body: no 5xx, no prototype reached', async () => {
    mock.server.reset();
    const proto = prototypeSnapshot();
    const failures: string[] = [];
    let count = 0;
    for (const route of routes) {
      if (route.body?.contentType !== 'application/json') continue;
      const example = exampleRequest(spec, route).body;
      const base = example && typeof example === 'object' && !Array.isArray(example) ? JSON.stringify(example).slice(1, -1) : '';
      const hostile = '"__proto__":{"polluted":"yes","name":"polluted"},"constructor":{"prototype":{"polluted":"yes"}}';
      const r = await send(route, {}, `{${hostile}${base ? `,${base}` : ''}}`);
      count++;
      if (r.status >= 500) failures.push(`${route.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      if (prototypeSnapshot() !== proto) throw new Error(`${route.id} changed Object.prototype`);
    }
    expect(count).toBeGreaterThan(100);
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);

  it('are stored as own keys where the schema takes any key, and refused where it is closed', async () => {
    mock.server.reset();
    // Components of a draft are a map name → version: `__proto__` and `constructor` are names like any other.
    const draft = (await mock.api('POST', '/api/esx/settings/clusters/domain-c1055/software/drafts')).body as string;
    const D = `/api/esx/settings/clusters/domain-c1055/software/drafts/${draft}/software/components`;
    sent += 4;
    const set = await call(mock.server, 'PATCH', D, {
      session: mock.sid,
      headers: { 'content-type': 'application/json' },
      raw: '{"components_to_set":{"__proto__":"1.0.0-1","constructor":"2.0.0-1"}}',
    });
    expect(set.status).toBe(204);
    const listed = new Map(Object.entries((await mock.api('GET', D)).body as Record<string, { version: string }>));
    // The draft starts as a copy of the committed image, which holds Intel-i40en.
    expect([...listed.keys()].sort()).toEqual(['Intel-i40en', '__proto__', 'constructor']);
    expect(listed.get('constructor')?.version).toBe('2.0.0-1');
    expect((await mock.api('GET', `${D}/__proto__`)).body.version).toBe('1.0.0-1');

    // A namespace's create spec is closed: the key is refused by name, not merged into anything.
    expect((await mock.api('GET', '/api/vcenter/namespace-management/clusters/domain-c1055')).status).toBe(200);
    sent += 2;
    const created = await call(mock.server, 'POST', '/api/vcenter/namespaces/instances', {
      session: mock.sid,
      headers: { 'content-type': 'application/json' },
      raw: '{"cluster":"domain-c1055","namespace":"ns-proto","__proto__":{"x":1}}',
    });
    expect(created.status).toBe(400);
    expect(created.body.error_type).toBe('UNEXPECTED_INPUT');
    expect(JSON.stringify(created.body)).toContain('__proto__');
  });
});

describe('ids named like Object.prototype members in a seed', () => {
  it("load as ordinary ids: the seed's `__proto__` tag is found, `constructor` is not", async () => {
    // As a seed or state file reads: JSON.parse makes `__proto__` an own key.
    const seed = JSON.parse(
      JSON.stringify(defaultSeed()).replace(
        '"tags":{',
        '"tags":{"__proto__":{"id":"__proto__","name":"odd","description":"","category_id":"urn:vmomi:InventoryServiceCategory:ce8902ef-b5e0-4aab-8ffa-ec67b15eb336:GLOBAL"},',
      ),
    );
    expect(Object.hasOwn(seed.rules.tags, '__proto__')).toBe(true);
    const server = await startMockServer({ seed });
    try {
      const sid = await login(server);
      const api = (method: string, path: string, body?: unknown) => {
        sent++;
        return call(server, method, path, { session: sid, ...(body !== undefined ? { body } : {}) });
      };
      expect((await api('GET', '/rest/com/vmware/cis/tagging/tag')).body.value).toContain('__proto__');
      expect((await api('PATCH', '/api/cis/tagging/tag/__proto__', { name: 'renamed' })).status).toBe(204);
      // The tag stored under the own key `__proto__` (read as an entry: `.__proto__` would be the accessor).
      const protoTag = () => Object.entries(server.state.rules.tags).find(([id]) => id === '__proto__')?.[1];
      expect(protoTag()?.name).toBe('renamed');
      for (const id of ['constructor', 'toString', 'hasOwnProperty']) {
        const r = await api('PATCH', `/api/cis/tagging/tag/${id}`, { name: 'x' });
        expect(r.status, id).toBe(404);
      }
      // reset() reloads the seed the same way.
      server.reset();
      expect(protoTag()?.name).toBe('odd');
      expect((await api('PATCH', '/api/cis/tagging/tag/constructor', { name: 'x' })).status).toBe(404);
      expect(({} as Record<string, unknown>).name).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
