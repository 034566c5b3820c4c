/**
 * Behaviour of every operation without a hand-written one, from the resource families the
 * generator's IR derives from the spec's paths (each route's `family` in routes.gen.json):
 *
 * - CRUD families: a collection `P` with a create (`POST P`, no action) and items `P/{id}`.
 *   Create stores the body under the id it names (a field named like `{id}`, or `id`; ALREADY_EXISTS when taken)
 *   or a new id; `GET P` lists what was stored (a list, or a map id → object); `GET/PATCH/PUT/DELETE P/{id}`
 *   read, merge, replace and remove it (404 NOT_FOUND for unknown ids). Families under a parent
 *   (`/api/vcenter/vm/{vm}/hardware/disk`) are kept per parent. Run as a task, they answer the
 *   operation's `x-vsphere-task-result` built from the stored objects.
 * - Singletons (`GET`/`PATCH`/`PUT` on a path without a create): what PATCH/PUT stores, GET returns.
 * - Everything else (actions, stateless reads): the spec's example, or a Prism sample when there is none.
 *
 * Answers are built from the response example overlaid with stored fields that the response
 * schema declares, and checked against the schema; when the overlay does not fit, the plain
 * example is sent, so every answer stays valid.
 */
import { randomUUID } from 'node:crypto';
import { notFound, VapiError } from '../server/errors.js';
import type { MockRouteDef } from '../server/route-types.js';
import { derefSchema, resolvePointer } from '../server/validator.js';
import type { Inventory } from '../state/inventory.js';
import { prismSample } from './prism.js';
import { schemaSkeleton } from './schema-skeleton.js';
import type { OpContext, OpResult, SpecSource } from './types.js';

type Kind = 'create' | 'list' | 'get' | 'update' | 'set' | 'delete' | 'singleton-get' | 'singleton-set' | 'static';

export interface Plan {
  kind: Kind;
  /** Collection path template of the family. */
  family: string;
  /** The item id parameter (item operations). */
  idParam?: string;
  /** Path parameters that name the parent (family instance). */
  parentParams: string[];
}

const plans = new WeakMap<MockRouteDef, Plan>();
const CRUD_ROLES: ReadonlySet<string> = new Set(['create', 'list', 'get', 'update', 'set', 'delete']);

export function planFor(route: MockRouteDef): Plan {
  let plan = plans.get(route);
  if (plan) return plan;
  const { family } = route;
  // Generic CRUD needs a create to fill the family and items to address; without both, reads and writes act as singletons.
  const crud = family.kind === 'collection' && family.create !== undefined && family.idParam !== undefined;
  let kind: Kind = 'static';
  if (!route.action) {
    if (crud) kind = CRUD_ROLES.has(family.role) ? (family.role as Kind) : 'static';
    else if (route.method === 'GET') kind = 'singleton-get';
    else if (route.method === 'PATCH' || route.method === 'PUT') kind = 'singleton-set';
  }
  const idParam = family.idParam;
  plan = { kind, family: family.path, ...(idParam ? { idParam } : {}), parentParams: route.pathParams.filter((p) => p !== idParam) };
  plans.set(route, plan);
  return plan;
}

export function familyKey(plan: Plan, params: Record<string, string>): string {
  return plan.parentParams.length ? `${plan.family}#${plan.parentParams.map((p) => params[p]).join('/')}` : plan.family;
}

export interface Stored {
  id: string;
  spec: Record<string, unknown>;
}

// ----------------------------------------------------------------- answers

/** The schema pointer with a leading `$ref` followed, so that `/items` etc. can be appended. */
function concretePointer(spec: unknown, pointer: string): string {
  let p = pointer;
  for (let i = 0; i < 16; i++) {
    const node = resolvePointer(spec, p);
    if (node && typeof node === 'object' && typeof node.$ref === 'string') p = node.$ref;
    else break;
  }
  return p;
}

function valid(schemas: SpecSource, pointer: string, value: unknown): boolean {
  return schemas.validator.get(pointer)(value);
}

/** A sample body for `pointer`: the given example when it validates, else Prism's. */
export async function sample(schemas: SpecSource, pointer: string, example: unknown): Promise<unknown> {
  if (example !== undefined && valid(schemas, pointer, example)) return example;
  const s = schemas.prism ? await prismSample(schemas.spec, pointer) : undefined;
  if (s !== undefined && valid(schemas, pointer, s)) return s;
  return example;
}

/** Example overlaid with stored fields the schema declares, plus id fields; the plain example when that does not validate. */
export function overlay(schemas: SpecSource, pointer: string, base: unknown, stored: Stored, idNames: string[]): unknown {
  if (!base || typeof base !== 'object' || Array.isArray(base)) return base;
  const schema = derefSchema(schemas.spec, resolvePointer(schemas.spec, pointer));
  const props: Record<string, unknown> = schema?.properties ?? {};
  const out: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
  // hasOwn: a stored key like `constructor` or `__proto__` is not a declared property.
  for (const n of idNames) if (Object.hasOwn(props, n)) out[n] = stored.id;
  const withIds = structuredClone(out);
  for (const [k, v] of Object.entries(stored.spec)) if (Object.hasOwn(props, k)) out[k] = v;
  if (valid(schemas, pointer, out)) return out;
  if (valid(schemas, pointer, withIds)) return withIds;
  return base;
}

function idNamesFor(plan: Plan): string[] {
  const p = plan.idParam;
  if (!p) return ['id'];
  const short = p.replace(/_id$/, '');
  return [p, short, 'id'];
}

function newId(state: Inventory, createRoute: MockRouteDef | undefined, plan: Plan): string {
  const ex = createRoute?.responses[String(createRoute.successStatus)]?.example;
  const sampleId = typeof ex === 'string' ? ex : undefined;
  if (sampleId && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sampleId)) return randomUUID();
  // `dep-5`, `group-v1`: a letter prefix and a counter; other samples (`com.vmware.vRA_6.8.9`) are not counters.
  const m = sampleId ? /^([a-z][a-z-]*?)-?(\d+)$/i.exec(sampleId) : null;
  if (m?.[1]) return state.nextId(m[1].replace(/-$/, ''));
  const base = plan.family
    .split('/')
    .pop()!
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase();
  return state.nextId(base || 'obj');
}

function successDef(route: MockRouteDef) {
  return route.responses[String(route.successStatus)];
}

/**
 * What the operation answers with: its success response, or, run as a task, the task result
 * (`x-vsphere-task-result`; nothing when the operation declares none and answers only the task id).
 */
function answerDef(ctx: OpContext): { schema?: string; example?: unknown } | undefined {
  const { route } = ctx;
  if (!ctx.asTask) return successDef(route);
  if (!route.taskResult) return route.successStatus === 202 ? undefined : successDef(route);
  return route.taskResult;
}

/** A base answer for `pointer`: the (validated or Prism) sample, else a skeleton of the schema. */
async function baseFor(schemas: SpecSource, pointer: string, example: unknown): Promise<unknown> {
  const s = await sample(schemas, pointer, example);
  if (s !== undefined) return s;
  return schemaSkeleton(schemas.spec, resolvePointer(schemas.spec, pointer));
}

/** The id names of the family plus properties of the answer schema that name it (`installed_product` for `{product}`). */
function idNamesAt(schemas: SpecSource, pointer: string, plan: Plan): string[] {
  const names = idNamesFor(plan);
  const short = plan.idParam?.replace(/_id$/, '');
  if (!short) return names;
  const props: Record<string, unknown> = derefSchema(schemas.spec, resolvePointer(schemas.spec, pointer))?.properties ?? {};
  const extra = Object.keys(props).filter((k) => k.endsWith(`_${short}`) && derefSchema(schemas.spec, props[k])?.type === 'string');
  return [...names, ...extra];
}

/** The id a create body names (a string field named like the item parameter, or `id`). */
export function bodyId(plan: Plan, body: Record<string, unknown>): { id: string; field: string } | undefined {
  for (const n of idNamesFor(plan)) if (typeof body[n] === 'string' && body[n]) return { id: body[n] as string, field: n };
  return undefined;
}

/** What a create stores from its body: `{ <id>, spec: {...} }` stores the spec, any other body itself. */
export function storedSpec(plan: Plan, body: Record<string, unknown>): Record<string, unknown> {
  const wrapped = bodyId(plan, body) && Object.keys(body).length === 2 && body.spec && typeof body.spec === 'object' && !Array.isArray(body.spec);
  return structuredClone((wrapped ? body.spec : body) as Record<string, unknown>);
}

/** The stored records as list entries: their ids for a list of strings, else the example entry overlaid with each. */
async function listItems(schemas: SpecSource, itemPtr: string, example: unknown[] | undefined, records: Stored[], plan: Plan): Promise<unknown[]> {
  if (derefSchema(schemas.spec, resolvePointer(schemas.spec, itemPtr))?.type === 'string') return records.map((r) => r.id);
  const base = await baseFor(schemas, itemPtr, example?.[0]);
  const names = idNamesAt(schemas, itemPtr, plan);
  return records.map((rec) => overlay(schemas, itemPtr, base, rec, names));
}

export async function staticAnswer(ctx: OpContext): Promise<OpResult> {
  const { schemas, route } = ctx;
  if (route.successStatus === 202 && ctx.asTask) return taskResult(ctx);
  const def = successDef(route);
  if (!def?.schema) return { status: route.successStatus };
  return { status: route.successStatus, body: await sample(schemas, def.schema, def.example) };
}

/**
 * The result of a task-only operation: a sample of `x-vsphere-task-result` (a skeleton of the type
 * when the spec has no example and Prism none either), or nothing when the operation names no result.
 */
export async function taskResult(ctx: OpContext): Promise<OpResult> {
  const { schemas, route } = ctx;
  if (!route.taskResult) return { status: 200 };
  const body = await baseFor(schemas, route.taskResult.schema, route.taskResult.example);
  return { status: 200, ...(body !== undefined ? { body } : {}) };
}

export async function genericHandler(ctx: OpContext): Promise<OpResult> {
  const { schemas, state, route, params } = ctx;
  const plan = planFor(route);
  if (plan.kind === 'static') return staticAnswer(ctx);

  const fam = state.family(plan.kind.startsWith('singleton') ? 'singletons' : familyKey(plan, params));

  switch (plan.kind) {
    case 'create': {
      const body = (ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? ctx.body : {}) as Record<string, unknown>;
      // The body may name the new object (`schedule`, `id`, `name`); else the mock makes an id.
      const named = bodyId(plan, body);
      const id = named?.id ?? newId(state, route, plan);
      if (named && fam.has(id)) {
        throw new VapiError('ALREADY_EXISTS', `${plan.family.split('/').pop()} with identifier '${id}' already exists.`, [id]);
      }
      fam.set(id, { id, spec: storedSpec(plan, body) } satisfies Stored);
      const def = answerDef(ctx);
      if (!def?.schema) return { status: route.successStatus };
      const schema = derefSchema(schemas.spec, resolvePointer(schemas.spec, def.schema));
      if (schema?.type === 'string') return { status: route.successStatus, body: id };
      const base = await baseFor(schemas, def.schema, def.example);
      return { status: route.successStatus, body: overlay(schemas, def.schema, base, { id, spec: body }, idNamesAt(schemas, def.schema, plan)) };
    }
    case 'list': {
      const def = answerDef(ctx);
      if (!def?.schema) return { status: route.successStatus };
      const ptr = concretePointer(schemas.spec, def.schema);
      const schema = resolvePointer(schemas.spec, ptr);
      const records = [...(fam.values() as IterableIterator<Stored>)];
      // A map id → object (`additionalProperties`): keyed by the stored ids.
      const valueSchema = schema?.type === 'object' && !schema.properties ? derefSchema(schemas.spec, schema.additionalProperties) : undefined;
      if (valueSchema && typeof valueSchema === 'object') {
        const valuePtr = `${ptr}/additionalProperties`;
        const exampleValue = def.example && typeof def.example === 'object' ? Object.values(def.example)[0] : undefined;
        if (valueSchema.type === 'string') return { status: route.successStatus, body: Object.fromEntries(records.map((r) => [r.id, r.id])) };
        const base = await baseFor(schemas, valuePtr, exampleValue);
        const names = idNamesAt(schemas, valuePtr, plan);
        return { status: route.successStatus, body: Object.fromEntries(records.map((r) => [r.id, overlay(schemas, valuePtr, base, r, names)])) };
      }
      if (schema?.type === 'array') {
        const body = await listItems(schemas, `${ptr}/items`, Array.isArray(def.example) ? def.example : undefined, records, plan);
        return { status: route.successStatus, body };
      }
      // A result wrapper with one list in it (`{certificates: [...]}`, `{acq_specs: [...], next}`): that list holds the records.
      const lists = Object.keys(schema?.properties ?? {}).filter((k) => derefSchema(schemas.spec, schema.properties[k])?.type === 'array');
      if (schema?.type !== 'object' || lists.length !== 1) return staticAnswer(ctx);
      const field = lists[0]!;
      const fieldPtr = concretePointer(schemas.spec, `${ptr}/properties/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      const wrapper = (await baseFor(schemas, def.schema, def.example)) as Record<string, unknown> | undefined;
      const exampleList = wrapper && Array.isArray(wrapper[field]) ? (wrapper[field] as unknown[]) : undefined;
      const body = { ...wrapper, [field]: await listItems(schemas, `${fieldPtr}/items`, exampleList, records, plan) };
      return { status: route.successStatus, body: valid(schemas, def.schema, body) ? body : wrapper };
    }
    case 'get': {
      const rec = fam.get(params[plan.idParam!]!) as Stored | undefined;
      if (!rec) throw notFound(plan.family.split('/').pop() ?? 'Object', params[plan.idParam!]!);
      const def = answerDef(ctx);
      if (!def?.schema) return { status: route.successStatus };
      const base = await baseFor(schemas, def.schema, def.example);
      return { status: route.successStatus, body: overlay(schemas, def.schema, base, rec, idNamesAt(schemas, def.schema, plan)) };
    }
    case 'update':
    case 'set': {
      const rec = fam.get(params[plan.idParam!]!) as Stored | undefined;
      if (!rec) throw notFound(plan.family.split('/').pop() ?? 'Object', params[plan.idParam!]!);
      const body = (ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? ctx.body : {}) as Record<string, unknown>;
      rec.spec = plan.kind === 'set' ? structuredClone(body) : { ...rec.spec, ...structuredClone(body) };
      return staticAnswer(ctx);
    }
    case 'delete': {
      const id = params[plan.idParam!]!;
      if (!fam.delete(id)) throw notFound(plan.family.split('/').pop() ?? 'Object', id);
      return staticAnswer(ctx);
    }
    case 'singleton-get': {
      const key = `${route.path}#${route.pathParams.map((p) => params[p]).join('/')}`;
      const rec = fam.get(key) as Stored | undefined;
      const def = answerDef(ctx);
      if (!def?.schema) return { status: route.successStatus };
      const base = await baseFor(schemas, def.schema, def.example);
      return { status: route.successStatus, body: rec ? overlay(schemas, def.schema, base, rec, []) : base };
    }
    case 'singleton-set': {
      const key = `${route.path}#${route.pathParams.map((p) => params[p]).join('/')}`;
      const body = (ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? ctx.body : {}) as Record<string, unknown>;
      const prev = fam.get(key) as Stored | undefined;
      fam.set(key, { id: key, spec: route.method === 'PATCH' && prev ? { ...prev.spec, ...structuredClone(body) } : structuredClone(body) } satisfies Stored);
      return staticAnswer(ctx);
    }
  }
  return staticAnswer(ctx);
}
