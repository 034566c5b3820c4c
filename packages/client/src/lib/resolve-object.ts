/**
 * Finds an inventory object by identifier, name or inventory path, as govc does:
 * `vm-1072`, `web-01` or `/Datacenter/vm/web/web-01` (govc's layout, walked in `inventory-tree.ts`:
 * datacenters may sit in folders, hosts under clusters, resource pools under `<cluster>/Resources`).
 *
 * Every lookup is a filtered list on the server (`names=`, `folders=`, `parent_folders=`,
 * `clusters=`) or the kind's `?action=find`, so it costs a few requests however large the
 * inventory is; a value that looks like an identifier of the kind is taken without any. A name
 * several objects share is an error listing each with its inventory path.
 */
import type { Caller, RequestOptions } from '@vsphere-kit/core/caller';
import { VsphereError } from '@vsphere-kit/core/errors';
import { OBJECT_KINDS, type ObjectKind } from '../generated/object-kinds.gen.js';
import { hasInventoryPath, InventoryTree, PathError } from './inventory-tree.js';
import type { ObjectKindDef } from './object-kind.js';

export interface ResolvedObject {
  readonly kind: ObjectKind;
  readonly id: string;
  /** Known when a lookup found it. */
  readonly name?: string;
}

/** One of the objects a name matched. */
export interface ObjectCandidate {
  readonly id: string;
  readonly name?: string;
  /** Its inventory path (`/Datacenter/vm/web/web-01`), when the kind has one and a short search found it. */
  readonly path?: string;
}

/** No object of the kind has that name (or inventory path). */
export class ObjectNotFoundError extends VsphereError {
  override name = 'ObjectNotFoundError';
  /** What is missing, without the value: `no folder named 'web' in /DC0/vm`. */
  readonly reason: string;
  constructor(
    readonly kind: ObjectKind,
    readonly value: string,
    reason?: string,
  ) {
    const why = reason ?? `no ${label(kind)} named '${value}'`;
    super(value.startsWith('/') ? `inventory path '${value}': ${why}` : why);
    this.reason = why;
  }
}

/** A name that several objects of the kind share: give the identifier or the inventory path instead. */
export class AmbiguousObjectError extends VsphereError {
  override name = 'AmbiguousObjectError';
  constructor(
    readonly kind: ObjectKind,
    readonly value: string,
    readonly candidates: readonly ObjectCandidate[],
  ) {
    super(`${candidates.length} ${label(kind)}s are named '${value}': ${candidates.map((c) => (c.path ? `${c.id} (${c.path})` : c.id)).join(', ')}`);
  }
}

type CallerLike = Caller | { readonly core: Caller };

function toCaller(c: CallerLike): Caller {
  return 'call' in c && typeof c.call === 'function' ? c : (c as { core: Caller }).core;
}

function label(kind: string): string {
  return kind.replace(/_/g, ' ');
}

/** Whether `kind` is an object kind of the API (`vm`, `host`, …). */
export function isObjectKind(kind: string): kind is ObjectKind {
  return Object.hasOwn(OBJECT_KINDS, kind);
}

/** Whether `value` looks like an identifier of `kind` (and is then used without a lookup). */
export function looksLikeId(kind: ObjectKind, value: string): boolean {
  const def: ObjectKindDef = OBJECT_KINDS[kind];
  return def.idPattern !== undefined && new RegExp(def.idPattern).test(value);
}

/**
 * The identifier of the object `value` names: an identifier of the kind as is, an inventory path
 * (starting with `/`) walked folder by folder, or a name. Throws {@link ObjectNotFoundError} when
 * nothing matches and {@link AmbiguousObjectError} when a name matches several objects.
 */
export async function resolveObject(client: CallerLike, kind: ObjectKind, value: string, options: RequestOptions = {}): Promise<ResolvedObject> {
  if (!isObjectKind(kind)) throw new TypeError(`unknown object kind '${String(kind)}'`);
  if (looksLikeId(kind, value)) return { kind, id: value };
  const finder = new Finder(toCaller(client), options);
  return value.startsWith('/') ? finder.byPath(kind, value) : finder.byName(kind, value);
}

class Finder {
  readonly #tree: InventoryTree;

  constructor(
    private readonly caller: Caller,
    private readonly options: RequestOptions,
  ) {
    this.#tree = new InventoryTree(caller, options);
  }

  /** The matches of a name, with their inventory paths: for the error that asks to tell them apart. */
  async #ambiguous(kind: ObjectKind, value: string, found: readonly ObjectCandidate[]): Promise<AmbiguousObjectError> {
    const paths = hasInventoryPath(kind) ? await this.#tree.pathsOf(kind, [...new Set(found.map((c) => c.id))]) : new Map<string, string>();
    return new AmbiguousObjectError(
      kind,
      value,
      found.map((c) => (paths.has(c.id) ? { ...c, path: paths.get(c.id) } : c)),
    );
  }

  async byName(kind: ObjectKind, value: string): Promise<ResolvedObject> {
    const def: ObjectKindDef = OBJECT_KINDS[kind];
    let found: ObjectCandidate[];
    if (def.lookup === 'find') {
      const ids = (await this.caller.call<string[]>(def.route, { body: { name: value } }, this.options)) ?? [];
      found = ids.map((id) => ({ id, name: value }));
    } else {
      const rows = (await this.caller.call<Record<string, unknown>[]>(def.route, { query: { names: [value] } }, this.options)) ?? [];
      found = rows.map((r) => ({ id: String(r[def.idField!]), name: typeof r.name === 'string' ? r.name : undefined }));
      // An identifier of another form than the specs' examples (`dvportgroup-12` for a network).
      if (!found.length && def.idsFilter) {
        const byId = (await this.caller.call<Record<string, unknown>[]>(def.route, { query: { [def.idsFilter]: [value] } }, this.options)) ?? [];
        if (byId.length === 1) return { kind, id: value, name: typeof byId[0]!.name === 'string' ? byId[0]!.name : undefined };
      }
    }
    if (found.length === 1) return { kind, id: found[0]!.id, name: found[0]!.name ?? value };
    if (!found.length) throw new ObjectNotFoundError(kind, value);
    throw await this.#ambiguous(kind, value, found);
  }

  async byPath(kind: ObjectKind, path: string): Promise<ResolvedObject> {
    if (!hasInventoryPath(kind)) throw new ObjectNotFoundError(kind, path, `a ${label(kind)} has no inventory path: give its name or identifier`);
    let found: readonly { id: string; name: string; path: string }[];
    try {
      found = await this.#tree.walkPath(kind, path);
    } catch (err) {
      if (err instanceof PathError) throw new ObjectNotFoundError(kind, path, err.message);
      throw err;
    }
    if (found.length === 1) return { kind, id: found[0]!.id, name: found[0]!.name };
    throw new AmbiguousObjectError(
      kind,
      path,
      found.map((n) => ({ id: n.id, name: n.name, path: n.path })),
    );
  }
}
