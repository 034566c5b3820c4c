/** Virtual machines: list with filters and the 4,000 limit, create with placement checks and typed devices, get, delete, power. */
import { randomUUID } from 'node:crypto';
import { alreadyExists, ErrorAnswer, invalidArgument, isErrorAnswer, notFound, unlessRefused } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Vm } from '../../state/types.js';
import type { VcenterVMCreateSpec, VcenterVMInfo, VcenterVMSummary } from '@vsphere-kit/core/api-types';
import type { HandlerTable, OpContext, OpResult } from '../../behaviours/types.js';
import { enforceLimit, listMatches, type ListFilters } from '../../behaviours/util.js';
import { forgetObject } from '../tagging/tagging.js';
import { deviceInfo } from './device-view.js';
import {
  applyScheduledUpgrade,
  bootDevices,
  bootInfo,
  bootSettings,
  checkCpuCounts,
  checkMemorySize,
  cpuInfo,
  hardwareInfo,
  memoryInfo,
} from './vm-hardware.js';
import { assignPciSlots, copyDiskFiles, createDevices, resetConnections } from './vm-devices.js';
import { findVm, vmNotFound } from './vm-lookup.js';

export const VM_LIST_LIMIT = 4000;

export function vmInfo(state: Inventory, vm: Vm): VcenterVMInfo {
  return {
    name: vm.name,
    guest_OS: vm.guest_OS,
    identity: { name: vm.name, bios_uuid: vm.bios_uuid, instance_uuid: vm.instance_uuid },
    power_state: vm.power_state,
    instant_clone_frozen: false,
    hardware: hardwareInfo(vm),
    boot: bootInfo(vm),
    boot_devices: bootDevices(vm),
    cpu: cpuInfo(vm),
    memory: memoryInfo(vm),
    ...deviceInfo(state, vm),
  };
}

type VmSummary = VcenterVMSummary;

/** The last answer of a list call per filter: its rows and their JSON. */
interface VmListMemo {
  rows: VmSummary[];
  json: string;
}

/**
 * The filters of `GET /api/vcenter/vm`, written once: each query parameter and the VM field it
 * matches. Keyed by the operation's generated query type, so a filter the spec adds or renames
 * fails to compile until it is mapped here; the predicate and the memo key both read it.
 */
const VM_LIST_FILTERS = {
  vms: 'id',
  names: 'name',
  folders: 'folder',
  datacenters: 'datacenter',
  hosts: 'host',
  clusters: 'cluster',
  resource_pools: 'resource_pool',
  power_states: 'power_state',
} as const satisfies ListFilters<'GET /api/vcenter/vm', Vm>;
const LIST_FILTERS = Object.keys(VM_LIST_FILTERS) as (keyof typeof VM_LIST_FILTERS)[];
const MAX_MEMOS = 16;
/** Per inventory (reset() makes a new one). Entries are only reused after a check against the live state. */
const listMemos = new WeakMap<Inventory, Map<string, VmListMemo>>();

function filterKey(query: Record<string, unknown>): string {
  let key = '';
  if (emptyQuery(query)) return key;
  for (const f of LIST_FILTERS) if (query[f] !== undefined) key += `${f}=${JSON.stringify(query[f])};`;
  return key;
}

function emptyQuery(query: Record<string, unknown>): boolean {
  for (const _ in query) return false;
  return true;
}

/**
 * Lists with the filters on the live state every time (a filtered list reads only its matches,
 * through the field indexes of state.vms). The JSON of the previous answer
 * for the same filter is reused only when every row it would send is field for field
 * what the state gives now (same VMs, order and values); otherwise rows and JSON are
 * built anew. State changed directly (not through the API) is seen too.
 */
function listVms({ state, query, asTask }: OpContext): OpResult {
  const matches = listMatches(state.vms, query, VM_LIST_FILTERS);
  const key = filterKey(query);
  let memos = listMemos.get(state);
  const memo = asTask ? undefined : memos?.get(key);
  const prev = memo?.rows;
  let out: VmSummary[] | undefined = prev ? undefined : [];
  let count = 0;
  for (const vm of matches) {
    if (++count > VM_LIST_LIMIT) continue; // keep counting for the message, stop building
    if (out === undefined) {
      const r = prev![count - 1];
      if (
        r !== undefined &&
        r.vm === vm.id &&
        r.name === vm.name &&
        r.power_state === vm.power_state &&
        r.cpu_count === vm.cpu_count &&
        r.memory_size_MiB === vm.memory_size_MiB
      )
        continue;
      out = prev!.slice(0, count - 1); // equal so far
    }
    out.push({ vm: vm.id, name: vm.name, power_state: vm.power_state, cpu_count: vm.cpu_count, memory_size_MiB: vm.memory_size_MiB });
  }
  enforceLimit(count, VM_LIST_LIMIT, 'virtual machines');
  if (out === undefined) {
    if (count === prev!.length) return { body: prev, json: memo!.json };
    out = prev!.slice(0, count); // fewer VMs now: the rows left are equal
  }
  const json = JSON.stringify(out);
  if (!asTask) {
    if (!memos) listMemos.set(state, (memos = new Map()));
    else if (memos.size >= MAX_MEMOS && !memos.has(key)) memos.clear();
    memos.set(key, { rows: out, json });
  }
  return { body: out, json };
}

type CreateSpec = VcenterVMCreateSpec;

function createVm({ state, body }: OpContext) {
  const spec = body as CreateSpec;
  const s = state;
  const p = spec.placement;
  if (!p)
    return invalidArgument(
      "The placement of the virtual machine is missing: give 'placement' with a folder, a datastore and a resource pool, host or cluster.",
      ['placement'],
    );

  // Every reference must exist and be of the right kind.
  const ref = <T>(map: Map<string, T>, id: string | undefined, kind: string, field: string): T | ErrorAnswer | undefined => {
    if (id === undefined) return undefined;
    const obj = map.get(id);
    if (obj) return obj;
    const elsewhere = [s.folders, s.resourcePools, s.hosts, s.clusters, s.datastores, s.vms, s.datacenters, s.networks].some((m) => m.has(id));
    if (elsewhere)
      return invalidArgument(
        `'${field}' must identify a ${kind}; '${id}' is another kind of object.`,
        [field, id],
        'com.vmware.vapi.std.errors.invalid_element_type',
      );
    return notFound(kind, id);
  };
  const folder = ref(s.folders, p.folder, 'Folder', 'placement.folder');
  if (isErrorAnswer(folder)) return folder;
  if (folder && folder.type !== 'VIRTUAL_MACHINE') return invalidArgument(`Folder '${folder.id}' is not a virtual machine folder.`, [folder.id]);
  const pool = ref(s.resourcePools, p.resource_pool, 'ResourcePool', 'placement.resource_pool');
  if (isErrorAnswer(pool)) return pool;
  const host = ref(s.hosts, p.host, 'HostSystem', 'placement.host');
  if (isErrorAnswer(host)) return host;
  const cluster = ref(s.clusters, p.cluster, 'ClusterComputeResource', 'placement.cluster');
  if (isErrorAnswer(cluster)) return cluster;
  const datastore = ref(s.datastores, p.datastore, 'Datastore', 'placement.datastore');
  if (isErrorAnswer(datastore)) return datastore;

  if (!pool && !host && !cluster) return invalidArgument('The placement needs a resource pool, a host or a cluster.', ['placement']);
  if (host && cluster && host.cluster !== cluster.id) return invalidArgument(`Host '${host.id}' is not in cluster '${cluster.id}'.`, [host.id, cluster.id]);
  if (host && host.connection_state !== 'CONNECTED') return new ErrorAnswer('NOT_ALLOWED_IN_CURRENT_STATE', `Host '${host.id}' is not connected.`, [host.id]);

  // Derive what was not given, as vCenter does.
  const clusterId = cluster?.id ?? host?.cluster ?? pool?.cluster;
  const poolId = pool?.id ?? (cluster ? cluster.resource_pool : host?.cluster ? s.clusters.get(host.cluster)?.resource_pool : host?.resource_pool);
  if (!poolId) return invalidArgument('No resource pool can be derived from the placement.', ['placement']);
  const datacenter = (cluster ?? host ?? pool)!.datacenter;
  const dc = s.datacenters.get(datacenter);
  if (folder && folder.datacenter !== datacenter)
    return invalidArgument(`Folder '${folder.id}' is in another datacenter than the compute resource.`, [folder.id]);
  if (datastore && datastore.datacenter !== datacenter)
    return invalidArgument(`Datastore '${datastore.id}' is in another datacenter than the compute resource.`, [datastore.id]);
  const folderId = folder?.id ?? dc?.vm_folder;
  if (!folderId) return invalidArgument('The placement needs a folder.', ['placement.folder']);
  if (!datastore) return invalidArgument('The placement needs a datastore.', ['placement.datastore']);
  let hostId = host?.id;
  if (!hostId && clusterId) hostId = [...s.hosts.values()].find((h) => h.cluster === clusterId && h.connection_state === 'CONNECTED')?.id;
  if (!hostId && pool?.host) hostId = pool.host;

  const cpuCount = spec.cpu?.count ?? 1;
  const coresPerSocket = spec.cpu?.cores_per_socket ?? 1;
  const sizes = checkCpuCounts(cpuCount, coresPerSocket, 'spec.cpu.') ?? checkMemorySize(spec.memory?.size_MiB ?? 1024, 'spec.memory.size_MiB');
  if (sizes) return sizes;
  const boot = bootSettings({}, spec.boot ?? {}, 'spec.boot.');
  if (isErrorAnswer(boot)) return boot;
  const id = s.nextId('vm');
  const name = spec.name ?? `Virtual machine ${id}`;
  const taken = nameTaken(s, name, folderId);
  if (taken) return taken;
  const devices = createDevices(s, spec, { id, name, guest_OS: spec.guest_OS, datacenter, datastoreName: datastore.name });
  const uuid = randomUUID();
  s.vms.set(id, {
    id,
    name,
    guest_OS: spec.guest_OS,
    power_state: 'POWERED_OFF',
    clean_power_off: true,
    cpu_count: cpuCount,
    cores_per_socket: coresPerSocket,
    ...(spec.cpu?.hot_add_enabled !== undefined ? { cpu_hot_add_enabled: spec.cpu.hot_add_enabled } : {}),
    ...(spec.cpu?.hot_remove_enabled !== undefined ? { cpu_hot_remove_enabled: spec.cpu.hot_remove_enabled } : {}),
    memory_size_MiB: spec.memory?.size_MiB ?? 1024,
    ...(spec.memory?.hot_add_enabled !== undefined ? { memory_hot_add_enabled: spec.memory.hot_add_enabled } : {}),
    hardware_version: spec.hardware_version ?? 'VMX_19',
    datacenter,
    folder: folderId,
    resource_pool: poolId,
    ...(hostId ? { host: hostId } : {}),
    ...(clusterId ? { cluster: clusterId } : {}),
    datastore: datastore.id,
    bios_uuid: randomUUID(),
    instance_uuid: uuid,
    boot_type: boot.type ?? 'BIOS',
    ...(Object.keys(boot.boot).length ? { boot: boot.boot } : {}),
    ...(spec.boot_devices?.length ? { boot_devices: spec.boot_devices.map((d) => ({ type: d.type })) } : {}),
    ...devices,
  });
  return { status: 201, body: id };
}

function powerChange(to: 'start' | 'stop' | 'suspend' | 'reset') {
  return ({ state, params }: OpContext) => {
    const vm = findVm(state, params.vm!);
    if (isErrorAnswer(vm)) return vm;
    const already = (msg: string) => new ErrorAnswer('ALREADY_IN_DESIRED_STATE', msg, [vm.id], 'com.vmware.api.vcenter.vm.power.already_in_desired_state');
    const notAllowed = (msg: string) =>
      new ErrorAnswer('NOT_ALLOWED_IN_CURRENT_STATE', msg, [vm.id, vm.power_state], 'com.vmware.api.vcenter.vm.power.not_allowed_in_current_state');
    if (vm.host && state.hosts.get(vm.host)?.connection_state !== 'CONNECTED' && to !== 'stop') {
      return notAllowed(`The host of virtual machine '${vm.id}' is not connected.`);
    }
    switch (to) {
      case 'start':
        if (vm.power_state === 'POWERED_ON') return already(`Virtual machine '${vm.id}' is already powered on.`);
        if (vm.power_state === 'POWERED_OFF') {
          applyScheduledUpgrade(vm);
          assignPciSlots(vm);
          resetConnections(vm);
        }
        vm.power_state = 'POWERED_ON';
        delete vm.clean_power_off;
        break;
      case 'stop':
        if (vm.power_state === 'POWERED_OFF') return already(`Virtual machine '${vm.id}' is already powered off.`);
        vm.power_state = 'POWERED_OFF';
        vm.clean_power_off = false;
        break;
      case 'suspend':
        if (vm.power_state === 'SUSPENDED') return already(`Virtual machine '${vm.id}' is already suspended.`);
        if (vm.power_state === 'POWERED_OFF') return notAllowed(`Virtual machine '${vm.id}' is powered off and cannot be suspended.`);
        vm.power_state = 'SUSPENDED';
        break;
      case 'reset':
        if (vm.power_state !== 'POWERED_ON') return notAllowed(`Virtual machine '${vm.id}' is not powered on and cannot be reset.`);
        break;
    }
    return { status: 204 };
  };
}

type Placement = NonNullable<CreateSpec['placement']>;

type PlacementOf = Pick<Vm, 'datacenter' | 'folder' | 'resource_pool' | 'host' | 'cluster' | 'datastore'>;

/** Resolves a placement against a default (the source VM's), checking every reference; a refusal is returned. */
function resolvePlacement(s: Inventory, p: Placement | undefined, base: Vm): PlacementOf | ErrorAnswer {
  const check = <T>(map: Map<string, T>, id: string | undefined, kind: string): T | ErrorAnswer | undefined => {
    if (id === undefined) return undefined;
    return map.get(id) ?? notFound(kind, id);
  };
  const folder = check(s.folders, p?.folder, 'Folder');
  if (isErrorAnswer(folder)) return folder;
  if (folder && folder.type !== 'VIRTUAL_MACHINE') return invalidArgument(`Folder '${folder.id}' is not a virtual machine folder.`, [folder.id]);
  const pool = check(s.resourcePools, p?.resource_pool, 'ResourcePool');
  if (isErrorAnswer(pool)) return pool;
  const host = check(s.hosts, p?.host, 'HostSystem');
  if (isErrorAnswer(host)) return host;
  const cluster = check(s.clusters, p?.cluster, 'ClusterComputeResource');
  if (isErrorAnswer(cluster)) return cluster;
  const ds = check(s.datastores, p?.datastore, 'Datastore');
  if (isErrorAnswer(ds)) return ds;
  const out = {
    datacenter: base.datacenter,
    folder: base.folder,
    resource_pool: base.resource_pool,
    datastore: base.datastore,
    ...(base.host ? { host: base.host } : {}),
    ...(base.cluster ? { cluster: base.cluster } : {}),
  } as PlacementOf;
  if (folder) out.folder = folder.id;
  if (ds) out.datastore = ds.id;
  if (cluster) {
    out.cluster = cluster.id;
    out.resource_pool = pool?.id ?? cluster.resource_pool;
    out.host = host?.id ?? [...s.hosts.values()].find((h) => h.cluster === cluster.id && h.connection_state === 'CONNECTED')?.id;
    out.datacenter = cluster.datacenter;
  } else if (host) {
    out.host = host.id;
    if (host.cluster) {
      out.cluster = host.cluster;
      out.resource_pool = pool?.id ?? s.clusters.get(host.cluster)?.resource_pool ?? out.resource_pool;
    } else {
      delete out.cluster;
      out.resource_pool = pool?.id ?? host.resource_pool ?? out.resource_pool;
    }
    out.datacenter = host.datacenter;
  } else if (pool) {
    out.resource_pool = pool.id;
    if (pool.cluster) out.cluster = pool.cluster;
    if (pool.host) out.host = pool.host;
    out.datacenter = pool.datacenter;
  }
  if (!out.host) delete out.host;
  return out;
}

/** The refusal of a VM name its folder holds already: a lookup in the field indexes (state/field-index.ts), flat in the inventory. */
function nameTaken(s: Inventory, name: string, folder: string): ErrorAnswer | undefined {
  if (
    s.vms.select([
      { field: 'name', values: new Set([name]) },
      { field: 'folder', values: new Set([folder]) },
    ]).length === 0
  )
    return undefined;
  return alreadyExists(`A virtual machine named '${name}' already exists in folder '${folder}'.`, [name, folder], 'com.vmware.api.vcenter.vm.already_exists');
}

function cloneVm(instant: boolean) {
  return ({ state, body }: OpContext) => {
    const spec = body as { source: string; name: string; placement?: Placement; power_on?: boolean };
    const s = state;
    const src = s.vms.get(spec.source) ?? s.templates.get(spec.source);
    if (!src) return vmNotFound(spec.source);
    if (instant && src.power_state !== 'POWERED_ON') {
      return new ErrorAnswer(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        `Virtual machine '${src.id}' must be powered on to be instant-cloned.`,
        [src.id],
        'com.vmware.api.vcenter.vm.instant_clone.not_powered_on',
      );
    }
    const place = resolvePlacement(s, spec.placement, src);
    if (isErrorAnswer(place)) return place;
    const taken = nameTaken(s, spec.name, place.folder);
    if (taken) return taken;
    const id = s.nextId('vm');
    const { host: _h, cluster: _c, clean_power_off: _p, ...rest } = src;
    const on = instant || spec.power_on === true;
    const copy: Vm = {
      ...structuredClone(rest),
      ...place,
      id,
      name: spec.name,
      power_state: on ? 'POWERED_ON' : 'POWERED_OFF',
      ...(on ? {} : { clean_power_off: true }),
      bios_uuid: randomUUID(),
      instance_uuid: randomUUID(),
    };
    // The copy's disks are new files in its own folder; its NICs get new MAC addresses.
    copyDiskFiles(copy, s.datastores.get(copy.datastore)?.name ?? copy.datastore);
    for (const nic of Object.values(copy.nics ?? {})) if (nic.mac_type !== 'MANUAL') delete nic.mac_address;
    s.vms.set(id, copy);
    return { status: 200, body: id };
  };
}

function registerVm({ state, body }: OpContext) {
  const spec = (body ?? {}) as { datastore?: string; path?: string; datastore_path?: string; name?: string; placement?: Placement };
  const s = state;
  let path = spec.datastore_path;
  if (!path) {
    if (!spec.datastore || !spec.path) return invalidArgument("Give 'datastore_path', or 'datastore' and 'path'.", ['datastore_path']);
    const ds = s.datastores.get(spec.datastore);
    if (!ds) return notFound('Datastore', spec.datastore);
    path = `[${ds.name}] ${spec.path}`;
  }
  const unregistered = s.family('unregistered-vms');
  const saved = unregistered.get(path) as Vm | undefined;
  if (!saved) return notFound('Virtual machine file', path, 'com.vmware.api.vcenter.vm.register.file_not_found');
  const place = resolvePlacement(s, spec.placement, saved);
  if (isErrorAnswer(place)) return place;
  const name = spec.name ?? saved.name;
  const taken = nameTaken(s, name, place.folder);
  if (taken) return taken;
  unregistered.delete(path);
  const id = s.nextId('vm');
  s.vms.set(id, { ...saved, ...place, id, name, power_state: 'POWERED_OFF', clean_power_off: true });
  return { status: 200, body: id };
}

export const vmHandlers: HandlerTable = {
  'POST /api/vcenter/vm?action=clone': cloneVm(false),
  'POST /api/vcenter/vm?action=instant-clone': cloneVm(true),
  'POST /api/vcenter/vm?action=register': registerVm,
  'POST /api/vcenter/vm/{vm}?action=unregister': ({ state, params }) => {
    const vm = findVm(state, params.vm!);
    if (isErrorAnswer(vm)) return vm;
    if (vm.power_state !== 'POWERED_OFF') {
      return new ErrorAnswer(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        `Virtual machine '${vm.id}' must be powered off to be unregistered.`,
        [vm.id, vm.power_state],
        'com.vmware.api.vcenter.vm.unregister.powered_on',
      );
    }
    const ds = state.datastores.get(vm.datastore);
    state.family('unregistered-vms').set(`[${ds?.name ?? vm.datastore}] ${vm.name}/${vm.name}.vmx`, structuredClone(vm));
    state.vms.delete(vm.id);
    forgetObject(state, { type: 'VirtualMachine', id: vm.id });
    return { status: 204 };
  },
  'POST /api/vcenter/vm/{vm}?action=relocate': ({ state, params, body }) => {
    const vm = findVm(state, params.vm!);
    if (isErrorAnswer(vm)) return vm;
    const place = resolvePlacement(state, (body as { placement?: Placement } | undefined)?.placement, vm);
    if (isErrorAnswer(place)) return place;
    Object.assign(vm, place);
    if (!place.host) delete vm.host;
    if (!place.cluster) delete vm.cluster;
    return { status: 204 };
  },
  'GET /api/vcenter/vm': listVms,
  'POST /api/vcenter/vm': createVm,
  'GET /api/vcenter/vm/{vm}': ({ state, params }) => unlessRefused(findVm(state, params.vm!), (vm) => ({ body: vmInfo(state, vm) })),
  'DELETE /api/vcenter/vm/{vm}': ({ state, params }) => {
    const vm = findVm(state, params.vm!);
    if (isErrorAnswer(vm)) return vm;
    if (vm.power_state !== 'POWERED_OFF') {
      return new ErrorAnswer(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        `Virtual machine '${vm.id}' is ${vm.power_state === 'SUSPENDED' ? 'suspended' : 'powered on'}; power it off before deleting it.`,
        [vm.id, vm.power_state],
        'com.vmware.api.vcenter.vm.delete.powered_on',
      );
    }
    state.vms.delete(vm.id);
    forgetObject(state, { type: 'VirtualMachine', id: vm.id });
    return { status: 204 };
  },
  'GET /api/vcenter/vm/{vm}/power': ({ state, params }) => {
    const vm = findVm(state, params.vm!);
    if (isErrorAnswer(vm)) return vm;
    return { body: { state: vm.power_state, ...(vm.power_state === 'POWERED_OFF' ? { clean_power_off: vm.clean_power_off ?? true } : {}) } };
  },
  'POST /api/vcenter/vm/{vm}/power?action=start': powerChange('start'),
  'POST /api/vcenter/vm/{vm}/power?action=stop': powerChange('stop'),
  'POST /api/vcenter/vm/{vm}/power?action=suspend': powerChange('suspend'),
  'POST /api/vcenter/vm/{vm}/power?action=reset': powerChange('reset'),
};
