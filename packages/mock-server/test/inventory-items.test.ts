import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

describe('inventory: datacenters through the API', () => {
  it('creates a datacenter that lists and reads back with its root folders, then deletes it', async () => {
    const r = await api('POST', '/api/vcenter/datacenter', { name: 'dc-east', folder: 'group-d1' });
    expect(r.status).toBe(201);
    const info = (await api('GET', `/api/vcenter/datacenter/${r.body}`)).body;
    expect(info.name).toBe('dc-east');
    const folders = (await api('GET', `/api/vcenter/folder?datacenters=${r.body}`)).body;
    expect(folders.map((f: { folder: string }) => f.folder).sort()).toEqual(
      [info.vm_folder, info.host_folder, info.datastore_folder, info.network_folder].sort(),
    );
    expect((await api('GET', `/api/vcenter/folder?parent_folders=${r.body}&type=HOST`)).body).toEqual([
      { folder: info.host_folder, name: 'host', type: 'HOST' },
    ]);
    expect((await api('GET', '/api/vcenter/datacenter?names=dc-east&folders=group-d1')).body).toEqual([{ datacenter: r.body, name: 'dc-east' }]);
    expect((await api('DELETE', `/api/vcenter/datacenter/${r.body}`)).status).toBe(204);
    expect((await api('GET', `/api/vcenter/datacenter/${r.body}`)).status).toBe(404);
  });

  it('answers ALREADY_EXISTS for a name taken in the folder, and RESOURCE_IN_USE for a non-empty delete without force', async () => {
    expect((await api('POST', '/api/vcenter/datacenter', { name: 'Datacenter' })).body.error_type).toBe('ALREADY_EXISTS');
    const busy = await api('DELETE', '/api/vcenter/datacenter/datacenter-1001');
    expect([busy.status, busy.body.error_type]).toEqual([400, 'RESOURCE_IN_USE']);
    const missing = await api('DELETE', '/api/vcenter/datacenter/datacenter-404?force=true');
    expect([missing.status, missing.body.messages[0].args]).toEqual([404, ['datacenter-404']]);
  });

  it('force-deletes a datacenter with hosts and VMs', async () => {
    const dc = (await api('POST', '/api/vcenter/datacenter', { name: 'dc-lab' })).body;
    const hostFolder = (await api('GET', `/api/vcenter/datacenter/${dc}`)).body.host_folder;
    const host = (
      await api('POST', '/api/vcenter/host', {
        hostname: 'esx-lab.local',
        user_name: 'root',
        password: 'x',
        folder: hostFolder,
        thumbprint_verification: 'NONE',
      })
    ).body;
    expect((await api('DELETE', `/api/vcenter/datacenter/${dc}`)).body.error_type).toBe('RESOURCE_IN_USE');
    expect((await api('DELETE', `/api/vcenter/datacenter/${dc}?force=true`)).status).toBe(204);
    expect((await api('GET', `/api/vcenter/host?hosts=${host}`)).body).toEqual([]);
  });
});

describe('inventory: clusters, datastores and resource pools through the API', () => {
  it('reads a cluster and a datastore, NOT_FOUND naming an unknown one', async () => {
    expect((await api('GET', '/api/vcenter/cluster/domain-c1055')).body).toEqual({ name: 'cluster-a', resource_pool: 'resgroup-1056' });
    expect((await api('GET', '/api/vcenter/datastore/datastore-1066')).body).toEqual({
      name: 'nfs-isos',
      type: 'NFS',
      accessible: true,
      free_space: 824633720832,
      multiple_host_access: true,
      thin_provisioning_supported: true,
    });
    expect((await api('GET', '/api/vcenter/datastore/datastore-1061')).body.multiple_host_access).toBe(false);
    for (const path of ['/api/vcenter/cluster/domain-c9', '/api/vcenter/datastore/datastore-9']) {
      const r = await api('GET', path);
      expect([r.status, r.body.messages[0].args], path).toEqual([404, [path.split('/').pop()]]);
    }
  });

  it('creates, reads, updates and deletes a nested resource pool', async () => {
    const id = (
      await api('POST', '/api/vcenter/resource-pool', {
        name: 'dev',
        parent: 'resgroup-1057',
        cpu_allocation: { reservation: 0, expandable_reservation: true, limit: 40, shares: { level: 'NORMAL' } },
        memory_allocation: { reservation: 0, expandable_reservation: false, limit: 2000, shares: { level: 'NORMAL' } },
      })
    ).body;
    expect((await api('GET', `/api/vcenter/resource-pool?parent_resource_pools=resgroup-1057`)).body).toEqual([{ resource_pool: id, name: 'dev' }]);
    expect((await api('GET', `/api/vcenter/resource-pool/${id}`)).body).toEqual({
      name: 'dev',
      resource_pools: [],
      cpu_allocation: { reservation: 0, expandable_reservation: true, limit: 40, shares: { level: 'NORMAL' } },
      memory_allocation: { reservation: 0, expandable_reservation: false, limit: 2000, shares: { level: 'NORMAL' } },
    });
    expect((await api('PATCH', `/api/vcenter/resource-pool/${id}`, { cpu_allocation: { shares: { level: 'CUSTOM', shares: 500 } } })).status).toBe(204);
    expect((await api('GET', `/api/vcenter/resource-pool/${id}`)).body.cpu_allocation.shares).toEqual({ level: 'CUSTOM', shares: 500 });
    expect((await api('DELETE', `/api/vcenter/resource-pool/${id}`)).status).toBe(204);
    expect((await api('GET', `/api/vcenter/resource-pool/${id}`)).status).toBe(404);
    const root = await api('DELETE', '/api/vcenter/resource-pool/resgroup-1056');
    expect([root.status, root.body.error_type]).toEqual([400, 'UNSUPPORTED']);
  });
});
