/**
 * Content libraries and their items, with the files each item holds, as the seed's `libraries` and
 * `library_items`. What the mock reads back from a library's `spec` (families/content/content.ts:
 * storage backings, publish and subscription info, version) is kept there as it came.
 */
import type { Library, LibraryItem } from '../state/types.js';
import type { Reader } from './reader.js';
import { type Row, str } from './values.js';

/** The parts of a library's answer the mock keeps in its `spec`. */
const LIBRARY_SPEC_FIELDS = ['storage_backings', 'publish_info', 'subscription_info', 'optimization_info', 'server_guid', 'security_policy_id', 'version'];
const LIBRARY_TYPES = new Set<string>(['LOCAL', 'SUBSCRIBED'] satisfies Library['type'][]);

export interface RecordedContent {
  libraries: Library[];
  library_items: LibraryItem[];
}

export async function recordContent(r: Reader, datastores: ReadonlySet<string>): Promise<RecordedContent> {
  const libraries: Library[] = [];
  const library_items: LibraryItem[] = [];
  for (const id of (await r.get<unknown[]>('content.library.list')) ?? []) {
    if (typeof id !== 'string') continue;
    const info = await r.get<Row>('content.library.get', { path: { library_id: id } });
    const note = (pointer: string, message: string) => r.misfit('content.library.get', id, pointer, message);
    if (!LIBRARY_TYPES.has(String(info.type))) {
      note('/type', `library type ${JSON.stringify(info.type)} is neither LOCAL nor SUBSCRIBED: the library and its items are left out`);
      continue;
    }
    const spec: Row = {};
    for (const f of LIBRARY_SPEC_FIELDS) if (info[f] !== undefined) spec[f] = info[f];
    const backings = Array.isArray(info.storage_backings) ? (info.storage_backings as Row[]) : [];
    const datastore = backings.map((b) => str(b?.datastore_id)).find((d) => d !== undefined);
    if (datastore !== undefined && !datastores.has(datastore))
      note('/storage_backings', `datastore '${datastore}' is not in the recorded inventory: the library is recorded without it`);
    const created = str(info.creation_time);
    if (created === undefined) note('/creation_time', 'no creation time: recorded as the epoch');
    libraries.push({
      id,
      name: str(info.name) ?? id,
      type: info.type as Library['type'],
      ...(str(info.description) !== undefined ? { description: str(info.description) } : {}),
      ...(datastore !== undefined && datastores.has(datastore) ? { datastore } : {}),
      creation_time: created ?? new Date(0).toISOString(),
      ...(str(info.last_modified_time) !== undefined ? { last_modified_time: str(info.last_modified_time) } : {}),
      spec,
    });
    for (const itemId of (await r.get<unknown[]>('content.library.item.list', { query: { library_id: id } })) ?? []) {
      if (typeof itemId === 'string') library_items.push(await recordItem(r, id, itemId));
    }
  }
  return { libraries, library_items };
}

async function recordItem(r: Reader, library: string, id: string): Promise<LibraryItem> {
  const info = await r.get<Row>('content.library.item.get', { path: { library_item_id: id } });
  const note = (pointer: string, message: string) => r.misfit('content.library.item.get', id, pointer, message);
  const files = (await r.list('content.library.item.file.list', { path: { library_item_id: id } })).flatMap((f, i) => {
    if (typeof f.name === 'string' && typeof f.version === 'string')
      return [{ name: f.name, size: Number.isFinite(f.size) ? Number(f.size) : 0, version: f.version }];
    r.misfit('content.library.item.file.list', id, `/${i}`, 'a file without a name or version: left out');
    return [];
  });
  const created = str(info.creation_time);
  if (created === undefined) note('/creation_time', 'no creation time: recorded as the epoch');
  const type = str(info.type);
  if (type === undefined) note('/type', 'no item type: recorded as an empty one');
  const contentVersion = str(info.content_version);
  return {
    id,
    library,
    name: str(info.name) ?? id,
    type: type ?? '',
    ...(str(info.description) !== undefined ? { description: str(info.description) } : {}),
    size: Number.isFinite(info.size) ? Number(info.size) : 0,
    creation_time: created ?? new Date(0).toISOString(),
    ...(str(info.last_modified_time) !== undefined ? { last_modified_time: str(info.last_modified_time) } : {}),
    ...(contentVersion !== undefined && contentVersion !== '1' ? { content_version: contentVersion } : {}),
    ...(files.length ? { files } : {}),
  };
}
