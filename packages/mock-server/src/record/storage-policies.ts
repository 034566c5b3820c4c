/**
 * Storage policies: the policies (`storage_policies`), the default policy and the accessibility of
 * each datastore, and the policies of each VM's home and disks with their last compliance check
 * (`rules.vm_storage_policies`).
 *
 * The API does not list a policy's rules. What the mock derives from them, the kinds of datastore a
 * policy applies to, is read back through `check-compatibility` against every recorded datastore:
 * the kinds of the compatible ones, or none said (every kind) when all are compatible.
 */
import { dict } from '../state/dict.js';
import type { Datastore, StoragePolicy, StoragePolicyAssignment, Vm, VmStoragePolicies } from '../state/types.js';
import type { Reader } from './reader.js';
import { type Row, isRow } from './values.js';

const STATUSES = new Set<string>(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'UNKNOWN_COMPLIANCE'] satisfies StoragePolicyAssignment['status'][]);

/** The policies, with what they apply to; the datastores are given their default policy and accessibility (in place). */
export async function recordStoragePolicies(r: Reader, datastores: Datastore[]): Promise<StoragePolicy[]> {
  for (const ds of datastores) {
    const info = await r.get<Row>('vcenter.datastore.get', { path: { datastore: ds.id } });
    if (info.accessible === false) ds.accessible = false;
    if (typeof info.multiple_host_access === 'boolean' && info.multiple_host_access !== !(ds.type === 'VMFS' || ds.type === 'VFFS'))
      ds.multiple_host_access = info.multiple_host_access;
  }
  const policies: StoragePolicy[] = [];
  const accessible = datastores.filter((d) => d.accessible !== false);
  for (const row of await r.list('vcenter.storage.policies.list')) {
    if (typeof row.policy !== 'string') continue;
    const id = row.policy;
    const policy: StoragePolicy = { id, name: String(row.name ?? id), description: typeof row.description === 'string' ? row.description : '' };
    if (accessible.length) {
      const answer = await r.get<Row>('vcenter.storage.policies.checkCompatibility', {
        path: { policy: id },
        body: { datastores: accessible.map((d) => d.id) },
      });
      const compatible = new Set((Array.isArray(answer?.compatible_datastores) ? answer.compatible_datastores : []).map((c: Row) => c?.datastore));
      if (compatible.size < accessible.length) policy.datastore_types = [...new Set(accessible.filter((d) => compatible.has(d.id)).map((d) => d.type))];
    }
    policies.push(policy);
  }
  const known = new Set(policies.map((p) => p.id));
  for (const ds of datastores) {
    const defaultPolicy = await r.get<unknown>('vcenter.datastore.defaultPolicy.get', { path: { datastore: ds.id } });
    if (typeof defaultPolicy !== 'string') continue;
    if (known.has(defaultPolicy)) ds.default_policy = defaultPolicy;
    else r.misfit('vcenter.datastore.defaultPolicy.get', ds.id, '', `policy '${defaultPolicy}' is not among the recorded policies: left out`);
  }
  return policies;
}

/**
 * The storage policies of one VM and their last compliance check; `datastoreOfDisk` says where a
 * disk is now (a check made elsewhere reads OUT_OF_DATE, so such a result is kept as made elsewhere).
 */
export async function recordVmPolicies(
  r: Reader,
  vm: Vm,
  policies: ReadonlySet<string>,
  datastoreOfDisk: (disk: string) => string,
): Promise<VmStoragePolicies | undefined> {
  const info = await r.get<Row>('vcenter.vm.storage.policy.get', { path: { vm: vm.id } });
  const disks = isRow(info.disks) ? info.disks : {};
  if (typeof info.vm_home !== 'string' && Object.keys(disks).length === 0) return undefined;
  const compliance = await r.get<Row>('vcenter.vm.storage.policy.compliance.get', { path: { vm: vm.id } });
  const checks = isRow(compliance.disks) ? compliance.disks : {};
  const assignment = (policy: unknown, check: unknown, datastore: string, pointer: string): StoragePolicyAssignment | undefined => {
    if (typeof policy !== 'string') return undefined;
    if (!policies.has(policy))
      return void r.misfit('vcenter.vm.storage.policy.get', vm.id, pointer, `policy '${policy}' is not among the recorded policies: left out`);
    const c = isRow(check) ? check : {};
    const status = String(c.status);
    const checkTime = typeof c.check_time === 'string' ? c.check_time : new Date(0).toISOString();
    if (status === 'OUT_OF_DATE') return { policy, status: 'UNKNOWN_COMPLIANCE', check_time: checkTime, datastore: '' };
    if (!STATUSES.has(status))
      r.misfit(
        'vcenter.vm.storage.policy.compliance.get',
        vm.id,
        pointer,
        `compliance ${JSON.stringify(c.status)} is not one the mock keeps: recorded as UNKNOWN_COMPLIANCE`,
      );
    return { policy, status: STATUSES.has(status) ? (status as StoragePolicyAssignment['status']) : 'UNKNOWN_COMPLIANCE', check_time: checkTime, datastore };
  };
  const out: VmStoragePolicies = { disks: dict() };
  const home = assignment(info.vm_home, compliance.vm_home, vm.datastore, '/vm_home');
  if (home) out.vm_home = home;
  for (const [disk, policy] of Object.entries(disks)) {
    if (!vm.disks || !Object.hasOwn(vm.disks, disk)) continue; // a disk the recording left out (noted there)
    const a = assignment(policy, checks[disk], datastoreOfDisk(disk), `/disks/${disk}`);
    if (a) out.disks[disk] = a;
  }
  return out.vm_home || Object.keys(out.disks).length ? out : undefined;
}
