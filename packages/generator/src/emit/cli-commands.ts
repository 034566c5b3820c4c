import type { IrBodyField, IrOperation, IrSchema, JsonSchema } from '../ir/types.js';
import { kebabCase } from '../ir/naming.js';
import { generatedHeader } from './header.js';
import { KindIndex } from './object-kinds.js';
import { literal, routeData } from './route-literal.js';

/** What commands are made from besides the operation: the component schemas (nested fields) and the object kinds. */
export interface CliContext {
  readonly schemas: Readonly<Record<string, IrSchema>>;
  readonly kinds: KindIndex;
}

export function cliContext(operations: readonly IrOperation[], schemas: Readonly<Record<string, IrSchema>>): CliContext {
  return { schemas, kinds: new KindIndex(operations) };
}

/** How deep `--help` and dot notation go into an object flag (`--placement.folder` is depth 1). */
const NESTED_DEPTH = 3;

/** CLI words of an operation: namespace segments and the operation, in kebab-case. */
export function commandWords(op: IrOperation): string[] {
  return [...op.namespace.map(kebabCase), kebabCase(op.name)];
}

/** The schema a flag's nested fields come from (a symbol: it names a shared list and stays out of the table). */
const FIELDS_OF = Symbol('fieldsOf');

function flag(op: IrOperation, p: IrBodyField & { example?: unknown }, where: 'path' | 'query' | 'body', ctx?: CliContext): Record<string, unknown> {
  const kind = ctx?.kinds.kindOf(op, p, p.example);
  const fields =
    ctx && where === 'body' && p.schema.type === 'object' && p.schema.ref ? nestedFields(ctx, op, { $ref: `#/components/schemas/${p.schema.ref}` }, '', 1) : [];
  return {
    flag: kebabCase(p.name),
    name: p.name,
    in: where,
    type: p.schema.type,
    ...(p.schema.itemType ? { itemType: p.schema.itemType } : {}),
    ...(p.schema.enum ? { enum: p.schema.enum.map(String) } : {}),
    required: p.required,
    description: firstSentence(p.description),
    ...(kind ? { object: kind.kind } : {}),
    ...(fields.length ? { fields, [FIELDS_OF]: p.schema.ref } : {}),
  };
}

function resolveRef(ctx: CliContext, node: JsonSchema | undefined): JsonSchema | undefined {
  let cur = node;
  for (let i = 0; i < 10 && cur && typeof cur.$ref === 'string'; i++) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(cur.$ref as string)?.[1];
    cur = name ? ctx.schemas[name]?.schema : undefined;
  }
  return cur;
}

function typeOf(schema: JsonSchema): string {
  const t = Array.isArray(schema.type) ? (schema.type as string[]).find((x) => x !== 'null') : schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(schema.enum)) return 'string';
  return 'object';
}

/**
 * The nested fields of an object-valued body field, as dot paths (`folder`, `cpu.count`), from its
 * schema: type, enum, required (within its parent) and the object kind it names. Objects nest up
 * to NESTED_DEPTH; arrays of objects stay whole (JSON or @file).
 */
function nestedFields(
  ctx: CliContext,
  op: IrOperation,
  raw: JsonSchema | undefined,
  prefix: string,
  depth: number,
  seen: ReadonlySet<string> = new Set(),
): Record<string, unknown>[] {
  const ref = typeof raw?.$ref === 'string' ? raw.$ref : undefined;
  if ((ref && seen.has(ref)) || depth > NESTED_DEPTH) return [];
  const schema = resolveRef(ctx, raw);
  const props = schema?.properties as Record<string, JsonSchema> | undefined;
  if (!schema || !props) return [];
  const inner = ref ? new Set([...seen, ref]) : seen;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const out: Record<string, unknown>[] = [];
  for (const [name, prop] of Object.entries(props).sort(([a], [b]) => Number(required.has(b)) - Number(required.has(a)) || a.localeCompare(b))) {
    const node = resolveRef(ctx, prop) ?? {};
    const type = typeOf(node);
    const items = type === 'array' ? (resolveRef(ctx, node.items as JsonSchema | undefined) ?? {}) : undefined;
    const itemType = items ? typeOf(items) : undefined;
    const en = (items ?? node).enum as unknown[] | undefined;
    const path = `${prefix}${name}`;
    const object = prop['x-vsphere-object'] ?? node['x-vsphere-object'];
    const summary = { type, ...(itemType ? { itemType } : {}), ...(en ? { enum: en } : {}), ...(typeof object === 'string' ? { object } : {}) };
    const kind = ctx.kinds.kindOf(op, { name, schema: summary });
    out.push({
      path,
      type,
      ...(itemType ? { itemType: itemType === 'array' ? 'object' : itemType } : {}),
      ...(en ? { enum: en.map(String) } : {}),
      required: required.has(name),
      description: firstSentence(String(prop.description ?? node.description ?? '')),
      ...(kind ? { object: kind.kind } : {}),
    });
    if (type === 'object') out.push(...nestedFields(ctx, op, prop, `${path}.`, depth + 1, inner));
  }
  return out;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}

/** A nested field's flag segment: `resource_pool` → `resource-pool`, `size_MiB` → `size-mib`. */
export function fieldSegment(name: string): string {
  return name.replace(/_/g, '-').toLowerCase();
}

/** A word as the shell reads it: quoted only when it has to be. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function scalarText(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * `--placement.folder group-v3` for each scalar leaf of an object whose leaves are all fields the
 * schema names (a free-form map's keys are not) and scalars; undefined when dot notation cannot say it.
 */
function dotFlags(flag: string, wire: string, value: Record<string, unknown>, known: ReadonlySet<string>): string[] | undefined {
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const path = wire ? `${wire}.${k}` : k;
    if (!known.has(path)) return undefined;
    const name = `${flag}.${fieldSegment(k)}`;
    const text = scalarText(v);
    if (text !== undefined) out.push(`--${name} ${shellWord(text)}`);
    else if (Array.isArray(v) && v.every((x) => scalarText(x) !== undefined && !String(x).includes(','))) out.push(`--${name} ${shellWord(v.join(','))}`);
    // An empty object has no leaves to spell in dots; without a flag of its own it would vanish from the body.
    else if (v && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length) out.push(`--${name} '{}'`);
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = dotFlags(name, path, v as Record<string, unknown>, known);
      if (!inner) return undefined;
      out.push(...inner);
    } else return undefined;
  }
  return out;
}

/** The flags that give one body field the value of the spec's example. */
function exampleFlags(f: Record<string, unknown>, value: unknown): string[] {
  const flag = String(f.flag);
  const text = scalarText(value);
  if (text !== undefined) return [`--${flag} ${shellWord(text)}`];
  if (Array.isArray(value) && f.itemType !== 'object' && value.every((x) => scalarText(x) !== undefined && !String(x).includes(','))) {
    return [`--${flag} ${shellWord(value.join(','))}`];
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && f.fields) {
    const known = new Set((f.fields as { path: string }[]).map((x) => x.path));
    const dots = dotFlags(flag, '', value as Record<string, unknown>, known);
    if (dots) return dots;
  }
  return [`--${flag} ${shellWord(JSON.stringify(value))}`];
}

function paramSample(f: Record<string, unknown>, example: unknown): string {
  if (example !== undefined) {
    if (Array.isArray(example)) return shellWord(example.map(String).join(','));
    const text = scalarText(example);
    if (text !== undefined) return shellWord(text);
  }
  return f.enum ? (f.enum as string[])[0]! : f.type === 'boolean' ? 'true' : f.type === 'integer' ? '1' : `<${String(f.name)}>`;
}

/**
 * One example invocation: required path and query flags with the specs' examples, and the body
 * of the operation's example as flags (dot notation for objects of scalars, JSON otherwise), or
 * as `--spec` when the body has no flags.
 */
function example(op: IrOperation, words: string[], flags: Record<string, unknown>[]): string {
  const parts = ['vsphere', ...words];
  const params = new Map([...op.pathParams, ...op.queryParams].map((p) => [p.name, p]));
  for (const f of flags) {
    if (!f.required || f.in === 'body') continue;
    parts.push(`--${String(f.flag)} ${paramSample(f, params.get(String(f.name))?.example)}`);
  }
  const body = op.body?.example;
  const bodyFlags = flags.filter((f) => f.in === 'body');
  const byName = new Map(bodyFlags.map((f) => [String(f.name), f]));
  if (op.body && body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).every((k) => byName.has(k))) {
    for (const [k, v] of Object.entries(body)) parts.push(...exampleFlags(byName.get(k)!, v));
  } else if (op.body && body !== undefined && op.body.contentType === 'application/json') {
    parts.push(`--spec ${shellWord(JSON.stringify(body))}`);
  } else {
    for (const f of bodyFlags) if (f.required) parts.push(`--${String(f.flag)} ${paramSample(f, undefined)}`);
    if (op.body && !bodyFlags.length) parts.push('--spec @body.json');
  }
  if (op.task) parts.push('--wait');
  return parts.join(' ');
}

/** The CLI command of one operation: words, flags and an example invocation. */
export function commandOf(op: IrOperation, ctx?: CliContext): Record<string, unknown> & { words: string[]; example: string } {
  const words = commandWords(op);
  // Every body field that does not clash with a path or query parameter is a flag; objects take
  // JSON, @file or dot notation (`--placement.folder`), arrays of objects JSON or @file.
  const taken = new Set([...op.pathParams, ...op.queryParams].map((p) => kebabCase(p.name)));
  // A body field called `spec` stays inside --spec, which gives the whole body.
  const bodyFields = (op.body?.fields ?? []).filter((f) => !taken.has(kebabCase(f.name)) && !(f.name === 'spec' && f.schema.type === 'object'));
  const flags = [
    ...op.pathParams.map((p) => flag(op, p, 'path', ctx)),
    ...op.queryParams.map((p) => flag(op, p, 'query', ctx)),
    ...bodyFields.map((p) => flag(op, p, 'body', ctx)),
  ];
  return {
    words,
    summary: op.summary,
    description: op.description.replace(/\s+/g, ' ').trim(),
    route: routeData(op),
    flags,
    bodyFlags: bodyFields.length > 0,
    example: example(op, words, flags),
  };
}

/** Stands in a command for a nested-field list the table declares once (`literal` prints the sentinel). */
const SHARED = (name: string) => `@@shared:${name}@@`;

/**
 * The nested-field lists that several flags share (a VM's placement, a library's storage backing) are
 * written once, as constants the commands refer to: written inline, one schema's fields stood in the
 * table as many times as operations take it. Named after the schema; numbered when it gives different lists.
 */
function shareFieldLists(commands: readonly Record<string, unknown>[]): string[] {
  const flagsWithFields = commands.flatMap((c) => (c.flags as Record<string, unknown>[]).filter((f) => Array.isArray(f.fields)));
  const uses = new Map<string, number>();
  for (const f of flagsWithFields) {
    const text = JSON.stringify(f.fields);
    uses.set(text, (uses.get(text) ?? 0) + 1);
  }
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const decls: string[] = [];
  for (const f of flagsWithFields) {
    const text = JSON.stringify(f.fields);
    if (uses.get(text)! < 2) continue;
    let name = names.get(text);
    if (!name) {
      const base = `${pascal(String((f as { [FIELDS_OF]?: string })[FIELDS_OF] ?? f.name))}Fields`;
      name = base;
      for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
      taken.add(name);
      names.set(text, name);
      decls.push(`const ${name}: readonly FieldDef[] = ${literal(f.fields)};`, '');
    }
    f.fields = SHARED(name);
  }
  return decls;
}

function pascal(name: string): string {
  return name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, _sep, c: string) => c.toUpperCase());
}

/** The command table of one top-level namespace. */
export function emitCommandTable(top: string, operations: readonly IrOperation[], ctx: CliContext): string {
  const commands = operations.map((op) => commandOf(op, ctx));
  const shared = shareFieldLists(commands);
  const table = literal(commands).replace(/"@@shared:(\w+)@@"/g, '$1');
  return [
    generatedHeader('specs/'),
    `import type { CommandTable${shared.length ? ', FieldDef' : ''} } from '../../runtime/command-types.js';`,
    '',
    ...shared,
    `/** Commands under \`vsphere ${top}\`. */`,
    `export const COMMANDS: CommandTable = ${table};`,
    '',
  ].join('\n');
}

/** `index.gen.ts`: top-level namespaces with lazy loaders, so start-up does not grow with the API. */
export function emitCommandIndex(tops: readonly { name: string; summary: string; count: number }[]): string {
  const entries = tops.map(
    (t) =>
      `  {\n    name: ${JSON.stringify(kebabCase(t.name))},\n    summary: ${JSON.stringify(t.summary)},\n    load: async () => (await import('./commands/${t.name}.gen.js')).COMMANDS,\n  },`,
  );
  return [
    generatedHeader('specs/'),
    "import type { NamespaceEntry } from '../runtime/command-types.js';",
    '',
    'export const NAMESPACES: readonly NamespaceEntry[] = [',
    ...entries,
    '];',
    '',
  ].join('\n');
}
