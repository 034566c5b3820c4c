/** The name keys of content: library names are unique across libraries, item names within their library. */
import { VapiError } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Library, LibraryItem } from '../../state/types.js';
import { nameIndex, scopedName } from '../name-index.js';

export const libraryName = (l: Library): string => l.name;
export const itemName = (i: LibraryItem): string => scopedName(i.library, i.name);

/**
 * ALREADY_EXISTS when `library` already holds an item named `name`: the one check behind every way
 * an item gets a name (item create and rename, a VM template captured into a library).
 */
export function refuseTakenItemName(state: Inventory, library: string, name: string): void {
  if (nameIndex(state.libraryItems, itemName).find(scopedName(library, name)) === undefined) return;
  throw new VapiError(
    'ALREADY_EXISTS',
    `Library '${library}' already has an item named '${name}'.`,
    [name, library],
    'com.vmware.content.library.item.already_exists',
  );
}
