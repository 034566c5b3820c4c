/** How the inventory's writes resolve the objects a request names: one rule for every create and delete. */
import type { VcenterFolderType } from '@vsphere-kit/core/api-types';
import { invalidArgument, notFound, VapiError } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Folder } from '../../state/types.js';

/** The record `id` of `map`, or NOT_FOUND naming the kind and the id. */
export function existing<T>(map: ReadonlyMap<string, T>, id: string, kind: string): T {
  const found = map.get(id);
  if (!found) throw notFound(kind, id);
  return found;
}

/**
 * The folder a body names in `field`: NOT_FOUND when no folder has that id (as vCenter answers
 * for a missing folder), INVALID_ARGUMENT naming the field when it holds other things than `type`.
 */
export function folderOf(state: Inventory, id: string, type: VcenterFolderType, field: string): Folder {
  const folder = state.folders.get(id);
  if (!folder) throw new VapiError('NOT_FOUND', `'${field}': folder '${id}' does not exist.`, [field, id], 'com.vmware.api.vcenter.not_found');
  if (folder.type !== type)
    throw invalidArgument(
      `'${field}': folder '${id}' holds ${folder.type} objects, not ${type}.`,
      [field, id],
      'com.vmware.vapi.std.errors.invalid_element_type',
    );
  return folder;
}

/** A required non-blank text of a body (a name, a host name), or INVALID_ARGUMENT naming the field. */
export function requiredText(value: string | undefined, field: string): string {
  if (value === undefined || value.trim() === '') throw invalidArgument(`'${field}' must not be empty.`, [field]);
  return value;
}
