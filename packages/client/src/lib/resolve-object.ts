/**
 * Finds an inventory object by identifier, name or inventory path, as govc does:
 * `vm-1072`, `web-01` or `/Datacenter/vm/web/web-01` (govc's layout:
 * `/<datacenter>/vm|host|datastore|network/<folders…>/<name>`; a host may sit under a cluster).
 *
 * Every lookup is a filtered list on the server (`names=`, `folders=`, `parent_folders=`,
 * `clusters=`) or the kind's `?action=find`, so it costs a few requests however large the
 * inventory is; a value that looks like an identifier of the kind is taken without any.
 */
import type { Caller, RequestOptions } from '@vsphere-kit/core/caller';
import { VsphereError } from '@vsphere-kit/core/errors';
import type { RouteDef } from '@vsphere-kit/core/route';
import { OBJECT_KINDS, type ObjectKind } from '../generated/object-kinds.gen.js';
import { VCENTER_DATACENTER_GET } from '../generated/services/vcenter/datacenter.gen.js';
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
    super(`${candidates.length} ${label(kind)}s are named '${value}': ${candidates.map((c) => c.id).join(', ')}`);
  }
}

/** The inventory trees below a datacenter (govc's layout) and the datacenter field that holds each root folder. */
const TREES: Readonly<Record<string, string>> = { vm: 'vm_folder', host: 'host_folder', datastore: 'datastore_folder', network: 'network_folder' };

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
  return value.startsWith('/') ? finder.byPath(kind, value) : finder.byName(kind, value, {});
}

class Finder {
  constructor(
    private readonly caller: Caller,
    private readonly options: RequestOptions,
  ) {}

  async #rows(route: RouteDef, query: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    return (await this.caller.call<Record<string, unknown>[]>(route, { query }, this.options)) ?? [];
  }

  /** Rows of a list kind matching `name` within `scope` (filters the kind supports). */
  async #named(kind: ObjectKind, name: string, scope: Record<string, string>): Promise<ObjectCandidate[]> {
    const def: ObjectKindDef = OBJECT_KINDS[kind];
    const query: Record<string, unknown> = { names: [name] };
    for (const [filter, id] of Object.entries(scope)) if (def.scopeFilters.includes(filter)) query[filter] = [id];
    const rows = await this.#rows(def.route, query);
    return rows.map((r) => ({ id: String(r[def.idField!]), name: typeof r.name === 'string' ? r.name : undefined }));
  }

  async byName(kind: ObjectKind, value: string, scope: Record<string, string>, where?: string): Promise<ResolvedObject> {
    const def: ObjectKindDef = OBJECT_KINDS[kind];
    let found: ObjectCandidate[];
    if (def.lookup === 'find') {
      const ids = (await this.caller.call<string[]>(def.route, { body: { name: value } }, this.options)) ?? [];
      found = ids.map((id) => ({ id, name: value }));
    } else {
      found = await this.#named(kind, value, scope);
      // An identifier of another form than the specs' examples (`dvportgroup-12` for a network).
      if (!found.length && !where && def.idsFilter) {
        const byId = await this.#rows(def.route, { [def.idsFilter]: [value] });
        if (byId.length === 1) return { kind, id: value, name: typeof byId[0]!.name === 'string' ? byId[0]!.name : undefined };
      }
    }
    if (found.length === 1) return { kind, id: found[0]!.id, name: found[0]!.name ?? value };
    if (!found.length) throw new ObjectNotFoundError(kind, value, where ? `no ${label(kind)} named '${value}' in ${where}` : undefined);
    throw new AmbiguousObjectError(kind, value, found);
  }

  async #one(kind: ObjectKind, name: string, scope: Record<string, string>, where: string): Promise<string | undefined> {
    const found = await this.#named(kind, name, scope);
    if (found.length > 1) throw new AmbiguousObjectError(kind, `${where}/${name}`, found);
    return found[0]?.id;
  }

  async byPath(kind: ObjectKind, path: string): Promise<ResolvedObject> {
    const segs = path.split('/').filter(Boolean);
    const layout = '/<datacenter>/vm|host|datastore|network/<folders>/<name>';
    const fail = (reason: string) => new ObjectNotFoundError(kind, path, reason);
    if (!segs.length) throw fail(`names no ${label(kind)} (expected ${layout})`);
    const dc = await this.#one('datacenter', segs[0]!, {}, '');
    if (!dc) throw fail(`no datacenter named '${segs[0]}'`);
    if (segs.length === 1) {
      if (kind === 'datacenter') return { kind, id: dc, name: segs[0] };
      throw fail(`names a datacenter, not a ${label(kind)} (expected ${layout})`);
    }
    const tree = segs[1]!;
    if (!Object.hasOwn(TREES, tree)) throw fail(`'${tree}' is not one of vm, host, datastore, network (expected ${layout})`);
    const info = await this.caller.call<Record<string, unknown>>(VCENTER_DATACENTER_GET, { path: { datacenter: dc } }, this.options);
    let folder = String(info[TREES[tree]!]);
    let cluster: string | undefined;
    let where = `/${segs[0]}/${tree}`;
    if (segs.length === 2) {
      if (kind === 'folder') return { kind, id: folder, name: tree };
      throw fail(`names a folder, not a ${label(kind)}`);
    }
    for (const seg of segs.slice(2, -1)) {
      if (cluster) throw fail(`nothing is inside a host of ${where}`);
      const child = await this.#one('folder', seg, { parent_folders: folder }, where);
      if (child) folder = child;
      else if (tree === 'host') {
        cluster = await this.#one('cluster', seg, { folders: folder }, where);
        if (!cluster) throw fail(`no folder or cluster named '${seg}' in ${where}`);
      } else throw fail(`no folder named '${seg}' in ${where}`);
      where = `${where}/${seg}`;
    }
    const leaf = segs[segs.length - 1]!;
    if (kind === 'folder') {
      const id = await this.#one('folder', leaf, { parent_folders: folder }, where);
      if (!id) throw fail(`no folder named '${leaf}' in ${where}`);
      return { kind, id, name: leaf };
    }
    if (kind === 'cluster' && !cluster) {
      const id = await this.#one('cluster', leaf, { folders: folder }, where);
      if (!id) throw fail(`no cluster named '${leaf}' in ${where}`);
      return { kind, id, name: leaf };
    }
    const def: ObjectKindDef = OBJECT_KINDS[kind];
    if (def.lookup !== 'list') throw fail(`a ${label(kind)} has no inventory path: give its name or identifier`);
    const scope: Record<string, string> = cluster ? { clusters: cluster } : { folders: folder };
    if (!Object.keys(scope).some((f) => def.scopeFilters.includes(f))) scope.datacenters = dc;
    try {
      return await this.byName(kind, leaf, scope, where);
    } catch (err) {
      if (err instanceof ObjectNotFoundError) throw fail(`no ${label(kind)} named '${leaf}' in ${where}`);
      throw err;
    }
  }
}
