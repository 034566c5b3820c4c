// A path key ending in a bare query name (`…/file?name`) is its own operation: the mock routes a
// request carrying that parameter to it, and one without it to the plain operation of the same path.
import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

const ITEM = '3f1e5d7c-9b2a-4c6e-8d0f-1a3b5c7d9e2f';
const OVF = 'ubuntu-22.04.ovf';

describe('selector routes', () => {
  it('lists the files of an item without ?name and reads one file with it', async () => {
    const list = await api('GET', `/api/content/library/item/${ITEM}/file`);
    expect(list.status).toBe(200);
    expect(list.body.map((f: { name: string }) => f.name)).toEqual([OVF, 'ubuntu-22.04-disk1.vmdk']);

    const one = await api('GET', `/api/content/library/item/${ITEM}/file?name=${OVF}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ name: OVF, size: 19666, cached: true, version: '1' });
  });

  it('answers NOT_FOUND for a file or an item that does not exist', async () => {
    const file = await api('GET', `/api/content/library/item/${ITEM}/file?name=nope.iso`);
    expect([file.status, file.body.error_type]).toEqual([404, 'NOT_FOUND']);
    expect(file.body.messages[0].default_message).toContain('nope.iso');
    const item = await api('GET', '/api/content/library/item/no-such-item/file?name=x');
    expect([item.status, item.body.error_type]).toEqual([404, 'NOT_FOUND']);
  });

  it('gives the storage of every file, or of the one ?file_name names', async () => {
    const all = await api('GET', `/api/content/library/item/${ITEM}/storage`);
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(2);
    const one = await api('GET', `/api/content/library/item/${ITEM}/storage?file_name=${OVF}`);
    expect(one.status).toBe(200);
    expect(one.body).toHaveLength(1);
    expect(one.body[0]).toMatchObject({ name: OVF, size: 19666, cached: true });
    expect(one.body[0].storage_uris[0]).toContain(OVF);
    // The selected read knows only the files of the item.
    expect((await api('GET', `/api/content/library/item/${ITEM}/storage?file_name=nope`)).status).toBe(404);
  });

  it('reads a file an update session added, by its name', async () => {
    const library = '5c4b6a1e-7d3f-4f3c-9a51-2f8e0d6b1c77';
    const item = await api('POST', '/api/content/library/item', { library_id: library, name: 'alpine', type: 'iso' });
    expect(item.status).toBe(201);
    const sess = await api('POST', '/api/content/library/item/update-session', { library_item_id: item.body });
    expect(sess.status).toBe(201);
    await api('POST', `/api/content/library/item/update-session/${sess.body}/file`, { name: 'alpine.iso', source_type: 'PUSH', size: 4096 });
    expect((await api('POST', `/api/content/library/item/update-session/${sess.body}?action=complete`)).status).toBe(204);
    const one = await api('GET', `/api/content/library/item/${item.body}/file?name=alpine.iso`);
    expect(one.body).toEqual({ name: 'alpine.iso', size: 4096, cached: true, version: '2' });
  });

  it('routes the download-session file read by ?file_name, the plain path to the list', async () => {
    const session = '1d3f5b7a-9c1e-4b3d-a5f7-b9d1f3a5c7e9';
    const list = await api('GET', `/api/content/library/item/download-session/${session}/file`);
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
    const one = await api('GET', `/api/content/library/item/download-session/${session}/file?file_name=${OVF}`);
    expect(one.status).toBe(200);
    expect(Array.isArray(one.body)).toBe(false);
    expect(one.body).toHaveProperty('status');
  });
});

describe('an action named like a plain operation', () => {
  it('routes POST ?action=delete to the action and DELETE to the plain delete', async () => {
    const action = await api('POST', '/api/hvc/links/link-1?action=delete', { credentials: { user_name: 'admin', password: 'Secret1!' } });
    expect(action.status).toBe(204);
    const bad = await api('POST', '/api/hvc/links/link-1?action=delete', { credentials: { user_name: 'admin' } });
    expect([bad.status, bad.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
    // DELETE on the same path is the plain delete, not the action.
    const plain = await api('DELETE', '/api/hvc/links/link-1');
    expect(plain.status).toBe(204);
  });
});
