/** The Markdown of each docs/api page, from the layout (see layout.ts). */
import type { Ir, IrOperation, JsonSchema } from '../../ir/types.js';
import { commandOf } from '../cli-commands.js';
import { clientCallExample } from '../client-naming.js';
import { markdownHeader } from '../header.js';
import { PageAnchors } from './anchors.js';
import { DOCS_ROOT, type DocLayout, type DocPage, linkBetween } from './layout.js';
import { cell, fieldRows, fieldTable, isInlineObject, prose, type SchemaLink, type SchemaWords, typeText } from './schema-text.js';
import { resolvePointer } from './schema-walk.js';

type DocsIr = Pick<Ir, 'operations' | 'schemas' | 'document' | 'errorTypes'>;

/** Operations listed under each schema before "and N more". */
const USED_BY_SHOWN = 8;

/** A heading of a page: its Markdown text and, for operations and schemas, what it documents. */
interface Heading {
  readonly level: number;
  readonly text: string;
  readonly key?: string;
}

const opKey = (id: string): string => `op:${id}`;
const schemaKey = (name: string): string => `schema:${name}`;
const title = (page: DocPage): string => (page.prefix.length ? `\`${page.prefix.join('.')}\`` : 'Shared schemas and error types');

/** Every heading of a page, in order; rendering writes exactly these. */
function headingsOf(page: DocPage): Heading[] {
  const headings: Heading[] = [{ level: 1, text: title(page) }];
  if (page.children.length) headings.push({ level: 2, text: 'Pages' }, { level: 2, text: 'All operations' });
  if (page.path.endsWith('shared.md')) headings.push({ level: 2, text: 'Error types' });
  if (page.operations.length) {
    headings.push({ level: 2, text: 'Operations' });
    for (const op of page.operations) headings.push({ level: 3, text: `\`${op.id}\``, key: opKey(op.id) });
  }
  if (page.schemas.length) {
    headings.push({ level: 2, text: 'Schemas' });
    for (const name of page.schemas) headings.push({ level: 3, text: `\`${name}\``, key: schemaKey(name) });
  }
  return headings;
}

/** Anchors of every operation and schema, by page, as GitHub will make them. */
function anchorsOf(layout: DocLayout): Map<DocPage, Map<string, string>> {
  const out = new Map<DocPage, Map<string, string>>();
  for (const page of layout.pages) {
    const slugs = new PageAnchors();
    const byKey = new Map<string, string>();
    for (const heading of headingsOf(page)) {
      const anchor = slugs.next(heading.text);
      if (heading.key) byKey.set(heading.key, anchor);
    }
    out.set(page, byKey);
  }
  return out;
}

class PageWriter {
  private readonly lines: string[] = [];
  private readonly headings: Heading[];

  constructor(
    readonly page: DocPage,
    private readonly layout: DocLayout,
    private readonly anchors: Map<DocPage, Map<string, string>>,
    private readonly ir: DocsIr,
  ) {
    this.headings = headingsOf(page);
  }

  /** Writes the next heading of the page; it must be the one headingsOf() listed next. */
  heading(text: string): void {
    const next = this.headings.shift();
    if (next?.text !== text) throw new Error(`generator bug: ${this.page.path}: heading '${text}' written where '${next?.text}' was planned`);
    if (this.lines.length && this.lines.at(-1) !== '') this.lines.push('');
    this.lines.push(`${'#'.repeat(next.level)} ${text}`, '');
  }

  line(...text: string[]): void {
    this.lines.push(...text);
  }

  operationLink(op: IrOperation): string {
    const page = this.layout.pageOfOperation.get(op.id)!;
    return `[\`${op.id}\`](${linkBetween(this.page, page, this.anchors.get(page)!.get(opKey(op.id)))})`;
  }

  readonly schemaLink: SchemaLink = (name) => {
    const page = this.layout.pageOfSchema.get(name);
    if (!page) throw new Error(`generator bug: schema ${name} has no page`);
    return `[\`${name}\`](${linkBetween(this.page, page, this.anchors.get(page)!.get(schemaKey(name)))})`;
  };

  readonly words: SchemaWords = {
    link: this.schemaLink,
    describe: (name) => String(this.ir.schemas[name]?.schema.description ?? ''),
  };

  text(): string {
    if (this.headings.length) throw new Error(`generator bug: ${this.page.path}: heading '${this.headings[0]!.text}' planned but not written`);
    return `${markdownHeader('specs/')}${this.lines.join('\n').replace(/^\n+/, '')}\n`;
  }
}

function breadcrumb(w: PageWriter): void {
  const { page } = w;
  const parts = [`[API reference](${linkBetween(page, `${DOCS_ROOT}/README.md`)})`];
  if (page.prefix.length > 1) parts.push(`[\`${page.prefix[0]}\`](${linkBetween(page, `${DOCS_ROOT}/${page.prefix[0]}/README.md`)})`);
  w.line(parts.join(' › '));
}

/** The success response in words; an inline object (no named schema) is shown as the fields below. */
function responseText(op: IrOperation, ir: DocsIr, link: SchemaLink): { text: string; inline?: JsonSchema } {
  const success = op.responses.find((r) => r.status === op.success.status);
  if (!success?.schemaPointer) return { text: `${op.success.status}, no body` };
  const schema = resolvePointer(ir.document, success.schemaPointer) as JsonSchema;
  if (isInlineObject(schema)) return { text: `${op.success.status}, an object with the fields below`, inline: schema };
  return { text: `${op.success.status}, ${typeText(schema, link)}` };
}

function errorsText(op: IrOperation, ir: DocsIr, link: SchemaLink): string {
  const byType = new Map<string, number[]>();
  for (const r of op.responses) {
    if (r.status < 400) continue;
    const type = r.schemaPointer ? typeText(resolvePointer(ir.document, r.schemaPointer) as JsonSchema, link) : 'no body';
    byType.set(type, [...(byType.get(type) ?? []), r.status]);
  }
  return [...byType].map(([type, statuses]) => `${statuses.join(', ')} (${type})`).join('; ');
}

function writeOperation(w: PageWriter, op: IrOperation, ir: DocsIr): void {
  const link = w.schemaLink;
  w.heading(`\`${op.id}\``);
  w.line(`**${cell(op.summary)}** — \`${op.method} ${op.specKey}\`${op.since ? ` (since vSphere ${op.since})` : ''}`, '');
  if (op.description.trim()) w.line(prose(op.description), '');
  w.line(`- Client: \`${clientCallExample(op)}\``, `- CLI: \`${commandOf(op).example}\``);
  let inlineBody: JsonSchema | undefined;
  if (op.body) {
    const schema = resolvePointer(ir.document, op.body.schemaPointer) as JsonSchema;
    if (isInlineObject(schema)) inlineBody = schema;
    w.line(
      `- Request body (${op.body.contentType}${op.body.required ? ', required' : ''}): ${inlineBody ? 'an object with the fields below' : typeText(schema, link)}`,
    );
  }
  const response = responseText(op, ir, link);
  w.line(`- Response: ${response.text}`);
  if (op.task) {
    const result = op.taskResult ? `; the task's result: ${typeText(resolvePointer(ir.document, op.taskResult.schemaPointer) as JsonSchema, link)}` : '';
    w.line(`- Task: ${op.task === 'both' ? 'also runs as a task (`…Task()`, `--wait`)' : 'runs only as a task'}${result}`);
  }
  const errors = errorsText(op, ir, link);
  if (errors) w.line(`- Errors: ${errors}`);
  const params = [...op.pathParams.map((p) => ({ p, in: 'path' })), ...op.queryParams.map((p) => ({ p, in: 'query' }))];
  if (params.length) {
    w.line('', '| parameter | in | type | required | description |', '|---|---|---|---|---|');
    for (const { p, in: where } of params) {
      const type = typeText(resolvePointer(ir.document, p.schemaPointer) as JsonSchema, link);
      w.line(`| \`${p.name}\` | ${where} | ${type} | ${p.required ? 'yes' : 'no'} | ${cell(p.description)} |`);
    }
  }
  if (inlineBody) w.line('', 'Request body fields:', '', fieldTable(fieldRows(inlineBody, w.words)));
  if (response.inline) w.line('', 'Response fields:', '', fieldTable(fieldRows(response.inline, w.words)));
}

function writeSchema(w: PageWriter, name: string, ir: DocsIr): void {
  const { schema, file, since } = ir.schemas[name]!;
  w.heading(`\`${name}\``);
  if (typeof schema.description === 'string' && schema.description.trim()) w.line(prose(schema.description), '');
  const kind = schema.properties ? 'object' : typeText(schema, w.schemaLink);
  w.line(`Type: ${kind} · defined in \`specs/${file}\`${since ? ` · since vSphere ${since}` : ''}`);
  if (schema.properties) {
    const rows = fieldRows(schema, w.words);
    if (rows.length) w.line('', fieldTable(rows));
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      w.line('', `Other keys: ${typeText(schema.additionalProperties as JsonSchema, w.schemaLink)}.`);
    }
  }
}

function writeUsedBy(w: PageWriter, users: readonly IrOperation[]): void {
  if (!users.length) return;
  const shown = users.slice(0, USED_BY_SHOWN).map((op) => w.operationLink(op));
  const more = users.length > USED_BY_SHOWN ? ` and ${users.length - USED_BY_SHOWN} more` : '';
  w.line('', `Used by ${shown.join(', ')}${more}.`);
}

function writePage(page: DocPage, layout: DocLayout, anchors: Map<DocPage, Map<string, string>>, ir: DocsIr): string {
  const w = new PageWriter(page, layout, anchors, ir);
  w.heading(title(page));
  breadcrumb(w);
  if (page.children.length) {
    const all = [page, ...page.children];
    const count = all.reduce((n, p) => n + p.operations.length, 0);
    w.line('', `${count} operations on ${all.length} pages.`);
    w.heading('Pages');
    w.line('| page | operations | schemas |', '|---|---:|---:|');
    for (const p of all) {
      const name = `\`${p.prefix.join('.')}\``;
      w.line(`| ${p === page ? `${name} (this page)` : `[${name}](${linkBetween(page, p)})`} | ${p.operations.length} | ${p.schemas.length} |`);
    }
    w.heading('All operations');
    w.line('| operation | HTTP | summary |', '|---|---|---|');
    for (const op of all.flatMap((p) => p.operations).sort((a, b) => (a.id < b.id ? -1 : 1))) {
      w.line(`| ${w.operationLink(op)} | \`${cell(`${op.method} ${op.specKey}`)}\` | ${cell(op.summary)} |`);
    }
  }
  if (page.prefix.length > 1 && page.operations.length === 0) {
    w.line('', `Schemas that the pages under \`${page.prefix.join('.')}\` share.`);
  }
  if (page === layout.shared) {
    w.line('', 'Schemas that operations of several namespaces use, and the error types every operation may answer with.');
    w.heading('Error types');
    w.line('Every error answer carries one of these `error_type` values, always with the same HTTP status.', '');
    w.line('| error_type | HTTP status |', '|---|---:|');
    for (const e of ir.errorTypes) w.line(`| \`${e.type}\` | ${e.status} |`);
  }
  if (page.operations.length) {
    w.heading('Operations');
    w.line('| operation | HTTP | summary |', '|---|---|---|');
    for (const op of page.operations) w.line(`| ${w.operationLink(op)} | \`${cell(`${op.method} ${op.specKey}`)}\` | ${cell(op.summary)} |`);
    for (const op of page.operations) writeOperation(w, op, ir);
  }
  if (page.schemas.length) {
    w.heading('Schemas');
    for (const name of page.schemas) {
      writeSchema(w, name, ir);
      // The shared page's schemas (errors, messages) are used by nearly every operation: a list would say nothing.
      if (page !== layout.shared) writeUsedBy(w, layout.directUsers.get(name) ?? []);
    }
  }
  return w.text();
}

/** docs/api/README.md: the namespaces, their pages and schema counts. */
function writeIndex(layout: DocLayout, ir: DocsIr): string {
  const tasks = ir.operations.filter((o) => o.task).length;
  const lines = [
    markdownHeader('specs/').trimEnd(),
    '# vSphere Automation API reference (vsphere-kit)',
    '',
    `${ir.operations.length} operations (${tasks} of which can run as vCenter tasks) and ${Object.keys(ir.schemas).length} schemas.`,
    'Each namespace has a folder: its README lists its pages and every operation; each page documents its',
    'operations (client call, CLI command, parameters, body, response, errors) and the schemas they use, field by field.',
    `Schemas used across namespaces, and the error types, are in [shared.md](${linkBetween(`${DOCS_ROOT}/README.md`, layout.shared)}).`,
    '',
    '| namespace | operations | pages | schemas |',
    '|---|---:|---:|---:|',
  ];
  for (const ns of layout.namespaces) {
    const all = [ns, ...ns.children];
    const ops = all.reduce((n, p) => n + p.operations.length, 0);
    const schemas = all.reduce((n, p) => n + p.schemas.length, 0);
    lines.push(`| [\`${ns.prefix[0]}\`](${linkBetween(`${DOCS_ROOT}/README.md`, ns)}) | ${ops} | ${all.length} | ${schemas} |`);
  }
  lines.push(`| [shared](${linkBetween(`${DOCS_ROOT}/README.md`, layout.shared)}) | | 1 | ${layout.shared.schemas.length} |`);
  return `${lines.join('\n')}\n`;
}

/** Every file of docs/api. */
export function renderDocs(layout: DocLayout, ir: DocsIr): Map<string, string> {
  const anchors = anchorsOf(layout);
  const out = new Map<string, string>([[`${DOCS_ROOT}/README.md`, writeIndex(layout, ir)]]);
  for (const page of layout.pages) out.set(page.path, writePage(page, layout, anchors, ir));
  return out;
}
