/** List calls of the inventory (folders, hosts, datastores, clusters, datacenters, networks, resource pools). */
import type { HandlerTable } from './types.js';
import { enforceLimit, filterSet, matches } from './util.js';

export const inventoryHandlers: HandlerTable = {
  'GET /api/vcenter/folder': ({ core, query }) => {
    const ids = filterSet(query, 'folders');
    const names = filterSet(query, 'names');
    const types = filterSet(query, 'type');
    const parents = filterSet(query, 'parent_folders');
    const dcs = filterSet(query, 'datacenters');
    const out = [];
    for (const f of core.state.folders.values()) {
      if (!matches(ids, f.id) || !matches(names, f.name) || !matches(types, f.type)) continue;
      if (parents && !parents.has(f.parent)) continue;
      if (dcs && !dcs.has(f.datacenter)) continue;
      out.push({ folder: f.id, name: f.name, type: f.type });
    }
    enforceLimit(out.length, 1000, 'folders');
    return { body: out };
  },

  'GET /api/vcenter/host': ({ core, query }) => {
    const ids = filterSet(query, 'hosts');
    const names = filterSet(query, 'names');
    const folders = filterSet(query, 'folders');
    const dcs = filterSet(query, 'datacenters');
    const clusters = filterSet(query, 'clusters');
    const states = filterSet(query, 'connection_states');
    const standalone = query.standalone as boolean | undefined;
    const out = [];
    for (const h of core.state.hosts.values()) {
      if (!matches(ids, h.id) || !matches(names, h.name) || !matches(folders, h.folder) || !matches(dcs, h.datacenter)) continue;
      if (clusters && !clusters.has(h.cluster)) continue;
      if (!matches(states, h.connection_state)) continue;
      if (standalone !== undefined && standalone !== (h.cluster === undefined)) continue;
      out.push({ host: h.id, name: h.name, connection_state: h.connection_state, ...(h.connection_state === 'CONNECTED' ? { power_state: h.power_state } : {}) });
    }
    enforceLimit(out.length, 2500, 'hosts');
    return { body: out };
  },

  'GET /api/vcenter/datastore': ({ core, query }) => {
    const ids = filterSet(query, 'datastores');
    const names = filterSet(query, 'names');
    const types = filterSet(query, 'types');
    const folders = filterSet(query, 'folders');
    const dcs = filterSet(query, 'datacenters');
    const out = [];
    for (const d of core.state.datastores.values()) {
      if (!matches(ids, d.id) || !matches(names, d.name) || !matches(types, d.type) || !matches(folders, d.folder) || !matches(dcs, d.datacenter)) continue;
      out.push({ datastore: d.id, name: d.name, type: d.type, free_space: d.free_space, capacity: d.capacity });
    }
    enforceLimit(out.length, 2500, 'datastores');
    return { body: out };
  },

  'GET /api/vcenter/cluster': ({ core, query }) => {
    const ids = filterSet(query, 'clusters');
    const names = filterSet(query, 'names');
    const folders = filterSet(query, 'folders');
    const dcs = filterSet(query, 'datacenters');
    const out = [];
    for (const c of core.state.clusters.values()) {
      if (!matches(ids, c.id) || !matches(names, c.name) || !matches(folders, c.folder) || !matches(dcs, c.datacenter)) continue;
      out.push({ cluster: c.id, name: c.name, ha_enabled: c.ha_enabled, drs_enabled: c.drs_enabled });
    }
    enforceLimit(out.length, 1000, 'clusters');
    return { body: out };
  },

  'GET /api/vcenter/datacenter': ({ core, query }) => {
    const ids = filterSet(query, 'datacenters');
    const names = filterSet(query, 'names');
    const folders = filterSet(query, 'folders');
    const out = [];
    for (const d of core.state.datacenters.values()) {
      if (!matches(ids, d.id) || !matches(names, d.name) || !matches(folders, d.folder)) continue;
      out.push({ datacenter: d.id, name: d.name });
    }
    enforceLimit(out.length, 1000, 'datacenters');
    return { body: out };
  },

  'GET /api/vcenter/network': ({ core, query }) => {
    const ids = filterSet(query, 'networks');
    const names = filterSet(query, 'names');
    const types = filterSet(query, 'types');
    const folders = filterSet(query, 'folders');
    const dcs = filterSet(query, 'datacenters');
    const out = [];
    for (const n of core.state.networks.values()) {
      if (!matches(ids, n.id) || !matches(names, n.name) || !matches(types, n.type) || !matches(folders, n.folder) || !matches(dcs, n.datacenter)) continue;
      out.push({ network: n.id, name: n.name, type: n.type });
    }
    enforceLimit(out.length, 1000, 'networks');
    return { body: out };
  },

  'GET /api/vcenter/resource-pool': ({ core, query }) => {
    const ids = filterSet(query, 'resource_pools');
    const names = filterSet(query, 'names');
    const parents = filterSet(query, 'parent_resource_pools');
    const dcs = filterSet(query, 'datacenters');
    const hosts = filterSet(query, 'hosts');
    const clusters = filterSet(query, 'clusters');
    const out = [];
    for (const r of core.state.resourcePools.values()) {
      if (!matches(ids, r.id) || !matches(names, r.name) || !matches(dcs, r.datacenter)) continue;
      if (parents && !parents.has(r.parent)) continue;
      if (clusters && !clusters.has(r.cluster)) continue;
      if (hosts && !hosts.has(r.host)) continue;
      out.push({ resource_pool: r.id, name: r.name });
    }
    enforceLimit(out.length, 1000, 'resource pools');
    return { body: out };
  },
};
