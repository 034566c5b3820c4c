/**
 * `import`: writes every `/api` operation of a VMware Swagger 2.0 file that specs/ lacks, in the
 * layout of specs/README.md: one file per service area mirroring the URL, path parameters once on
 * the path item, operationIds by the naming rule, errors by `$ref` to common/errors.yaml, task modes,
 * examples synthesized to validate against their schemas, and descriptions in our own words.
 * Component schemas are global: a name specs/ already defines (compared without case) is `$ref`ed
 * where it is defined, never written twice. Deterministic, and a second run writes nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { stringify } from 'yaml';
import { listSpecFiles, parseSpecText, type SpecFile } from '../load/load-specs.js';
import { type SpecProblem, SpecError } from '../load/spec-problem.js';
import { camelCase, namespaceOf, namespaceSegments, splitPathKey } from '../ir/naming.js';
import { type ExampleContext, fits, idExample, sampleOf } from './examples.js';
import type { JsonSchema, SwaggerOperation, Swagger2Facts } from './swagger2.js';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const ERROR_RESPONSES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthenticated',
  403: 'Unauthorized',
  404: 'NotFound',
  409: 'Conflict',
  500: 'ServerError',
  503: 'ServiceUnavailable',
};

export interface ImportResult {
  /** `METHOD path[?action=x]` of every operation written, sorted. */
  readonly added: readonly string[];
  /** Operations that could not be written, each with the reason. */
  readonly skipped: readonly { readonly operation: string; readonly reason: string }[];
  /** Spec files written (relative to specs/), sorted. */
  readonly files: readonly string[];
}

/** `/api/vcenter/vm/{vm}/power` → `/api/vcenter/vm/{}/power`: path identity regardless of parameter names. */
function shapeOf(path: string): string {
  // VMware lists a few paths with a trailing slash (`…/{host}/attestation/`); the API answers both forms.
  return path.replace(/\{[^}]+\}/g, '{}').replace(/(.)\/$/, '$1');
}

function opLabel(op: SwaggerOperation): string {
  return `${op.method.toUpperCase()} ${op.path}${op.action ? `?action=${op.action}` : ''}`;
}

/** What specs/ holds today. */
interface Existing {
  readonly files: Map<string, SpecFile>;
  /** `method shape?action` of every operation. */
  readonly operations: Set<string>;
  /** `shape?action` → the file and the exact key of the path item. */
  readonly pathItems: Map<string, { file: string; key: string }>;
  /** Lower-cased schema name → its name and file. */
  readonly schemas: Map<string, { name: string; file: string; schema: JsonSchema }>;
  /** Parameter name → the example and description our specs give it first. */
  readonly params: Map<string, { example?: unknown; description?: string }>;
  /**
   * Path parameter name → its example: the ids of objects our specs name (and the mock's seed holds). Fields of
   * bodies reuse only these; a query parameter's example (`type`, `product`) means nothing in another body.
   */
  readonly ids: Map<string, string>;
}

function readExisting(specsDir: string): Existing {
  const problems: SpecProblem[] = [];
  const files = new Map<string, SpecFile>();
  for (const name of listSpecFiles(specsDir)) {
    const parsed = parseSpecText(name, readFileSync(join(specsDir, name), 'utf8'), problems);
    if (parsed) files.set(name, parsed);
  }
  if (problems.length > 0) throw new SpecError(problems);
  const operations = new Set<string>();
  const pathItems = new Map<string, { file: string; key: string }>();
  const schemas = new Map<string, { name: string; file: string; schema: JsonSchema }>();
  const params = new Map<string, { example?: unknown; description?: string }>();
  const ids = new Map<string, string>();
  const componentParams = new Map<string, Json>();
  for (const file of files.values()) {
    const components = (file.doc.components ?? {}) as Record<string, Record<string, Json>>;
    for (const [name, schema] of Object.entries(components.schemas ?? {})) {
      if (!schemas.has(name.toLowerCase())) schemas.set(name.toLowerCase(), { name, file: file.name, schema });
    }
    for (const [name, p] of Object.entries(components.parameters ?? {})) componentParams.set(name, p);
  }
  const noteParam = (raw: unknown): void => {
    let p = raw as Json | undefined;
    if (p && typeof p.$ref === 'string') p = componentParams.get(p.$ref.slice(p.$ref.lastIndexOf('/') + 1));
    if (!p || typeof p.name !== 'string' || (p.in !== 'path' && p.in !== 'query')) return;
    if (p.in === 'path' && typeof p.example === 'string' && !ids.has(p.name)) ids.set(p.name, p.example);
    if (params.has(p.name) && params.get(p.name)!.example !== undefined) return;
    params.set(p.name, {
      ...(p.example !== undefined ? { example: p.example } : {}),
      ...(typeof p.description === 'string' ? { description: p.description } : {}),
    });
  };
  for (const file of files.values()) {
    for (const [key, item] of Object.entries((file.doc.paths ?? {}) as Record<string, Json>)) {
      const { path, action } = splitPathKey(key);
      pathItems.set(`${shapeOf(path)}?${action ?? ''}`, { file: file.name, key });
      for (const p of (item.parameters as unknown[] | undefined) ?? []) noteParam(p);
      for (const method of METHODS) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        operations.add(`${method} ${shapeOf(path)}?${action ?? ''}`);
        for (const p of (op.parameters as unknown[] | undefined) ?? []) noteParam(p);
      }
    }
  }
  return { files, operations, pathItems, schemas, params, ids };
}

/** The spec file of a service area: `/api/vcenter/vm/{vm}/hardware/disk` → `vcenter/vm/hardware/disk.yaml`. */
export function areaFile(path: string): string {
  return `${namespaceSegments(path).join('/')}.yaml`;
}

function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .toLowerCase();
}

/** `vcenter/vm/hardware/disk` → `VM hardware disk`: the resource an operation acts on, in words. */
function resourceOf(path: string): string {
  const segs = namespaceSegments(path);
  const named = (segs.length > 1 ? segs.slice(1) : segs).map((s) => (s === 'vm' ? 'VM' : words(s)));
  return named.join(' ');
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Summary and description built from the verb and the resource; never VMware's sentences. */
function describe(op: SwaggerOperation, name: string, isItem: boolean, hasFilters: boolean): { summary: string; description: string } {
  const res = resourceOf(op.path);
  let summary: string;
  let description: string;
  if (op.action) {
    summary = `${capital(words(op.action))} (${res})`;
    description = `Runs the \`${op.action}\` action on the ${res}${isItem ? ' named by the path' : ''}.`;
  } else {
    switch (name) {
      case 'list':
        summary = `List ${res}`;
        description = hasFilters ? `Returns the ${res} entries that match every given filter.` : `Returns the ${res} entries.`;
        break;
      case 'get':
        summary = `Get ${res}`;
        description = isItem ? `Returns the ${res} named by the path.` : `Returns the current ${res} settings.`;
        break;
      case 'create':
        summary = `Create ${res}`;
        description = `Creates a ${res} from the request body.`;
        break;
      case 'update':
        summary = `Update ${res}`;
        description = `Changes the ${res} fields that the request body sets; fields left out keep their values.`;
        break;
      case 'set':
        summary = `Set ${res}`;
        description = `Replaces the ${res} settings with the request body.`;
        break;
      case 'delete':
        summary = `Delete ${res}`;
        description = `Removes the ${res}${isItem ? ' named by the path' : ''}.`;
        break;
      default:
        summary = `${capital(words(name))} (${res})`;
        description = `Runs the \`${name}\` operation on the ${res}.`;
    }
  }
  if (op.task === 'both') description += ' With `vmw-task=true` it runs as a task and answers 202 with the task identifier.';
  if (op.task === 'only') description += ' It runs as a task: the call answers 202 with the task identifier.';
  return { summary, description };
}

function relativeRef(fromFile: string, toFile: string, pointer: string): string {
  if (fromFile === toFile) return `#${pointer}`;
  let rel = posix.relative(posix.dirname(fromFile), toFile);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return `${rel}#${pointer}`;
}

interface FilePlan {
  /** New path items, by key. */
  readonly newItems: Map<string, Json>;
  /** Methods added to a path item the file already has, by key. */
  readonly addedMethods: Map<string, Map<string, Json>>;
  readonly schemas: Map<string, JsonSchema>;
  readonly tag: string;
}

export function importOperations(specsDir: string, facts: Swagger2Facts): ImportResult {
  const existing = readExisting(specsDir);
  const skipped: { operation: string; reason: string }[] = [];
  const added: string[] = [];

  // VMware's schema names → ours; the ones specs/ lacks are written by the first file that uses them.
  const nameOf = (vmware: string): string => existing.schemas.get(vmware.toLowerCase())?.name ?? vmware;
  const homeOf = new Map<string, string>();
  for (const entry of existing.schemas.values()) homeOf.set(entry.name, entry.file);
  const newSchemas = new Map<string, JsonSchema>();
  for (const [name, schema] of Object.entries(facts.schemas)) {
    if (!existing.schemas.has(name.toLowerCase())) newSchemas.set(name, schema);
  }

  const ctx: ExampleContext = {
    schema: (name) => existing.schemas.get(name.toLowerCase())?.schema ?? facts.schemas[name],
    knownExample: (name) => existing.ids.get(name),
  };

  // Which operations to write; the 'shape?action' keys of the whole VMware file tell twins apart.
  const shapes = new Set(facts.operations.filter((o) => !o.requiredQuery).map((o) => `${o.method} ${shapeOf(o.path)}?${o.action ?? ''}`));
  const plans = new Map<string, FilePlan>();
  const planOf = (file: string): FilePlan => {
    let plan = plans.get(file);
    if (!plan) {
      const tags = (existing.files.get(file)?.doc.tags as { name: string }[] | undefined) ?? [];
      plan = { newItems: new Map(), addedMethods: new Map(), schemas: new Map(), tag: tags[0]?.name ?? posix.basename(file, '.yaml') };
      plans.set(file, plan);
    }
    return plan;
  };

  for (const op of facts.operations) {
    const opKey = `${op.method} ${shapeOf(op.path)}?${op.action ?? ''}`;
    if (existing.operations.has(opKey)) continue;
    if (op.requiredQuery && shapes.has(opKey)) {
      skipped.push({
        operation: `${opLabel(op)}?${op.requiredQuery}`,
        reason: `same method and path as the list operation; one OpenAPI path item cannot hold both (the form with '${op.requiredQuery}' is not written)`,
      });
      continue;
    }
    const itemKey = `${shapeOf(op.path)}?${op.action ?? ''}`;
    const present = existing.pathItems.get(itemKey);
    const file = present?.file ?? areaFile(op.path);
    const key = present?.key ?? `${op.path}${op.action ? `?action=${op.action}` : ''}`;
    const plan = planOf(file);
    const refSchema = (schema: JsonSchema): JsonSchema => rewriteRefs(schema, file);
    const rewriteRefs = (schema: JsonSchema, inFile: string): JsonSchema =>
      mapRefs(schema, (vmwareName) => {
        const name = nameOf(vmwareName);
        let home = homeOf.get(name);
        if (!home) {
          home = inFile;
          claim(name, inFile);
        }
        return relativeRef(inFile, home, `/components/schemas/${name}`);
      });
    const claim = (name: string, inFile: string): void => {
      homeOf.set(name, inFile);
      const schema = newSchemas.get(name);
      if (!schema) return;
      planOf(inFile).schemas.set(name, rewriteRefs(schema, inFile));
    };

    const fitting = (value: unknown, schema: JsonSchema): unknown => (value !== undefined && fits(value, schema, ctx) ? value : undefined);
    const isItem = /\}\/?$/.test(op.path);
    const name = op.action ? camelCase(op.action) : camelCase(op.vapiName);
    const opId = `${namespaceOf(op.path).join('.')}.${name}`;
    const sameName = facts.operations.find((o) => o !== op && o.path === op.path && !o.action && camelCase(o.vapiName) === name && o.method !== op.method);
    if (op.action && sameName) {
      skipped.push({
        operation: opLabel(op),
        reason: `its operationId '${opId}' is the one of ${opLabel(sameName)}; the naming rule gives both the same name`,
      });
      continue;
    }
    const { summary, description } = describe(op, name, isItem, op.queryParams.length > 0);
    const common = relativeRef(file, 'common/errors.yaml', '');
    const tasks = relativeRef(file, 'common/tasks.yaml', '');

    const operation: Json = { operationId: opId, tags: [plan.tag], summary, description };
    if (op.task !== 'none') operation['x-vsphere-task'] = op.task;
    const parameters: Json[] = [];
    if (op.task === 'both') parameters.push({ $ref: `${tasks}/components/parameters/VmwTask` });
    if (op.task === 'only') parameters.push({ $ref: `${tasks}/components/parameters/VmwTaskRequired` });
    for (const q of op.queryParams) {
      const known = existing.params.get(q.name);
      const schema = refSchema(q.schema);
      const example = known?.example !== undefined && fits(known.example, q.schema, ctx) ? known.example : sampleOf(q.schema, q.name, ctx);
      parameters.push({
        name: q.name,
        in: 'query',
        ...(q.required ? { required: true } : {}),
        description:
          known?.description ??
          (q.schema.type === 'array' ? `Only results whose ${words(q.name).replace(/s$/, '')} is one of these.` : `The \`${q.name}\` argument.`),
        ...(q.schema.type === 'array' || q.explode ? { style: 'form', explode: true } : {}),
        schema,
        example,
      });
    }
    if (parameters.length > 0) operation.parameters = parameters;
    if (op.body) {
      operation.requestBody = {
        required: op.body.required,
        content: { [op.body.contentType]: { schema: refSchema(unwrap(op.body.schema, facts)), example: sampleOf(unwrap(op.body.schema, facts), 'spec', ctx) } },
      };
    }
    const responses: Json = {};
    for (const r of op.responses) {
      if (r.status >= 400) {
        const response = ERROR_RESPONSES[r.status];
        if (!response) {
          skipped.push({ operation: opLabel(op), reason: `error status ${r.status} has no response in common/errors.yaml` });
          continue;
        }
        responses[String(r.status)] = { $ref: `${common}/components/responses/${response}` };
      } else if (r.schema) {
        const example =
          r.status === 201 && r.schema.type === 'string' && r.schema.format === undefined
            ? createdId(op, facts, ctx)
            : sampleOf(r.schema, responseHint(op), ctx);
        responses[String(r.status)] = {
          description:
            r.status === 201 ? `Identifier of the new ${resourceOf(op.path)}.` : `The ${resourceOf(op.path)}${op.action ? ` ${words(op.action)} result` : ''}.`,
          content: { 'application/json': { schema: refSchema(r.schema), example } },
        };
      } else {
        responses[String(r.status)] = { description: 'Done; there is no body.' };
      }
    }
    // Every call can fail on the server; VMware's file declares no error for a few operations (the metadata reads).
    if (!op.responses.some((r) => r.status >= 400)) responses['500'] = { $ref: `${common}/components/responses/ServerError` };
    // Input that does not fit its schema is refused with 400 INVALID_ARGUMENT, whether or not VMware's file lists it.
    if ((op.body || op.queryParams.length > 0) && responses['400'] === undefined) responses['400'] = { $ref: `${common}/components/responses/BadRequest` };
    // A call that needs a session answers 401 without one, whether or not VMware's file lists it.
    if (op.security === 'session' && responses['401'] === undefined) responses['401'] = { $ref: `${common}/components/responses/Unauthenticated` };
    if (op.task !== 'none') responses['202'] = { $ref: `${tasks}/components/responses/TaskAccepted` };
    operation.responses = sortStatus(responses);
    if (op.security === 'none') operation.security = [];

    if (present) {
      const methods = plan.addedMethods.get(key) ?? new Map<string, Json>();
      methods.set(op.method, operation);
      plan.addedMethods.set(key, methods);
    } else {
      let item = plan.newItems.get(key);
      if (!item) {
        item = {};
        if (op.pathParams.length > 0) {
          item.parameters = op.pathParams.map((p) => {
            const known = existing.params.get(p.name);
            return {
              name: p.name,
              in: 'path',
              required: true,
              description: known?.description ?? `Identifier of the ${words(p.name).replace(/ id$/, '')}.`,
              schema: refSchema(p.schema),
              example:
                known?.example !== undefined && fits(known.example, p.schema, ctx)
                  ? known.example
                  : (fitting(idExample(p.name, ctx) ?? `${p.name.replace(/_/g, '-')}-1`, p.schema) ?? sampleOf(p.schema, p.name, ctx)),
            };
          });
        }
        plan.newItems.set(key, item);
      }
      item[op.method] = operation;
    }
    added.push(opLabel(op));
  }

  const written: string[] = [];
  for (const file of [...plans.keys()].sort()) {
    const plan = plans.get(file)!;
    const target = join(specsDir, file);
    const text = existing.files.has(file) ? extendFile(readFileSync(target, 'utf8'), plan) : newFile(file, plan);
    mkdirSync(dirname(target), { recursive: true });
    if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
      writeFileSync(target, text);
      written.push(file);
    }
  }
  return { added: added.sort(), skipped, files: written };
}

/** A request wrapper that is only a `$ref` (`VcenterVMCreate` → `VcenterVMCreateSpec`) is the body's schema itself. */
function unwrap(schema: JsonSchema, facts: Swagger2Facts): JsonSchema {
  let current = schema;
  for (let i = 0; i < 5 && typeof current.$ref === 'string'; i++) {
    const target = facts.schemas[current.$ref.slice(current.$ref.lastIndexOf('/') + 1)];
    if (!target || typeof target.$ref !== 'string' || Object.keys(target).length !== 1) break;
    current = target;
  }
  return current;
}

/** The id a create answers: the example of its items' path parameter. */
function createdId(op: SwaggerOperation, facts: Swagger2Facts, ctx: ExampleContext): string {
  const item = facts.operations.find((o) => o.path.startsWith(`${op.path}/{`) && /^\{[^}/]+\}$/.test(o.path.slice(op.path.length + 1)));
  const param = item?.pathParams[item.pathParams.length - 1]?.name;
  return (param ? idExample(param, ctx) : undefined) ?? idExample(`${namespaceSegments(op.path).at(-1)!.replace(/-/g, '_')}_id`, ctx) ?? 'object-1';
}

function responseHint(op: SwaggerOperation): string {
  return namespaceSegments(op.path).at(-1)!.replace(/-/g, '_');
}

function sortStatus(responses: Json): Json {
  const out: Json = {};
  for (const status of Object.keys(responses).sort()) out[status] = responses[status];
  return out;
}

function mapRefs(schema: JsonSchema, to: (vmwareName: string) => string): JsonSchema {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' ? to(v.slice(v.lastIndexOf('/') + 1)) : k === 'enum' || k === 'required' ? v : visit(v);
    }
    return out;
  };
  return visit(schema) as JsonSchema;
}

const YAML_OPTIONS = { lineWidth: 0, flowCollectionPadding: false, aliasDuplicateObjects: false, singleQuote: true } as const;

/** A new spec file: a complete OpenAPI 3.1 document. */
function newFile(file: string, plan: FilePlan): string {
  const paths: Json = {};
  for (const key of [...plan.newItems.keys()].sort()) paths[key] = orderItem(plan.newItems.get(key)!);
  const first = [...plan.newItems.keys()].sort()[0] ?? '';
  const area = splitPathKey(first).path;
  const resource = resourceOf(area);
  const schemas: Json = {};
  for (const name of [...plan.schemas.keys()].sort()) schemas[name] = plan.schemas.get(name);
  const doc: Json = {
    openapi: '3.1.0',
    info: {
      title: `${capital(namespaceSegments(area)[0] ?? 'api')} ${resource}`,
      version: '8.0.2',
      description: `Operations on the ${resource}, under ${area.replace(/\/\{[^}]+\}.*$/, '')}.`,
    },
    tags: [{ name: plan.tag, description: `${capital(resource)}.` }],
    paths,
    components: {
      securitySchemes: { session_id: { $ref: relativeRef(file, 'common/security.yaml', '/components/securitySchemes/session_id') } },
      ...(Object.keys(schemas).length > 0 ? { schemas } : {}),
    },
    security: [{ session_id: [] }],
  };
  return stringify(doc, YAML_OPTIONS);
}

function orderItem(item: Json): Json {
  const out: Json = {};
  if (item.parameters) out.parameters = item.parameters;
  for (const method of METHODS) if (item[method]) out[method] = item[method];
  return out;
}

function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** Index of the first line after `start` whose indentation is at most `depth` (the end of a block). */
function blockEnd(lines: string[], start: number, depth: number): number {
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (line.length - line.trimStart().length <= depth) return i;
  }
  return lines.length;
}

/**
 * Adds to a hand-written file without reformatting it: new methods at the end of their path item,
 * new path items at the end of `paths`, new schemas at the end of `components.schemas`.
 */
function extendFile(text: string, plan: FilePlan): string {
  let lines = text.replace(/\n$/, '').split('\n');
  const findTop = (name: string): number => lines.indexOf(`${name}:`);
  const findChild = (parent: number, depth: number, match: (key: string) => boolean): number => {
    const end = blockEnd(lines, parent, depth - 2);
    for (let i = parent + 1; i < end; i++) {
      const line = lines[i]!;
      if (line.length - line.trimStart().length !== depth || !line.trimEnd().endsWith(':')) continue;
      const raw = line.trim().slice(0, -1);
      const key = /^['"]/.test(raw) ? raw.slice(1, -1) : raw;
      if (match(key)) return i;
    }
    return -1;
  };
  const insertAt = (at: number, block: string): void => {
    lines = [...lines.slice(0, at), ...block.replace(/\n$/, '').split('\n'), ...lines.slice(at)];
  };
  for (const key of [...plan.addedMethods.keys()].sort()) {
    const pathsAt = findTop('paths');
    const itemAt = findChild(pathsAt, 2, (k) => k === key);
    if (itemAt === -1) throw new Error(`path item '${key}' not found while extending the file`);
    const methods = plan.addedMethods.get(key)!;
    const block: Json = {};
    for (const method of METHODS) if (methods.get(method)) block[method] = methods.get(method);
    insertAt(blockEnd(lines, itemAt, 2), indent(stringify(block, YAML_OPTIONS), 4));
  }
  if (plan.newItems.size > 0) {
    const pathsAt = findTop('paths');
    const block: Json = {};
    for (const key of [...plan.newItems.keys()].sort()) block[key] = orderItem(plan.newItems.get(key)!);
    insertAt(blockEnd(lines, pathsAt, 0), indent(stringify(block, YAML_OPTIONS), 2));
  }
  if (plan.schemas.size > 0) {
    const block: Json = {};
    for (const name of [...plan.schemas.keys()].sort()) block[name] = plan.schemas.get(name);
    let componentsAt = findTop('components');
    if (componentsAt === -1) {
      lines.push('components:');
      componentsAt = lines.length - 1;
    }
    const schemasAt = findChild(componentsAt, 2, (k) => k === 'schemas');
    if (schemasAt === -1) insertAt(blockEnd(lines, componentsAt, 0), indent(stringify({ schemas: block }, YAML_OPTIONS), 2));
    else insertAt(blockEnd(lines, schemasAt, 2), indent(stringify(block, YAML_OPTIONS), 4));
  }
  return `${lines.join('\n')}\n`;
}
