/** List calls of the inventory (folders, hosts, datastores, clusters, datacenters, networks, resource pools). */
import type { Cluster, Datacenter, Datastore, Folder, Host, Network, ResourcePool } from '../../state/types.js';
import type { HandlerTable } from '../../behaviours/types.js';
import type {
  VcenterClusterSummary,
  VcenterDatacenterInfo,
  VcenterDatacenterSummary,
  VcenterDatastoreSummary,
  VcenterFolderSummary,
  VcenterHostSummary,
  VcenterNetworkSummary,
  VcenterResourcePoolSummary,
} from '@vsphere-kit/core/api-types';
import { notFound } from '../../server/errors.js';
import { enforceLimit, listMatches, type ListFilters } from '../../behaviours/util.js';

/** What a datastore get answers; kinds a single host mounts (VMFS, VFFS) are not shared unless the seed says so. */
export function datastoreInfo(d: Datastore) {
  return {
    name: d.name,
    type: d.type,
    accessible: d.accessible ?? true,
    free_space: d.free_space,
    multiple_host_access: d.multiple_host_access ?? !(d.type === 'VMFS' || d.type === 'VFFS'),
    thin_provisioning_supported: true,
  };
}

export function clusterInfo(c: Cluster) {
  return { name: c.name, resource_pool: c.resource_pool };
}

export const inventoryHandlers: HandlerTable = {
  'GET /api/vcenter/folder': ({ state, query }) => {
    const matches = listMatches(state.folders, query, {
      folders: 'id',
      names: 'name',
      type: 'type',
      parent_folders: 'parent',
      datacenters: 'datacenter',
    } satisfies ListFilters<'GET /api/vcenter/folder', Folder>);
    const out: VcenterFolderSummary[] = [];
    for (const f of matches) {
      out.push({ folder: f.id, name: f.name, type: f.type });
    }
    enforceLimit(out.length, 1000, 'folders');
    return { body: out };
  },

  'GET /api/vcenter/host': ({ state, query }) => {
    const matches = listMatches(state.hosts, query, {
      hosts: 'id',
      names: 'name',
      folders: 'folder',
      datacenters: 'datacenter',
      clusters: 'cluster',
      connection_states: 'connection_state',
    } satisfies ListFilters<'GET /api/vcenter/host', Host, 'standalone'>);
    const { standalone } = query;
    const out: VcenterHostSummary[] = [];
    for (const h of matches) {
      if (standalone !== undefined && standalone !== (h.cluster === undefined)) continue;
      out.push({
        host: h.id,
        name: h.name,
        connection_state: h.connection_state,
        ...(h.connection_state === 'CONNECTED' ? { power_state: h.power_state } : {}),
      });
    }
    enforceLimit(out.length, 2500, 'hosts');
    return { body: out };
  },

  'GET /api/vcenter/datastore': ({ state, query }) => {
    const matches = listMatches(state.datastores, query, {
      datastores: 'id',
      names: 'name',
      types: 'type',
      folders: 'folder',
      datacenters: 'datacenter',
    } satisfies ListFilters<'GET /api/vcenter/datastore', Datastore>);
    const out: VcenterDatastoreSummary[] = [];
    for (const d of matches) {
      out.push({ datastore: d.id, name: d.name, type: d.type, free_space: d.free_space, capacity: d.capacity });
    }
    enforceLimit(out.length, 2500, 'datastores');
    return { body: out };
  },

  'GET /api/vcenter/cluster': ({ state, query }) => {
    const matches = listMatches(state.clusters, query, { clusters: 'id', names: 'name', folders: 'folder', datacenters: 'datacenter' } satisfies ListFilters<
      'GET /api/vcenter/cluster',
      Cluster
    >);
    const out: VcenterClusterSummary[] = [];
    for (const c of matches) {
      out.push({ cluster: c.id, name: c.name, ha_enabled: c.ha_enabled, drs_enabled: c.drs_enabled });
    }
    enforceLimit(out.length, 1000, 'clusters');
    return { body: out };
  },

  'GET /api/vcenter/datacenter': ({ state, query }) => {
    const matches = listMatches(state.datacenters, query, { datacenters: 'id', names: 'name', folders: 'folder' } satisfies ListFilters<
      'GET /api/vcenter/datacenter',
      Datacenter
    >);
    const out: VcenterDatacenterSummary[] = [];
    for (const d of matches) {
      out.push({ datacenter: d.id, name: d.name });
    }
    enforceLimit(out.length, 1000, 'datacenters');
    return { body: out };
  },

  'GET /api/vcenter/datacenter/{datacenter}': ({ state, params }) => {
    const d = state.datacenters.get(params.datacenter!);
    if (!d) throw notFound('Datacenter', params.datacenter!);
    const info: VcenterDatacenterInfo = {
      name: d.name,
      datastore_folder: d.datastore_folder,
      host_folder: d.host_folder,
      network_folder: d.network_folder,
      vm_folder: d.vm_folder,
    };
    return { body: info };
  },

  'GET /api/vcenter/network': ({ state, query }) => {
    const matches = listMatches(state.networks, query, {
      networks: 'id',
      names: 'name',
      types: 'type',
      folders: 'folder',
      datacenters: 'datacenter',
    } satisfies ListFilters<'GET /api/vcenter/network', Network>);
    const out: VcenterNetworkSummary[] = [];
    for (const n of matches) {
      out.push({ network: n.id, name: n.name, type: n.type });
    }
    enforceLimit(out.length, 1000, 'networks');
    return { body: out };
  },

  'GET /api/vcenter/resource-pool': ({ state, query }) => {
    const matches = listMatches(state.resourcePools, query, {
      resource_pools: 'id',
      names: 'name',
      parent_resource_pools: 'parent',
      datacenters: 'datacenter',
      hosts: 'host',
      clusters: 'cluster',
    } satisfies ListFilters<'GET /api/vcenter/resource-pool', ResourcePool>);
    const out: VcenterResourcePoolSummary[] = [];
    for (const r of matches) {
      out.push({ resource_pool: r.id, name: r.name });
    }
    enforceLimit(out.length, 1000, 'resource pools');
    return { body: out };
  },
};
