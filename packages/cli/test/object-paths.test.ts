import { describe, expect, it } from 'vitest';
import { defaultSeed } from '@vsphere-kit/mock-server';
import { nestedInventory } from '../../../test-support/nested-inventory.js';
import { vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

// One mock for the file: the default inventory plus a datacenter inside a folder, with clusters,
// resource pools, datastore and network folders, and names the default inventory also has.
const cli = useCliMock({ seed: nestedInventory(defaultSeed().vms[0]! as unknown as Record<string, unknown>) as never });
const { env } = cli;

const ids = async (args: string[]) => {
  const r = await vsphere([...args, '-o', 'ids'], env);
  expect(r.stderr.replace(/^warning: plain http.*\n/m, '')).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim().split('\n');
};

describe('inventory paths through datacenter folders, clusters, resource pools and folders of every tree', () => {
  it('takes the path of each kind wherever it sits', async () => {
    expect(await ids(['vcenter', 'vm', 'list', '--vms', '/Folder1/DC0/vm/web/web-01'])).toEqual(['vm-2010']);
    expect(await ids(['vcenter', 'vm', 'list', '--hosts', '/Folder1/DC0/host/Cluster1/esx-11.dc0.local'])).toEqual(['vm-2010']);
    expect(await ids(['vcenter', 'vm', 'list', '--resource-pools', '/Folder1/DC0/host/Cluster1/Resources/pool-a'])).toEqual(['vm-2010']);
    expect(await ids(['vcenter', 'vm', 'list', '--datacenters', '/Folder1/DC0'])).toEqual(['vm-2010']);
    expect(await ids(['vcenter', 'resource-pool', 'list', '--parent-resource-pools', '/Folder1/DC0/host/Cluster1/Resources/pool-a'])).toEqual([
      'resgroup-2023',
    ]);
    expect(await ids(['vcenter', 'host', 'list', '--folders', '/Folder1/DC0/host/edge'])).toEqual(['host-2031']);
    expect(await ids(['vcenter', 'datastore', 'list', '--folders', '/Folder1/DC0/datastore/san'])).toEqual(['datastore-2040']);
    expect(await ids(['vcenter', 'network', 'list', '--folders', '/Folder1/DC0/network/dvs'])).toEqual(['network-2050']);
    const pool = await vsphere(
      ['vcenter', 'resource-pool', 'get', '--resource-pool', '/Folder1/DC0/host/edge/esx-edge.dc0.local/Resources', '-o', 'json'],
      env,
    );
    expect(pool.code).toBe(0);
    expect(JSON.parse(pool.stdout).name).toBe('Resources');
  });

  it('names the missing step of a path (exit 1)', async () => {
    const r = await vsphere(['vcenter', 'resource-pool', 'get', '--resource-pool', '/Folder1/DC0/host/Cluster1/pool-a'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "NOT_FOUND: --resource-pool '/Folder1/DC0/host/Cluster1/pool-a': no resource pool named 'pool-a' in /Folder1/DC0/host/Cluster1 (resource pools sit under /Folder1/DC0/host/Cluster1/Resources)",
    );
    const dc = await vsphere(['vcenter', 'vm', 'get', '--vm', '/Folder1/DC9/vm/web-01'], env);
    expect(dc.code).toBe(1);
    expect(dc.stderr).toContain("no datacenter named 'DC9' in /Folder1");
  });
});

describe('a name several objects share', () => {
  it('is refused listing each match with its identifier and inventory path (exit 2), for every kind', async () => {
    const cases: [string[], string, string[]][] = [
      [
        ['vcenter', 'vm', 'get', '--vm', 'web-01'],
        "--vm 'web-01' matches 2 objects:",
        ['vm-1072  /Datacenter/vm/web/web-01', 'vm-2010  /Folder1/DC0/vm/web/web-01'],
      ],
      [
        ['vcenter', 'datastore', 'get', '--datastore', 'datastore1'],
        "--datastore 'datastore1' matches 2 objects:",
        ['datastore-1061  /Datacenter/datastore/datastore1', 'datastore-2040  /Folder1/DC0/datastore/san/datastore1'],
      ],
      [
        ['vcenter', 'network', 'list', '--networks', 'VM Network'],
        "--networks 'VM Network' matches 2 objects:",
        ['network-1070  /Datacenter/network/VM Network', 'network-2050  /Folder1/DC0/network/dvs/VM Network'],
      ],
      [
        ['vcenter', 'resource-pool', 'get', '--resource-pool', 'prod'],
        "--resource-pool 'prod' matches 2 objects:",
        ['resgroup-1057  /Datacenter/host/cluster-a/Resources/prod', 'resgroup-2024  /Folder1/DC0/host/Cluster1/Resources/prod'],
      ],
      [
        ['vcenter', 'vm', 'list', '--folders', 'web'],
        "--folders 'web' matches 2 objects:",
        ['group-v1007  /Datacenter/vm/web', 'group-v2007  /Folder1/DC0/vm/web'],
      ],
    ];
    for (const [args, head, lines] of cases) {
      const r = await vsphere(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`error: ${head}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
      expect(r.stderr).toContain('Give the identifier, or the inventory path (/<datacenter>/vm|host|datastore|network/<folders>/<name>).');
    }
  });
});

describe('body fields that name objects take names and paths as the object flags do', () => {
  it('vm clone --source by name or path, with its placement by paths', async () => {
    const r = await vsphere(
      [
        'vcenter',
        'vm',
        'clone',
        '--source',
        '/Folder1/DC0/vm/web/web-01',
        '--name',
        'web-01-copy',
        '--placement.folder',
        '/Datacenter/vm/web',
        '--placement.resource-pool',
        '/Datacenter/host/cluster-a/Resources/prod',
        '--placement.datastore',
        '/Folder1/DC0/datastore/san/datastore1',
        '--wait',
      ],
      env,
    );
    expect(r.code).toBe(0);
    const sent = cli.mock.requests({ operation: 'vcenter.vm.clone' }).at(-1)!;
    expect(sent.body).toEqual({
      source: 'vm-2010',
      name: 'web-01-copy',
      placement: { folder: 'group-v1007', resource_pool: 'resgroup-1057', datastore: 'datastore-2040' },
    });
    expect(await ids(['vcenter', 'vm', 'list', '--folders', '/Datacenter/vm/web', '--names', 'web-01-copy'])).toEqual([r.stdout.trim()]);
    // by a name only one VM has
    const byName = await vsphere(['vcenter', 'vm', 'clone', '--source', 'db-01', '--name', 'db-01-copy'], env);
    expect(byName.code).toBe(0);
    expect(cli.mock.requests({ operation: 'vcenter.vm.clone' }).at(-1)!.body).toMatchObject({ source: 'vm-1074' });
    // a shared name is refused before anything is sent
    const before = cli.mock.requests({ operation: 'vcenter.vm.clone' }).length;
    const shared = await vsphere(['vcenter', 'vm', 'clone', '--source', 'web-01', '--name', 'never'], env);
    expect(shared.code).toBe(2);
    expect(shared.stderr).toContain("--source 'web-01' matches 2 objects:\n  vm-1072  /Datacenter/vm/web/web-01\n  vm-2010  /Folder1/DC0/vm/web/web-01\n");
    expect(cli.mock.requests({ operation: 'vcenter.vm.clone' })).toHaveLength(before);
  });

  it('resource-pool create --parent and folder list --parent-folders take paths', async () => {
    const made = await vsphere(['vcenter', 'resource-pool', 'create', '--name', 'pool-c', '--parent', '/Folder1/DC0/host/Cluster1/Resources/pool-a'], env);
    expect(made.code).toBe(0);
    expect(
      await ids(['vcenter', 'resource-pool', 'list', '--parent-resource-pools', '/Folder1/DC0/host/Cluster1/Resources/pool-a', '--names', 'pool-c']),
    ).toEqual([made.stdout.trim()]);
    expect(await ids(['vcenter', 'folder', 'list', '--parent-folders', '/Folder1/DC0/vm'])).toEqual(['group-v2007']);
  });
});
