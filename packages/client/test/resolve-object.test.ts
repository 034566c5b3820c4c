import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallArgs, Caller } from '@vsphere-kit/core/caller';
import type { RouteDef } from '@vsphere-kit/core/route';
import { AmbiguousObjectError, ObjectNotFoundError, OBJECT_KINDS, VsphereClient, looksLikeId, resolveObject } from '../src/index.js';
import { nestedInventory } from '../../../test-support/nested-inventory.js';
import { InventoryTree } from '../src/lib/inventory-tree.js';
import { ADMIN, mockModule, startMock, type MockServer } from './helpers/mock.js';

// The default seed: datacenter 'Datacenter' (vm folder group-v1003 holding the folder 'web' with
// web-01 and web-02), cluster-a with esx-01.lab.local, libraries, the port group 'dvpg-prod'.
describe('resolveObject against the mock', () => {
  let mock: MockServer;
  let client: VsphereClient;
  /** Every call resolveObject makes, with its query or body. */
  let calls: { id: string; args: CallArgs }[];
  let counting: Caller;

  beforeAll(async () => {
    mock = await startMock();
    client = new VsphereClient({ baseUrl: mock.url, ...ADMIN });
    counting = {
      call: <T>(route: RouteDef, args: CallArgs) => {
        calls.push({ id: route.id, args });
        return client.core.call<T>(route, args);
      },
      callTask: (route, args) => client.core.callTask(route, args),
    };
  });
  afterAll(async () => {
    await client?.close();
    await mock?.close();
  });

  const resolve = (kind: Parameters<typeof resolveObject>[1], value: string) => {
    calls = [];
    return resolveObject(counting, kind, value);
  };

  it('takes an identifier as is, without a request', async () => {
    expect(await resolve('vm', 'vm-1072')).toEqual({ kind: 'vm', id: 'vm-1072' });
    expect(calls).toEqual([]);
    expect(looksLikeId('cluster', 'domain-c8')).toBe(true);
    expect(looksLikeId('vm', 'web-01')).toBe(false);
  });

  it('finds a name with one filtered list on the server', async () => {
    expect(await resolve('vm', 'web-01')).toEqual({ kind: 'vm', id: 'vm-1072', name: 'web-01' });
    expect(calls).toEqual([{ id: 'vcenter.vm.list', args: { query: { names: ['web-01'] } } }]);
    expect((await resolve('host', 'esx-01.lab.local')).id).toBe('host-1062');
    expect((await resolve('datastore', 'datastore1')).id).toBe('datastore-1061');
    expect((await resolve('resource_pool', 'prod')).id).toBe('resgroup-1057');
  });

  it('finds a library by name through its find action', async () => {
    expect(OBJECT_KINDS.library.lookup).toBe('find');
    expect((await resolve('library', 'lab-library')).id).toBe('6f2a1c54-1a2b-4c3d-8e9f-0a1b2c3d4e5f');
    expect(calls.map((c) => c.id)).toEqual(['content.library.find']);
  });

  it('accepts an identifier of another form than the usual one (a distributed port group)', async () => {
    expect((await resolve('network', 'dvportgroup-1071')).id).toBe('dvportgroup-1071');
    expect((await resolve('network', 'dvpg-prod')).id).toBe('dvportgroup-1071');
  });

  it('walks an inventory path folder by folder', async () => {
    expect((await resolve('vm', '/Datacenter/vm/web/web-01')).id).toBe('vm-1072');
    expect(calls.map((c) => c.id)).toEqual(['vcenter.datacenter.list', 'vcenter.datacenter.get', 'vcenter.folder.list', 'vcenter.vm.list']);
    expect(calls[3]!.args.query).toEqual({ names: ['web-01'], folders: ['group-v1007'] });
    expect((await resolve('vm', '/Datacenter/vm/db-01')).id).toBe('vm-1074');
    expect((await resolve('folder', '/Datacenter/vm/web')).id).toBe('group-v1007');
    expect((await resolve('folder', '/Datacenter/vm')).id).toBe('group-v1003');
    expect((await resolve('datacenter', '/Datacenter')).id).toBe('datacenter-1001');
    expect((await resolve('host', '/Datacenter/host/cluster-a/esx-01.lab.local')).id).toBe('host-1062');
    expect((await resolve('cluster', '/Datacenter/host/cluster-a')).id).toBe('domain-c1055');
  });

  it('says which part of a path is missing', async () => {
    const err = await resolve('vm', '/Datacenter/vm/nope/web-01').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObjectNotFoundError);
    expect((err as ObjectNotFoundError).reason).toBe("no folder named 'nope' in /Datacenter/vm");
    expect(String((err as Error).message)).toContain("inventory path '/Datacenter/vm/nope/web-01'");
    // web-01 is not directly in the root vm folder.
    await expect(resolve('vm', '/Datacenter/vm/web-01')).rejects.toThrow("no vm named 'web-01' in /Datacenter/vm");
    await expect(resolve('vm', '/Nowhere/vm/x')).rejects.toThrow("no datacenter named 'Nowhere'");
    await expect(resolve('vm', '/Datacenter/disks/x')).rejects.toThrow("'disks' is not one of vm, host, datastore, network");
  });

  it('refuses a name that is missing or shared, listing the matches', async () => {
    const missing = await resolve('vm', 'web-99').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ObjectNotFoundError);
    expect((missing as ObjectNotFoundError).message).toBe("no vm named 'web-99'");
    const copy = await client.vcenter.vm.create({
      guest_OS: 'RHEL_8_64',
      name: 'web-01',
      placement: { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' },
    });
    try {
      const err = await resolve('vm', 'web-01').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmbiguousObjectError);
      expect((err as AmbiguousObjectError).candidates.map((c) => c.id).sort()).toEqual([copy, 'vm-1072'].sort());
      // The path tells them apart.
      expect((await resolve('vm', '/Datacenter/vm/web-01')).id).toBe(copy);
    } finally {
      await client.vcenter.vm.delete(copy);
    }
  });
});

// The nesting the default seed lacks: a datacenter in a folder, hosts and pools under clusters,
// folders in the datastore and network trees, and names the default inventory also has.
describe('resolveObject through nested inventory paths', () => {
  let mock: MockServer;
  let client: VsphereClient;
  let requests = 0;
  let counting: Caller;

  beforeAll(async () => {
    const { defaultSeed } = (await mockModule()) as unknown as { defaultSeed(): { vms: Record<string, unknown>[] } };
    mock = await startMock({ seed: nestedInventory(defaultSeed().vms[0]!) });
    client = new VsphereClient({ baseUrl: mock.url, ...ADMIN });
    counting = {
      call: <T>(route: RouteDef, args: CallArgs) => {
        requests++;
        return client.core.call<T>(route, args);
      },
      callTask: (route, args) => client.core.callTask(route, args),
    };
  });
  afterAll(async () => {
    await client?.close();
    await mock?.close();
  });

  const id = async (kind: Parameters<typeof resolveObject>[1], value: string) => (await resolveObject(counting, kind, value)).id;

  it('walks datacenter folders, clusters, Resources and the datastore and network trees', async () => {
    requests = 0;
    expect(await id('vm', '/Folder1/DC0/vm/web/web-01')).toBe('vm-2010');
    // one list per segment: Folder1 (a datacenter, then a folder), DC0, its vm folder, web, web-01
    expect(requests).toBe(6);
    expect(await id('datacenter', '/Folder1/DC0')).toBe('datacenter-2002');
    expect(await id('folder', '/Folder1')).toBe('group-d2001');
    expect(await id('host', '/Folder1/DC0/host/Cluster1/esx-11.dc0.local')).toBe('host-2030');
    expect(await id('host', '/Folder1/DC0/host/edge/esx-edge.dc0.local')).toBe('host-2031');
    // govc's form: the standalone host's compute resource, then the host
    expect(await id('host', '/Folder1/DC0/host/edge/esx-edge.dc0.local/esx-edge.dc0.local')).toBe('host-2031');
    expect(await id('cluster', '/Folder1/DC0/host/Cluster1')).toBe('domain-c2020');
    expect(await id('resource_pool', '/Folder1/DC0/host/Cluster1/Resources')).toBe('resgroup-2021');
    expect(await id('resource_pool', '/Folder1/DC0/host/Cluster1/Resources/pool-a')).toBe('resgroup-2022');
    expect(await id('resource_pool', '/Folder1/DC0/host/Cluster1/Resources/pool-a/pool-b')).toBe('resgroup-2023');
    expect(await id('resource_pool', '/Folder1/DC0/host/edge/esx-edge.dc0.local/Resources')).toBe('resgroup-2032');
    expect(await id('resource_pool', '/Datacenter/host/cluster-a/Resources/prod')).toBe('resgroup-1057');
    expect(await id('datastore', '/Folder1/DC0/datastore/san/datastore1')).toBe('datastore-2040');
    expect(await id('network', '/Folder1/DC0/network/dvs/VM Network')).toBe('network-2050');
    expect(await id('folder', '/Folder1/DC0/network/dvs')).toBe('group-n2011');
    // the default's paths still hold
    expect(await id('datastore', '/Datacenter/datastore/datastore1')).toBe('datastore-1061');
  });

  it('says which step of a nested path is missing, and where pools sit', async () => {
    await expect(resolveObject(counting, 'vm', '/Folder1/DC9/vm/x')).rejects.toThrow("no datacenter named 'DC9' in /Folder1");
    await expect(resolveObject(counting, 'resource_pool', '/Folder1/DC0/host/Cluster1/pool-a')).rejects.toThrow(
      "no resource pool named 'pool-a' in /Folder1/DC0/host/Cluster1 (resource pools sit under /Folder1/DC0/host/Cluster1/Resources)",
    );
    await expect(resolveObject(counting, 'host', '/Folder1/DC0/host/Rack9/esx')).rejects.toThrow(
      "no folder, cluster or standalone host named 'Rack9' in /Folder1/DC0/host",
    );
    await expect(resolveObject(counting, 'host', '/Folder1/DC0/vm/web/esx')).rejects.toThrow('no host can be in /Folder1/DC0/vm/web');
  });

  it('lists each match of a shared name with its inventory path', async () => {
    const cases: [Parameters<typeof resolveObject>[1], string, Record<string, string>][] = [
      ['vm', 'web-01', { 'vm-1072': '/Datacenter/vm/web/web-01', 'vm-2010': '/Folder1/DC0/vm/web/web-01' }],
      ['datastore', 'datastore1', { 'datastore-1061': '/Datacenter/datastore/datastore1', 'datastore-2040': '/Folder1/DC0/datastore/san/datastore1' }],
      ['network', 'VM Network', { 'network-1070': '/Datacenter/network/VM Network', 'network-2050': '/Folder1/DC0/network/dvs/VM Network' }],
      ['resource_pool', 'prod', { 'resgroup-1057': '/Datacenter/host/cluster-a/Resources/prod', 'resgroup-2024': '/Folder1/DC0/host/Cluster1/Resources/prod' }],
      ['folder', 'web', { 'group-v1007': '/Datacenter/vm/web', 'group-v2007': '/Folder1/DC0/vm/web' }],
    ];
    for (const [kind, name, paths] of cases) {
      const err = await resolveObject(counting, kind, name).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(AmbiguousObjectError);
      const got = Object.fromEntries((err as AmbiguousObjectError).candidates.map((c) => [c.id, c.path]));
      expect(got, name).toEqual(paths);
      for (const [id, path] of Object.entries(paths)) expect((err as Error).message).toContain(`${id} (${path})`);
    }
    const pools = await resolveObject(counting, 'resource_pool', 'Resources').catch((e: unknown) => e);
    expect(Object.fromEntries((pools as AmbiguousObjectError).candidates.map((c) => [c.id, c.path]))).toMatchObject({
      'resgroup-1065': '/Datacenter/host/esx-03.lab.local/Resources',
      'resgroup-2032': '/Folder1/DC0/host/edge/esx-edge.dc0.local/Resources',
    });
  });

  it('searches paths within a request budget, giving fewer paths rather than walking on', async () => {
    const tree = new InventoryTree(counting, {});
    requests = 0;
    expect(await tree.pathsOf('vm', ['vm-2010', 'vm-1072'])).toEqual(
      new Map([
        ['vm-1072', '/Datacenter/vm/web/web-01'],
        ['vm-2010', '/Folder1/DC0/vm/web/web-01'],
      ]),
    );
    const needed = requests;
    requests = 0;
    expect((await tree.pathsOf('vm', ['vm-2010', 'vm-1072'], needed - 2)).size).toBeLessThan(2);
    expect(requests).toBeLessThanOrEqual(needed - 2);
    // kinds without an inventory path get none, at no cost
    requests = 0;
    expect((await tree.pathsOf('library', ['6f2a1c54-1a2b-4c3d-8e9f-0a1b2c3d4e5f'])).size).toBe(0);
    expect(requests).toBe(0);
  });
});
