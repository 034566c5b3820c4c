/**
 * The devices of a new VM (`POST /api/vcenter/vm`), and the device changes that VM-level
 * operations make: the PCI slots of the first power-on, the disk files of a copy.
 */
import type { VcenterVMCreateSpec } from '@vsphere-kit/core/api-types';
import type { Inventory } from '../../state/inventory.js';
import type { Vm } from '../../state/types.js';
import { defaultVmdk, entries, storedScsiAdapters, type VmDevices } from './device-model.js';
import { DeviceDraft, fillPciSlots, type DraftVm } from './device-draft.js';

/** The device lists of a VM's create spec (the request validator has checked them against the spec). */
export type DeviceCreateSpecs = Pick<
  VcenterVMCreateSpec,
  'disks' | 'nics' | 'cdroms' | 'floppies' | 'parallel_ports' | 'serial_ports' | 'sata_adapters' | 'scsi_adapters' | 'nvme_adapters'
>;

/**
 * The devices of a new VM from the lists of its create spec: controllers first, then the
 * disks and drives on them (a controller is added when a device needs one that is missing),
 * then ports and NICs. A spec without `disks` gets the guest OS's default disk on the default
 * controller, as vCenter gives one (an empty list means no disk). Throws INVALID_ARGUMENT for
 * a taken or impossible address, an unknown or mismatched network and a backing without its
 * file; UNABLE_TO_ALLOCATE_RESOURCE when no free address is left.
 */
export function createDevices(state: Inventory, spec: DeviceCreateSpecs, vm: DraftVm): VmDevices {
  const draft = new DeviceDraft(state, vm);
  const reserved = (list: { bus?: number }[] | undefined) => new Set((list ?? []).flatMap((a) => (a.bus === undefined ? [] : [a.bus])));
  const scsi = reserved(spec.scsi_adapters);
  const sata = reserved(spec.sata_adapters);
  const nvme = reserved(spec.nvme_adapters);
  for (const [i, a] of (spec.scsi_adapters ?? []).entries()) draft.addScsiAdapter(a, `scsi_adapters[${i}]`, a.bus === undefined ? scsi : undefined);
  for (const [i, a] of (spec.sata_adapters ?? []).entries()) draft.addSataAdapter(a, `sata_adapters[${i}]`, a.bus === undefined ? sata : undefined);
  for (const [i, a] of (spec.nvme_adapters ?? []).entries()) draft.addNvmeAdapter(a, `nvme_adapters[${i}]`, a.bus === undefined ? nvme : undefined);
  for (const [i, d] of (spec.disks ?? [{ new_vmdk: {} }]).entries()) draft.addDisk(d, `disks[${i}]`);
  for (const [i, c] of (spec.cdroms ?? []).entries()) draft.addCdrom(c, `cdroms[${i}]`);
  for (const [i, f] of (spec.floppies ?? []).entries()) draft.addFloppy(f, `floppies[${i}]`);
  for (const [i, p] of (spec.parallel_ports ?? []).entries()) draft.addParallel(p, `parallel_ports[${i}]`);
  for (const [i, s] of (spec.serial_ports ?? []).entries()) draft.addSerial(s, `serial_ports[${i}]`);
  for (const [i, n] of (spec.nics ?? []).entries()) draft.addNic(n, `nics[${i}]`);
  return draft.devices;
}

/** Gives a PCI slot to every controller and NIC still without one, as the first power-on does. */
export function assignPciSlots(vm: Vm): void {
  const devices = {
    scsi_adapters: storedScsiAdapters(vm),
    sata_adapters: vm.sata_adapters ?? {},
    nvme_adapters: vm.nvme_adapters ?? {},
    nics: vm.nics ?? {},
  };
  const holders: { pci_slot_number?: number }[] = Object.values(devices).flatMap((m) => Object.values(m));
  if (holders.every((h) => h.pci_slot_number !== undefined)) return;
  // Generated VMs share frozen device records (state/inventory.ts): write to copies.
  const own = structuredClone(devices); // also keeps the default controller's slot
  fillPciSlots(own);
  vm.scsi_adapters = own.scsi_adapters;
  if (vm.sata_adapters) vm.sata_adapters = own.sata_adapters;
  if (vm.nvme_adapters) vm.nvme_adapters = own.nvme_adapters;
  if (vm.nics) vm.nics = own.nics;
}

/** Points the disk files of a copied VM at its own folder (`[<datastore>] <name>/<name>[_N].vmdk`), as a clone does. */
export function copyDiskFiles(vm: Vm, datastoreName: string): void {
  entries(vm.disks).forEach(([, d], i) => {
    d.vmdk_file = defaultVmdk(datastoreName, vm.name, i);
  });
}

/** Drops the connect/disconnect state of every device: a power-on from powered off connects as `start_connected` says. */
export function resetConnections(vm: Vm): void {
  for (const family of ['nics', 'cdroms', 'floppies', 'serial_ports', 'parallel_ports'] as const) {
    const map = vm[family] as Record<string, { connected?: boolean }> | undefined;
    if (!map || !Object.values(map).some((d) => d.connected !== undefined)) continue;
    const own = structuredClone(map);
    for (const d of Object.values(own)) delete d.connected;
    (vm as unknown as Record<string, unknown>)[family] = own;
  }
}
