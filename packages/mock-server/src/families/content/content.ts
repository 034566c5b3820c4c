/**
 * Content libraries, library items and update sessions, on the inventory's `libraries`
 * and `library_items` (the seeded library is served too):
 *
 * - `GET /api/content/library` lists every library, the local/subscribed lists their own
 *   kind; create needs a name (and existing backing datastores); delete removes the
 *   library's items and their sessions, and is refused (RESOURCE_IN_USE) while a
 *   namespace's VM service uses the library.
 * - Items belong to an existing library and are unique by name in it.
 * - Update sessions: one ACTIVE session per item (RESOURCE_BUSY otherwise). Files are
 *   added while ACTIVE; `complete` gives the item the files, bumps its content version and
 *   size, and ends DONE. A PULL file whose source host is under `.invalid` (RFC 2606)
 *   cannot be fetched: `complete` then ends the session in ERROR (with `error_message`)
 *   and answers INVALID_ARGUMENT. `DELETE` of an ACTIVE session cancels it (CANCELED)
 *   and removes it; the item is unchanged.
 */
import { randomUUID } from 'node:crypto';
import { invalidArgument, notFound, VapiError } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Library, LibraryItem, UpdateSession, UpdateSessionFile } from '../../state/types.js';
import type { HandlerTable, OpContext, RequestBody } from '../../behaviours/types.js';
import { nameIndex } from '../name-index.js';
import { itemName, libraryName, refuseTakenItemName } from './names.js';

const libNotFound = (id: string) => notFound('Library', id, 'com.vmware.content.library.not_found');
const itemNotFound = (id: string) => notFound('Library item', id, 'com.vmware.content.library.item.not_found');
const sessionNotFound = (id: string) => notFound('Update session', id, 'com.vmware.content.library.item.update_session.not_found');

function getLibrary(s: Inventory, id: string, type?: Library['type']): Library {
  const lib = s.libraries.get(id);
  if (!lib || (type && lib.type !== type)) throw libNotFound(id);
  return lib;
}

function getItem(s: Inventory, id: string): LibraryItem {
  const item = s.libraryItems.get(id);
  if (!item) throw itemNotFound(id);
  return item;
}

function libraryModel(lib: Library): Record<string, unknown> {
  const spec = lib.spec ?? {};
  const backings = (spec.storage_backings as unknown[] | undefined) ?? (lib.datastore ? [{ type: 'DATASTORE', datastore_id: lib.datastore }] : []);
  return {
    ...pick(spec, ['publish_info', 'subscription_info', 'optimization_info', 'server_guid', 'security_policy_id']),
    id: lib.id,
    name: lib.name,
    type: lib.type,
    ...(lib.description !== undefined ? { description: lib.description } : {}),
    creation_time: lib.creation_time,
    last_modified_time: lib.last_modified_time ?? lib.creation_time,
    version: String(lib.spec?.version ?? '1'),
    storage_backings: backings,
  };
}

function itemModel(item: LibraryItem): Record<string, unknown> {
  return {
    id: item.id,
    library_id: item.library,
    name: item.name,
    type: item.type,
    ...(item.description !== undefined ? { description: item.description } : {}),
    size: item.size,
    cached: true,
    version: item.content_version ?? '1',
    content_version: item.content_version ?? '1',
    metadata_version: '1',
    creation_time: item.creation_time,
    last_modified_time: item.last_modified_time ?? item.creation_time,
    security_compliance: true,
    certificate_verification_info: { status: 'NOT_AVAILABLE' },
  };
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function createLibrary(type: Library['type']) {
  return ({ state, body }: OpContext) => {
    const s = state;
    const spec = (body ?? {}) as Record<string, unknown> & {
      name?: string;
      description?: string;
      type?: string;
      storage_backings?: { type?: string; datastore_id?: string }[];
    };
    if (!spec.name) throw invalidArgument("A library needs a 'name'.", ['name']);
    if (spec.type !== undefined && spec.type !== type) throw invalidArgument(`'type' must be ${type} here.`, ['type', String(spec.type)]);
    for (const b of spec.storage_backings ?? []) {
      if (b.datastore_id && !s.datastores.has(b.datastore_id)) throw notFound('Datastore', b.datastore_id);
    }
    if (nameIndex(s.libraries, libraryName).find(spec.name) !== undefined)
      throw new VapiError('ALREADY_EXISTS', `A library named '${spec.name}' already exists.`, [spec.name], 'com.vmware.content.library.already_exists');
    const id = randomUUID();
    const now = new Date().toISOString();
    const { name, description, type: _t, id: _i, ...rest } = spec;
    s.libraries.set(id, {
      id,
      name,
      type,
      creation_time: now,
      last_modified_time: now,
      ...(description !== undefined ? { description } : {}),
      ...(spec.storage_backings?.[0]?.datastore_id ? { datastore: spec.storage_backings[0].datastore_id } : {}),
      spec: rest,
    });
    nameIndex(s.libraries, libraryName).add(id, s.libraries.get(id)!);
    return { status: 201, body: id };
  };
}

function updateLibrary(type: Library['type']) {
  return ({ state, params, body }: OpContext) => {
    const lib = getLibrary(state, params.library_id!, type);
    const spec = (body ?? {}) as Record<string, unknown> & { name?: string; description?: string };
    if (spec.name !== undefined) {
      const names = nameIndex(state.libraries, libraryName);
      names.remove(lib.id, lib);
      lib.name = spec.name;
      names.add(lib.id, lib);
    }
    if (spec.description !== undefined) lib.description = spec.description;
    const { name: _n, description: _d, ...rest } = spec;
    lib.spec = { ...(lib.spec ?? {}), ...rest, version: String(Number(lib.spec?.version ?? 1) + 1) };
    lib.last_modified_time = new Date().toISOString();
    return { status: 204 };
  };
}

/** Deletes a library with its items and their update sessions. */
export function deleteLibrary(s: Inventory, id: string, type?: Library['type']): void {
  getLibrary(s, id, type);
  for (const ns of Object.values(s.rules.namespaces)) {
    const libs = (ns.spec.vm_service_spec as { content_libraries?: string[] } | undefined)?.content_libraries ?? [];
    if (libs.includes(id)) {
      throw new VapiError(
        'RESOURCE_IN_USE',
        `Library '${id}' is used by namespace '${ns.namespace}'.`,
        [id, ns.namespace],
        'com.vmware.content.library.in_use',
      );
    }
  }
  for (const item of [...s.libraryItems.values()]) if (item.library === id) deleteItem(s, item.id);
  nameIndex(s.libraries, libraryName).remove(id, s.libraries.get(id)!);
  s.libraries.delete(id);
}

function deleteItem(s: Inventory, id: string): void {
  nameIndex(s.libraryItems, itemName).remove(id, getItem(s, id));
  for (const [sid, sess] of Object.entries(s.rules.update_sessions)) if (sess.library_item_id === id) delete s.rules.update_sessions[sid];
  s.libraryItems.delete(id);
}

function getSession(s: Inventory, id: string): UpdateSession {
  const sess = s.rules.update_sessions[id];
  if (!sess) throw sessionNotFound(id);
  return sess;
}

function requireActive(sess: UpdateSession): void {
  if (sess.state !== 'ACTIVE') {
    throw new VapiError(
      'NOT_ALLOWED_IN_CURRENT_STATE',
      `Update session '${sess.id}' is ${sess.state}, not ACTIVE.`,
      [sess.id, sess.state],
      'com.vmware.content.library.item.update_session.not_active',
    );
  }
}

function unreachable(f: UpdateSessionFile): boolean {
  if (f.source_type !== 'PULL') return false;
  try {
    const host = new URL(f.source_endpoint?.uri ?? '').hostname;
    return host === 'invalid' || host.endsWith('.invalid');
  } catch {
    return true;
  }
}

export const contentHandlers: HandlerTable = {
  'GET /api/content/library': ({ state }) => ({ body: [...state.libraries.keys()] }),
  'GET /api/content/library/{library_id}': ({ state, params }) => ({ body: libraryModel(getLibrary(state, params.library_id!)) }),
  'POST /api/content/library?action=find': ({ state, body }) => {
    const spec = (body ?? {}) as RequestBody<'POST /api/content/library?action=find'>;
    const out = [];
    for (const l of state.libraries.values()) {
      if (spec.name !== undefined && l.name !== spec.name) continue;
      if (spec.type !== undefined && l.type !== spec.type) continue;
      out.push(l.id);
    }
    return { body: out };
  },
  'GET /api/content/local-library': ({ state }) => ({ body: [...state.libraries.values()].filter((l) => l.type === 'LOCAL').map((l) => l.id) }),
  'POST /api/content/local-library': createLibrary('LOCAL'),
  'PATCH /api/content/local-library/{library_id}': updateLibrary('LOCAL'),
  'DELETE /api/content/local-library/{library_id}': ({ state, params }) => {
    deleteLibrary(state, params.library_id!, 'LOCAL');
    return { status: 204 };
  },
  'POST /api/content/local-library/{library_id}?action=publish': ({ state, params }) => {
    getLibrary(state, params.library_id!, 'LOCAL');
    return { status: 204 };
  },
  'GET /api/content/subscribed-library': ({ state }) => ({ body: [...state.libraries.values()].filter((l) => l.type === 'SUBSCRIBED').map((l) => l.id) }),
  'POST /api/content/subscribed-library': createLibrary('SUBSCRIBED'),
  'PATCH /api/content/subscribed-library/{library_id}': updateLibrary('SUBSCRIBED'),
  'DELETE /api/content/subscribed-library/{library_id}': ({ state, params }) => {
    deleteLibrary(state, params.library_id!, 'SUBSCRIBED');
    return { status: 204 };
  },
  'POST /api/content/subscribed-library/{library_id}?action=sync': ({ state, params }) => {
    getLibrary(state, params.library_id!, 'SUBSCRIBED');
    return { status: 204 };
  },
  'POST /api/content/subscribed-library/{library_id}?action=evict': ({ state, params }) => {
    getLibrary(state, params.library_id!, 'SUBSCRIBED');
    return { status: 204 };
  },

  'GET /api/content/library/item': ({ state, query }) => {
    const lib = getLibrary(state, String(query.library_id));
    return { body: [...state.libraryItems.values()].filter((i) => i.library === lib.id).map((i) => i.id) };
  },
  'POST /api/content/library/item': ({ state, body }) => {
    const s = state;
    const spec = (body ?? {}) as Partial<RequestBody<'POST /api/content/library/item'>>;
    if (!spec.library_id) throw invalidArgument("An item needs a 'library_id'.", ['library_id']);
    if (!spec.name) throw invalidArgument("An item needs a 'name'.", ['name']);
    const lib = getLibrary(s, spec.library_id);
    refuseTakenItemName(s, lib.id, spec.name);
    const id = randomUUID();
    const now = new Date().toISOString();
    s.libraryItems.set(id, {
      id,
      library: lib.id,
      name: spec.name,
      type: spec.type ?? '',
      size: 0,
      creation_time: now,
      last_modified_time: now,
      content_version: '1',
      files: [],
      ...(spec.description !== undefined ? { description: spec.description } : {}),
    });
    nameIndex(s.libraryItems, itemName).add(id, s.libraryItems.get(id)!);
    return { status: 201, body: id };
  },
  'POST /api/content/library/item?action=find': ({ state, body }) => {
    const spec = (body ?? {}) as RequestBody<'POST /api/content/library/item?action=find'>;
    const out = [];
    for (const i of state.libraryItems.values()) {
      if (spec.name !== undefined && i.name !== spec.name) continue;
      if (spec.library_id !== undefined && i.library !== spec.library_id) continue;
      if (spec.type !== undefined && i.type !== spec.type) continue;
      if (spec.cached === false || spec.source_id !== undefined) continue; // every local item is cached and has no source
      out.push(i.id);
    }
    return { body: out };
  },
  'GET /api/content/library/item/{library_item_id}': ({ state, params }) => ({ body: itemModel(getItem(state, params.library_item_id!)) }),
  'PATCH /api/content/library/item/{library_item_id}': ({ state, params, body }) => {
    const item = getItem(state, params.library_item_id!);
    const spec = (body ?? {}) as RequestBody<'PATCH /api/content/library/item/{library_item_id}'>;
    if (spec.name !== undefined && spec.name !== item.name) {
      refuseTakenItemName(state, item.library, spec.name);
      const names = nameIndex(state.libraryItems, itemName);
      names.remove(item.id, item);
      item.name = spec.name;
      names.add(item.id, item);
    }
    if (spec.description !== undefined) item.description = spec.description;
    if (spec.type !== undefined) item.type = spec.type;
    item.last_modified_time = new Date().toISOString();
    return { status: 204 };
  },
  'DELETE /api/content/library/item/{library_item_id}': ({ state, params }) => {
    deleteItem(state, params.library_item_id!);
    return { status: 204 };
  },

  'POST /api/content/library/item/update-session': ({ state, body }) => {
    const s = state;
    const spec = (body ?? {}) as Partial<RequestBody<'POST /api/content/library/item/update-session'>>;
    if (!spec.library_item_id) throw invalidArgument("An update session needs a 'library_item_id'.", ['library_item_id']);
    const item = getItem(s, spec.library_item_id);
    for (const other of Object.values(s.rules.update_sessions)) {
      if (other.library_item_id === item.id && other.state === 'ACTIVE') {
        throw new VapiError(
          'RESOURCE_BUSY',
          `Item '${item.id}' already has an active update session ('${other.id}').`,
          [item.id, other.id],
          'com.vmware.content.library.item.update_session.busy',
        );
      }
    }
    const id = randomUUID();
    s.rules.update_sessions[id] = {
      id,
      library_item_id: item.id,
      library_item_content_version: item.content_version ?? '1',
      state: 'ACTIVE',
      files: [],
      expiration_time: new Date(Date.now() + 5 * 60_000).toISOString(),
    };
    return { status: 201, body: id };
  },
  'POST /api/content/library/item/update-session/{update_session_id}/file': ({ state, server, params, body }) => {
    const sess = getSession(state, params.update_session_id!);
    requireActive(sess);
    const f = body as UpdateSessionFile;
    if (f.source_type === 'PULL' && !f.source_endpoint) throw invalidArgument("A PULL file needs a 'source_endpoint'.", ['source_endpoint']);
    sess.files = sess.files.filter((x) => x.name !== f.name);
    sess.files.push(structuredClone(f));
    const base = server.baseUrl() || 'https://127.0.0.1';
    return {
      status: 201,
      body: {
        name: f.name,
        source_type: f.source_type,
        ...(f.size !== undefined ? { size: f.size } : {}),
        ...(f.checksum_info ? { checksum_info: f.checksum_info } : {}),
        ...(f.source_endpoint ? { source_endpoint: f.source_endpoint } : {}),
        ...(f.source_type === 'PUSH' ? { upload_endpoint: { uri: `${base}/cls/data/${sess.id}/${encodeURIComponent(f.name)}` } } : {}),
        bytes_transferred: 0,
        status: 'WAITING_FOR_TRANSFER',
      },
    };
  },
  'POST /api/content/library/item/update-session/{update_session_id}?action=complete': ({ state, params }) => {
    const s = state;
    const sess = getSession(s, params.update_session_id!);
    requireActive(sess);
    const item = s.libraryItems.get(sess.library_item_id);
    const bad = sess.files.find(unreachable);
    if (!item || bad) {
      const msg = item
        ? `File '${bad!.name}' could not be fetched from '${bad!.source_endpoint?.uri ?? ''}'.`
        : `Item '${sess.library_item_id}' no longer exists.`;
      sess.state = 'ERROR';
      sess.error_message = { id: 'com.vmware.content.library.item.update_session.transfer_failed', default_message: msg, args: [] };
      if (!item) throw itemNotFound(sess.library_item_id);
      throw invalidArgument(msg, [bad!.name], 'com.vmware.content.library.item.update_session.transfer_failed');
    }
    const version = String(Number(item.content_version ?? '1') + 1);
    const files = new Map((item.files ?? []).map((f) => [f.name, f]));
    for (const f of sess.files) files.set(f.name, { name: f.name, size: f.size ?? 0, version });
    item.files = [...files.values()];
    item.size = item.files.reduce((n, f) => n + f.size, 0);
    item.content_version = version;
    item.last_modified_time = new Date().toISOString();
    sess.state = 'DONE';
    return { status: 204 };
  },
  'DELETE /api/content/library/item/update-session/{update_session_id}': ({ state, params }) => {
    const sess = getSession(state, params.update_session_id!);
    if (sess.state === 'ACTIVE') sess.state = 'CANCELED';
    delete state.rules.update_sessions[sess.id];
    return { status: 204 };
  },
};
