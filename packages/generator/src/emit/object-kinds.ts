/**
 * Inventory object kinds, derived from the specs: which parameters name a VM, a host, a folder…
 * so that the CLI (and the client's `resolveObject`) can take a name or an inventory path where
 * the API wants an identifier.
 *
 * A kind is a collection that can be searched by name on the server:
 * - `list`: a GET list operation that filters by `names` and by its own identifiers (the plural of
 *   the path's last segment: `GET /api/vcenter/vm?names=…&vms=…`);
 * - `find`: a `?action=find` operation whose body takes a `name` and answers identifiers
 *   (`POST /api/content/library?action=find`).
 * Its identifiers look like the examples the specs give for its parameters (`vm-1072`, a UUID);
 * a parameter whose example does not (the `network` of a Supervisor, `primary`) is another thing.
 */
import type { IrOperation } from '../ir/types.js';

export interface ObjectKind {
  readonly kind: string;
  readonly lookup: 'list' | 'find';
  /** The list or find operation. */
  readonly operation: IrOperation;
  /** The list's filter on identifiers (`vms`); list kinds only. */
  readonly idsFilter?: string;
  /** The list's filters that narrow by container (`folders`, `datacenters`, `clusters`, `parent_folders`). */
  readonly scopeFilters: readonly string[];
  /** What an identifier of this kind looks like. */
  readonly idPattern?: string;
  /** The parameter names that carry one object of this kind (`vm`; `library`, `library_id`). */
  readonly params: readonly string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const SCOPES = new Set(['folders', 'datacenters', 'clusters', 'hosts', 'parent_folders', 'parent_resource_pools']);

/** `/api/vcenter/resource-pool` → `resource_pool`, `/api/content/library/item` → `library_item`. */
function kindName(path: string): string | undefined {
  if (path.includes('{')) return undefined;
  const segs = path.split('/').filter(Boolean);
  if (segs[0] !== 'api' || segs.length < 3) return undefined;
  return segs.slice(2).join('_').replace(/-/g, '_');
}

/** `vm-1072` → `^vm-\d+$`; a UUID → the UUID pattern; several examples give an alternation. */
function patternOf(examples: Iterable<string>): string | undefined {
  const parts = new Set<string>();
  for (const ex of examples) {
    if (UUID.test(ex)) parts.add('UUID');
    else if (/^[a-z]+(-[a-z]*)?\d+$/.test(ex)) parts.add(ex.replace(/\d+$/, '\\d+'));
  }
  if (!parts.size) return undefined;
  if (parts.has('UUID')) return parts.size === 1 ? UUID_PATTERN : undefined;
  const list = [...parts].sort();
  return list.length === 1 ? `^${list[0]}$` : `^(?:${list.join('|')})$`;
}

function examplesOf(ops: readonly IrOperation[], names: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const op of ops) {
    for (const p of [...op.pathParams, ...op.queryParams]) {
      if (!names.has(p.name) || p.example === undefined) continue;
      for (const v of Array.isArray(p.example) ? p.example : [p.example]) out.push(String(v));
    }
  }
  return out;
}

/** Every object kind of the API, sorted by name. */
export function objectKinds(ops: readonly IrOperation[]): ObjectKind[] {
  const kinds = new Map<string, ObjectKind>();
  for (const op of ops) {
    const kind = kindName(op.path);
    if (!kind || kinds.has(kind)) continue;
    const query = new Set(op.queryParams.map((p) => p.name));
    if (op.method === 'GET' && op.name === 'list' && !op.pathParams.length && query.has('names') && query.has(`${kind}s`)) {
      const own = new Set([kind, `${kind}s`]);
      kinds.set(kind, {
        kind,
        lookup: 'list',
        operation: op,
        idsFilter: `${kind}s`,
        scopeFilters: [...query].filter((q) => SCOPES.has(q) && q !== `${kind}s`).sort(),
        idPattern: patternOf(examplesOf(ops, own)),
        params: [kind],
      });
    } else if (op.action === 'find' && !op.pathParams.length && op.body?.fields.some((f) => f.name === 'name' && f.schema.type === 'string')) {
      kinds.set(kind, {
        kind,
        lookup: 'find',
        operation: op,
        scopeFilters: [],
        idPattern: patternOf(examplesOf(ops, new Set([kind, `${kind}_id`]))),
        params: [kind, `${kind}_id`],
      });
    }
  }
  return [...kinds.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

/**
 * The one rule for which parameters and body fields (at any depth) name an object:
 * - the spec says so: `x-vsphere-object: vm` on the field's schema (`source` of a clone,
 *   `parent_folders`), for names that do not say the kind;
 * - otherwise the name does: `vm` → vm, `library_id` → library, and the plural filters of arrays
 *   (`hosts`). A parameter whose example is no identifier of the kind is something else; one
 *   without an example counts only where the word is unambiguous (no parameter of that name has a
 *   foreign example) and in a top namespace where the kind's identifiers appear.
 */
export class KindIndex {
  readonly kinds: readonly ObjectKind[];
  readonly #ambiguous = new Set<string>();
  readonly #tops = new Map<string, Set<string>>();

  constructor(ops: readonly IrOperation[]) {
    this.kinds = objectKinds(ops);
    for (const op of ops) {
      for (const p of [...op.pathParams, ...op.queryParams]) {
        const kind = this.#candidate(p.name, p.schema.type === 'array');
        if (!kind || p.example === undefined) continue;
        if (this.#matches(kind, p.example)) {
          const tops = this.#tops.get(kind.kind) ?? new Set<string>();
          tops.add(op.namespace[0] ?? '');
          this.#tops.set(kind.kind, tops);
        } else this.#ambiguous.add(kind.kind);
      }
    }
  }

  #candidate(name: string, array: boolean): ObjectKind | undefined {
    return this.kinds.find((k) => (array ? k.idsFilter === name || k.params.some((p) => `${p}s` === name) : k.params.includes(name)));
  }

  #matches(kind: ObjectKind, example: unknown): boolean {
    if (!kind.idPattern) return true;
    const re = new RegExp(kind.idPattern);
    return (Array.isArray(example) ? example : [example]).every((v) => re.test(String(v)));
  }

  /** The kind of one parameter or field of `op`, if it names an object. */
  kindOf(
    op: IrOperation,
    field: { name: string; schema: { type: string; itemType?: string; enum?: readonly unknown[]; object?: string } },
    example?: unknown,
  ): ObjectKind | undefined {
    const array = field.schema.type === 'array';
    const declared = field.schema.object;
    if (declared !== undefined) {
      const kind = this.kinds.find((k) => k.kind === declared);
      if (!kind)
        throw new Error(
          `${op.id}: field '${field.name}' says x-vsphere-object: ${declared}, which is no object kind (${this.kinds.map((k) => k.kind).join(', ')})`,
        );
      if ((array ? field.schema.itemType : field.schema.type) !== 'string')
        throw new Error(`${op.id}: field '${field.name}' has x-vsphere-object but holds no string identifier (or array of them)`);
      return kind;
    }
    if ((array ? field.schema.itemType : field.schema.type) !== 'string' || field.schema.enum) return undefined;
    const kind = this.#candidate(field.name, array);
    if (!kind) return undefined;
    if (example !== undefined) return this.#matches(kind, example) ? kind : undefined;
    if (this.#ambiguous.has(kind.kind)) return undefined;
    return this.#tops.get(kind.kind)?.has(op.namespace[0] ?? '') ? kind : undefined;
  }
}
