/**
 * The files of a library item (`files` of the item's state, filled by an update session's
 * `complete`): the file list and, selected by `?name`, one file; the storage view of the
 * same files, all or, selected by `?file_name`, one. An unknown item or file is NOT_FOUND.
 */
import { notFound } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { LibraryItem } from '../../state/types.js';
import type { HandlerTable } from '../../behaviours/types.js';

type ItemFile = NonNullable<LibraryItem['files']>[number];

function itemOf(s: Inventory, id: string): LibraryItem {
  const item = s.libraryItems.get(id);
  if (!item) throw notFound('Library item', id, 'com.vmware.content.library.item.not_found');
  return item;
}

function fileOf(item: LibraryItem, name: string): ItemFile {
  const file = item.files?.find((f) => f.name === name);
  if (!file) throw notFound(`File of library item '${item.id}'`, name, 'com.vmware.content.library.item.file.not_found');
  return file;
}

// Every file of a local library is on its backing: cached, nothing to fetch.
const fileInfo = (f: ItemFile) => ({ name: f.name, size: f.size, cached: true, version: f.version });

function storageInfo(s: Inventory, item: LibraryItem, f: ItemFile) {
  const datastore = s.libraries.get(item.library)?.datastore;
  return {
    ...fileInfo(f),
    storage_backing: datastore ? { type: 'DATASTORE', datastore_id: datastore } : { type: 'OTHER' },
    storage_uris: [`ds:///vmfs/volumes/${datastore ?? 'library'}/contentlib-${item.library}/${item.id}/${f.name}`],
  };
}

export const itemFileHandlers: HandlerTable = {
  'GET /api/content/library/item/{library_item_id}/file': ({ state, params }) => ({
    body: (itemOf(state, params.library_item_id!).files ?? []).map(fileInfo),
  }),
  'GET /api/content/library/item/{library_item_id}/file?name': ({ state, params, query }) => ({
    body: fileInfo(fileOf(itemOf(state, params.library_item_id!), query.name)),
  }),
  'GET /api/content/library/item/{library_item_id}/storage': ({ state, params }) => {
    const item = itemOf(state, params.library_item_id!);
    return { body: (item.files ?? []).map((f) => storageInfo(state, item, f)) };
  },
  // VMware answers a list here too: the storage of the one file, on each of its backings.
  'GET /api/content/library/item/{library_item_id}/storage?file_name': ({ state, params, query }) => {
    const item = itemOf(state, params.library_item_id!);
    return { body: [storageInfo(state, item, fileOf(item, query.file_name))] };
  },
};
