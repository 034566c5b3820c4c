/** The name keys of content: library names are unique across libraries, item names within their library. */
import { ErrorAnswer } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Library, LibraryItem } from '../../state/types.js';
import { nameIndex, scopedName } from '../name-index.js';

export const libraryName = (l: Library): string => l.name;
export const itemName = (i: LibraryItem): string => scopedName(i.library, i.name);

/**
 * The ALREADY_EXISTS refusal when `library` already holds an item named `name` (undefined when it
 * does not): the one check behind every way an item gets a name (item create and rename, a VM
 * template captured into a library), returned for the behaviour to return.
 */
export function takenItemName(state: Inventory, library: string, name: string): ErrorAnswer | undefined {
  if (nameIndex(state.libraryItems, itemName).find(scopedName(library, name)) === undefined) return undefined;
  return new ErrorAnswer(
    'ALREADY_EXISTS',
    `Library '${library}' already has an item named '${name}'.`,
    [name, library],
    'com.vmware.content.library.item.already_exists',
  );
}
