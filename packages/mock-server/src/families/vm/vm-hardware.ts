/**
 * A VM's hardware settings besides its devices: virtual hardware version and scheduled upgrade,
 * CPU, memory, boot options and boot order. Each has one view (what `GET /api/vcenter/vm/{vm}`
 * and the sub-resource GET both show) and one update with vCenter's rules: sizes checked, hot
 * changes only where the VM's hot-plug flags allow them and only in their direction, flags and
 * firmware only while powered off. Updates check everything before they change anything.
 */
import type {
  VcenterVmHardwareBootDeviceEntry,
  VcenterVmHardwareBootUpdateSpec,
  VcenterVmHardwareBootInfo,
  VcenterVmHardwareCpuInfo,
  VcenterVmHardwareCpuUpdateSpec,
  VcenterVmHardwareInfo,
  VcenterVmHardwareMemoryInfo,
  VcenterVmHardwareMemoryUpdateSpec,
  VcenterVmHardwareUpdateSpec,
  VcenterVmHardwareUpgrade,
  VcenterVmHardwareVersion,
} from '@vsphere-kit/core/api-types';
import type { HandlerTable } from '../../behaviours/types.js';
import { ErrorAnswer, invalidArgument, isErrorAnswer, unlessRefused } from '../../server/errors.js';
import type { Vm, VmBootOptions } from '../../state/types.js';
import { hotChangeRefused, ifSuspended, unlessPoweredOff } from './power-rules.js';
import { findVm } from './vm-lookup.js';

/** The newest virtual hardware the emulated hosts (ESXi 8.0 U2) run: the target of an upgrade that names none. */
export const LATEST_HARDWARE_VERSION: VcenterVmHardwareVersion = 'VMX_21';

const versionNumber = (v: VcenterVmHardwareVersion): number => Number(v.slice(4));

const tooSmall = (field: string, value: number, least: number) =>
  invalidArgument(`Invalid value for field '${field}': ${value} is less than ${least}.`, [field, String(value)], 'vapi.bindings.typeconverter.invalid.value');

/**
 * CPU sizes as vCenter takes them: at least one CPU and one core per socket, and a count that
 * is a multiple of the cores per socket. `prefix` names the fields in the request (`spec.cpu.` in
 * a create, `spec.` in a CPU update).
 */
export function checkCpuCounts(count: number, perSocket: number, prefix: string): ErrorAnswer | undefined {
  if (count < 1) return tooSmall(`${prefix}count`, count, 1);
  if (perSocket < 1) return tooSmall(`${prefix}cores_per_socket`, perSocket, 1);
  if (count % perSocket !== 0) {
    return invalidArgument(
      `'${prefix}count' (${count}) must be a multiple of '${prefix}cores_per_socket' (${perSocket}).`,
      [`${prefix}count`, String(count), String(perSocket)],
      'com.vmware.api.vcenter.vm.hardware.cpu.invalid_count',
    );
  }
  return undefined;
}

export function checkMemorySize(size: number, field: string): ErrorAnswer | undefined {
  return size < 1 ? tooSmall(field, size, 1) : undefined;
}

// ----------------------------------------------------------------------------------- views

export function hardwareInfo(vm: Vm): VcenterVmHardwareInfo {
  const up = vm.hardware_upgrade;
  return {
    version: vm.hardware_version,
    upgrade_policy: up?.policy ?? 'NEVER',
    upgrade_status: up?.status ?? 'NONE',
    ...(up?.version && up.policy !== 'NEVER' ? { upgrade_version: up.version } : {}),
  };
}

export function cpuInfo(vm: Vm): VcenterVmHardwareCpuInfo {
  return {
    count: vm.cpu_count,
    cores_per_socket: vm.cores_per_socket,
    hot_add_enabled: vm.cpu_hot_add_enabled ?? false,
    hot_remove_enabled: vm.cpu_hot_remove_enabled ?? false,
  };
}

export function memoryInfo(vm: Vm): VcenterVmHardwareMemoryInfo {
  return { size_MiB: vm.memory_size_MiB, hot_add_enabled: vm.memory_hot_add_enabled ?? false };
}

export function bootInfo(vm: Vm): VcenterVmHardwareBootInfo {
  const b = vm.boot ?? {};
  const type = vm.boot_type ?? 'BIOS';
  return {
    type,
    // The EFI-only options appear for EFI firmware only, as vCenter shows them.
    ...(type === 'EFI' ? { efi_legacy_boot: b.efi_legacy_boot ?? false, network_protocol: b.network_protocol ?? 'IPV4' } : {}),
    delay: b.delay ?? 0,
    retry: b.retry ?? false,
    retry_delay: b.retry_delay ?? 10000,
    enter_setup_mode: b.enter_setup_mode ?? false,
  };
}

export function bootDevices(vm: Vm): VcenterVmHardwareBootDeviceEntry[] {
  return vm.boot_devices ?? [];
}

// --------------------------------------------------------------------------------- updates

function updateCpu(vm: Vm, spec: VcenterVmHardwareCpuUpdateSpec): ErrorAnswer | undefined {
  const cur = cpuInfo(vm);
  const next = { ...cur, ...definedOnly(spec) };
  const refusal = checkCpuCounts(next.count, next.cores_per_socket, 'spec.') ?? ifSuspended(vm, 'changing the CPU settings') ?? hotCpuRefusal(vm, cur, next);
  if (refusal) return refusal;
  vm.cpu_count = next.count;
  vm.cores_per_socket = next.cores_per_socket;
  vm.cpu_hot_add_enabled = next.hot_add_enabled;
  vm.cpu_hot_remove_enabled = next.hot_remove_enabled;
  return undefined;
}

/** What a running VM refuses of a CPU change (settings that need it off, hot changes it does not allow). */
function hotCpuRefusal(vm: Vm, cur: VcenterVmHardwareCpuInfo, next: VcenterVmHardwareCpuInfo): ErrorAnswer | undefined {
  if (vm.power_state !== 'POWERED_ON') return undefined;
  if (next.hot_add_enabled !== cur.hot_add_enabled) return unlessPoweredOff(vm, 'changing the CPU hot-add setting');
  if (next.hot_remove_enabled !== cur.hot_remove_enabled) return unlessPoweredOff(vm, 'changing the CPU hot-remove setting');
  if (next.cores_per_socket !== cur.cores_per_socket) return unlessPoweredOff(vm, 'changing the cores per socket');
  if (next.count > cur.count && !cur.hot_add_enabled) return hotChangeRefused(vm, 'CPU hot add is not enabled');
  if (next.count < cur.count && !cur.hot_remove_enabled) return hotChangeRefused(vm, 'CPU hot remove is not enabled');
  return undefined;
}

function updateMemory(vm: Vm, spec: VcenterVmHardwareMemoryUpdateSpec): ErrorAnswer | undefined {
  const cur = memoryInfo(vm);
  const next = { ...cur, ...definedOnly(spec) };
  const refusal = checkMemorySize(next.size_MiB, 'spec.size_MiB') ?? ifSuspended(vm, 'changing the memory settings') ?? hotMemoryRefusal(vm, cur, next);
  if (refusal) return refusal;
  vm.memory_size_MiB = next.size_MiB;
  vm.memory_hot_add_enabled = next.hot_add_enabled;
  return undefined;
}

/** What a running VM refuses of a memory change. */
function hotMemoryRefusal(vm: Vm, cur: VcenterVmHardwareMemoryInfo, next: VcenterVmHardwareMemoryInfo): ErrorAnswer | undefined {
  if (vm.power_state !== 'POWERED_ON') return undefined;
  if (next.hot_add_enabled !== cur.hot_add_enabled) return unlessPoweredOff(vm, 'changing the memory hot-add setting');
  if (next.size_MiB > cur.size_MiB && !cur.hot_add_enabled) return hotChangeRefused(vm, 'memory hot add is not enabled');
  if (next.size_MiB < cur.size_MiB) return hotChangeRefused(vm, 'memory cannot be removed while it runs');
  return undefined;
}

type BootUpdate = VcenterVmHardwareBootUpdateSpec;

/** The boot settings a create or an update asks for, checked (EFI-only options need EFI firmware). */
export function bootSettings(
  vm: Pick<Vm, 'boot_type' | 'boot'>,
  spec: BootUpdate,
  prefix: string,
): { type: Vm['boot_type']; boot: VmBootOptions } | ErrorAnswer {
  const type = spec.type ?? vm.boot_type ?? 'BIOS';
  for (const field of ['delay', 'retry_delay'] as const) {
    const v = spec[field];
    if (v !== undefined && v < 0) return tooSmall(`${prefix}${field}`, v, 0);
  }
  const boot: VmBootOptions = { ...vm.boot, ...definedOnly(spec) };
  delete (boot as { type?: unknown }).type;
  if (type !== 'EFI') {
    for (const field of ['efi_legacy_boot', 'network_protocol'] as const) {
      if (spec[field] !== undefined)
        return invalidArgument(`'${prefix}${field}' applies to EFI firmware only; the firmware is ${type}.`, [`${prefix}${field}`, type]);
      delete boot[field];
    }
  }
  return { type, boot };
}

function updateBoot(vm: Vm, spec: BootUpdate): ErrorAnswer | undefined {
  const next = bootSettings(vm, spec, 'spec.');
  if (isErrorAnswer(next)) return next;
  const cur = bootInfo(vm);
  const suspended = ifSuspended(vm, 'changing the boot settings');
  if (suspended) return suspended;
  const after = bootInfo({ ...vm, boot_type: next.type, boot: next.boot });
  if (after.type !== cur.type || after.efi_legacy_boot !== cur.efi_legacy_boot || after.network_protocol !== cur.network_protocol) {
    const running = unlessPoweredOff(vm, 'changing the firmware settings');
    if (running) return running;
  }
  vm.boot_type = next.type;
  vm.boot = next.boot;
  return undefined;
}

/** Boot order entries must name devices the VM has: a NIC for ETHERNET, disks for DISK, a drive of the kind otherwise. */
function checkBootDevices(vm: Vm, devices: VcenterVmHardwareBootDeviceEntry[]): ErrorAnswer | undefined {
  for (const [i, d] of devices.entries()) {
    const field = `spec.devices[${i}]`;
    if (d.type !== 'ETHERNET' && d.nic !== undefined) return invalidArgument(`'${field}.nic' applies to ETHERNET entries only.`, [`${field}.nic`]);
    if (d.type !== 'DISK' && d.disks !== undefined) return invalidArgument(`'${field}.disks' applies to DISK entries only.`, [`${field}.disks`]);
    switch (d.type) {
      case 'ETHERNET':
        if (d.nic === undefined) return invalidArgument(`'${field}.nic' is required for an ETHERNET entry.`, [`${field}.nic`]);
        if (!hasDevice(vm.nics, d.nic))
          return invalidArgument(`'${field}.nic': virtual machine '${vm.id}' has no network adapter '${d.nic}'.`, [`${field}.nic`, d.nic]);
        break;
      case 'DISK':
        if (!d.disks?.length) return invalidArgument(`'${field}.disks' must name at least one disk for a DISK entry.`, [`${field}.disks`]);
        for (const [j, disk] of d.disks.entries()) {
          if (!hasDevice(vm.disks, disk))
            return invalidArgument(`'${field}.disks[${j}]': virtual machine '${vm.id}' has no disk '${disk}'.`, [`${field}.disks[${j}]`, disk]);
        }
        break;
      case 'CDROM':
        if (!Object.keys(vm.cdroms ?? {}).length) return invalidArgument(`'${field}': virtual machine '${vm.id}' has no CD-ROM drive to boot from.`, [field]);
        break;
      case 'FLOPPY':
        if (!Object.keys(vm.floppies ?? {}).length) return invalidArgument(`'${field}': virtual machine '${vm.id}' has no floppy drive to boot from.`, [field]);
        break;
    }
  }
  return undefined;
}

const hasDevice = (map: Record<string, unknown> | undefined, id: string): boolean => map !== undefined && Object.hasOwn(map, id);

type HardwareUpdate = VcenterVmHardwareUpdateSpec;

function updateHardware(vm: Vm, spec: HardwareUpdate): ErrorAnswer | undefined {
  const policy = spec.upgrade_policy ?? vm.hardware_upgrade?.policy ?? 'NEVER';
  if (spec.upgrade_version !== undefined && policy === 'NEVER') {
    return invalidArgument("'spec.upgrade_version' needs an upgrade policy other than NEVER.", ['spec.upgrade_version', policy]);
  }
  const version = spec.upgrade_version ?? (spec.upgrade_policy === undefined ? vm.hardware_upgrade?.version : undefined) ?? LATEST_HARDWARE_VERSION;
  if (policy !== 'NEVER' && versionNumber(version) <= versionNumber(vm.hardware_version)) {
    return invalidArgument(`'spec.upgrade_version' (${version}) must be newer than the virtual machine's hardware version ${vm.hardware_version}.`, [
      'spec.upgrade_version',
      version,
      vm.hardware_version,
    ]);
  }
  if (policy === 'NEVER') delete vm.hardware_upgrade;
  else vm.hardware_upgrade = { policy, version, status: 'PENDING' };
  return undefined;
}

function upgradeHardware(vm: Vm, version: VcenterVmHardwareVersion | undefined): ErrorAnswer | undefined {
  const target = version ?? LATEST_HARDWARE_VERSION;
  const refusal = unlessPoweredOff(vm, 'upgrading the virtual hardware');
  if (refusal) return refusal;
  if (target === vm.hardware_version) {
    return new ErrorAnswer('ALREADY_IN_DESIRED_STATE', `Virtual machine '${vm.id}' already has hardware version ${target}.`, [vm.id, target]);
  }
  if (versionNumber(target) < versionNumber(vm.hardware_version)) {
    return invalidArgument(`'version' (${target}) is older than the virtual machine's hardware version ${vm.hardware_version}.`, [
      'version',
      target,
      vm.hardware_version,
    ]);
  }
  vm.hardware_version = target;
  if (vm.hardware_upgrade && versionNumber(vm.hardware_upgrade.version ?? target) <= versionNumber(target))
    vm.hardware_upgrade = { ...vm.hardware_upgrade, status: 'SUCCESS' };
  return undefined;
}

/**
 * Runs a scheduled upgrade when a powered-off VM starts, as vCenter does at the next power-on:
 * ALWAYS upgrades, AFTER_CLEAN_SHUTDOWN only after a clean shutdown of the guest.
 */
export function applyScheduledUpgrade(vm: Vm): void {
  const up = vm.hardware_upgrade;
  if (up?.status !== 'PENDING' || up.policy === 'NEVER') return;
  if (up.policy === 'AFTER_CLEAN_SHUTDOWN' && vm.clean_power_off === false) return;
  vm.hardware_version = up.version ?? LATEST_HARDWARE_VERSION;
  vm.hardware_upgrade = { ...up, status: 'SUCCESS' };
}

/** The fields of a request body that are set (an update leaves the others as they are). */
function definedOnly<T extends object>(spec: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(spec)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

export const hardwareSettingsHandlers: HandlerTable = {
  'GET /api/vcenter/vm/{vm}/hardware': ({ state, params }) => unlessRefused(findVm(state, params.vm), (vm) => ({ body: hardwareInfo(vm) })),
  'PATCH /api/vcenter/vm/{vm}/hardware': ({ state, params, body }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    return updateHardware(vm, body as HardwareUpdate) ?? { status: 204 };
  },
  'POST /api/vcenter/vm/{vm}/hardware?action=upgrade': ({ state, params, body }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    return upgradeHardware(vm, (body as VcenterVmHardwareUpgrade | undefined)?.version) ?? { status: 204 };
  },
  'GET /api/vcenter/vm/{vm}/hardware/boot': ({ state, params }) => unlessRefused(findVm(state, params.vm), (vm) => ({ body: bootInfo(vm) })),
  'PATCH /api/vcenter/vm/{vm}/hardware/boot': ({ state, params, body }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    return updateBoot(vm, body as BootUpdate) ?? { status: 204 };
  },
  'GET /api/vcenter/vm/{vm}/hardware/boot/device': ({ state, params }) => unlessRefused(findVm(state, params.vm), (vm) => ({ body: bootDevices(vm) })),
  'PUT /api/vcenter/vm/{vm}/hardware/boot/device': ({ state, params, body }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    const devices = (body as { devices: VcenterVmHardwareBootDeviceEntry[] }).devices;
    const refusal = checkBootDevices(vm, devices);
    if (refusal) return refusal;
    vm.boot_devices = structuredClone(devices);
    return { status: 204 };
  },
  'GET /api/vcenter/vm/{vm}/hardware/cpu': ({ state, params }) => unlessRefused(findVm(state, params.vm), (vm) => ({ body: cpuInfo(vm) })),
  'PATCH /api/vcenter/vm/{vm}/hardware/cpu': ({ state, params, body }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    return updateCpu(vm, body as VcenterVmHardwareCpuUpdateSpec) ?? { status: 204 };
  },
  'GET /api/vcenter/vm/{vm}/hardware/memory': ({ state, params }) => unlessRefused(findVm(state, params.vm), (vm) => ({ body: memoryInfo(vm) })),
  'PATCH /api/vcenter/vm/{vm}/hardware/memory': ({ state, params, body }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    return updateMemory(vm, body as VcenterVmHardwareMemoryUpdateSpec) ?? { status: 204 };
  },
};
