/**
 * How a VM's devices read in the API: the `*Info` shapes that `GET /api/vcenter/vm/{vm}` and every
 * `hardware/*` GET answer, built from the complete records of device-model.ts. Runtime values
 * (connection state, the backing of a NIC as the inventory describes its network) are derived
 * here, from the VM's power state and the inventory, so they are never stale.
 */
import type {
  VcenterVmHardwareAdapterNvmeInfo,
  VcenterVmHardwareAdapterSataInfo,
  VcenterVmHardwareAdapterScsiInfo,
  VcenterVmHardwareCdromInfo,
  VcenterVmHardwareConnectionState,
  VcenterVmHardwareDiskInfo,
  VcenterVmHardwareEthernetBackingInfo,
  VcenterVmHardwareEthernetInfo,
  VcenterVmHardwareFloppyInfo,
  VcenterVmHardwareParallelInfo,
  VcenterVmHardwareSerialInfo,
} from '@vsphere-kit/core/api-types';
import type { Inventory } from '../../state/inventory.js';
import type { Connectable, Vm, VmCdrom, VmDisk, VmNic, VmScsiAdapter } from '../../state/types.js';
import { busField, completeDevices, hashBytes, SCSI_CONTROLLER_UNIT, switchUuid, type DeviceFamily, type VmDevices } from './device-model.js';

/** The device maps of `VcenterVMInfo`. */
export interface DeviceInfoMaps {
  disks: Record<string, VcenterVmHardwareDiskInfo>;
  nics: Record<string, VcenterVmHardwareEthernetInfo>;
  cdroms: Record<string, VcenterVmHardwareCdromInfo>;
  floppies: Record<string, VcenterVmHardwareFloppyInfo>;
  parallel_ports: Record<string, VcenterVmHardwareParallelInfo>;
  serial_ports: Record<string, VcenterVmHardwareSerialInfo>;
  sata_adapters: Record<string, VcenterVmHardwareAdapterSataInfo>;
  scsi_adapters: Record<string, VcenterVmHardwareAdapterScsiInfo>;
  nvme_adapters: Record<string, VcenterVmHardwareAdapterNvmeInfo>;
}

/** Connected while the VM runs: as the last connect/disconnect left it, else as `start_connected` says. */
export function isConnected(vm: Vm, d: Connectable): boolean {
  return vm.power_state !== 'POWERED_OFF' && (d.connected ?? d.start_connected === true);
}

function connection(vm: Vm, d: Connectable, reachable = true): VcenterVmHardwareConnectionState {
  return isConnected(vm, d) && reachable ? 'CONNECTED' : 'NOT_CONNECTED';
}

function diskInfo(d: VmDisk): VcenterVmHardwareDiskInfo {
  const kind = d.type!;
  return {
    label: d.label!,
    type: kind,
    ...(kind === 'IDE' ? { ide: d.ide! } : { [busField(kind)]: d[busField(kind)]! }),
    backing: { type: 'VMDK_FILE', vmdk_file: d.vmdk_file! },
    ...(d.capacity !== undefined ? { capacity: d.capacity } : {}),
  };
}

function nicInfo(state: Inventory, vm: Vm, key: string, n: VmNic): VcenterVmHardwareEthernetInfo {
  return {
    label: n.label!,
    type: n.type!,
    ...(n.upt_compatibility_enabled !== undefined ? { upt_compatibility_enabled: n.upt_compatibility_enabled } : {}),
    mac_type: n.mac_type!,
    mac_address: n.mac_address!,
    ...(n.pci_slot_number !== undefined ? { pci_slot_number: n.pci_slot_number } : {}),
    wake_on_lan_enabled: n.wake_on_lan_enabled!,
    backing: nicBacking(state, n, key),
    state: connection(vm, n),
    start_connected: n.start_connected!,
    allow_guest_control: n.allow_guest_control!,
  };
}

/** The backing of a NIC, from the network it is on (its kind and name as the inventory has them). */
function nicBacking(state: Inventory, n: VmNic, key: string): VcenterVmHardwareEthernetBackingInfo {
  if (n.network === undefined) return { type: 'HOST_DEVICE', ...(n.host_device ? { host_device: n.host_device } : {}) };
  const net = state.networks.get(n.network);
  if (!net) return { type: 'STANDARD_PORTGROUP', network: n.network };
  switch (net.type) {
    case 'DISTRIBUTED_PORTGROUP':
      return {
        type: net.type,
        network: net.id,
        distributed_switch_uuid: switchUuid(net.id),
        distributed_port: n.distributed_port!,
        connection_cookie: hashBytes(`${net.id}/${key}`).readUInt32BE(0) >>> 1,
      };
    case 'OPAQUE_NETWORK':
      return { type: net.type, network: net.id, opaque_network_type: 'nsx.LogicalSwitch', opaque_network_id: hashBytes(net.id).toString('hex').slice(0, 32) };
    default:
      return { type: net.type, network: net.id, network_name: net.name };
  }
}

function cdromInfo(vm: Vm, c: VmCdrom): VcenterVmHardwareCdromInfo {
  return {
    type: c.type!,
    label: c.label!,
    ...(c.type === 'IDE' ? { ide: c.ide! } : { sata: c.sata! }),
    backing: c.backing!,
    // No remote console is ever attached to the mock, so client devices stay disconnected.
    state: connection(vm, c, c.backing!.type !== 'CLIENT_DEVICE'),
    start_connected: c.start_connected!,
    allow_guest_control: c.allow_guest_control!,
  };
}

function portInfo<T extends Connectable & { backing?: unknown }>(vm: Vm, d: T) {
  return { label: d.label!, backing: d.backing!, state: connection(vm, d), start_connected: d.start_connected!, allow_guest_control: d.allow_guest_control! };
}

function scsiInfo(a: VmScsiAdapter): VcenterVmHardwareAdapterScsiInfo {
  return {
    label: a.label!,
    type: a.type!,
    scsi: { bus: a.bus!, unit: SCSI_CONTROLLER_UNIT },
    ...(a.pci_slot_number !== undefined ? { pci_slot_number: a.pci_slot_number } : {}),
    sharing: a.sharing!,
  };
}

const mapValues = <T, U>(map: Record<string, T>, f: (key: string, v: T) => U): Record<string, U> => {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(map)) out[k] = f(k, v);
  return out;
};

/** The Info maps of complete device records. */
export function renderDevices(state: Inventory, vm: Vm, d: VmDevices): DeviceInfoMaps {
  return {
    disks: mapValues(d.disks, (_, x) => diskInfo(x)),
    nics: mapValues(d.nics, (k, x) => nicInfo(state, vm, k, x)),
    cdroms: mapValues(d.cdroms, (_, x) => cdromInfo(vm, x)),
    floppies: mapValues(d.floppies, (_, x) => portInfo(vm, x) as VcenterVmHardwareFloppyInfo),
    parallel_ports: mapValues(d.parallel_ports, (_, x) => portInfo(vm, x) as VcenterVmHardwareParallelInfo),
    serial_ports: mapValues(d.serial_ports, (_, x) => {
      const { label, ...rest } = portInfo(vm, x);
      return { label, yield_on_poll: x.yield_on_poll!, ...rest } as VcenterVmHardwareSerialInfo;
    }),
    sata_adapters: mapValues(d.sata_adapters, (_, a) => ({
      label: a.label!,
      type: a.type!,
      bus: a.bus!,
      ...(a.pci_slot_number !== undefined ? { pci_slot_number: a.pci_slot_number } : {}),
    })),
    scsi_adapters: mapValues(d.scsi_adapters, (_, a) => scsiInfo(a)),
    nvme_adapters: mapValues(d.nvme_adapters, (_, a) => ({
      label: a.label!,
      bus: a.bus!,
      ...(a.pci_slot_number !== undefined ? { pci_slot_number: a.pci_slot_number } : {}),
    })),
  };
}

/** The nine device maps of `VcenterVMInfo`. */
export function deviceInfo(state: Inventory, vm: Vm): DeviceInfoMaps {
  return renderDevices(state, vm, completeDevices(state, vm));
}

/** One device family's Info map (what a `hardware/*` list or GET reads). */
export function familyInfo<F extends DeviceFamily>(state: Inventory, vm: Vm, family: F): DeviceInfoMaps[F] {
  return deviceInfo(state, vm)[family];
}
