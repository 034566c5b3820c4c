/**
 * How docs/api is cut into pages, and which page documents each schema.
 *
 * Every top-level namespace gets a folder with a README.md. A namespace with more
 * operations than fit on one readable page is split by its next namespace segment,
 * recursively, so `vcenter.vm.hardware.disk.create` lands on `vcenter/vm.hardware.md`
 * when `vcenter.vm` alone is too big. A schema lives on the page that owns the longest
 * namespace prefix shared by every operation that reaches it (directly or through other
 * schemas); one reached from several top-level namespaces lives on `shared.md`.
 */
import { posix } from 'node:path';
import type { Ir, IrOperation, JsonSchema } from '../../ir/types.js';
import { kebabCase } from '../../ir/naming.js';
import { resolvePointer, schemaRefsOf } from './schema-walk.js';

/** Above this many operations a namespace is split into one page per sub-namespace. */
export const MAX_OPERATIONS_PER_PAGE = 30;

export const DOCS_ROOT = 'docs/api';
export const SHARED_PAGE = `${DOCS_ROOT}/shared.md`;

export interface DocPage {
  /** Repository-relative path of the Markdown file. */
  readonly path: string;
  /** Namespace prefix the page covers (`['vcenter', 'vm']`); empty for the shared page. */
  readonly prefix: readonly string[];
  readonly operations: IrOperation[];
  readonly schemas: string[];
  /** Pages split off below this one (only the namespace README has any). */
  readonly children: DocPage[];
}

export interface DocLayout {
  /** Namespace READMEs, by top-level namespace, sorted. */
  readonly namespaces: readonly DocPage[];
  readonly shared: DocPage;
  /** Every page (namespace READMEs, their sub-pages, the shared page). */
  readonly pages: readonly DocPage[];
  readonly pageOfOperation: ReadonlyMap<string, DocPage>;
  readonly pageOfSchema: ReadonlyMap<string, DocPage>;
  /** Operations that name each schema themselves (body, response, parameter, task result). */
  readonly directUsers: ReadonlyMap<string, readonly IrOperation[]>;
}

function pagePath(prefix: readonly string[]): string {
  const [top, ...rest] = prefix;
  return rest.length === 0 ? `${DOCS_ROOT}/${top}/README.md` : `${DOCS_ROOT}/${top}/${rest.map(kebabCase).join('.')}.md`;
}

function newPage(prefix: readonly string[], operations: IrOperation[]): DocPage {
  return { path: pagePath(prefix), prefix, operations, schemas: [], children: [] };
}

/** The pages of one namespace prefix: one page, or its own operations plus a page per sub-namespace. */
function split(prefix: readonly string[], operations: IrOperation[]): DocPage[] {
  if (operations.length <= MAX_OPERATIONS_PER_PAGE) return [newPage(prefix, operations)];
  const own = operations.filter((op) => op.namespace.length === prefix.length);
  const groups = new Map<string, IrOperation[]>();
  for (const op of operations) {
    if (op.namespace.length === prefix.length) continue;
    const next = op.namespace[prefix.length]!;
    groups.set(next, [...(groups.get(next) ?? []), op]);
  }
  const pages = [newPage(prefix, own)];
  for (const next of [...groups.keys()].sort()) pages.push(...split([...prefix, next], groups.get(next)!));
  return pages;
}

/** The schemas an operation names itself, inline body and response schemas included. */
function operationRefs(op: IrOperation, document: Ir['document']): Set<string> {
  const refs = new Set<string>();
  const pointers = [
    op.body?.schemaPointer,
    op.taskResult?.schemaPointer,
    ...op.responses.map((r) => r.schemaPointer),
    ...op.pathParams.map((p) => p.schemaPointer),
    ...op.queryParams.map((p) => p.schemaPointer),
  ];
  for (const pointer of pointers) {
    if (pointer) for (const name of schemaRefsOf(resolvePointer(document, pointer) as JsonSchema)) refs.add(name);
  }
  return refs;
}

const commonPrefix = (a: readonly string[], b: readonly string[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) out.push(a[i]!);
  return out;
};

export function layoutDocs(ir: Pick<Ir, 'operations' | 'schemas' | 'document'>): DocLayout {
  const byTop = new Map<string, IrOperation[]>();
  for (const op of ir.operations) byTop.set(op.namespace[0]!, [...(byTop.get(op.namespace[0]!) ?? []), op]);
  const namespaces: DocPage[] = [];
  const pages: DocPage[] = [];
  const pageOfOperation = new Map<string, DocPage>();
  const pageByPrefix = new Map<string, DocPage>();
  for (const top of [...byTop.keys()].sort()) {
    const [readme, ...children] = split([top], byTop.get(top)!);
    readme!.children.push(...children);
    namespaces.push(readme!);
    for (const page of [readme!, ...children]) {
      pages.push(page);
      pageByPrefix.set(page.prefix.join('.'), page);
      for (const op of page.operations) pageOfOperation.set(op.id, page);
    }
  }
  const shared: DocPage = { path: SHARED_PAGE, prefix: [], operations: [], schemas: [], children: [] };
  pages.push(shared);

  // Which operations reach each schema, through any depth of references.
  const refsOfSchema = new Map(Object.entries(ir.schemas).map(([name, s]) => [name, schemaRefsOf(s.schema)]));
  const reachedBy = new Map<string, IrOperation[]>();
  const directUsers = new Map<string, IrOperation[]>();
  for (const op of ir.operations) {
    const direct = operationRefs(op, ir.document);
    for (const name of direct) directUsers.set(name, [...(directUsers.get(name) ?? []), op]);
    const seen = new Set<string>();
    const stack = [...direct];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      reachedBy.set(name, [...(reachedBy.get(name) ?? []), op]);
      stack.push(...(refsOfSchema.get(name) ?? []));
    }
  }

  /** The page owning a namespace prefix: the longest page prefix it starts with. */
  const owner = (prefix: readonly string[]): DocPage => {
    for (let n = prefix.length; n > 0; n--) {
      const page = pageByPrefix.get(prefix.slice(0, n).join('.'));
      if (page) return page;
    }
    return shared;
  };
  const pageOfSchema = new Map<string, DocPage>();
  for (const name of Object.keys(ir.schemas).sort()) {
    const users = reachedBy.get(name);
    // A schema no operation reaches (kept for completeness) goes with the namespace of its spec file.
    const prefix = users ? users.map((op) => op.namespace).reduce(commonPrefix) : [ir.schemas[name]!.file.split('/')[0]!.replace(/\.yaml$/, '')];
    const page = owner(prefix);
    page.schemas.push(name);
    pageOfSchema.set(name, page);
  }
  // A split leaves a page for each prefix; one that got neither operations nor schemas says nothing.
  const empty = (page: DocPage): boolean => page.prefix.length > 1 && page.operations.length === 0 && page.schemas.length === 0;
  for (const readme of namespaces) readme.children.splice(0, readme.children.length, ...readme.children.filter((p) => !empty(p)));
  return { namespaces, shared, pages: pages.filter((p) => !empty(p)), pageOfOperation, pageOfSchema, directUsers };
}

/** A relative link from one page to another (or to an anchor on it). */
export function linkBetween(from: DocPage | string, to: DocPage | string, anchor?: string): string {
  const fromPath = typeof from === 'string' ? from : from.path;
  const toPath = typeof to === 'string' ? to : to.path;
  const file = fromPath === toPath ? '' : posix.relative(posix.dirname(fromPath), toPath);
  return anchor ? `${file}#${anchor}` : file;
}
