/** The storage-policy operations, answered from the model of storage-policies.ts. */
import type { HandlerTable } from '../../behaviours/types.js';
import { datastoreDefaultPolicy, listPolicies } from './storage-policies.js';

export const storagePolicyHandlers: HandlerTable = {
  'GET /api/vcenter/storage/policies': ({ state, query }) => ({ body: listPolicies(state, query.policies) }),
  'GET /api/vcenter/datastore/{datastore}/default-policy': ({ state, params }) => ({ body: datastoreDefaultPolicy(state, params.datastore) }),
};
