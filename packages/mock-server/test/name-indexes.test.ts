// Name indexes (families/name-index.ts): every duplicate-name check is a lookup, not a scan of
// the collection, and it stays right across create, rename, delete, reparenting, reset() and a
// restart from the persisted state. Duplicates are still refused as before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startMockServer } from '../src/index.js';
import type { TrackedMap } from '../src/state/tracked-map.js';
import { call, login, useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

const LIBRARY = (name: string) => ({ name, type: 'LOCAL', storage_backings: [{ type: 'DATASTORE', datastore_id: 'datastore-1061' }] });
const POOL = (name: string, parent: string) => ({ name, parent });
const HOST = (hostname: string) => ({ hostname, user_name: 'root', password: 'VMware1!', folder: 'group-h1004', thumbprint_verification: 'NONE' });

/** Fails the test if `map` is iterated while `run` goes: a duplicate check must be a lookup. */
async function withoutScans<T>(map: TrackedMap<unknown>, run: () => Promise<T>): Promise<T> {
  const scans = ['values', 'keys', 'entries', 'forEach', Symbol.iterator].map((m) => vi.spyOn(map, m as 'values'));
  try {
    const out = await run();
    for (const s of scans) expect(s).not.toHaveBeenCalled();
    return out;
  } finally {
    for (const s of scans) s.mockRestore();
  }
}

const refused = (r: { status: number; body: { error_type?: string } }) => [r.status, r.body.error_type];

describe('content library names', () => {
  it('refuses a taken name without scanning, and follows renames and deletes', async () => {
    const a = (await api('POST', '/api/content/local-library', LIBRARY('lib-a'))).body as string;
    const libraries = mock.server.state.libraries as TrackedMap<unknown>;
    expect(refused(await withoutScans(libraries, () => api('POST', '/api/content/local-library', LIBRARY('lib-a'))))).toEqual([400, 'ALREADY_EXISTS']);
    expect((await api('PATCH', `/api/content/local-library/${a}`, { name: 'lib-b' })).status).toBe(204);
    const again = await withoutScans(libraries, () => api('POST', '/api/content/local-library', LIBRARY('lib-a')));
    expect(again.status).toBe(201);
    expect(refused(await api('POST', '/api/content/local-library', LIBRARY('lib-b')))).toEqual([400, 'ALREADY_EXISTS']);
    expect((await api('DELETE', `/api/content/local-library/${a}`)).status).toBe(204);
    expect((await api('POST', '/api/content/local-library', LIBRARY('lib-b'))).status).toBe(201);
  });

  it('keeps item names unique per library (the same name in two libraries is fine), across renames and deletes', async () => {
    const lib1 = (await api('POST', '/api/content/local-library', LIBRARY('items-1'))).body as string;
    const lib2 = (await api('POST', '/api/content/local-library', LIBRARY('items-2'))).body as string;
    const item = (await api('POST', '/api/content/library/item', { library_id: lib1, name: 'alpine', type: 'iso' })).body as string;
    const items = mock.server.state.libraryItems as TrackedMap<unknown>;
    const dup = await withoutScans(items, () => api('POST', '/api/content/library/item', { library_id: lib1, name: 'alpine', type: 'iso' }));
    expect(refused(dup)).toEqual([400, 'ALREADY_EXISTS']);
    expect((await api('POST', '/api/content/library/item', { library_id: lib2, name: 'alpine', type: 'iso' })).status).toBe(201);
    const other = (await api('POST', '/api/content/library/item', { library_id: lib1, name: 'debian', type: 'iso' })).body as string;
    expect(refused(await api('PATCH', `/api/content/library/item/${other}`, { name: 'alpine' }))).toEqual([400, 'ALREADY_EXISTS']);
    expect((await api('PATCH', `/api/content/library/item/${item}`, { name: 'ubuntu' })).status).toBe(204);
    expect((await api('PATCH', `/api/content/library/item/${other}`, { name: 'alpine' })).status).toBe(204);
    expect(refused(await api('POST', '/api/content/library/item', { library_id: lib1, name: 'ubuntu', type: 'iso' }))).toEqual([400, 'ALREADY_EXISTS']);
    expect((await api('DELETE', `/api/content/library/item/${item}`)).status).toBe(204);
    expect((await api('POST', '/api/content/library/item', { library_id: lib1, name: 'ubuntu', type: 'iso' })).status).toBe(201);
  });

  it('takes a rename made behind the index (a test poking the state) as the record now reads', async () => {
    const id = (await api('POST', '/api/content/local-library', LIBRARY('poked'))).body as string;
    mock.server.state.libraries.get(id)!.name = 'poked-renamed';
    expect((await api('POST', '/api/content/local-library', LIBRARY('poked'))).status).toBe(201);
  });
});

describe('resource pool, host and datacenter names', () => {
  it('keeps pool names unique among siblings across rename, delete and the reparenting a delete does', async () => {
    const pools = mock.server.state.resourcePools as TrackedMap<unknown>;
    const outer = (await api('POST', '/api/vcenter/resource-pool', POOL('outer', 'resgroup-1057'))).body as string;
    const inner = (await api('POST', '/api/vcenter/resource-pool', POOL('inner', outer))).body as string;
    expect(refused(await withoutScans(pools, () => api('POST', '/api/vcenter/resource-pool', POOL('outer', 'resgroup-1057'))))).toEqual([
      400,
      'ALREADY_EXISTS',
    ]);
    expect((await api('POST', '/api/vcenter/resource-pool', POOL('inner', 'resgroup-1057'))).status).toBe(201);
    expect((await api('PATCH', `/api/vcenter/resource-pool/${inner}`, { name: 'moved' })).status).toBe(204);
    expect((await api('POST', '/api/vcenter/resource-pool', POOL('inner', outer))).status).toBe(201);
    // Deleting `outer` moves its children up to resgroup-1057, where the name `moved` is now taken.
    expect((await api('DELETE', `/api/vcenter/resource-pool/${outer}`)).status).toBe(204);
    expect(refused(await api('POST', '/api/vcenter/resource-pool', POOL('moved', 'resgroup-1057')))).toEqual([400, 'ALREADY_EXISTS']);
    expect((await api('POST', '/api/vcenter/resource-pool', POOL('outer', 'resgroup-1057'))).status).toBe(201);
  });

  it('refuses a host name in any case without scanning, and frees it when the host goes', async () => {
    const hosts = mock.server.state.hosts as TrackedMap<unknown>;
    const id = (await api('POST', '/api/vcenter/host', HOST('esx-20.lab.local'))).body as string;
    expect(refused(await withoutScans(hosts, () => api('POST', '/api/vcenter/host', HOST('ESX-20.lab.local'))))).toEqual([400, 'ALREADY_EXISTS']);
    expect((await api('DELETE', `/api/vcenter/host/${id}`)).status).toBe(204);
    expect((await api('POST', '/api/vcenter/host', HOST('esx-20.lab.local'))).status).toBe(201);
  });

  it('refuses a datacenter name taken by a datacenter or a folder of the same parent folder', async () => {
    const datacenters = mock.server.state.datacenters as TrackedMap<unknown>;
    const dc = (await api('POST', '/api/vcenter/datacenter', { name: 'dc-idx', folder: 'group-d1' })).body as string;
    expect(refused(await withoutScans(datacenters, () => api('POST', '/api/vcenter/datacenter', { name: 'dc-idx', folder: 'group-d1' })))).toEqual([
      400,
      'ALREADY_EXISTS',
    ]);
    expect((await api('DELETE', `/api/vcenter/datacenter/${dc}?force=true`)).status).toBe(204);
    expect((await api('POST', '/api/vcenter/datacenter', { name: 'dc-idx', folder: 'group-d1' })).status).toBe(201);
  });

  it('starts from the seed after reset(): names created before are free again', async () => {
    expect((await api('POST', '/api/content/local-library', LIBRARY('before-reset'))).status).toBe(201);
    mock.server.reset();
    expect((await api('POST', '/api/content/local-library', LIBRARY('before-reset'))).status).toBe(201);
    expect(refused(await api('POST', '/api/content/local-library', LIBRARY('before-reset')))).toEqual([400, 'ALREADY_EXISTS']);
  });
});

describe('names in the persisted state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vsphere-mock-names-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses after a restart the names created, renamed and freed before it', async () => {
    const file = join(dir, 'state.json');
    const first = await startMockServer({ stateFile: file, prism: false });
    const sid = await login(first);
    const post = (path: string, body: unknown) => call(first, 'POST', path, { session: sid, body });
    const lib = (await post('/api/content/local-library', LIBRARY('kept'))).body as string;
    await post('/api/content/local-library', LIBRARY('gone'));
    const gone = ((await call(first, 'GET', '/api/content/local-library', { session: sid })).body as string[]).find(
      (id) => id !== lib && first.state.libraries.get(id)?.name === 'gone',
    )!;
    await call(first, 'DELETE', `/api/content/local-library/${gone}`, { session: sid });
    await call(first, 'PATCH', `/api/content/local-library/${lib}`, { session: sid, body: { name: 'renamed' } });
    const category = (await post('/api/cis/tagging/category', { name: 'tier', description: '', cardinality: 'SINGLE', associable_types: [] })).body;
    await post('/api/cis/tagging/tag', { category_id: category, name: 'gold', description: '' });
    await first.close();

    const second = await startMockServer({ stateFile: file, prism: false });
    try {
      const sid2 = await login(second);
      const post2 = (path: string, body: unknown) => call(second, 'POST', path, { session: sid2, body });
      expect(refused(await post2('/api/content/local-library', LIBRARY('renamed')))).toEqual([400, 'ALREADY_EXISTS']);
      expect((await post2('/api/content/local-library', LIBRARY('kept'))).status).toBe(201);
      expect((await post2('/api/content/local-library', LIBRARY('gone'))).status).toBe(201);
      expect(refused(await post2('/api/cis/tagging/category', { name: 'tier', description: '', cardinality: 'SINGLE', associable_types: [] }))).toEqual([
        400,
        'ALREADY_EXISTS',
      ]);
      expect(refused(await post2('/api/cis/tagging/tag', { category_id: category, name: 'gold', description: '' }))).toEqual([400, 'ALREADY_EXISTS']);
    } finally {
      await second.close();
    }
  });
});
