/**
 * The device routes under `/api/vcenter/vm/{vm}/hardware/<family>`: list, create, get, update,
 * delete, connect and disconnect, all on the VM's one device set (the one `GET /api/vcenter/vm/{vm}`
 * shows). vCenter's rules: NICs and disks can be added and removed while the VM runs, the other
 * devices and the controllers only while it is powered off; connect and disconnect only while it
 * runs; a controller with devices on it cannot be removed; nothing changes on a suspended VM.
 * Every write builds the VM's new device set first and stores it only once every check passed.
 */
import type { OpContext, OpHandler, OpResult } from '../../behaviours/types.js';
import { ErrorAnswer, isErrorAnswer, notFound, unlessRefused } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Connectable, Vm } from '../../state/types.js';
import { busField, completeDevices, DEVICE_FAMILIES, storedScsiAdapters, type Bus, type DeviceFamily, type VmDevices } from './device-model.js';
import { DeviceDraft, fillPciSlots, type DraftVm } from './device-draft.js';
import { familyInfo, isConnected } from './device-view.js';
import { ifSuspended, unlessPoweredOff, unlessPoweredOn } from './power-rules.js';
import { findVm } from './vm-lookup.js';

/** What differs between the device families of the API. */
export interface DeviceFamilyRules {
  family: DeviceFamily;
  /** The id's name in the family's summaries and path (`nic`, `disk`, `port`, `adapter`, …). */
  idName: string;
  /** The device's kind in messages ("network adapter"). */
  what: string;
  /** Whether it can be added and removed while the VM runs. */
  hotPlug: boolean;
  /** Adds one device from a create spec to the draft; returns its id. */
  add(draft: DeviceDraft, spec: never, field: string): string;
}

export const DEVICE_RULES = {
  disks: { family: 'disks', idName: 'disk', what: 'virtual disk', hotPlug: true, add: (d, s, f) => d.addDisk(s, f) },
  nics: { family: 'nics', idName: 'nic', what: 'network adapter', hotPlug: true, add: (d, s, f) => d.addNic(s, f) },
  cdroms: { family: 'cdroms', idName: 'cdrom', what: 'CD-ROM drive', hotPlug: false, add: (d, s, f) => d.addCdrom(s, f) },
  floppies: { family: 'floppies', idName: 'floppy', what: 'floppy drive', hotPlug: false, add: (d, s, f) => d.addFloppy(s, f) },
  serial_ports: { family: 'serial_ports', idName: 'port', what: 'serial port', hotPlug: false, add: (d, s, f) => d.addSerial(s, f) },
  parallel_ports: { family: 'parallel_ports', idName: 'port', what: 'parallel port', hotPlug: false, add: (d, s, f) => d.addParallel(s, f) },
  sata_adapters: { family: 'sata_adapters', idName: 'adapter', what: 'SATA adapter', hotPlug: false, add: (d, s, f) => d.addSataAdapter(s, f) },
  scsi_adapters: { family: 'scsi_adapters', idName: 'adapter', what: 'SCSI adapter', hotPlug: false, add: (d, s, f) => d.addScsiAdapter(s, f) },
  nvme_adapters: { family: 'nvme_adapters', idName: 'adapter', what: 'NVMe adapter', hotPlug: false, add: (d, s, f) => d.addNvmeAdapter(s, f) },
} as const satisfies Record<DeviceFamily, DeviceFamilyRules>;

export function deviceNotFound(vm: Vm, rules: DeviceFamilyRules, id: string): ErrorAnswer {
  const kind = rules.what.charAt(0).toUpperCase() + rules.what.slice(1);
  return notFound(`${kind} of virtual machine '${vm.id}'`, id, 'com.vmware.api.vcenter.vm.hardware.device_not_found');
}

const draftVm = (state: Inventory, vm: Vm): DraftVm => ({
  id: vm.id,
  name: vm.name,
  guest_OS: vm.guest_OS,
  datacenter: vm.datacenter,
  datastoreName: state.datastores.get(vm.datastore)?.name ?? vm.datastore,
});

/** The ids of a family's devices on the VM (a VM stored without SCSI controllers has the default one). */
function deviceIds(vm: Vm, family: DeviceFamily): string[] {
  return Object.keys(family === 'scsi_adapters' ? storedScsiAdapters(vm) : (vm[family] ?? {}));
}

/** Stores a complete device set on the VM (the write of every device route, after its checks). */
export function storeDevices(vm: Vm, devices: VmDevices): void {
  for (const family of DEVICE_FAMILIES) (vm as unknown as Record<DeviceFamily, unknown>)[family] = devices[family];
}

/** The VM's complete devices and the one named by the call (NOT_FOUND naming both when it has none). */
export function deviceOf<F extends DeviceFamily>(
  state: Inventory,
  vm: Vm,
  family: F,
  id: string,
): { devices: VmDevices; device: VmDevices[F][string] } | ErrorAnswer {
  const devices = completeDevices(state, vm);
  const map = devices[family] as Record<string, VmDevices[F][string]>;
  if (!Object.hasOwn(map, id)) return deviceNotFound(vm, DEVICE_RULES[family], id);
  return { devices, device: map[id]! };
}

type Ctx = OpContext & { params: Record<string, string> };

export function listDevices(family: DeviceFamily): OpHandler {
  const { idName } = DEVICE_RULES[family];
  return ({ state, params }: Ctx) => unlessRefused(findVm(state, params.vm!), (vm) => ({ body: deviceIds(vm, family).map((id) => ({ [idName]: id })) }));
}

export function getDevice(family: DeviceFamily): OpHandler {
  const rules = DEVICE_RULES[family];
  return ({ state, params }: Ctx) => {
    const vm = findVm(state, params.vm!);
    if (isErrorAnswer(vm)) return vm;
    const id = params[rules.idName]!;
    const map = familyInfo(state, vm, family) as Record<string, unknown>;
    if (!Object.hasOwn(map, id)) return deviceNotFound(vm, rules, id);
    return { body: map[id] };
  };
}

export function createDevice(family: DeviceFamily): OpHandler {
  const rules: DeviceFamilyRules = DEVICE_RULES[family];
  return ({ state, params, body }: Ctx): OpResult => {
    const vm = findVm(state, params.vm!);
    if (isErrorAnswer(vm)) return vm;
    const refusal = ifSuspended(vm, `adding a ${rules.what}`) ?? (rules.hotPlug ? undefined : unlessPoweredOff(vm, `adding a ${rules.what}`));
    if (refusal) return refusal;
    const draft = new DeviceDraft(state, draftVm(state, vm), completeDevices(state, vm));
    const id = rules.add(draft, (body ?? {}) as never, 'spec');
    // A device added to a running VM gets its PCI slot at once; others get theirs at the next power-on.
    if (vm.power_state === 'POWERED_ON') fillPciSlots(draft.devices);
    storeDevices(vm, draft.devices);
    return { status: 201, body: id };
  };
}

/** Removes a device; a controller only when no device sits on it. Boot order entries that named it go too. */
export function deleteDevice(family: DeviceFamily): OpHandler {
  const rules: DeviceFamilyRules = DEVICE_RULES[family];
  return ({ state, params }: Ctx): OpResult => {
    const vm = findVm(state, params.vm!);
    if (isErrorAnswer(vm)) return vm;
    const id = params[rules.idName]!;
    const found = deviceOf(state, vm, family, id);
    if (isErrorAnswer(found)) return found;
    const { devices, device } = found;
    const refusal = ifSuspended(vm, `removing a ${rules.what}`) ?? (rules.hotPlug ? undefined : unlessPoweredOff(vm, `removing a ${rules.what}`));
    if (refusal) return refusal;
    const kind = ({ scsi_adapters: 'SCSI', sata_adapters: 'SATA', nvme_adapters: 'NVME' } as Partial<Record<DeviceFamily, Bus>>)[family];
    if (kind) {
      const bus = (device as { bus?: number }).bus;
      const onIt = [...Object.entries(devices.disks), ...(kind === 'SATA' ? Object.entries(devices.cdroms) : [])].find(
        ([, d]) => (d as Record<string, { bus: number } | undefined>)[busField(kind)]?.bus === bus,
      );
      if (onIt) {
        return new ErrorAnswer(
          'RESOURCE_IN_USE',
          `The ${rules.what} '${id}' of virtual machine '${vm.id}' still has device '${onIt[0]}' on it.`,
          [vm.id, id, onIt[0]],
          'com.vmware.api.vcenter.vm.hardware.adapter.in_use',
        );
      }
    }
    delete (devices[family] as Record<string, unknown>)[id];
    storeDevices(vm, devices);
    if (family === 'nics' || family === 'disks') dropFromBootOrder(vm, family, id);
    return { status: 204 };
  };
}

function dropFromBootOrder(vm: Vm, family: 'nics' | 'disks', id: string): void {
  if (!vm.boot_devices?.length) return;
  const next = vm.boot_devices.flatMap((e) => {
    if (family === 'nics' && e.type === 'ETHERNET' && e.nic === id) return [];
    if (family === 'disks' && e.type === 'DISK' && e.disks?.includes(id)) {
      const disks = e.disks.filter((d) => d !== id);
      return disks.length ? [{ ...e, disks }] : [];
    }
    return [e];
  });
  vm.boot_devices = next;
}

type ConnectableFamily = 'nics' | 'cdroms' | 'floppies' | 'serial_ports' | 'parallel_ports';

/** `?action=connect` / `?action=disconnect`: only while the VM runs; ALREADY_IN_DESIRED_STATE when it is so already. */
export function connectDevice(family: ConnectableFamily, connect: boolean): OpHandler {
  const rules: DeviceFamilyRules = DEVICE_RULES[family];
  return ({ state, params }: Ctx): OpResult => {
    const vm = findVm(state, params.vm!);
    if (isErrorAnswer(vm)) return vm;
    const id = params[rules.idName]!;
    const found = deviceOf(state, vm, family, id);
    if (isErrorAnswer(found)) return found;
    const { devices, device } = found;
    const off = unlessPoweredOn(vm, `${connect ? 'connecting' : 'disconnecting'} a ${rules.what}`);
    if (off) return off;
    const d = device as Connectable;
    if (isConnected(vm, d) === connect) {
      return new ErrorAnswer(
        'ALREADY_IN_DESIRED_STATE',
        `The ${rules.what} '${id}' of virtual machine '${vm.id}' is already ${connect ? 'connected' : 'disconnected'}.`,
        [vm.id, id],
        'com.vmware.api.vcenter.vm.hardware.already_in_desired_state',
      );
    }
    d.connected = connect;
    storeDevices(vm, devices);
    return { status: 204 };
  };
}

/**
 * A PATCH of one device: `apply` checks the update against the VM and changes the complete record
 * (a copy); the VM gets the new device set only when it returns.
 */
export function updateDevice<F extends DeviceFamily>(
  family: F,
  apply: (ctx: { state: Inventory; vm: Vm; id: string; device: VmDevices[F][string]; devices: VmDevices; spec: never }) => void,
): OpHandler {
  const rules: DeviceFamilyRules = DEVICE_RULES[family];
  return ({ state, params, body }: Ctx): OpResult => {
    const vm = findVm(state, params.vm!);
    if (isErrorAnswer(vm)) return vm;
    const id = params[rules.idName]!;
    const found = deviceOf(state, vm, family, id);
    if (isErrorAnswer(found)) return found;
    const { devices, device } = found;
    const suspended = ifSuspended(vm, `changing a ${rules.what}`);
    if (suspended) return suspended;
    apply({ state, vm, id, device, devices, spec: (body ?? {}) as never });
    storeDevices(vm, devices);
    return { status: 204 };
  };
}
