/** The inventory's write and item operations, answered from the model (datacenters.ts, resource-pools.ts, storage-policies.ts). */
import type { HandlerTable } from '../../behaviours/types.js';
import { createDatacenter, type DatacenterCreateSpec, deleteDatacenter } from './datacenters.js';
import { clusterInfo, datastoreInfo } from './inventory.js';
import { existing } from './lookup.js';
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
  'POST /api/vcenter/datacenter': ({ state, body }) => ({ status: 201, body: createDatacenter(state, body as DatacenterCreateSpec) }),
  'DELETE /api/vcenter/datacenter/{datacenter}': ({ state, params, query }) => {
    deleteDatacenter(state, params.datacenter, query.force === true);
    return { status: 204 };
  },
  'GET /api/vcenter/cluster/{cluster}': ({ state, params }) => ({ body: clusterInfo(existing(state.clusters, params.cluster, 'Cluster')) }),
  'GET /api/vcenter/datastore/{datastore}': ({ state, params }) => ({ body: datastoreInfo(existing(state.datastores, params.datastore, 'Datastore')) }),
  'POST /api/vcenter/resource-pool': ({ state, body }) => ({ status: 201, body: createResourcePool(state, body as ResourcePoolCreateSpec) }),
  'GET /api/vcenter/resource-pool/{resource_pool}': ({ state, params }) => ({
    body: resourcePoolInfo(state, existing(state.resourcePools, params.resource_pool, RESOURCE_POOL_KIND)),
  }),
  'PATCH /api/vcenter/resource-pool/{resource_pool}': ({ state, params, body }) => {
    updateResourcePool(state, params.resource_pool, body as ResourcePoolUpdateSpec);
    return { status: 204 };
  },
  'DELETE /api/vcenter/resource-pool/{resource_pool}': ({ state, params }) => {
    deleteResourcePool(state, params.resource_pool);
    return { status: 204 };
  },
};
