/**
 * vCenter's inventory tree in govc's layout, walked through filtered lists of the Automation API:
 *
 *   /<datacenter folders…>/<datacenter>/vm/<folders…>/<vm>
 *                                      /host/<folders…>/<cluster>/<host>
 *                                      /host/<folders…>/<cluster or standalone host>/Resources/<pools…>
 *                                      /datastore/<folders…>/<datastore>
 *                                      /network/<folders…>/<network>
 *
 * The API answers no parent of an object, so the tree is only walked downwards: each step is one
 * list filtered by the container (`folders=`, `parent_folders=`, `clusters=`, `parent_resource_pools=`).
 * The one place that says which object sits in which container: paths are read here
 * ({@link walkPath}) and written here ({@link pathsOf}).
 */
import type { Caller, RequestOptions } from '@vsphere-kit/core/caller';
import type { RouteDef } from '@vsphere-kit/core/route';
import { OBJECT_KINDS, type ObjectKind } from '../generated/object-kinds.gen.js';
import { VCENTER_CLUSTER_GET } from '../generated/services/vcenter/cluster.gen.js';
import { VCENTER_DATACENTER_GET } from '../generated/services/vcenter/datacenter.gen.js';

/** vCenter's root folder (govc's `/`): the same identifier in every vCenter. */
const ROOT_FOLDER = 'group-d1';

/** The folder trees of the inventory: the datacenter folders, and the four below each datacenter (with the datacenter field that holds each root). */
type Tree = 'datacenter' | 'vm' | 'host' | 'datastore' | 'network';
const DATACENTER_TREES = { vm: 'vm_folder', host: 'host_folder', datastore: 'datastore_folder', network: 'network_folder' } as const;
const TREE_NAMES = Object.keys(DATACENTER_TREES) as readonly (keyof typeof DATACENTER_TREES)[];

/** A place in the tree: what it is, its identifier and its path. */
export interface TreeNode {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly name: string;
  readonly path: string;
  /** The folder tree a folder belongs to. */
  readonly tree?: Tree;
}

/** What a container holds, by kind (the leaf kinds of each folder tree, and the compute resources' contents). */
function childKinds(node: TreeNode): readonly ObjectKind[] {
  switch (node.kind) {
    case 'folder':
      if (node.tree === 'datacenter') return ['datacenter', 'folder'];
      if (node.tree === 'host') return ['folder', 'cluster', 'host'];
      return ['folder', node.tree as ObjectKind];
    case 'datacenter':
      return ['folder'];
    case 'cluster':
      return ['host', 'resource_pool'];
    case 'host':
    case 'resource_pool':
      return ['resource_pool'];
    default:
      return [];
  }
}

/** The kinds that can hold a `kind`, directly or further down: only those are opened when paths are searched. */
const CONTAINERS: Readonly<Partial<Record<ObjectKind, readonly ObjectKind[]>>> = {
  datacenter: ['folder'],
  folder: ['folder', 'datacenter'],
  vm: ['folder', 'datacenter'],
  datastore: ['folder', 'datacenter'],
  network: ['folder', 'datacenter'],
  cluster: ['folder', 'datacenter'],
  host: ['folder', 'datacenter', 'cluster'],
  resource_pool: ['folder', 'datacenter', 'cluster', 'host', 'resource_pool'],
};
/** The trees below a datacenter in which each kind lives. */
const TREES_OF: Readonly<Partial<Record<ObjectKind, readonly Tree[]>>> = {
  vm: ['vm'],
  datastore: ['datastore'],
  network: ['network'],
  cluster: ['host'],
  host: ['host'],
  resource_pool: ['host'],
  folder: ['vm', 'host', 'datastore', 'network'],
};

/** Whether objects of `kind` have an inventory path. */
export function hasInventoryPath(kind: ObjectKind): boolean {
  return Object.hasOwn(CONTAINERS, kind);
}

/** Which children to ask for: those with one name, those among some identifiers, or (undefined) all. */
type Want = { readonly name: string } | { readonly ids: readonly string[] } | undefined;

function label(kind: string): string {
  return kind.replace(/_/g, ' ');
}

function wanted(want: Want, node: TreeNode): boolean {
  return !want || ('name' in want ? want.name === node.name : want.ids.includes(node.id));
}

/** A request budget: searching paths gives up (answers fewer paths) rather than walk a huge inventory. */
interface Budget {
  left: number;
}

export class InventoryTree {
  constructor(
    private readonly caller: Caller,
    private readonly options: RequestOptions,
  ) {}

  static readonly root: TreeNode = { kind: 'folder', id: ROOT_FOLDER, name: '', path: '', tree: 'datacenter' };

  async #call<T>(route: RouteDef, path: Record<string, string> | undefined, query: Record<string, unknown> | undefined, budget?: Budget): Promise<T> {
    if (budget) budget.left--;
    return this.caller.call<T>(route, { ...(path ? { path } : {}), ...(query ? { query } : {}) }, this.options);
  }

  /** Rows of a kind's list within a container scope, narrowed on the server by `want`. */
  async #list(kind: ObjectKind, scope: Record<string, unknown>, want: Want, parent: TreeNode, budget?: Budget): Promise<TreeNode[]> {
    const def = OBJECT_KINDS[kind];
    if (def.lookup !== 'list') return [];
    const query = { ...scope, ...(!want ? {} : 'name' in want ? { names: [want.name] } : { [def.idsFilter]: [...want.ids] }) };
    const rows = (await this.#call<Record<string, unknown>[]>(def.route, undefined, query, budget)) ?? [];
    return rows.map((r) => {
      const name = typeof r.name === 'string' ? r.name : String(r[def.idField]);
      return { kind, id: String(r[def.idField]), name, path: `${parent.path}/${name}`, ...(kind === 'folder' ? { tree: parent.tree } : {}) };
    });
  }

  /** The children of `node` of one kind that `want` names (all of them without `want`). */
  async children(node: TreeNode, kind: ObjectKind, want: Want, budget?: Budget): Promise<TreeNode[]> {
    if (!childKinds(node).includes(kind)) return [];
    switch (node.kind) {
      case 'folder':
        if (kind === 'folder') return this.#list('folder', { parent_folders: [node.id] }, want, node, budget);
        // A host in a cluster is the cluster's child, not its folder's.
        return this.#list(kind, { folders: [node.id], ...(kind === 'host' ? { standalone: true } : {}) }, want, node, budget);
      case 'datacenter': {
        const info = await this.#call<Record<string, unknown>>(VCENTER_DATACENTER_GET, { datacenter: node.id }, undefined, budget);
        const roots = TREE_NAMES.map(
          (tree): TreeNode => ({ kind: 'folder', id: String(info[DATACENTER_TREES[tree]]), name: tree, path: `${node.path}/${tree}`, tree }),
        );
        return roots.filter((r) => wanted(want, r));
      }
      case 'cluster': {
        if (kind === 'host') return this.#list('host', { clusters: [node.id] }, want, node, budget);
        // The cluster's root resource pool ("Resources").
        const info = await this.#call<Record<string, unknown>>(VCENTER_CLUSTER_GET, { cluster: node.id }, undefined, budget);
        const root = String(info.resource_pool);
        if (want && 'ids' in want && !want.ids.includes(root)) return [];
        return this.#list('resource_pool', { resource_pools: [root] }, want && 'name' in want ? want : undefined, node, budget);
      }
      case 'host':
        // A standalone host's root resource pool: the pool named Resources on the host.
        return (await this.#list('resource_pool', { hosts: [node.id], names: ['Resources'] }, undefined, node, budget)).filter((p) => wanted(want, p));
      case 'resource_pool':
        return this.#list('resource_pool', { parent_resource_pools: [node.id] }, want, node, budget);
      default:
        return [];
    }
  }

  /**
   * The objects of `kind` at an inventory path (`/DC0/vm/web/web-01`, `/Folder1/DC0/host/Cluster1/Resources/pool-a`):
   * one list per segment. Throws a {@link PathError} naming the segment that is missing.
   */
  async walkPath(kind: ObjectKind, path: string): Promise<TreeNode[]> {
    const segs = path.split('/').filter(Boolean);
    if (!segs.length) throw new PathError(`names no ${label(kind)} (expected ${INVENTORY_PATH_LAYOUT})`);
    let node = InventoryTree.root;
    for (const [i, seg] of segs.entries()) {
      const last = i === segs.length - 1;
      // Intermediate steps go through containers only; under a cluster, "Resources" is the usual one.
      const kinds = last ? [kind] : childKinds(node).filter((k) => k !== 'vm' && k !== 'datastore' && k !== 'network');
      if (!last && node.kind === 'cluster') kinds.reverse();
      let found: TreeNode[] = [];
      // govc names a standalone host twice, as its compute resource and as the host: /DC/host/esx-03/esx-03
      if (last && kind === 'host' && node.kind === 'host' && seg === node.name) return [node];
      for (const k of kinds) {
        found = await this.children(node, k, { name: seg });
        if (found.length) break;
      }
      if (!found.length) throw new PathError(this.#missing(node, kinds, seg));
      if (last) return found;
      if (found.length > 1) throw new PathError(`'${seg}' in ${node.path || '/'} names ${found.length} objects`);
      node = found[0]!;
    }
    return [];
  }

  #missing(node: TreeNode, kinds: readonly ObjectKind[], seg: string): string {
    const where = node.path;
    if (node.kind === 'datacenter') return `'${seg}' is not one of ${TREE_NAMES.join(', ')} (expected ${INVENTORY_PATH_LAYOUT})`;
    // Datacenter folders only group datacenters: a missing step there is a missing datacenter.
    if (node.tree === 'datacenter' && !kinds.includes('folder')) return `no ${label(kinds[0]!)} can be in ${where || '/'} (expected ${INVENTORY_PATH_LAYOUT})`;
    if (node.tree === 'datacenter') return `no datacenter named '${seg}'${where ? ` in ${where}` : ''}`;
    if (!childKinds(node).some((k) => kinds.includes(k))) return `no ${label(kinds[0]!)} can be in ${where} (expected ${INVENTORY_PATH_LAYOUT})`;
    const names = kinds.map((k) => (k === 'host' && node.kind === 'folder' ? 'standalone host' : label(k)));
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
    const pools = kinds.length === 1 && kinds[0] === 'resource_pool' && (node.kind === 'cluster' || node.kind === 'host');
    return `no ${list} named '${seg}' in ${where}${pools && seg !== 'Resources' ? ` (resource pools sit under ${where}/Resources)` : ''}`;
  }

  /**
   * The inventory paths of some objects of `kind` (for an error that lists them), searched from
   * the root through the containers that can hold the kind. Gives up after `maxRequests`: an
   * object not reached by then has no path in the answer.
   */
  async pathsOf(kind: ObjectKind, ids: readonly string[], maxRequests = 60): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const containers = CONTAINERS[kind];
    if (!containers) return out;
    const trees = TREES_OF[kind] ?? [];
    const budget: Budget = { left: maxRequests };
    let level: TreeNode[] = [InventoryTree.root];
    try {
      while (level.length && out.size < ids.length && budget.left > 0) {
        const next: TreeNode[] = [];
        for (const node of level) {
          const missing = ids.filter((id) => !out.has(id));
          if (!missing.length || budget.left <= 0) break;
          for (const k of childKinds(node)) {
            const opened = containers.includes(k);
            if ((!opened && k !== kind) || budget.left <= 0) continue;
            // A container kind is listed whole (its rows are the next level); the wanted kind alone only by the ids.
            for (const child of await this.children(node, k, opened ? undefined : { ids: missing }, budget)) {
              if (k === kind && missing.includes(child.id)) out.set(child.id, child.path);
              if (opened && (!child.tree || child.tree === 'datacenter' || trees.includes(child.tree))) next.push(child);
            }
          }
        }
        level = next;
      }
    } catch {
      // A failing step only means fewer paths: the caller's own error is what matters.
    }
    return out;
  }
}

/** The layout an inventory path follows (govc's), for messages. */
export const INVENTORY_PATH_LAYOUT = '/<datacenter>/vm|host|datastore|network/<folders>/<name>';

/** A path that names nothing: the message says which segment is missing, without the whole value. */
export class PathError extends Error {
  override name = 'PathError';
}
