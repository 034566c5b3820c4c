/**
 * Reads one of VMware's Swagger 2.0 files of the vSphere Automation API into OpenAPI 3.1 facts:
 * the `/api` operations (one per method + path + action, task variants merged) and the
 * schemas they reach. Only facts are kept (names, types, formats, enums, required lists,
 * status codes, task modes): VMware's description texts are dropped on purpose.
 * `$ref`s in the result point at `#/components/schemas/<VMware's name>`.
 * Pure: no file system, no YAML; `import` and `compare` build on it.
 */
import { escapePointerToken, pointerOf } from '../load/spec-problem.js';

export type JsonSchema = Record<string, unknown>;
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface SwaggerParam {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
  /** `collectionFormat: multi` arrays: `style: form, explode: true` in OpenAPI 3.1. */
  readonly explode: boolean;
}

export interface SwaggerResponse {
  readonly status: number;
  readonly schema?: JsonSchema;
  /** VMware's error definition for an error status (`VapiStdErrorsNotFound`). */
  readonly errorType?: string;
}

export interface SwaggerOperation {
  readonly method: HttpMethod;
  /** The path template without query markers: `/api/vcenter/vm/{vm}/power`. */
  readonly path: string;
  readonly action?: string;
  /**
   * A query parameter that VMware's path key names (`/api/content/library/item?library_id`): the operation is
   * told apart from a same-path twin by that parameter's presence.
   */
  readonly requiredQuery?: string;
  /** The vAPI method name (VMware's operationId without `$task`): `list`, `get`, `create`, `start`. */
  readonly vapiName: string;
  /** `none`: synchronous only; `both`: also with `vmw-task=true`; `only`: exists only as a task. */
  readonly task: 'none' | 'both' | 'only';
  readonly pathParams: readonly SwaggerParam[];
  readonly queryParams: readonly SwaggerParam[];
  readonly body?: { readonly contentType: 'application/json' | 'application/x-www-form-urlencoded'; readonly required: boolean; readonly schema: JsonSchema };
  /** The synchronous responses (a task-only operation has only its errors here) and the errors, by status. */
  readonly responses: readonly SwaggerResponse[];
  readonly security: 'session' | 'basic' | 'none';
  /** Where the (synchronous, else task) operation is in the source: `#/paths/~1api~1…/get`. */
  readonly pointer: string;
}

export interface Swagger2Facts {
  /** Sorted by path, action, method. */
  readonly operations: readonly SwaggerOperation[];
  /** Every definition the `/api` operations reach, converted, by VMware's name. */
  readonly schemas: Readonly<Record<string, JsonSchema>>;
}

/** Bad input: names the file and the JSON pointer of what is wrong. */
export class Swagger2Error extends Error {
  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(`${file} ${pointer}: ${problem}`);
    this.name = 'Swagger2Error';
  }
}

const METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];
const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object']);
/** Schema keywords that carry facts; everything else (description, title, x-…) is dropped. */
const KEPT = [
  'type',
  'format',
  'enum',
  'required',
  'items',
  'properties',
  'additionalProperties',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
] as const;
const PARAM_SCHEMA_KEYS = ['type', 'format', 'enum', 'items', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern'] as const;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Splits a Swagger path key: `/p?action=x&vmw-task=true`, `/p?library_id` (a required query name). */
export function splitSwaggerKey(key: string): { path: string; action?: string; task: boolean; requiredQuery?: string } {
  const q = key.indexOf('?');
  if (q === -1) return { path: key, task: false };
  let action: string | undefined;
  let task = false;
  let requiredQuery: string | undefined;
  for (const part of key.slice(q + 1).split('&')) {
    const [name, value] = part.split('=') as [string, string | undefined];
    if (name === 'action' && value) action = value;
    else if (name === 'vmw-task' && value === 'true') task = true;
    else if (value === undefined && name !== '') requiredQuery = name;
  }
  return { path: key.slice(0, q), ...(action ? { action } : {}), task, ...(requiredQuery ? { requiredQuery } : {}) };
}

export function readSwagger2(doc: unknown, file: string, options: { prefix?: string } = {}): Swagger2Facts {
  const fail = (pointer: string, problem: string): never => {
    throw new Swagger2Error(file, pointer, problem);
  };
  if (!isObject(doc)) return fail('#', 'the file must hold a JSON object (a Swagger 2.0 document)');
  if (doc.swagger !== '2.0') return fail('#/swagger', `not a Swagger 2.0 document (swagger is ${JSON.stringify(doc.swagger ?? null)}, expected "2.0")`);
  if (!isObject(doc.paths)) return fail('#/paths', 'paths must be an object');
  const definitions = isObject(doc.definitions) ? doc.definitions : {};
  const reached = new Map<string, JsonSchema>();
  const pending: string[] = [];

  const refTarget = (ref: unknown, at: string): string => {
    const m = typeof ref === 'string' ? /^#\/definitions\/(.+)$/.exec(ref) : null;
    if (!m) return fail(at, `$ref ${JSON.stringify(ref)} is not a #/definitions/<name> reference`);
    const name = m[1]!;
    if (!isObject(definitions[name])) return fail(at, `$ref '${ref as string}' is dangling: there is no definition '${name}'`);
    if (!reached.has(name) && !pending.includes(name)) pending.push(name);
    return name;
  };

  const convert = (node: unknown, at: string): JsonSchema => {
    if (!isObject(node)) return fail(at, 'a schema must be an object');
    if (node.$ref !== undefined) return { $ref: `#/components/schemas/${refTarget(node.$ref, `${at}/$ref`)}` };
    const out: JsonSchema = {};
    if (node.type !== undefined && (typeof node.type !== 'string' || !TYPES.has(node.type))) {
      fail(`${at}/type`, `unknown type ${JSON.stringify(node.type)} (expected one of ${[...TYPES].join(', ')})`);
    }
    for (const key of KEPT) {
      const value = node[key];
      if (value === undefined) continue;
      if (key === 'items') out.items = convert(value, `${at}/items`);
      else if (key === 'additionalProperties') out.additionalProperties = typeof value === 'boolean' ? value : convert(value, `${at}/additionalProperties`);
      else if (key === 'properties') {
        if (!isObject(value)) fail(`${at}/properties`, 'properties must be an object');
        const props: Record<string, JsonSchema> = {};
        for (const name of Object.keys(value as Json)) props[name] = convert((value as Json)[name], `${at}/properties/${escapePointerToken(name)}`);
        out.properties = props;
      } else if (key === 'required') {
        // Quirk: a few response schemas say `required: false` (the result may be unset); it is no list of names.
        if (typeof value === 'boolean') continue;
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail(`${at}/required`, 'required must be a list of property names');
        if ((value as string[]).length > 0) out.required = [...(value as string[])];
      } else out[key] = value;
    }
    return out;
  };

  const paramSchema = (p: Json, at: string): JsonSchema => {
    if (p.schema !== undefined) return convert(p.schema, `${at}/schema`);
    const raw: Json = {};
    for (const key of PARAM_SCHEMA_KEYS) if (p[key] !== undefined) raw[key] = p[key];
    if (raw.type === undefined) fail(`${at}/type`, `parameter '${String(p.name)}' has neither a type nor a schema`);
    return convert(raw, at);
  };

  interface Draft {
    op: Omit<SwaggerOperation, 'task' | 'pointer'>;
    pointer: string;
  }
  const sync = new Map<string, Draft>();
  const tasks = new Map<string, Draft>();

  for (const key of Object.keys(doc.paths)) {
    const split = splitSwaggerKey(key);
    if (!split.path.startsWith('/api/') && split.path !== '/api') continue; // the /rest forms are not imported
    if (options.prefix && !split.path.startsWith(options.prefix)) continue;
    const item = doc.paths[key];
    if (!isObject(item)) fail(pointerOf('paths', key), 'a path item must be an object');
    for (const method of METHODS) {
      const raw = (item as Json)[method];
      if (raw === undefined) continue;
      const at = pointerOf('paths', key, method);
      if (!isObject(raw)) fail(at, 'an operation must be an object');
      const op = raw as Json;
      const params = [
        ...(Array.isArray((item as Json).parameters) ? ((item as Json).parameters as unknown[]) : []),
        ...(Array.isArray(op.parameters) ? op.parameters : []),
      ];
      const pathParams: SwaggerParam[] = [];
      const queryParams: SwaggerParam[] = [];
      const form: { name: string; required: boolean; schema: JsonSchema }[] = [];
      let body: SwaggerOperation['body'];
      for (const [i, rawParam] of params.entries()) {
        const pAt = `${at}/parameters/${i}`;
        if (!isObject(rawParam) || typeof rawParam.name !== 'string' || typeof rawParam.in !== 'string') fail(pAt, 'a parameter needs a name and an in');
        const p = rawParam;
        // VMware writes `"required": "true"` (a string) on the token exchange's form fields.
        const required = p.required === true || p.required === 'true';
        if (p.in === 'body') {
          body = { contentType: 'application/json', required: p.required !== false, schema: convert(p.schema, `${pAt}/schema`) };
        } else if (p.in === 'formData') {
          form.push({ name: p.name as string, required, schema: paramSchema(p, pAt) });
        } else if (p.in === 'path') {
          pathParams.push({ name: p.name as string, required: true, schema: paramSchema(p, pAt), explode: false });
        } else if (p.in === 'query') {
          if (p.name === 'action' || p.name === 'vmw-task') continue;
          queryParams.push({ name: p.name as string, required, schema: paramSchema(p, pAt), explode: p.collectionFormat === 'multi' || p.type === 'array' });
        } else if (p.in !== 'header') {
          fail(`${pAt}/in`, `parameter location '${String(p.in)}' is not supported (path, query, body, formData, header)`);
        }
      }
      if (split.requiredQuery && !queryParams.some((q) => q.name === split.requiredQuery)) {
        queryParams.push({ name: split.requiredQuery, required: true, schema: { type: 'string' }, explode: false });
      }
      if (form.length > 0) {
        const properties: Record<string, JsonSchema> = {};
        for (const f of form) properties[f.name] = f.schema;
        const required = form.filter((f) => f.required).map((f) => f.name);
        body = {
          contentType: 'application/x-www-form-urlencoded',
          required: true,
          schema: { type: 'object', ...(required.length ? { required } : {}), properties },
        };
      }
      if (!isObject(op.responses)) fail(`${at}/responses`, 'responses must be an object');
      const responses: SwaggerResponse[] = [];
      for (const status of Object.keys(op.responses as Json).sort()) {
        const rAt = `${at}/responses/${status}`;
        if (!/^[2-5]\d\d$/.test(status)) fail(rAt, `response status '${status}' is not an HTTP status code`);
        const r = (op.responses as Json)[status];
        if (!isObject(r)) return fail(rAt, 'a response must be an object');
        const code = Number(status);
        const schemaNode = r.schema;
        if (code >= 400) {
          const ref = isObject(schemaNode) ? schemaNode.$ref : undefined;
          const errorType = typeof ref === 'string' ? /^#\/definitions\/(.+)$/.exec(ref)?.[1] : undefined;
          responses.push({ status: code, ...(errorType ? { errorType } : {}) });
        } else {
          responses.push({ status: code, ...(schemaNode !== undefined ? { schema: convert(schemaNode, `${rAt}/schema`) } : {}) });
        }
      }
      const security = Array.isArray(op.security) ? (op.security as Json[]).flatMap((s) => Object.keys(s)) : [];
      const vapiName = String(op.operationId ?? method).replace(/\$task$/, '');
      const draft: Draft = {
        op: {
          method,
          path: split.path,
          ...(split.action ? { action: split.action } : {}),
          ...(split.requiredQuery ? { requiredQuery: split.requiredQuery } : {}),
          vapiName,
          pathParams,
          queryParams: queryParams.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
          ...(body ? { body } : {}),
          responses,
          security: security.includes('session_id') ? 'session' : security.includes('basic_auth') ? 'basic' : 'none',
        },
        pointer: at,
      };
      const id = `${method} ${split.path}?${split.action ?? ''}?${split.requiredQuery ?? ''}`;
      const into = split.task ? tasks : sync;
      if (into.has(id)) fail(at, `operation ${method.toUpperCase()} ${split.path}${split.action ? `?action=${split.action}` : ''} is listed twice`);
      into.set(id, draft);
    }
  }

  const operations: SwaggerOperation[] = [];
  for (const [id, draft] of sync) operations.push({ ...draft.op, task: tasks.has(id) ? 'both' : 'none', pointer: draft.pointer });
  for (const [id, draft] of tasks) {
    if (sync.has(id)) continue;
    // A task-only operation answers 202 with the task id; its synchronous success status is not part of the API.
    operations.push({ ...draft.op, responses: draft.op.responses.filter((r) => r.status >= 400), task: 'only', pointer: draft.pointer });
  }
  operations.sort((a, b) => cmp(a.path, b.path) || cmp(a.action ?? '', b.action ?? '') || cmp(a.method, b.method));

  while (pending.length > 0) {
    const name = pending.shift()!;
    reached.set(name, {}); // placeholder first: recursive definitions terminate
    reached.set(name, withoutSelfRequired(name, convert(definitions[name], pointerOf('definitions', name))));
  }
  const schemas: Record<string, JsonSchema> = {};
  for (const name of [...reached.keys()].sort()) schemas[name] = reached.get(name)!;
  return { operations, schemas };
}

/**
 * Quirk: a definition that requires a property of its own type (`EsxHostsSoftwareInfo.software_info`) has no
 * finite value; the property is kept, but optional.
 */
function withoutSelfRequired(name: string, schema: JsonSchema): JsonSchema {
  const required = schema.required as string[] | undefined;
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  if (!required) return schema;
  const self = `#/components/schemas/${name}`;
  const kept = required.filter((p) => props[p]?.$ref !== self);
  if (kept.length === required.length) return schema;
  const { required: _dropped, ...rest } = schema;
  return kept.length > 0 ? { ...rest, required: kept } : rest;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
