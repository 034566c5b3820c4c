/** How the inventory's writes resolve the objects a request names: one rule for every create and delete. */
import type { VcenterFolderType } from '@vsphere-kit/core/api-types';
import { ErrorAnswer, invalidArgument, isErrorAnswer, notFound } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Folder } from '../../state/types.js';

/** The record `id` of `map`, or the NOT_FOUND answer (naming the kind and the id) for a behaviour to return. */
export function lookUp<T>(map: ReadonlyMap<string, T>, id: string, kind: string): T | ErrorAnswer {
  return map.get(id) ?? notFound(kind, id);
}

/** lookUp for a helper deep inside a behaviour that cannot return the answer: it throws it. */
export function existing<T>(map: ReadonlyMap<string, T>, id: string, kind: string): T {
  const found = lookUp(map, id, kind);
  if (isErrorAnswer(found)) throw found;
  return found;
}

/**
 * The folder a body names in `field`: NOT_FOUND when no folder has that id (as vCenter answers
 * for a missing folder), INVALID_ARGUMENT naming the field when it holds other things than `type`.
 */
export function folderOf(state: Inventory, id: string, type: VcenterFolderType, field: string): Folder | ErrorAnswer {
  const folder = state.folders.get(id);
  if (!folder) return new ErrorAnswer('NOT_FOUND', `'${field}': folder '${id}' does not exist.`, [field, id], 'com.vmware.api.vcenter.not_found');
  if (folder.type !== type)
    return invalidArgument(
      `'${field}': folder '${id}' holds ${folder.type} objects, not ${type}.`,
      [field, id],
      'com.vmware.vapi.std.errors.invalid_element_type',
    );
  return folder;
}

/** A required non-blank text of a body (a name, a host name), or INVALID_ARGUMENT naming the field. */
export function requiredText(value: string | undefined, field: string): string | ErrorAnswer {
  if (value === undefined || value.trim() === '') return invalidArgument(`'${field}' must not be empty.`, [field]);
  return value;
}
