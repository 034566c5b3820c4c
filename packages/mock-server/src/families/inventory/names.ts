/**
 * The name keys of the inventory (name-index.ts): a resource pool's name is unique among its
 * siblings, a host's name (case-insensitive) across the inventory, and datacenters and folders
 * share one name space per parent folder. Root pools and root folders take no part.
 */
import type { Datacenter, Folder, Host, ResourcePool } from '../../state/types.js';
import { scopedName } from '../name-index.js';

export const poolName = (p: ResourcePool): string | undefined => (p.parent === undefined ? undefined : scopedName(p.parent, p.name));
export const hostName = (h: Host): string => h.name.toLowerCase();
export const datacenterName = (d: Datacenter): string => scopedName(d.folder, d.name);
export const folderName = (f: Folder): string | undefined => (f.parent === undefined ? undefined : scopedName(f.parent, f.name));
