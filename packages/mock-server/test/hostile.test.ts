// The hostile suite: property-based fuzzing (fast-check) of every operation's inputs against the
// mock — path ids (real ones, Object.prototype member names, odd strings), query values (in and
// out of their types and enums) and bodies (the operation's example with one field replaced or
// removed, `__proto__` keys, arbitrary JSON, broken JSON). For every input: no 5xx, the answer
// (success or error) valid against the operation's response schema; every few inputs and at the
// end, the state invariants: Object.prototype untouched, the state still fits its own schema
// (the check a --state file passes at load), replaying the --state journal gives the live state
// (every write was journaled before its answer), and lists agree with the state.
// Seeded and bounded: VMOCK_FUZZ_SEED / VMOCK_FUZZ_RUNS reproduce or extend a run.
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, loadGenerated, type ErrorType } from '../src/index.js';
import type { MockRouteDef } from '../src/server/route-types.js';
import { derefSchema, resolvePointer } from '../src/server/validator.js';
import { Inventory } from '../src/state/inventory.js';
import { loadState, replayJournal } from '../src/state/persistence.js';
import { checkStateDocument } from '../src/state/seed.js';
import type { StateData } from '../src/state/types.js';
import { login, useMockServer } from './helpers/server.js';

const { spec, routes } = await loadGenerated();
const stateFile = join(mkdtempSync(join(tmpdir(), 'vmock-hostile-')), 'state.json');
const mock = useMockServer(
  { taskMs: 2, validateResponses: true, prism: process.env.VMOCK_FUZZ_PRISM === '1', stateFile },
  { checkSpec: false, resetEach: false },
);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

const SEED = Number(process.env.VMOCK_FUZZ_SEED ?? 0x13ad);
const RUNS = Number(process.env.VMOCK_FUZZ_RUNS ?? 1200);
const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const KNOWN_IDS = [
  'vm-1072',
  'vm-1074',
  'vm-1076',
  'vm-1080',
  'host-1062',
  'host-1064',
  'domain-c1055',
  'datacenter-1001',
  'group-v1003',
  'datastore-1061',
  'network-1068',
  'resgroup-1056',
  '4001',
  '2000',
  '3000',
  '16000',
];

/**
 * Answers that disagree with the spec and are left to their owners (each found by this suite; they
 * are counted and printed, not failed): operation id → why.
 */
const KNOWN_MISMATCHES: Record<string, string> = {
  'vcenter.authentication.token.create':
    'bad token-exchange forms answer 400 with a vSphere error body; the spec declares an OAuth error body ({ error, error_description }) for 400',
};

/**
 * #13 items 1-2 (ids named like Object.prototype members) are h6-mocksec's open change. Until it is
 * merged, a 5xx for a path that holds such a name is counted and printed as a known crash instead of
 * failing (this suite finds them: tag-association/{constructor,__proto__,…}?action=list-attached-objects
 * and ?action=detach, software/components/isPrototypeOf). Every other 5xx fails, and a polluted
 * Object.prototype fails the invariants either way. Set to false once that change is in.
 */
const PROTOTYPE_IDS_PENDING = false; // h6-mocksec is in: every 5xx fails
const PROTO_IN_PATH = new RegExp(`/(${PROTO_NAMES.join('|')})(/|\\?|$)`);

interface Input {
  route: MockRouteDef;
  path: string;
  body?: string;
  contentType?: string;
}

/** The schema at `pointer`, dereferenced. */
const schemaAt = (pointer: string): any => derefSchema(spec, resolvePointer(spec, pointer));

function valueArb(schema: any): fc.Arbitrary<string> {
  const type = Array.isArray(schema?.type) ? schema.type.find((t: string) => t !== 'null') : schema?.type;
  const junk = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '-1', '1e999', 'NaN', 'null', '[]', '{}', ...PROTO_NAMES));
  if (Array.isArray(schema?.enum)) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...schema.enum.map(String)) }, { weight: 1, arbitrary: junk });
  if (type === 'integer' || type === 'number') {
    return fc.oneof(fc.integer().map(String), fc.constantFrom('-1', '0', String(2 ** 31), String(2 ** 53 + 1), String(2 ** 70), '1.5', '0x10'), junk);
  }
  if (type === 'boolean') return fc.oneof(fc.constantFrom('true', 'false'), junk);
  return fc.oneof(fc.constantFrom(...KNOWN_IDS, ...PROTO_NAMES), fc.string({ maxLength: 30 }), junk);
}

const idArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_IDS) },
  { weight: 3, arbitrary: fc.constantFrom(...PROTO_NAMES) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom('..', '%', '\u0000', ' ', 'a/b', 'x'.repeat(600)) },
);

/** Paths (as key lists) of every value inside `v`, the root included. */
function pathsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (out.length > 200) return out;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) pathsOf(v[i], [...at, i], out);
  } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}

/** `example` with the value at `path` replaced by `value` (or removed). */
function mutate(example: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  if (!path.length) return remove ? undefined : value;
  const copy = structuredClone(example) as any;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

const protoBody = (text: string): string => text.replace(/^\{/, `{"__proto__":{"polluted":"yes","length":0},"constructor":{"prototype":{"polluted":"yes"}},`);

function bodyArb(route: MockRouteDef): fc.Arbitrary<string | undefined> {
  const example = route.requestExample ?? {};
  const paths = pathsOf(example);
  const mutated = fc
    .tuple(fc.nat({ max: paths.length - 1 }), fc.jsonValue({ maxDepth: 3 }), fc.boolean())
    .map(([i, value, remove]) => JSON.stringify(mutate(example, paths[i]!, value, remove)) ?? '');
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(JSON.stringify(example)) },
    { weight: 5, arbitrary: mutated },
    { weight: 1, arbitrary: mutated.map(protoBody) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', '{', '{"a":', 'null', '[]', '"x"', '\uFEFF{}', '{"a":1}{"b":2}') },
  );
}

function inputArb(route: MockRouteDef): fc.Arbitrary<Input> {
  const pathParams = route.parameters.filter((p) => p.in === 'path');
  const queryParams = route.parameters.filter((p) => p.in === 'query');
  const queryArb = fc.tuple(
    ...queryParams.map((p) => {
      const s = schemaAt(p.schema);
      const item = s?.type === 'array' ? derefSchema(spec, s.items) : s;
      return fc.option(fc.array(valueArb(item), { minLength: 1, maxLength: s?.type === 'array' ? 3 : 1 }), { freq: p.required ? 8 : 2 });
    }),
  );
  const bodies = route.body ? bodyArb(route) : fc.constant(undefined);
  return fc.record({ ids: fc.tuple(...pathParams.map(() => idArb)), query: queryArb, body: bodies }).map(({ ids, query, body }) => {
    let path = route.path;
    pathParams.forEach((p, i) => {
      path = path.replace(`{${p.name}}`, encodeURIComponent(ids[i]!));
    });
    const q = new URLSearchParams();
    if (route.action) q.append(route.actionKey ?? 'action', route.action);
    queryParams.forEach((p, i) => {
      for (const v of query[i] ?? []) q.append(p.name, v);
    });
    const qs = q.toString();
    return {
      route,
      path: qs ? `${path}?${qs}` : path,
      ...(body !== undefined
        ? {
            body: route.body!.contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(safeForm(body)).toString() : body,
            contentType: route.body!.contentType,
          }
        : {}),
    };
  });
}

/** A form body from a JSON text (form operations take flat string maps). */
function safeForm(text: string): Record<string, string> {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v))
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]));
  } catch {
    /* a broken body becomes one odd field */
  }
  return { raw: text };
}

function send(input: Input, sid: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'vmware-api-session-id': sid };
    if (input.body !== undefined) {
      headers['content-type'] = input.contentType!;
      headers['content-length'] = String(Buffer.byteLength(input.body));
    }
    const req = request({ host: '127.0.0.1', port: mock.server.port, method: input.route.method, path: input.path, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end(input.body);
  });
}

/** True when `body` is a standard vSphere error (the /rest form for /rest operations). */
function errorBodyValid(route: MockRouteDef, body: unknown): boolean {
  const pointer = `/components/responses/${route.rest ? 'RestBadRequest' : 'BadRequest'}/content/application~1json/schema`;
  return mock.server.core.validator.get(pointer)(body) === true;
}

/** Error types that only a failure inside the mock produces. */
const CRASH_TYPES = new Set(['INTERNAL_SERVER_ERROR', 'ERROR']);

function parseErrorType(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error_type?: unknown; type?: unknown };
    if (typeof body.error_type === 'string') return body.error_type;
    // The /rest form: com.vmware.vapi.std.errors.resource_busy
    if (typeof body.type === 'string') return body.type.replace(/^com\.vmware\.vapi\.std\.errors\./, '').toUpperCase();
  } catch {
    /* not JSON: not a vSphere error */
  }
  return undefined;
}

/** The state as sorted JSON per top-level key and record id (Map order is not part of the state). */
function canonical(data: StateData): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) for (const r of value as { id: string }[]) out.set(`${key}/${r.id}`, JSON.stringify(r));
    else if (key === 'generic')
      for (const [family, items] of Object.entries(value as Record<string, Record<string, unknown>>))
        for (const [id, v] of Object.entries(items)) out.set(`generic/${family}/${id}`, JSON.stringify(v));
    else out.set(key, JSON.stringify(value));
  }
  return out;
}

/** Where the state rebuilt from the --state files (as after a kill -9) differs from the live one. */
function journalDifferences(live: Inventory): string[] {
  if (live.tracker.active) return []; // a task step is half-way (awaiting); the next check sees it whole
  let rebuilt: Inventory;
  try {
    const loaded = loadState(stateFile);
    rebuilt = Inventory.fromData(loaded.data!);
    replayJournal(rebuilt, loaded.journal, stateFile);
  } catch (e) {
    return [`the --state files do not load: ${(e as Error).message.slice(0, 500)}`];
  }
  const a = canonical(live.toData());
  const b = canonical(rebuilt.toData());
  const diffs: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) !== b.get(key)) diffs.push(`journal replay differs at ${key}: live ${a.get(key)?.slice(0, 150)} / replayed ${b.get(key)?.slice(0, 150)}`);
  }
  return diffs.slice(0, 5);
}

const protoNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');

/** Broken invariants of the mock now (empty when all hold). */
async function invariants(protoBefore: string, sid: string): Promise<string[]> {
  const out: string[] = [];
  if (protoNames() !== protoBefore) out.push(`Object.prototype changed: ${protoNames()}`);
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || (probe as { length?: unknown }).length !== undefined) out.push('a plain object inherits a polluted property');
  const state = mock.server.state;
  out.push(...journalDifferences(state));
  out.push(...checkStateDocument(state.toData() as unknown as Record<string, unknown>).map((p) => `state ${p.pointer}: ${p.message}`));
  const list = await send({ route: routes.find((r) => r.id === 'vcenter.vm.list')!, path: '/api/vcenter/vm' }, sid);
  if (list.status !== 200) out.push(`GET /api/vcenter/vm answered ${list.status}`);
  else {
    const listed = (JSON.parse(list.text) as { vm: string }[]).map((v) => v.vm).sort();
    const held = [...state.vms.keys()].sort();
    if (listed.join() !== held.join()) out.push(`the VM list (${listed.length}) is not the state's VMs (${held.length})`);
  }
  return out;
}

describe('hostile suite (fast-check)', () => {
  it(`fuzzes every operation's inputs: no 5xx, spec-valid answers, state invariants (seed ${SEED}, ${RUNS} inputs)`, async () => {
    const protoBefore = protoNames();
    let sid = mock.sid;
    let sent = 0;
    let checks = 0;
    const statuses = new Map<number, number>();
    const operations = new Set<string>();
    const undeclared = new Set<string>();
    const known = new Set<string>();
    const deliberate5xx = new Map<string, number>();
    const knownCrashes = new Map<string, number>();
    const prop = fc.asyncProperty(
      fc.nat({ max: routes.length - 1 }).chain((i) => inputArb(routes[i]!)),
      async (input) => {
        const violationsBefore = mock.server.core.responseViolations.length;
        const r = await send(input, sid);
        sent++;
        operations.add(input.route.id);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        const what = `${input.route.method} ${input.path.slice(0, 200)} ${input.body?.slice(0, 200) ?? ''}`;
        if (r.status >= 500 && PROTOTYPE_IDS_PENDING && PROTO_IN_PATH.test(input.path)) {
          const key = `${input.route.method} ${input.path}`;
          knownCrashes.set(key, (knownCrashes.get(key) ?? 0) + 1);
        } else if (r.status >= 500) {
          // vCenter answers a few error types with 5xx (RESOURCE_BUSY → 500, SERVICE_UNAVAILABLE → 503): such a
          // deliberate answer is allowed; a crash (INTERNAL_SERVER_ERROR, ERROR or anything else) is not.
          const type = parseErrorType(r.text);
          expect(
            type && !CRASH_TYPES.has(type) && ERROR_STATUS[type as ErrorType] === r.status ? type : undefined,
            `5xx for ${what}: ${r.text.slice(0, 300)}`,
          ).toBeDefined();
          deliberate5xx.set(type!, (deliberate5xx.get(type!) ?? 0) + 1);
        }
        // A 4xx the operation does not declare (the curated specs list the usual ones, vCenter can answer
        // any) is a spec gap, not a bad answer, when its body is a standard vSphere error; it is reported.
        const violations = mock.server.core.responseViolations.slice(violationsBefore).filter((v) => {
          if (KNOWN_MISMATCHES[v.operation]) {
            known.add(`${v.operation} ${v.status}: ${v.message}`);
            return false;
          }
          if (v.message !== 'status not declared' || v.status < 400 || v.status >= 500) return true;
          if (!errorBodyValid(input.route, v.body)) return true;
          undeclared.add(`${v.operation} ${v.status}`);
          return false;
        });
        expect(
          violations.map((v) => `${v.operation} ${v.status}: ${v.message}`),
          `answer not valid against the spec for ${what}`,
        ).toEqual([]);
        // Logging out (or a fuzzed logout of another session) must not stop the run.
        if (input.route.id === 'session.delete' || r.status === 401) sid = await login(mock.server);
        if (sent % 100 === 0) {
          checks++;
          expect(await invariants(protoBefore, sid), `invariants after ${what}`).toEqual([]);
        }
      },
    );
    await fc.assert(prop, { seed: SEED, numRuns: RUNS, endOnFailure: true });
    checks++;
    expect(await invariants(protoBefore, sid)).toEqual([]);
    const fivexx =
      [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0) -
      [...deliberate5xx.values()].reduce((n, c) => n + c, 0) -
      [...knownCrashes.values()].reduce((n, c) => n + c, 0);
    console.log(
      `hostile fuzz: ${sent} inputs (seed ${SEED}) over ${operations.size} of ${routes.length} operations; ` +
        `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}; ` +
        `5xx (crashes) ${fivexx}, known crashes of other open changes ${[...knownCrashes.values()].reduce((n, c) => n + c, 0)} [${[...knownCrashes.keys()].join(', ')}], deliberate vSphere 5xx errors ${JSON.stringify(Object.fromEntries(deliberate5xx))}, invalid answers 0, invariant checks ${checks} (0 broken); ` +
        `${undeclared.size} operation/status pairs answer a 4xx error the spec does not declare: ${[...undeclared].sort().slice(0, 40).join(', ')}; ` +
        `known mismatches seen: ${[...known].join('; ') || 'none'}`,
    );
  }, 180_000);
});
