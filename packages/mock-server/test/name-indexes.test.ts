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

describe('VM names (per folder, through the field indexes of state/field-index.ts)', () => {
  const PLACE = (folder = 'group-v1003') => ({ folder, cluster: 'domain-c1055', datastore: 'datastore-1061' });
  const VM = (name: string, folder?: string) => ({ name, guest_OS: 'RHEL_9_64', placement: PLACE(folder) });
  const taken = (name: string, folder: string) => ({
    error_type: 'ALREADY_EXISTS',
    messages: [
      {
        id: 'com.vmware.api.vcenter.vm.already_exists',
        default_message: `A virtual machine named '${name}' already exists in folder '${folder}'.`,
        args: [name, folder],
      },
    ],
  });

  it('refuses a name its folder holds, with the same answer as before, without scanning the VMs', async () => {
    const vms = mock.server.state.vms as TrackedMap<unknown>;
    const id = (await api('POST', '/api/vcenter/vm', VM('vm-idx'))).body as string;
    const dup = await withoutScans(vms, () => api('POST', '/api/vcenter/vm', VM('vm-idx')));
    expect(dup).toMatchObject({ status: 400, body: taken('vm-idx', 'group-v1003') });
    // The seed's names are indexed too, and the same name in another folder is fine.
    expect(await api('POST', '/api/vcenter/vm', VM('web-01', 'group-v1007'))).toMatchObject({ status: 400, body: taken('web-01', 'group-v1007') });
    expect((await api('POST', '/api/vcenter/vm', VM('vm-idx', 'group-v1007'))).status).toBe(201);
    // clone and register go through the same check.
    const clone = await api('POST', '/api/vcenter/vm?action=clone', { source: id, name: 'vm-idx', placement: PLACE() });
    expect(clone).toMatchObject({ status: 400, body: taken('vm-idx', 'group-v1003') });
  });

  it('follows relocation to another folder and deletes', async () => {
    const id = (await api('POST', '/api/vcenter/vm', VM('moving'))).body as string;
    expect((await api('POST', `/api/vcenter/vm/${id}?action=relocate`, { placement: PLACE('group-v1007') })).status).toBe(204);
    expect(await api('POST', '/api/vcenter/vm', VM('moving', 'group-v1007'))).toMatchObject({ status: 400, body: taken('moving', 'group-v1007') });
    expect((await api('POST', '/api/vcenter/vm', VM('moving'))).status).toBe(201);
    expect((await api('DELETE', `/api/vcenter/vm/${id}`)).status).toBe(204);
    expect((await api('POST', '/api/vcenter/vm', VM('moving', 'group-v1007'))).status).toBe(201);
  });

  it('sees a rename made behind the index (a test poking the state)', async () => {
    const id = (await api('POST', '/api/vcenter/vm', VM('poked-vm'))).body as string;
    mock.server.state.vms.get(id)!.name = 'poked-vm-renamed';
    expect((await api('POST', '/api/vcenter/vm', VM('poked-vm'))).status).toBe(201);
    expect(await api('POST', '/api/vcenter/vm', VM('poked-vm-renamed'))).toMatchObject({ status: 400 });
  });

  it('starts from the seed after reset() and from the snapshot after restore()', async () => {
    const snap = mock.server.snapshot();
    expect((await api('POST', '/api/vcenter/vm', VM('after-snapshot'))).status).toBe(201);
    mock.server.restore(snap);
    expect((await api('POST', '/api/vcenter/vm', VM('after-snapshot'))).status).toBe(201);
    expect(await api('POST', '/api/vcenter/vm', VM('after-snapshot'))).toMatchObject({ status: 400, body: taken('after-snapshot', 'group-v1003') });
    mock.server.reset();
    expect((await api('POST', '/api/vcenter/vm', VM('after-snapshot'))).status).toBe(201);
  });

  it('refuses after a restart from the state file the names created before it, and frees the deleted ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vsphere-mock-vm-names-'));
    try {
      const file = join(dir, 'state.json');
      const first = await startMockServer({ stateFile: file, prism: false });
      const sid = await login(first);
      await call(first, 'POST', '/api/vcenter/vm', { session: sid, body: VM('kept-vm') });
      const gone = (await call(first, 'POST', '/api/vcenter/vm', { session: sid, body: VM('gone-vm') })).body as string;
      await call(first, 'DELETE', `/api/vcenter/vm/${gone}`, { session: sid });
      await first.close();
      const second = await startMockServer({ stateFile: file, prism: false });
      try {
        const sid2 = await login(second);
        const post = (name: string) => call(second, 'POST', '/api/vcenter/vm', { session: sid2, body: VM(name) });
        expect(await post('kept-vm')).toMatchObject({ status: 400, body: taken('kept-vm', 'group-v1003') });
        expect((await post('gone-vm')).status).toBe(201);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
