/**
 * Storage policies and their compliance: the policies of the inventory, the policy of each VM's
 * home and disks (rules.vm_storage_policies), and compliance checks. A check compares the policy
 * with the datastore the object is on: COMPLIANT where the policy's rules apply to that kind of
 * datastore, NOT_APPLICABLE elsewhere, UNKNOWN_COMPLIANCE on an inaccessible datastore. Once an
 * object sits on another datastore than at its last check, its result reads OUT_OF_DATE.
 */
import { invalidArgument, VapiError } from '../../server/errors.js';
import { dict } from '../../state/dict.js';
import type { Inventory } from '../../state/inventory.js';
import type { StoragePolicy, StoragePolicyAssignment, Vm, VmStoragePolicies } from '../../state/types.js';
import { getVm } from '../vm/vm-lookup.js';
import { diskDatastore } from './disk-datastore.js';
import { existing } from './lookup.js';

export const POLICY_KIND = 'StoragePolicy';

export type ComplianceStatus = StoragePolicyAssignment['status'] | 'OUT_OF_DATE';

/** Worst first: the overall compliance of a VM is the first of these that one of its objects has. */
const SEVERITY: readonly ComplianceStatus[] = ['NON_COMPLIANT', 'OUT_OF_DATE', 'UNKNOWN_COMPLIANCE', 'COMPLIANT', 'NOT_APPLICABLE'];

export interface PolicySpec {
  type: 'USE_SPECIFIED_POLICY' | 'USE_DEFAULT_POLICY';
  policy?: string;
}

export interface VmStoragePolicyUpdateSpec {
  vm_home?: PolicySpec;
  disks?: Record<string, PolicySpec>;
}

const hasDisk = (vm: Vm, disk: string) => vm.disks !== undefined && Object.hasOwn(vm.disks, disk);

/** INVALID_ARGUMENT naming `disks` and the key when the VM has no such disk. */
function requireDisk(vm: Vm, disk: string): void {
  if (!hasDisk(vm, disk))
    throw new VapiError(
      'INVALID_ARGUMENT',
      `'disks': virtual machine '${vm.id}' has no disk '${disk}'.`,
      ['disks', disk],
      'com.vmware.api.vcenter.vm.storage.policy.disk_not_found',
    );
}

/** The policies of a VM still in the inventory, with entries of disks it no longer has left out. */
function assignments(state: Inventory, vm: Vm): { vm_home?: StoragePolicyAssignment; disks: [string, StoragePolicyAssignment][] } {
  const entry = state.rules.vm_storage_policies[vm.id];
  if (!entry) return { disks: [] };
  return {
    ...(entry.vm_home ? { vm_home: entry.vm_home } : {}),
    disks: Object.entries(entry.disks).filter(([disk]) => hasDisk(vm, disk)),
  };
}

function checkedStatus(state: Inventory, policy: StoragePolicy | undefined, datastore: string): StoragePolicyAssignment['status'] {
  const ds = state.datastores.get(datastore);
  if (!policy || !ds || ds.accessible === false) return 'UNKNOWN_COMPLIANCE';
  return policy.datastore_types === undefined || policy.datastore_types.includes(ds.type) ? 'COMPLIANT' : 'NOT_APPLICABLE';
}

function check(state: Inventory, policy: string, datastore: string, now: string): StoragePolicyAssignment {
  return { policy, datastore, check_time: now, status: checkedStatus(state, state.storagePolicies.get(policy), datastore) };
}

const currentStatus = (a: StoragePolicyAssignment, datastore: string): ComplianceStatus => (a.datastore === datastore ? a.status : 'OUT_OF_DATE');

// ------------------------------------------------------------------ policies

export function listPolicies(state: Inventory, ids: readonly string[] | undefined) {
  const wanted = ids ? new Set(ids) : undefined;
  const out: { policy: string; name: string; description: string }[] = [];
  for (const p of state.storagePolicies.values()) if (!wanted || wanted.has(p.id)) out.push({ policy: p.id, name: p.name, description: p.description });
  return out;
}

/** The default policy of a datastore, or null when it has none. */
export function datastoreDefaultPolicy(state: Inventory, datastore: string): string | null {
  return existing(state.datastores, datastore, 'Datastore').default_policy ?? null;
}

/** The datastores among `datastores` that the policy can be applied to. */
export function compatibleDatastores(state: Inventory, policyId: string, datastores: readonly string[]) {
  const policy = existing(state.storagePolicies, policyId, POLICY_KIND);
  const out: { datastore: string }[] = [];
  for (const id of datastores) {
    const ds = existing(state.datastores, id, 'Datastore');
    if (ds.accessible !== false && (policy.datastore_types === undefined || policy.datastore_types.includes(ds.type))) out.push({ datastore: id });
  }
  return { compatible_datastores: out };
}

/** VM id → which of its objects use the policy. */
export function vmsOfPolicy(state: Inventory, policyId: string) {
  existing(state.storagePolicies, policyId, POLICY_KIND);
  const out = dict<{ vm_home: boolean; disks: string[] }>();
  for (const vmId of Object.keys(state.rules.vm_storage_policies)) {
    const vm = state.vms.get(vmId);
    if (!vm) continue;
    const a = assignments(state, vm);
    const disks = a.disks.filter(([, d]) => d.policy === policyId).map(([disk]) => disk);
    const home = a.vm_home?.policy === policyId;
    if (home || disks.length) out[vmId] = { vm_home: home, disks };
  }
  return out;
}

// ------------------------------------------------------------------ a VM's policies

export function vmPolicyInfo(state: Inventory, vmId: string) {
  const a = assignments(state, getVm(state, vmId));
  const disks = dict<string>();
  for (const [disk, d] of a.disks) disks[disk] = d.policy;
  return { ...(a.vm_home ? { vm_home: a.vm_home.policy } : {}), disks };
}

/**
 * The policy a spec asks for: the one named, or the default policy of the datastore the object is on
 * (none when that datastore has no default). `field` names the spec's field in errors.
 */
function wantedPolicy(state: Inventory, spec: PolicySpec, datastore: string, field: string): string | undefined {
  if (spec.type === 'USE_DEFAULT_POLICY') {
    if (spec.policy !== undefined) throw invalidArgument(`'${field}.policy' is only allowed with type USE_SPECIFIED_POLICY.`, [`${field}.policy`]);
    return state.datastores.get(datastore)?.default_policy;
  }
  if (spec.policy === undefined) throw invalidArgument(`'${field}.policy' is required with type USE_SPECIFIED_POLICY.`, [`${field}.policy`]);
  if (!state.storagePolicies.has(spec.policy))
    throw invalidArgument(`'${field}.policy': storage policy '${spec.policy}' does not exist.`, [`${field}.policy`, spec.policy]);
  return spec.policy;
}

/** Applies the policies (vCenter checks compliance as it applies them); nothing changes when any part is refused. */
export function updateVmPolicies(state: Inventory, vmId: string, spec: VmStoragePolicyUpdateSpec, now: string): void {
  const vm = getVm(state, vmId);
  const changes: [string | 'vm_home', string | undefined, string][] = [];
  if (spec.vm_home) changes.push(['vm_home', wantedPolicy(state, spec.vm_home, vm.datastore, 'vm_home'), vm.datastore]);
  for (const [disk, d] of Object.entries(spec.disks ?? {})) {
    requireDisk(vm, disk);
    const ds = diskDatastore(state, vm, disk);
    changes.push([disk, wantedPolicy(state, d, ds, `disks.${disk}`), ds]);
  }
  const byVm = state.rules.vm_storage_policies;
  const entry: VmStoragePolicies = byVm[vm.id] ?? { disks: dict() };
  const disks = dict(entry.disks);
  let home = entry.vm_home;
  for (const [target, policy, ds] of changes) {
    const next = policy === undefined ? undefined : check(state, policy, ds, now);
    if (target === 'vm_home') home = next;
    else if (next) disks[target] = next;
    else delete disks[target];
  }
  if (!home && Object.keys(disks).length === 0) delete byVm[vm.id];
  else byVm[vm.id] = { ...(home ? { vm_home: home } : {}), disks };
}

function complianceEntry(a: StoragePolicyAssignment, datastore: string) {
  return { status: currentStatus(a, datastore), check_time: a.check_time, policy: a.policy, failure_cause: [] };
}

export function vmComplianceInfo(state: Inventory, vmId: string) {
  const vm = getVm(state, vmId);
  const a = assignments(state, vm);
  const statuses: ComplianceStatus[] = [];
  const disks = dict<ReturnType<typeof complianceEntry>>();
  for (const [disk, d] of a.disks) {
    disks[disk] = complianceEntry(d, diskDatastore(state, vm, disk));
    statuses.push(disks[disk].status);
  }
  const home = a.vm_home ? complianceEntry(a.vm_home, vm.datastore) : undefined;
  if (home) statuses.push(home.status);
  const overall = SEVERITY.find((s) => statuses.includes(s)) ?? 'NOT_APPLICABLE';
  return { overall_compliance: overall, ...(home ? { vm_home: home } : {}), disks };
}

/** Checks the compliance of the VM's home (when asked) and of the given disks (all when none are named). */
export function checkVmCompliance(state: Inventory, vmId: string, spec: { vm_home: boolean; disks?: string[] }, now: string) {
  const vm = getVm(state, vmId);
  for (const disk of spec.disks ?? []) requireDisk(vm, disk);
  const entry = state.rules.vm_storage_policies[vm.id];
  if (entry) {
    const disks = dict(entry.disks);
    const which = spec.disks ?? Object.keys(disks);
    for (const disk of which) {
      const d = disks[disk];
      if (d && hasDisk(vm, disk)) disks[disk] = check(state, d.policy, diskDatastore(state, vm, disk), now);
    }
    const home = spec.vm_home && entry.vm_home ? check(state, entry.vm_home.policy, vm.datastore, now) : entry.vm_home;
    state.rules.vm_storage_policies[vm.id] = { ...(home ? { vm_home: home } : {}), disks };
  }
  return vmComplianceInfo(state, vmId);
}

// ------------------------------------------------------------------ compliance across VMs

/** The current status of each object of each VM with a policy, VMs in the order of the inventory's rule state. */
function* vmStatuses(state: Inventory, vmFilter: ReadonlySet<string> | undefined) {
  for (const vmId of Object.keys(state.rules.vm_storage_policies)) {
    if (vmFilter && !vmFilter.has(vmId)) continue;
    const vm = state.vms.get(vmId);
    if (!vm) continue;
    const a = assignments(state, vm);
    yield {
      vm: vmId,
      vm_home: a.vm_home ? currentStatus(a.vm_home, vm.datastore) : undefined,
      disks: a.disks.map(([disk, d]) => [disk, currentStatus(d, diskDatastore(state, vm, disk))] as const),
    };
  }
}

/** VM id → the status of its objects, for the VMs one of whose objects has one of `statuses`. */
export function complianceByVm(state: Inventory, statuses: readonly string[], vms: readonly string[] | undefined) {
  const wanted = new Set(statuses);
  const out = dict<{ vm_home?: ComplianceStatus; disks: Record<string, ComplianceStatus> }>();
  let count = 0;
  for (const s of vmStatuses(state, vms ? new Set(vms) : undefined)) {
    if (!(s.vm_home && wanted.has(s.vm_home)) && !s.disks.some(([, st]) => wanted.has(st))) continue;
    if (++count > 1000)
      throw new VapiError(
        'UNABLE_TO_ALLOCATE_RESOURCE',
        'More than 1000 virtual machines match the filter; narrow it with vms.',
        ['1000'],
        'com.vmware.api.vcenter.max_results_exceeded',
      );
    out[s.vm] = { ...(s.vm_home ? { vm_home: s.vm_home } : {}), disks: dict(s.disks) };
  }
  return out;
}

/** The storage-policy status names of the entity summary (`UNKNOWN` where a VM's compliance says UNKNOWN_COMPLIANCE). */
const ENTITY_STATUS = (s: ComplianceStatus) => (s === 'UNKNOWN_COMPLIANCE' ? 'UNKNOWN' : s);

/** One summary per VM one of whose objects has one of `statuses` (entity compliance names). */
export function entitiesCompliance(state: Inventory, statuses: readonly string[]) {
  const wanted = new Set(statuses);
  const out: { vm: string; vm_home?: string; disks: Record<string, string> }[] = [];
  for (const s of vmStatuses(state, undefined)) {
    const home = s.vm_home && ENTITY_STATUS(s.vm_home);
    const disks = s.disks.map(([d, st]) => [d, ENTITY_STATUS(st)] as const);
    if (!(home && wanted.has(home)) && !disks.some(([, st]) => wanted.has(st))) continue;
    out.push({ vm: s.vm, ...(home ? { vm_home: home } : {}), disks: dict(disks) });
  }
  return out;
}
