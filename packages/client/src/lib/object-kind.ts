import type { RouteDef } from '@vsphere-kit/core/route';

/** How the objects of one kind are found by name; the generator derives one per kind from the specs (`generated/object-kinds.gen.ts`). */
export interface ObjectKindDef {
  /** `list`: a GET that filters by `names` (and by identifiers); `find`: a `?action=find` POST that takes `{ name }` and answers identifiers. */
  readonly lookup: 'list' | 'find';
  readonly route: RouteDef;
  /** The identifier field of each row a list answers (`vm`). */
  readonly idField?: string;
  /** The list's filter on identifiers (`vms`). */
  readonly idsFilter?: string;
  /** The list's filters that narrow by container (`folders`, `datacenters`, `clusters`, `parent_folders`). */
  readonly scopeFilters: readonly string[];
  /** What an identifier looks like (`^vm-\d+$`): such a value is taken as is, without a lookup. */
  readonly idPattern?: string;
}
