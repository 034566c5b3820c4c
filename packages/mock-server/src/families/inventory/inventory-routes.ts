/** The inventory's write and item operations, answered from the model (datacenters.ts, resource-pools.ts, storage-policies.ts). */
import type { HandlerTable } from '../../behaviours/types.js';
import { createDatacenter, type DatacenterCreateSpec, deleteDatacenter } from './datacenters.js';
import { clusterInfo, datastoreInfo } from './inventory.js';
import { unlessRefused } from '../../server/errors.js';
import { lookUp } from './lookup.js';
import {
  createResourcePool,
  deleteResourcePool,
  RESOURCE_POOL_KIND,
  type ResourcePoolCreateSpec,
  type ResourcePoolUpdateSpec,
  resourcePoolInfo,
  updateResourcePool,
} from './resource-pools.js';

export const inventoryItemHandlers: HandlerTable = {
  'POST /api/vcenter/datacenter': ({ state, body }) =>
    unlessRefused(createDatacenter(state, body as DatacenterCreateSpec), (id) => ({ status: 201, body: id })),
  'DELETE /api/vcenter/datacenter/{datacenter}': ({ state, params, query }) =>
    deleteDatacenter(state, params.datacenter, query.force === true) ?? { status: 204 },
  'GET /api/vcenter/cluster/{cluster}': ({ state, params }) =>
    unlessRefused(lookUp(state.clusters, params.cluster, 'Cluster'), (cluster) => ({ body: clusterInfo(cluster) })),
  'GET /api/vcenter/datastore/{datastore}': ({ state, params }) =>
    unlessRefused(lookUp(state.datastores, params.datastore, 'Datastore'), (datastore) => ({ body: datastoreInfo(datastore) })),
  'POST /api/vcenter/resource-pool': ({ state, body }) =>
    unlessRefused(createResourcePool(state, body as ResourcePoolCreateSpec), (id) => ({ status: 201, body: id })),
  'GET /api/vcenter/resource-pool/{resource_pool}': ({ state, params }) =>
    unlessRefused(lookUp(state.resourcePools, params.resource_pool, RESOURCE_POOL_KIND), (pool) => ({ body: resourcePoolInfo(state, pool) })),
  'PATCH /api/vcenter/resource-pool/{resource_pool}': ({ state, params, body }) =>
    updateResourcePool(state, params.resource_pool, body as ResourcePoolUpdateSpec) ?? { status: 204 },
  'DELETE /api/vcenter/resource-pool/{resource_pool}': ({ state, params }) => deleteResourcePool(state, params.resource_pool) ?? { status: 204 },
};
