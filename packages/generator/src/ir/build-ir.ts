import type { Bundle } from '../bundle/bundle.js';
import { escapePointerToken, getAtPointer, pointerOf, type SpecProblem } from '../load/spec-problem.js';
import { buildErrorTypes } from './error-types.js';
import { buildFamilies } from './families.js';
import { actionMethodName, IDENTIFIER, namespaceOf, splitPathKey } from './naming.js';
import type { Ir, IrBody, IrBodyField, IrOperation, IrParam, IrResponse, IrSchema, IrSchemaSummary, IrTaskResult } from './types.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Json = Record<string, unknown>;

/** An operation before its family is known (families are derived from all operations). */
type OperationDraft = Omit<IrOperation, 'family'>;

/**
 * Builds the IR from the bundle, checking the naming contract and the
 * per-operation rules of specs/README.md. Problems are collected, not thrown.
 */
export function buildIr(bundle: Bundle, problems: SpecProblem[]): Ir {
  const doc = bundle.document;
  const drafts: OperationDraft[] = [];
  const seenIds = new Map<string, string>();

  for (const [key, item] of Object.entries(doc.paths)) {
    const file = bundle.origins.paths.get(key) ?? '?';
    for (const method of Object.keys(item)) {
      if (['parameters', 'summary', 'description', 'servers'].includes(method) || method.startsWith('x-')) continue;
      if (!(METHODS as readonly string[]).includes(method)) {
        problems.push({ file, pointer: pointerOf('paths', key, method), message: `HTTP method '${method}' is not used by the vSphere API` });
      }
    }
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const at = pointerOf('paths', key, method);
      const report = (message: string, sub: (string | number)[] = []): void => {
        problems.push({ file, pointer: sub.length ? pointerOf('paths', key, method, ...sub) : at, message });
      };
      const built = buildOperation(doc, key, method, item, op, file, report);
      if (!built) continue;
      const earlier = seenIds.get(built.id);
      if (earlier) report(`operationId '${built.id}' is already used by ${earlier}`, ['operationId']);
      else seenIds.set(built.id, `${method.toUpperCase()} ${key} (${file})`);
      drafts.push(built);
    }
  }
  checkNamespaceCollisions(drafts, problems);
  checkSelectors(drafts, problems);
  checkActionNames(drafts, problems);
  drafts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { families, roles } = buildFamilies(drafts);
  const operations: IrOperation[] = drafts.map((op) => ({ ...op, family: roles.get(op.id)! }));
  return { operations, schemas: buildSchemas(bundle), families, errorTypes: buildErrorTypes(doc, problems), document: doc };
}

/** An action takes the `Action` suffix exactly when a plain operation of its namespace holds the plain name. */
function checkActionNames(drafts: readonly OperationDraft[], problems: SpecProblem[]): void {
  const plainIds = new Set(drafts.filter((d) => !d.action).map((d) => d.id));
  for (const d of drafts) {
    if (!d.action) continue;
    const namespace = d.namespace.join('.');
    const taken = plainIds.has(`${namespace}.${actionMethodName(d.action, false)}`);
    const expected = actionMethodName(d.action, taken);
    if (d.name !== expected) {
      problems.push({
        file: d.file,
        pointer: `${d.pointer}/operationId`,
        message: taken
          ? `operationId of ?action=${d.action} must be '${namespace}.${expected}': '${namespace}.${actionMethodName(d.action, false)}' is the name of a plain operation`
          : `operationId of ?action=${d.action} must be '${namespace}.${expected}' (the Action suffix is only for a name a plain operation holds)`,
      });
    }
  }
}

/**
 * A selector key (`/p?name`) splits one method and path into two operations, so the plain
 * operation must exist; a lone required query parameter stays a plain key (`/api/content/library/item`).
 */
function checkSelectors(drafts: readonly OperationDraft[], problems: SpecProblem[]): void {
  const plain = new Set(drafts.filter((d) => !d.action && !d.selector).map((d) => `${d.method} ${d.path}`));
  for (const d of drafts) {
    if (d.selector && !plain.has(`${d.method} ${d.path}`)) {
      problems.push({
        file: d.file,
        pointer: d.pointer,
        message: `selector key '${d.specKey}' has no plain ${d.method} ${d.path} to be told apart from; write the path without ?${d.selector}`,
      });
    }
  }
}

function buildSchemas(bundle: Bundle): Record<string, IrSchema> {
  const out: Record<string, IrSchema> = {};
  const schemas = (bundle.document.components.schemas ?? {}) as Record<string, Json>;
  for (const name of Object.keys(schemas).sort()) {
    const schema = schemas[name]!;
    out[name] = {
      name,
      file: bundle.origins.components.get(`schemas/${name}`) ?? '?',
      ...(typeof schema['x-vsphere-since'] === 'string' ? { since: schema['x-vsphere-since'] } : {}),
      schema,
    };
  }
  return out;
}

function buildOperation(
  doc: Json,
  key: string,
  method: (typeof METHODS)[number],
  item: Json,
  op: Json,
  file: string,
  report: (message: string, sub?: (string | number)[]) => void,
): OperationDraft | undefined {
  const { path, action, actionKey, selector, extraQuery } = splitPathKey(key);
  if (extraQuery)
    report(
      `path key '${key}' carries query '${extraQuery}'; only ?action=NAME or a bare selector ?param_name may stay in a path key (vmw-task is x-vsphere-task)`,
    );
  if (selector && path.startsWith('/rest/')) report(`path key '${key}': a selector (?${selector}) is an /api form only`);
  if (!path.startsWith('/api/') && path !== '/api' && !path.startsWith('/rest/')) {
    report(`path '${path}' must start with /api or /rest`);
    return undefined;
  }
  const operationId = op.operationId;
  if (typeof operationId !== 'string' || operationId === '') {
    report('operation has no operationId; it must be <namespace>.<method>', ['operationId']);
    return undefined;
  }
  const namespace = namespaceOf(path);
  const dot = operationId.lastIndexOf('.');
  const idNamespace = dot === -1 ? '' : operationId.slice(0, dot);
  const name = operationId.slice(dot + 1);
  if (idNamespace !== namespace.join('.')) {
    report(`operationId '${operationId}' must start with the namespace '${namespace.join('.')}' that the path gives`, ['operationId']);
  }
  if (!IDENTIFIER.test(name)) report(`method name '${name}' must be camelCase letters and digits`, ['operationId']);
  // Whether the name must carry the `Action` suffix depends on the other operations: checkActionNames.
  if (action && name !== actionMethodName(action, false) && name !== actionMethodName(action, true)) {
    report(`operationId of ?${actionKey}=${action} must end in '.${actionMethodName(action, false)}', not '.${name}'`, ['operationId']);
  }

  // Parameters: path-level, overridden by operation-level (same name and in). The one merge of the two levels.
  const opPointer = pointerOf('paths', key, method);
  const params = new Map<string, { p: Json; pointer: string }>();
  const addParams = (list: unknown, base: string, sub: (string | number)[]): void => {
    if (list === undefined) return;
    if (!Array.isArray(list)) return report('parameters must be a list', sub);
    list.forEach((raw, i) => {
      const p = deref(doc, raw) as Json | undefined;
      if (!p || typeof p.name !== 'string' || typeof p.in !== 'string') {
        report('parameter needs a name and an in', [...sub, i]);
        return;
      }
      const ref = (raw as Json).$ref;
      params.set(`${p.in}:${p.name}`, { p, pointer: typeof ref === 'string' ? ref : `${base}/parameters/${i}` });
    });
  };
  addParams(item.parameters, pointerOf('paths', key), []);
  addParams(op.parameters, opPointer, ['parameters']);

  const templateNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const pathParams: IrParam[] = [];
  for (const n of templateNames) {
    const declared = params.get(`path:${n}`);
    if (!declared) {
      report(`path parameter '{${n}}' is not declared`);
      continue;
    }
    pathParams.push(toParam(doc, declared.p, declared.pointer, true));
  }
  const queryParams: IrParam[] = [];
  let vmwTask: IrParam | undefined;
  for (const [k, { p, pointer }] of params) {
    if (k.startsWith('path:') && !templateNames.includes(String(p.name))) report(`path parameter '${String(p.name)}' is not in the path`);
    if (!k.startsWith('query:')) continue;
    if (p.name === 'vmw-task') vmwTask = toParam(doc, p, pointer, false);
    else if (p.name === 'action' || p.name === '~action') report('the action belongs in the path key, not in a query parameter');
    else queryParams.push(toParam(doc, p, pointer, false));
  }
  queryParams.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (selector && !queryParams.some((q) => q.name === selector && q.required)) {
    report(`the selector ?${selector} of path key '${key}' must be declared as a required query parameter of the operation`, ['parameters']);
  }

  // Request body.
  let body: IrBody | undefined;
  const rb = deref(doc, op.requestBody) as Json | undefined;
  const rbPointer = typeof (op.requestBody as Json | undefined)?.$ref === 'string' ? ((op.requestBody as Json).$ref as string) : `${opPointer}/requestBody`;
  if (rb) {
    const content = (rb.content ?? {}) as Record<string, Json>;
    const contentType = Object.keys(content)[0];
    if (contentType !== 'application/json' && contentType !== 'application/x-www-form-urlencoded') {
      report(`request body content type '${contentType ?? 'none'}' is not supported (application/json or application/x-www-form-urlencoded)`, ['requestBody']);
    } else {
      const media = content[contentType]!;
      body = {
        required: rb.required === true,
        contentType,
        ...(refName(media.schema) ? { schemaRef: refName(media.schema) } : {}),
        schemaPointer: `${rbPointer}/content/${escapePointerToken(contentType)}/schema`,
        ...(media.example !== undefined ? { example: media.example } : {}),
        fields: objectFields(doc, media.schema),
      };
      if (content[contentType]!.example === undefined && content[contentType]!.examples === undefined) {
        report('request body has no example', ['requestBody']);
      }
    }
  }

  // Responses.
  const responses = (op.responses ?? {}) as Record<string, unknown>;
  const statuses = Object.keys(responses);
  const successStatuses = statuses
    .filter((s) => /^2\d\d$/.test(s))
    .map(Number)
    .sort();
  const errorStatuses = statuses
    .filter((s) => /^[45]\d\d$/.test(s))
    .map(Number)
    .sort();
  if (successStatuses.length === 0) report('operation has no 2xx response', ['responses']);
  if (errorStatuses.length === 0) report('operation has no error response (4xx/5xx with the vSphere error body)', ['responses']);
  const task = op['x-vsphere-task'];
  if (task !== undefined && task !== 'both' && task !== 'only')
    report(`x-vsphere-task must be 'both' or 'only', not ${JSON.stringify(task)}`, ['x-vsphere-task']);
  if (task && !successStatuses.includes(202)) report(`an operation with x-vsphere-task: ${String(task)} answers 202 with the task id`, ['responses']);
  if (task && !vmwTask) report(`an operation with x-vsphere-task: ${String(task)} declares the vmw-task query parameter`, ['parameters']);
  if (!task && vmwTask) report('vmw-task is declared but x-vsphere-task is not set', ['parameters']);
  const syncStatuses = successStatuses.filter((s) => s !== 202 || task === 'only' || !task);
  const successStatus = task === 'only' ? 202 : (syncStatuses[0] ?? 200);
  const successResponse = deref(doc, responses[String(successStatus)]) as Json | undefined;
  const successContent = successResponse?.content as Record<string, Json> | undefined;
  const successMedia = successContent ? Object.values(successContent)[0] : undefined;
  if (successMedia && successMedia.example === undefined && successMedia.examples === undefined) {
    report(`response ${successStatus} has no example`, ['responses', String(successStatus)]);
  }
  const declared: IrResponse[] = statuses
    .filter((s) => /^[2-5]\d\d$/.test(s))
    .map((s) => responseOf(doc, responses[s], `${opPointer}/responses/${s}`, Number(s)))
    .sort((a, b) => a.status - b.status);
  const taskResult = op['x-vsphere-task-result'];
  if (taskResult !== undefined && task !== 'only') report('x-vsphere-task-result is only for x-vsphere-task: only', ['x-vsphere-task-result']);

  const security = op.security as Json[] | undefined;
  const schemes = new Set((security ?? []).flatMap((s) => Object.keys(s)));
  const auth: IrOperation['auth'] = schemes.size === 0 ? 'none' : schemes.has('session_id') ? 'session' : 'login';

  return {
    id: operationId,
    namespace,
    name,
    method: method.toUpperCase() as IrOperation['method'],
    path,
    ...(action ? { action, actionKey } : {}),
    ...(selector ? { selector } : {}),
    specKey: key,
    pointer: opPointer,
    file,
    summary: String(op.summary ?? ''),
    description: String(op.description ?? op.summary ?? ''),
    ...(typeof op['x-vsphere-since'] === 'string' ? { since: op['x-vsphere-since'] } : {}),
    pathParams,
    queryParams,
    ...(body ? { body } : {}),
    success: {
      status: successStatus,
      hasBody: successMedia !== undefined,
      ...(refName(successMedia?.schema) ? { schemaRef: refName(successMedia?.schema) } : {}),
    },
    responses: declared,
    errorStatuses,
    ...(task === 'both' || task === 'only' ? { task } : {}),
    ...(taskResult !== undefined ? { taskResult: taskResultOf(doc, taskResult, `${opPointer}/x-vsphere-task-result`) } : {}),
    ...(vmwTask ? { taskParam: vmwTask } : {}),
    rest: path.startsWith('/rest/'),
    auth,
  };
}

function toParam(doc: Json, p: Json, pointer: string, forceRequired: boolean): IrParam {
  return {
    name: String(p.name),
    required: forceRequired || p.required === true,
    description: String(p.description ?? ''),
    schema: summarize(doc, p.schema),
    schemaPointer: `${pointer}/schema`,
    ...(p.example !== undefined ? { example: p.example } : {}),
  };
}

function taskResultOf(doc: Json, node: unknown, pointer: string): IrTaskResult {
  const example = (deref(doc, node) as Json | undefined)?.example;
  return { schemaPointer: pointer, ...(refName(node) ? { schemaRef: refName(node) } : {}), ...(example !== undefined ? { example } : {}) };
}

function responseOf(doc: Json, raw: unknown, inline: string, status: number): IrResponse {
  const ref = (raw as Json | undefined)?.$ref;
  const at = typeof ref === 'string' ? ref : inline;
  const resp = (deref(doc, raw) ?? {}) as Json;
  const [type, media] = Object.entries((resp.content ?? {}) as Record<string, Json>)[0] ?? [];
  if (!type || !media) return { status };
  return {
    status,
    schemaPointer: `${at}/content/${escapePointerToken(type)}/schema`,
    ...(refName(media.schema) ? { schemaRef: refName(media.schema) } : {}),
    ...(status < 300 && media.example !== undefined ? { example: media.example } : {}),
  };
}

function objectFields(doc: Json, schemaNode: unknown): IrBodyField[] {
  const schema = deref(doc, schemaNode) as Json | undefined;
  if (!schema || typeof schema.properties !== 'object') return [];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(schema.properties as Record<string, Json>).map(([name, prop]) => {
    const resolved = (deref(doc, prop) ?? {}) as Json;
    return {
      name,
      required: required.has(name),
      description: String(prop.description ?? resolved.description ?? ''),
      schema: summarize(doc, prop),
    };
  });
}

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

export function summarize(doc: Json, node: unknown): IrSchemaSummary {
  const ref = refName(node);
  const schema = (deref(doc, node) ?? {}) as Json;
  const type = primaryType(schema);
  const out: Record<string, unknown> = { type };
  if (type === 'array') {
    const items = (deref(doc, schema.items) ?? {}) as Json;
    const itemType = primaryType(items);
    out.itemType = itemType === 'array' ? 'object' : itemType;
    if (Array.isArray(items.enum)) out.enum = items.enum;
    const itemRef = refName(schema.items);
    if (itemRef) out.ref = itemRef;
  } else {
    if (Array.isArray(schema.enum)) out.enum = schema.enum;
    if (typeof schema.format === 'string') out.format = schema.format;
    if (ref) out.ref = ref;
  }
  const object = (node as Json | undefined)?.['x-vsphere-object'] ?? schema['x-vsphere-object'];
  if (typeof object === 'string') out.object = object;
  return out as unknown as IrSchemaSummary;
}

function primaryType(schema: Json): IrSchemaSummary['type'] {
  const t = Array.isArray(schema.type) ? (schema.type as string[]).find((x) => x !== 'null') : schema.type;
  if (typeof t === 'string' && (SCALARS.has(t) || t === 'array' || t === 'object')) return t as IrSchemaSummary['type'];
  if (Array.isArray(schema.enum) && schema.enum.every((e) => typeof e === 'string')) return 'string';
  return 'object';
}

export function refName(node: unknown): string | undefined {
  if (node && typeof node === 'object' && typeof (node as Json).$ref === 'string') {
    const ref = (node as Json).$ref as string;
    const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
    return m ? m[1] : undefined;
  }
  return undefined;
}

/** Follows `$ref` chains inside the bundled document. */
export function deref(doc: Json, node: unknown, depth = 0): unknown {
  if (depth > 20) return undefined;
  if (node && typeof node === 'object' && typeof (node as Json).$ref === 'string') {
    const ref = (node as Json).$ref as string;
    // A ref the bundle could not make internal is already reported; there is nothing to follow.
    return ref.startsWith('#') ? deref(doc, getAtPointer(doc, ref), depth + 1) : undefined;
  }
  return node;
}

/** A namespace's child namespace must not share a name with one of its methods. */
function checkNamespaceCollisions(operations: OperationDraft[], problems: SpecProblem[]): void {
  const methodsByNs = new Map<string, OperationDraft[]>();
  const children = new Map<string, Set<string>>();
  for (const op of operations) {
    const ns = op.namespace.join('.');
    methodsByNs.set(ns, [...(methodsByNs.get(ns) ?? []), op]);
    for (let i = 1; i < op.namespace.length; i++) {
      const parent = op.namespace.slice(0, i).join('.');
      (children.get(parent) ?? children.set(parent, new Set()).get(parent)!).add(op.namespace[i]!);
    }
  }
  for (const [ns, ops] of methodsByNs) {
    for (const op of ops) {
      if (children.get(ns)?.has(op.name)) {
        problems.push({
          file: op.file,
          pointer: pointerOf('paths', op.specKey, op.method.toLowerCase(), 'operationId'),
          message: `method '${op.name}' of '${ns}' collides with the child namespace '${ns}.${op.name}'`,
        });
      }
    }
  }
}
