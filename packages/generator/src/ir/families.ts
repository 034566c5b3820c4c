import type { IrFamily, IrFamilyRole, IrOperation, IrOperationFamily } from './types.js';

type Draft = Omit<IrOperation, 'family'>;

const ITEM_SEGMENT = /^\{([^{}]+)\}$/;

/** `P/{id}` → `{ collection: P, idParam: id }`; undefined when the last segment is literal. */
function itemOf(path: string): { collection: string; idParam: string } | undefined {
  const slash = path.lastIndexOf('/');
  const m = ITEM_SEGMENT.exec(path.slice(slash + 1));
  return m ? { collection: path.slice(0, slash), idParam: m[1]! } : undefined;
}

const ITEM_ROLES: Partial<Record<Draft['method'], IrFamilyRole>> = { GET: 'get', PATCH: 'update', PUT: 'set', DELETE: 'delete' };
const COLLECTION_ROLES: Partial<Record<Draft['method'], IrFamilyRole>> = { GET: 'list', POST: 'create' };
/** A singleton is read, merged and replaced; vSphere also creates and deletes some (`POST`/`DELETE /api/session`). */
const SINGLETON_ROLES: Partial<Record<Draft['method'], IrFamilyRole>> = { GET: 'get', PATCH: 'update', PUT: 'set', POST: 'create', DELETE: 'delete' };
/** What makes a path without items a singleton rather than a path of actions. */
const SINGLETON_READS = new Set<Draft['method']>(['GET', 'PATCH', 'PUT']);

interface Building {
  kind: IrFamily['kind'];
  path: string;
  itemPath?: string;
  idParam?: string;
  parentParams: string[];
  roles: Partial<Record<'list' | 'create' | 'get' | 'update' | 'set' | 'delete', string>>;
  actions: string[];
  other: string[];
}

/**
 * Groups operations into resource families by path. A path `P` is a collection
 * when an operation (not an action) addresses `P/{id}` or a `list` operation reads
 * `P`; a path without items that is read or written (GET/PATCH/PUT) is a singleton;
 * any other path is an action family (its POST and DELETE still create and delete). `?action=` operations join the family of their path. The first operation
 * (by id) to claim a role keeps it; later ones are `other`.
 */
export function buildFamilies(operations: readonly Draft[]): {
  families: Record<string, IrFamily>;
  roles: Map<string, IrOperationFamily>;
} {
  const collections = new Map<string, string | undefined>(); // collection path → id parameter (none: items not addressed)
  for (const op of operations) {
    const item = op.action ? undefined : itemOf(op.path);
    if (item && collections.get(item.collection) === undefined) collections.set(item.collection, item.idParam);
  }
  // A path listed by a `list` operation is a collection even when no operation addresses its items.
  for (const op of operations) {
    if (!op.action && !op.selector && op.method === 'GET' && op.name === 'list' && !collections.has(op.path) && !isItemOfCollection(op.path))
      collections.set(op.path, undefined);
  }
  const singletons = new Set(
    operations.filter((op) => !op.action && SINGLETON_READS.has(op.method) && !collections.has(op.path) && !isItemOfCollection(op.path)).map((op) => op.path),
  );
  function isItemOfCollection(path: string): boolean {
    const item = itemOf(path);
    return !!item && collections.get(item.collection) !== undefined;
  }

  const building = new Map<string, Building>();
  const familyOf = (key: string, kind: IrFamily['kind']): Building => {
    let f = building.get(key);
    if (!f) {
      const idParam = collections.get(key);
      f = {
        kind,
        path: key,
        ...(idParam !== undefined ? { itemPath: `${key}/{${idParam}}`, idParam } : {}),
        parentParams: [...key.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!),
        roles: {},
        actions: [],
        other: [],
      };
      building.set(key, f);
    }
    return f;
  };

  const roles = new Map<string, IrOperationFamily>();
  for (const op of operations) {
    const item = itemOf(op.path);
    let family: Building;
    let role: IrFamilyRole | undefined;
    if (collections.has(op.path)) {
      family = familyOf(op.path, 'collection');
      role = op.action ? 'action' : COLLECTION_ROLES[op.method];
    } else if (item && collections.get(item.collection) !== undefined) {
      family = familyOf(item.collection, 'collection');
      role = op.action ? 'action' : ITEM_ROLES[op.method];
    } else {
      family = familyOf(op.path, singletons.has(op.path) ? 'singleton' : 'action');
      role = op.action ? 'action' : SINGLETON_ROLES[op.method];
    }
    // A selected read (`?name`) shares its path with the plain read, which keeps the role.
    if (op.selector) role = 'other';
    if (role === 'action') family.actions.push(op.id);
    else if (role && role !== 'other' && family.roles[role] === undefined) family.roles[role] = op.id;
    else {
      role = 'other';
      family.other.push(op.id);
    }
    roles.set(op.id, { family: family.path, role });
  }

  const families: Record<string, IrFamily> = {};
  for (const key of [...building.keys()].sort()) {
    const { roles: byRole, ...rest } = building.get(key)!;
    families[key] = { ...rest, ...byRole };
  }
  return { families, roles };
}
