/**
 * What a PATCH may change on each kind of device, with vCenter's rules: a NIC's MAC address and
 * a disk's file only while the VM is powered off, a NIC's UPT flag only on a VMXNET3 adapter,
 * backings checked against the inventory as for a new device. Each applier changes a copy of the
 * complete record (device-routes.ts stores it when the applier returns).
 */
import type {
  VcenterVmHardwareAdapterScsiUpdateSpec as ScsiAdapterUpdateSpec,
  VcenterVmHardwareCdromUpdateSpec as CdromUpdateSpec,
  VcenterVmHardwareDiskUpdateSpec as DiskUpdateSpec,
  VcenterVmHardwareEthernetUpdateSpec,
  VcenterVmHardwareFloppyUpdateSpec as FloppyUpdateSpec,
  VcenterVmHardwareParallelUpdateSpec,
  VcenterVmHardwareSerialUpdateSpec,
} from '@vsphere-kit/core/api-types';
import type { Inventory } from '../../state/inventory.js';
import type { Connectable, Vm } from '../../state/types.js';
import type { VmDevices as Devices } from './device-model.js';
import {
  cdromBacking,
  checkDatastorePath,
  checkManualMac,
  fieldError,
  floppyBacking,
  freeMac,
  freePort,
  macsInUse,
  nicNetwork,
  parallelBacking,
  serialBacking,
} from './device-draft.js';
import { requirePoweredOff } from './power-rules.js';

interface UpdateCtx<D, S> {
  state: Inventory;
  vm: Vm;
  id: string;
  device: D;
  devices: Devices;
  spec: S;
}

/** The flags every connectable device's update spec has. */
function applyFlags(d: Connectable, spec: { start_connected?: boolean; allow_guest_control?: boolean }): void {
  if (spec.start_connected !== undefined) d.start_connected = spec.start_connected;
  if (spec.allow_guest_control !== undefined) d.allow_guest_control = spec.allow_guest_control;
}

export function updateNic({ state, vm, id, device: nic, devices, spec }: UpdateCtx<Devices['nics'][string], VcenterVmHardwareEthernetUpdateSpec>): void {
  if (spec.upt_compatibility_enabled !== undefined && nic.type !== 'VMXNET3') {
    throw fieldError('spec.upt_compatibility_enabled', `applies to VMXNET3 adapters only; network adapter '${id}' is ${nic.type}.`);
  }
  const macType = spec.mac_type ?? nic.mac_type!;
  if (macType === 'MANUAL' && (spec.mac_type !== undefined || spec.mac_address !== undefined)) {
    checkManualMac(spec.mac_address ?? (nic.mac_type === 'MANUAL' ? nic.mac_address : undefined), 'spec.mac_address');
  }
  const mac = macType === 'MANUAL' ? (spec.mac_address?.toLowerCase() ?? nic.mac_address!) : nic.mac_type === 'MANUAL' ? undefined : nic.mac_address;
  if (macType !== nic.mac_type || (mac !== undefined && mac !== nic.mac_address)) requirePoweredOff(vm, 'changing the MAC address of a network adapter');
  const network = spec.backing ? nicNetwork(state, vm, spec.backing, 'spec') : undefined;

  if (spec.upt_compatibility_enabled !== undefined) nic.upt_compatibility_enabled = spec.upt_compatibility_enabled;
  if (spec.wake_on_lan_enabled !== undefined) nic.wake_on_lan_enabled = spec.wake_on_lan_enabled;
  nic.mac_type = macType;
  // Leaving MANUAL gets a new address from vCenter's range.
  nic.mac_address = mac ?? freeMac(macsInUse(state), vm.id, id);
  if (network) {
    delete nic.network;
    delete nic.host_device;
    delete nic.distributed_port;
    Object.assign(nic, network);
    if (nic.network !== undefined && state.networks.get(nic.network)?.type === 'DISTRIBUTED_PORTGROUP' && nic.distributed_port === undefined) {
      const others = { ...devices.nics };
      delete others[id];
      nic.distributed_port = freePort(state, nic.network, others);
    }
  }
  applyFlags(nic, spec);
}

export function updateSerial({ device, spec }: UpdateCtx<Devices['serial_ports'][string], VcenterVmHardwareSerialUpdateSpec>): void {
  const backing = spec.backing ? serialBacking(spec.backing, 'spec.backing') : undefined;
  if (spec.yield_on_poll !== undefined) device.yield_on_poll = spec.yield_on_poll;
  if (backing) device.backing = backing;
  applyFlags(device, spec);
}

export function updateParallel({ device, spec }: UpdateCtx<Devices['parallel_ports'][string], VcenterVmHardwareParallelUpdateSpec>): void {
  const backing = spec.backing ? parallelBacking(spec.backing, 'spec.backing') : undefined;
  if (backing) device.backing = backing;
  applyFlags(device, spec);
}

/** A disk's file changes only while the VM is powered off, to a datastore path no other disk of the VM uses. */
export function updateDisk({ state, vm, id, device, devices, spec }: UpdateCtx<Devices['disks'][string], DiskUpdateSpec>): void {
  if (!spec.backing) return;
  const file = spec.backing.vmdk_file;
  if (!file) throw fieldError('spec.backing.vmdk_file', 'a VMDK_FILE backing needs the path of the file.');
  checkDatastorePath(state, file, 'spec.backing.vmdk_file');
  for (const [other, d] of Object.entries(devices.disks)) {
    if (other !== id && d.vmdk_file === file) throw fieldError('spec.backing.vmdk_file', `the file ${file} is used by disk '${other}'.`);
  }
  if (file !== device.vmdk_file) requirePoweredOff(vm, 'changing the file of a virtual disk');
  device.vmdk_file = file;
}

export function updateCdrom({ state, device, spec }: UpdateCtx<Devices['cdroms'][string], CdromUpdateSpec>): void {
  const backing = spec.backing ? cdromBacking(state, spec.backing, 'spec.backing') : undefined;
  if (backing) device.backing = backing;
  applyFlags(device, spec);
}

export function updateFloppy({ state, device, spec }: UpdateCtx<Devices['floppies'][string], FloppyUpdateSpec>): void {
  const backing = spec.backing ? floppyBacking(state, spec.backing, 'spec.backing') : undefined;
  if (backing) device.backing = backing;
  applyFlags(device, spec);
}

/** The bus sharing of a SCSI controller changes only while the VM is powered off. */
export function updateScsiAdapter({ vm, device, spec }: UpdateCtx<Devices['scsi_adapters'][string], ScsiAdapterUpdateSpec>): void {
  if (spec.sharing === undefined || spec.sharing === device.sharing) return;
  requirePoweredOff(vm, 'changing the bus sharing of a SCSI adapter');
  device.sharing = spec.sharing;
}
