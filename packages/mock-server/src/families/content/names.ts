/** The name keys of content: library names are unique across libraries, item names within their library. */
import type { Library, LibraryItem } from '../../state/types.js';
import { scopedName } from '../name-index.js';

export const libraryName = (l: Library): string => l.name;
export const itemName = (i: LibraryItem): string => scopedName(i.library, i.name);
