/** The storage-policy operations, answered from the model of storage-policies.ts. */
import type { HandlerTable } from '../../behaviours/types.js';
import { invalidArgument } from '../../server/errors.js';
import {
  checkVmCompliance,
  compatibleDatastores,
  complianceByVm,
  datastoreDefaultPolicy,
  entitiesCompliance,
  listPolicies,
  updateVmPolicies,
  type VmStoragePolicyUpdateSpec,
  vmComplianceInfo,
  vmPolicyInfo,
  vmsOfPolicy,
} from './storage-policies.js';

/** The compliance lists filter on statuses that vCenter's filter spec requires. */
function requiredStatus(status: readonly string[] | undefined): readonly string[] {
  if (!status?.length) throw invalidArgument("'status' is required: name the compliance statuses to list.", ['status']);
  return status;
}

export const storagePolicyHandlers: HandlerTable = {
  'GET /api/vcenter/storage/policies': ({ state, query }) => ({ body: listPolicies(state, query.policies) }),
  'GET /api/vcenter/datastore/{datastore}/default-policy': ({ state, params }) => ({ body: datastoreDefaultPolicy(state, params.datastore) }),
  'GET /api/vcenter/storage/policies/compliance/vm': ({ state, query }) => ({ body: complianceByVm(state, requiredStatus(query.status), query.vms) }),
  'GET /api/vcenter/storage/policies/entities/compliance': ({ state, query }) => ({ body: entitiesCompliance(state, requiredStatus(query.status)) }),
  'GET /api/vcenter/storage/policies/{policy}/vm': ({ state, params }) => ({ body: vmsOfPolicy(state, params.policy) }),
  'POST /api/vcenter/storage/policies/{policy}?action=check-compatibility': ({ state, params, body }) => ({
    body: compatibleDatastores(state, params.policy, (body as { datastores: string[] }).datastores),
  }),
  'GET /api/vcenter/vm/{vm}/storage/policy': ({ state, params }) => ({ body: vmPolicyInfo(state, params.vm) }),
  'PATCH /api/vcenter/vm/{vm}/storage/policy': ({ state, params, body }) => {
    updateVmPolicies(state, params.vm, body as VmStoragePolicyUpdateSpec, new Date().toISOString());
    return { status: 204 };
  },
  'GET /api/vcenter/vm/{vm}/storage/policy/compliance': ({ state, params }) => ({ body: vmComplianceInfo(state, params.vm) }),
  'POST /api/vcenter/vm/{vm}/storage/policy/compliance?action=check': ({ state, params, body }) => ({
    body: checkVmCompliance(state, params.vm, (body as { vm_home: boolean; disks?: string[] } | undefined) ?? { vm_home: true }, new Date().toISOString()),
  }),
};
