/**
 * Adding devices to a VM as vCenter does: a draft of the VM's complete device set that takes one
 * create spec at a time (the lists of `POST /api/vcenter/vm`, or one `POST …/hardware/<family>`),
 * picks the id, label, address and MAC, adds a controller when a disk or drive needs a missing
 * one, and checks every backing against the inventory. Nothing reaches the VM until the caller
 * stores `devices`, so a refused spec leaves the VM as it was.
 */
import type {
  VcenterVmHardwareAdapterNvmeCreateSpec,
  VcenterVmHardwareAdapterSataCreateSpec,
  VcenterVmHardwareAdapterScsiCreateSpec,
  VcenterVmHardwareCdromCreateSpec,
  VcenterVmHardwareDiskCreateSpec,
  VcenterVmHardwareEthernetCreateSpec,
  VcenterVmHardwareFloppyCreateSpec,
  VcenterVmHardwareParallelCreateSpec,
  VcenterVmHardwareSerialCreateSpec,
} from '@vsphere-kit/core/api-types';
import { invalidArgument, notFound, VapiError } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { BusAddress, IdeAddress, Vm, VmCdrom, VmFloppy, VmNic, VmParallelPort, VmSerialPort } from '../../state/types.js';
import {
  addressKey,
  assignedMac,
  busField,
  defaultCapacity,
  defaultNicType,
  defaultPort,
  defaultScsiType,
  defaultVmdk,
  emptyDevices,
  entries,
  FIRST_ID,
  MAX_BUSES,
  MAX_DEVICES,
  PCI_SLOTS,
  SCSI_CONTROLLER_UNIT,
  Slots,
  UNITS,
  type Bus,
  type DeviceFamily,
  type VmDevices,
} from './device-model.js';

/** What the draft needs to know of the VM it adds devices to. */
export interface DraftVm {
  id: string;
  name: string;
  guest_OS: Vm['guest_OS'];
  datacenter: string;
  /** Name of the datastore the VM's files go to. */
  datastoreName: string;
}

export const noRoom = (what: string, field: string) =>
  new VapiError('UNABLE_TO_ALLOCATE_RESOURCE', `No free ${what} is left for '${field}'.`, [field], 'com.vmware.api.vcenter.vm.hardware.no_free_slot');

export const fieldError = (field: string, message: string) => invalidArgument(`'${field}': ${message}`, [field]);

const ADAPTER_FAMILY = { SCSI: 'scsi_adapters', SATA: 'sata_adapters', NVME: 'nvme_adapters' } as const;
const LABEL_PREFIX = {
  disks: 'Hard disk',
  nics: 'Network adapter',
  cdroms: 'CD/DVD drive',
  floppies: 'Floppy drive',
  parallel_ports: 'Parallel port',
  serial_ports: 'Serial port',
} as const satisfies Partial<Record<DeviceFamily, string>>;

/** A datastore path `[name] folder/file`, on a datastore the inventory has. */
export function checkDatastorePath(state: Inventory, path: string, field: string): void {
  const m = /^\[([^\]]+)\] \S/.exec(path);
  if (!m) throw fieldError(field, `'${path}' is not a datastore path like "[datastore1] folder/file".`);
  for (const ds of state.datastores.values()) if (ds.name === m[1]) return;
  throw fieldError(field, `no datastore is named '${m[1]}' (in '${path}').`);
}

export class DeviceDraft {
  readonly devices: VmDevices;
  private readonly slots = new Slots();
  private readonly buses: Record<Bus, Map<number, string>> = { SCSI: new Map(), SATA: new Map(), NVME: new Map() };
  private readonly files = new Set<string>();
  private macs: Set<string> | undefined;

  /** `base`: the VM's complete devices, fresh from completeDevices (the draft changes them), or nothing for a new VM. */
  constructor(
    private readonly state: Inventory,
    private readonly vm: DraftVm,
    base?: VmDevices,
  ) {
    this.devices = base ?? emptyDevices();
    for (const kind of ['SCSI', 'SATA', 'NVME'] as const) {
      for (const [id, a] of entries<{ bus?: number }>(this.devices[ADAPTER_FAMILY[kind]])) this.buses[kind].set(a.bus!, id);
    }
    for (const [, d] of entries(this.devices.disks)) {
      if (d.type === 'IDE') this.slots.takeIde(d.ide!);
      else this.slots.takeBus(d.type!, d[busField(d.type!)]!);
      this.files.add(d.vmdk_file!);
    }
    for (const [, c] of entries(this.devices.cdroms)) {
      if (c.type === 'IDE') this.slots.takeIde(c.ide!);
      else this.slots.takeBus('SATA', c.sata!);
    }
  }

  /** The lowest free id of a family numbered in order of creation. */
  private nextId(family: keyof typeof FIRST_ID): string {
    const map = this.devices[family] as Record<string, unknown>;
    let n: number = FIRST_ID[family];
    while (Object.hasOwn(map, String(n))) n++;
    return String(n);
  }

  /** `Hard disk N` with the lowest N from the family's size up that no device of the family has. */
  private nextLabel(family: keyof typeof LABEL_PREFIX): string {
    const taken = new Set(Object.values(this.devices[family] as Record<string, { label?: string }>).map((d) => d.label));
    let n = Object.keys(this.devices[family]).length + 1;
    while (taken.has(`${LABEL_PREFIX[family]} ${n}`)) n++;
    return `${LABEL_PREFIX[family]} ${n}`;
  }

  private room(family: keyof typeof MAX_DEVICES, what: string, field: string): void {
    if (Object.keys(this.devices[family]).length >= MAX_DEVICES[family]) throw noRoom(what, field);
  }

  /** A PCI slot the spec asks for must be free on the VM. */
  private pciSlot(slot: number | undefined, field: string): { pci_slot_number?: number } {
    if (slot === undefined) return {};
    const holders = [this.devices.nics, this.devices.scsi_adapters, this.devices.sata_adapters, this.devices.nvme_adapters];
    for (const map of holders) {
      for (const [id, d] of entries<{ pci_slot_number?: number }>(map)) {
        if (d.pci_slot_number === slot) throw fieldError(`${field}.pci_slot_number`, `PCI slot ${slot} is taken by device ${id}.`);
      }
    }
    return { pci_slot_number: slot };
  }

  // ---------------------------------------------------------------------------- controllers

  /**
   * Adds a controller on the bus given, or on the lowest free bus that no other controller of
   * the same request (`reserved`) asks for.
   */
  private addController(kind: Bus, given: number | undefined, field: string, reserved: ReadonlySet<number> = new Set()): { id: string; bus: number } {
    const buses = this.buses[kind];
    if (given !== undefined && (given < 0 || given >= MAX_BUSES)) throw fieldError(`${field}.bus`, `bus ${given} does not exist (0 to ${MAX_BUSES - 1}).`);
    if (given !== undefined && buses.has(given)) throw fieldError(`${field}.bus`, `bus ${given} is used by another controller.`);
    const bus = given ?? [0, 1, 2, 3].find((b) => !buses.has(b) && !reserved.has(b));
    if (bus === undefined) throw noRoom(`${kind} controller bus`, field);
    const family = ADAPTER_FAMILY[kind];
    const id = this.nextId(family);
    buses.set(bus, id);
    return { id, bus };
  }

  addScsiAdapter(a: VcenterVmHardwareAdapterScsiCreateSpec, field: string, reserved?: ReadonlySet<number>): string {
    const pci = this.pciSlot(a.pci_slot_number, field);
    const { id, bus } = this.addController('SCSI', a.bus, field, reserved);
    this.devices.scsi_adapters[id] = {
      label: `SCSI controller ${bus}`,
      type: a.type ?? defaultScsiType(this.vm.guest_OS),
      bus,
      ...pci,
      sharing: a.sharing ?? 'NONE',
    };
    return id;
  }

  addSataAdapter(a: VcenterVmHardwareAdapterSataCreateSpec, field: string, reserved?: ReadonlySet<number>): string {
    const pci = this.pciSlot(a.pci_slot_number, field);
    const { id, bus } = this.addController('SATA', a.bus, field, reserved);
    this.devices.sata_adapters[id] = { label: `SATA controller ${bus}`, type: a.type ?? 'AHCI', bus, ...pci };
    return id;
  }

  addNvmeAdapter(a: VcenterVmHardwareAdapterNvmeCreateSpec, field: string, reserved?: ReadonlySet<number>): string {
    const pci = this.pciSlot(a.pci_slot_number, field);
    const { id, bus } = this.addController('NVME', a.bus, field, reserved);
    this.devices.nvme_adapters[id] = { label: `NVME controller ${bus}`, bus, ...pci };
    return id;
  }

  /** Makes sure a controller of `kind` sits on `bus`, adding a default one when there is none. */
  private ensureController(kind: Bus, bus: number, field: string): void {
    if (this.buses[kind].has(bus)) return;
    if (kind === 'SCSI') this.addScsiAdapter({ bus }, field);
    else if (kind === 'SATA') this.addSataAdapter({ bus }, field);
    else this.addNvmeAdapter({ bus }, field);
  }

  // ---------------------------------------------------------------------------- addresses

  private ideSlot(want: Partial<IdeAddress> | undefined, field: string): IdeAddress {
    if (want?.primary !== undefined && want.master !== undefined) {
      const a = { primary: want.primary, master: want.master };
      if (!this.slots.takeIde(a))
        throw fieldError(field, `IDE ${a.primary ? 'primary' : 'secondary'} ${a.master ? 'master' : 'slave'} is taken by another device.`);
      return a;
    }
    const a = this.slots.freeIde(want);
    if (!a) throw noRoom('IDE slot', field);
    this.slots.takeIde(a);
    return a;
  }

  private busSlot(kind: Bus, want: { bus: number; unit?: number } | undefined, field: string): BusAddress {
    const buses = this.buses[kind];
    let bus = want?.bus;
    if (bus === undefined) {
      // The first controller of the kind with a free unit, else a new one on the next free bus.
      bus = [...buses.keys()].sort((a, b) => a - b).find((b) => this.slots.freeUnit(kind, b) !== undefined) ?? [0, 1, 2, 3].find((b) => !buses.has(b));
      if (bus === undefined) throw noRoom(`${kind} unit`, field);
    }
    if (bus < 0 || bus >= MAX_BUSES) throw fieldError(`${field}.bus`, `${kind} bus ${bus} does not exist (0 to ${MAX_BUSES - 1}).`);
    this.ensureController(kind, bus, field);
    const unit = want?.unit ?? this.slots.freeUnit(kind, bus);
    if (unit === undefined) throw noRoom(`unit on ${kind} bus ${bus}`, field);
    if (unit < 0 || unit >= UNITS[kind] || (kind === 'SCSI' && unit === SCSI_CONTROLLER_UNIT)) {
      throw fieldError(`${field}.unit`, `unit ${unit} cannot hold a device on a ${kind} controller.`);
    }
    if (!this.slots.takeBus(kind, { bus, unit })) throw fieldError(`${field}.unit`, `${kind} ${bus}:${unit} is taken by another device.`);
    return { bus, unit };
  }

  /** The controller kind of a disk or drive: the one named, else the one whose address is given, else the default. */
  private kindOf<K extends string>(
    d: { type?: K } & Partial<Record<'ide' | 'scsi' | 'sata' | 'nvme', unknown>>,
    allowed: readonly K[],
    fallback: K,
    field: string,
  ): K {
    const given = allowed.filter((k) => d[k.toLowerCase() as 'ide'] !== undefined);
    if (d.type !== undefined) {
      const other = given.find((k) => k !== d.type);
      if (other) throw fieldError(`${field}.${other.toLowerCase()}`, `an ${other} address does not fit type ${d.type}.`);
      return d.type;
    }
    if (given.length > 1) throw fieldError(field, `give the address of one controller kind only (${given.join(', ')}).`);
    return given[0] ?? fallback;
  }

  // ---------------------------------------------------------------------------- devices

  addDisk(d: VcenterVmHardwareDiskCreateSpec, field: string): string {
    if ((d.backing === undefined) === (d.new_vmdk === undefined)) throw fieldError(field, 'give exactly one of backing and new_vmdk.');
    const kind = this.kindOf(d, ['IDE', 'SCSI', 'SATA', 'NVME'] as const, 'SCSI', field);
    let vmdk_file: string;
    let capacity: number | undefined;
    if (d.backing) {
      if (!d.backing.vmdk_file) throw fieldError(`${field}.backing.vmdk_file`, 'a VMDK_FILE backing needs the path of the file.');
      checkDatastorePath(this.state, d.backing.vmdk_file, `${field}.backing.vmdk_file`);
      vmdk_file = d.backing.vmdk_file;
    } else {
      const nv = d.new_vmdk!;
      if (nv.capacity !== undefined && nv.capacity <= 0) throw fieldError(`${field}.new_vmdk.capacity`, `the capacity must be positive, got ${nv.capacity}.`);
      if (nv.name !== undefined && !/^[^/\\[\]]+$/.test(nv.name)) throw fieldError(`${field}.new_vmdk.name`, `'${nv.name}' is not a file name.`);
      if (nv.name !== undefined) vmdk_file = `[${this.vm.datastoreName}] ${this.vm.name}/${nv.name}.vmdk`;
      else {
        let i = 0;
        while (this.files.has((vmdk_file = defaultVmdk(this.vm.datastoreName, this.vm.name, i)))) i++;
      }
      capacity = nv.capacity ?? defaultCapacity(this.vm.guest_OS);
    }
    if (this.files.has(vmdk_file)) throw fieldError(field, `the file ${vmdk_file} is used by another disk.`);
    const label = this.nextLabel('disks');
    const address = kind === 'IDE' ? this.ideSlot(d.ide, `${field}.ide`) : this.busSlot(kind, d[busField(kind)], `${field}.${busField(kind)}`);
    this.files.add(vmdk_file);
    const id = addressKey(kind, address);
    this.devices.disks[id] = {
      label,
      type: kind,
      ...(kind === 'IDE' ? { ide: address as IdeAddress } : { [busField(kind)]: address }),
      vmdk_file,
      ...(capacity !== undefined ? { capacity } : {}),
    };
    return id;
  }

  addCdrom(c: VcenterVmHardwareCdromCreateSpec, field: string): string {
    const kind = this.kindOf(c, ['IDE', 'SATA'] as const, 'IDE', field);
    const backing = cdromBacking(this.state, c.backing, `${field}.backing`);
    const label = this.nextLabel('cdroms');
    const address = kind === 'IDE' ? this.ideSlot(c.ide, `${field}.ide`) : this.busSlot('SATA', c.sata, `${field}.sata`);
    const id = addressKey(kind, address);
    this.devices.cdroms[id] = {
      label,
      type: kind,
      ...(kind === 'IDE' ? { ide: address as IdeAddress } : { sata: address as BusAddress }),
      backing,
      start_connected: c.start_connected ?? false,
      allow_guest_control: c.allow_guest_control ?? false,
    };
    return id;
  }

  addFloppy(f: VcenterVmHardwareFloppyCreateSpec, field: string): string {
    this.room('floppies', 'floppy drive', field);
    const backing = floppyBacking(this.state, f.backing, `${field}.backing`);
    const id = this.nextId('floppies');
    this.devices.floppies[id] = {
      label: this.nextLabel('floppies'),
      backing,
      start_connected: f.start_connected ?? false,
      allow_guest_control: f.allow_guest_control ?? false,
    };
    return id;
  }

  addParallel(p: VcenterVmHardwareParallelCreateSpec, field: string): string {
    this.room('parallel_ports', 'parallel port', field);
    const backing = parallelBacking(p.backing, `${field}.backing`);
    const id = this.nextId('parallel_ports');
    this.devices.parallel_ports[id] = {
      label: this.nextLabel('parallel_ports'),
      backing,
      start_connected: p.start_connected ?? false,
      allow_guest_control: p.allow_guest_control ?? false,
    };
    return id;
  }

  addSerial(s: VcenterVmHardwareSerialCreateSpec, field: string): string {
    this.room('serial_ports', 'serial port', field);
    const id = this.nextId('serial_ports');
    this.devices.serial_ports[id] = {
      label: this.nextLabel('serial_ports'),
      yield_on_poll: s.yield_on_poll ?? false,
      backing: serialBacking(s.backing, `${field}.backing`),
      start_connected: s.start_connected ?? false,
      allow_guest_control: s.allow_guest_control ?? false,
    };
    return id;
  }

  addNic(n: VcenterVmHardwareEthernetCreateSpec, field: string): string {
    this.room('nics', 'network adapter', field);
    const id = this.nextId('nics');
    const type = n.type ?? defaultNicType(this.vm.guest_OS);
    // vCenter assigns the address unless the spec asks for a manual one (or one the host generates).
    const mac_type = n.mac_type ?? 'ASSIGNED';
    if (mac_type === 'MANUAL') checkManualMac(n.mac_address, `${field}.mac_address`);
    const nic: VmNic = {
      label: this.nextLabel('nics'),
      type,
      ...(type === 'VMXNET3' ? { upt_compatibility_enabled: n.upt_compatibility_enabled ?? false } : {}),
      mac_type,
      mac_address: mac_type === 'MANUAL' ? n.mac_address!.toLowerCase() : this.freeMac(id),
      ...this.pciSlot(n.pci_slot_number, field),
      wake_on_lan_enabled: n.wake_on_lan_enabled ?? false,
      ...nicNetwork(this.state, this.vm, n.backing, field),
      start_connected: n.start_connected ?? false,
      allow_guest_control: n.allow_guest_control ?? false,
    };
    if (nic.network !== undefined && this.state.networks.get(nic.network)?.type === 'DISTRIBUTED_PORTGROUP' && nic.distributed_port === undefined) {
      nic.distributed_port = freePort(this.state, nic.network, this.devices.nics);
    }
    this.devices.nics[id] = nic;
    return id;
  }

  /** A MAC address no NIC of any VM or template has. */
  private freeMac(key: string): string {
    if (!this.macs) {
      this.macs = macsInUse(this.state);
      for (const [, n] of entries(this.devices.nics)) if (n.mac_address) this.macs.add(n.mac_address);
    }
    const mac = freeMac(this.macs, this.vm.id, key);
    this.macs.add(mac);
    return mac;
  }
}

/** The MAC vCenter would assign to NIC `key` of VM `vmId`, moved on until it is not in `used`. */
export function freeMac(used: ReadonlySet<string>, vmId: string, key: string): string {
  let mac = assignedMac(vmId, key);
  for (let salt = 1; used.has(mac); salt++) mac = assignedMac(vmId, key, salt);
  return mac;
}

export function checkManualMac(mac: string | undefined, field: string): void {
  if (!mac) throw fieldError(field, 'a MANUAL MAC address type needs the address.');
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) throw fieldError(field, `'${mac}' is not a MAC address.`);
}

/** Every MAC address the NICs of the inventory's VMs and templates have (stored, or derived as completeDevices derives it). */
export function macsInUse(state: Inventory): Set<string> {
  const out = new Set<string>();
  for (const map of [state.vms, state.templates]) {
    for (const vm of map.values()) for (const [key, n] of entries(vm.nics)) out.add(n.mac_address ?? assignedMac(vm.id, key));
  }
  return out;
}

/** The lowest port of a distributed port group that no NIC (of any VM, or of the draft) holds. */
export function freePort(state: Inventory, network: string, draftNics: Record<string, VmNic>): string {
  const used = new Set<string>();
  for (const map of [state.vms, state.templates]) {
    for (const vm of map.values()) for (const [key, n] of entries(vm.nics)) if (n.network === network) used.add(n.distributed_port ?? defaultPort(key));
  }
  for (const [key, n] of entries(draftNics)) if (n.network === network) used.add(n.distributed_port ?? defaultPort(key));
  let port = 0;
  while (used.has(String(port))) port++;
  return String(port);
}

type NicBackingSpec = VcenterVmHardwareEthernetCreateSpec['backing'];

/**
 * The network a NIC backing names, checked against the inventory: it must exist, be of the kind
 * the backing says, and be in the VM's datacenter. No backing: the datacenter's first standard
 * port group, as vCenter picks one.
 */
export function nicNetwork(
  state: Inventory,
  vm: Pick<DraftVm, 'datacenter'>,
  b: NicBackingSpec,
  field: string,
): Pick<VmNic, 'network' | 'distributed_port' | 'host_device'> {
  if (b?.type === 'HOST_DEVICE') {
    if (b.network !== undefined) throw fieldError(`${field}.backing.network`, 'a HOST_DEVICE backing takes no network.');
    return {};
  }
  if (b) {
    if (!b.network) throw fieldError(`${field}.backing.network`, `a ${b.type} backing needs a network.`);
    const net = state.networks.get(b.network);
    if (!net) throw notFound('Network', b.network);
    if (net.type !== b.type) throw fieldError(`${field}.backing.type`, `network '${net.id}' is a ${net.type}, not a ${b.type}.`);
    if (net.datacenter !== vm.datacenter)
      throw fieldError(`${field}.backing.network`, `network '${net.id}' is in another datacenter than the virtual machine.`);
    if (b.distributed_port !== undefined && net.type !== 'DISTRIBUTED_PORTGROUP') {
      throw fieldError(`${field}.backing.distributed_port`, 'only a distributed port group has ports to pick.');
    }
    return { network: net.id, ...(b.distributed_port !== undefined ? { distributed_port: b.distributed_port } : {}) };
  }
  for (const net of state.networks.values()) if (net.datacenter === vm.datacenter && net.type === 'STANDARD_PORTGROUP') return { network: net.id };
  throw fieldError(`${field}.backing`, 'no network was given and the datacenter has no standard port group to use.');
}

/** A CD-ROM backing as stored: an ISO image on a datastore of the inventory, a host drive or the client's drive. */
export function cdromBacking(state: Inventory, b: VcenterVmHardwareCdromCreateSpec['backing'], field: string): NonNullable<VmCdrom['backing']> {
  if (!b || b.type === 'HOST_DEVICE') {
    return {
      type: 'HOST_DEVICE',
      ...(b?.host_device ? { host_device: b.host_device } : { auto_detect: true }),
      device_access_type: b?.device_access_type ?? 'EMULATION',
    };
  }
  if (b.type === 'ISO_FILE') {
    if (!b.iso_file) throw fieldError(`${field}.iso_file`, 'an ISO_FILE backing needs the path of the image.');
    checkDatastorePath(state, b.iso_file, `${field}.iso_file`);
    return { type: 'ISO_FILE', iso_file: b.iso_file };
  }
  return { type: 'CLIENT_DEVICE', device_access_type: b.device_access_type ?? 'EMULATION' };
}

/** A floppy backing as stored: an image on a datastore of the inventory, a host drive or the client's drive. */
export function floppyBacking(state: Inventory, b: VcenterVmHardwareFloppyCreateSpec['backing'], field: string): NonNullable<VmFloppy['backing']> {
  if (!b || b.type === 'HOST_DEVICE') return { type: 'HOST_DEVICE', ...(b?.host_device ? { host_device: b.host_device } : { auto_detect: true }) };
  if (b.type === 'IMAGE_FILE') {
    if (!b.image_file) throw fieldError(`${field}.image_file`, 'an IMAGE_FILE backing needs the path of the image.');
    checkDatastorePath(state, b.image_file, `${field}.image_file`);
    return { type: 'IMAGE_FILE', image_file: b.image_file };
  }
  return { type: 'CLIENT_DEVICE' };
}

/** A parallel port backing as stored: a file, or a host port. */
export function parallelBacking(b: VcenterVmHardwareParallelCreateSpec['backing'], field: string): NonNullable<VmParallelPort['backing']> {
  if (b?.type === 'FILE') {
    if (!b.file) throw fieldError(`${field}.file`, 'a FILE backing needs the path of the file.');
    return { type: 'FILE', file: b.file };
  }
  return { type: 'HOST_DEVICE', ...(b?.host_device ? { host_device: b.host_device } : { auto_detect: true }) };
}

/** A serial port backing as stored, with the field its type needs. */
export function serialBacking(b: VcenterVmHardwareSerialCreateSpec['backing'], field: string): NonNullable<VmSerialPort['backing']> {
  if (!b || b.type === 'HOST_DEVICE') return { type: 'HOST_DEVICE', ...(b?.host_device ? { host_device: b.host_device } : { auto_detect: true }) };
  if (b.type === 'FILE') {
    if (!b.file) throw fieldError(`${field}.file`, 'a FILE backing needs the path of the file.');
    return { type: 'FILE', file: b.file };
  }
  if (b.type === 'PIPE_SERVER' || b.type === 'PIPE_CLIENT') {
    if (!b.pipe) throw fieldError(`${field}.pipe`, `a ${b.type} backing needs the name of the pipe.`);
    return { type: b.type, pipe: b.pipe, no_rx_loss: b.no_rx_loss ?? false };
  }
  if (!b.network_location) throw fieldError(`${field}.network_location`, `a ${b.type} backing needs the URI to use.`);
  return { type: b.type, network_location: b.network_location, ...(b.proxy ? { proxy: b.proxy } : {}) };
}

/** Gives a free PCI slot to every controller and NIC of `devices` still without one (the first power-on, a hot-added NIC). */
export function fillPciSlots(devices: Pick<VmDevices, 'nics' | 'scsi_adapters' | 'sata_adapters' | 'nvme_adapters'>): void {
  const holders: { pci_slot_number?: number }[] = [
    ...Object.values(devices.scsi_adapters),
    ...Object.values(devices.sata_adapters),
    ...Object.values(devices.nvme_adapters),
    ...Object.values(devices.nics),
  ];
  const used = new Set(holders.map((h) => h.pci_slot_number).filter((n) => n !== undefined));
  const free = PCI_SLOTS.filter((n) => !used.has(n));
  for (const h of holders) if (h.pci_slot_number === undefined && free.length) h.pci_slot_number = free.shift()!;
}
