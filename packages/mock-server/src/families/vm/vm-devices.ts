/**
 * Virtual devices of a VM: the typed device maps of `GET /api/vcenter/vm/{vm}` and the
 * devices a create spec adds (`POST /api/vcenter/vm`), with vCenter's device ids, labels,
 * addresses and defaults.
 *
 * Stored device records (state/types.ts) may be sparse (hand-written seeds, state files of
 * older versions): what they leave out is filled in when the VM is read, the same way every
 * time. Records made by a create call are complete.
 */
import { createHash } from 'node:crypto';
import { invalidArgument, notFound, VapiError } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { VcenterVMCreateSpec } from '@vsphere-kit/core/api-types';
import type {
  BusAddress,
  Connectable,
  IdeAddress,
  Vm,
  VmCdrom,
  VmDisk,
  VmFloppy,
  VmNic,
  VmParallelPort,
  VmScsiAdapter,
  VmSerialPort,
} from '../../state/types.js';

type Json = Record<string, unknown>;
type Bus = 'SCSI' | 'SATA' | 'NVME';

/** First device id of each family, as vCenter numbers them. */
const FIRST_ID = {
  scsi_adapters: 1000,
  disks: 2000,
  cdroms: 3000,
  nics: 4000,
  floppies: 8000,
  serial_ports: 9000,
  parallel_ports: 10000,
  sata_adapters: 15000,
  nvme_adapters: 31000,
} as const;
/** Controllers of each kind a VM can have, and the units on one (SCSI unit 7 is the controller's own). */
const MAX_BUSES = 4;
const UNITS: Record<Bus, number> = { SCSI: 16, SATA: 30, NVME: 15 };
const SCSI_CONTROLLER_UNIT = 7;
const MAX_NICS = 10;
const MAX_FLOPPIES = 2;
const MAX_PARALLEL = 3;
const MAX_SERIAL = 32;
/** PCI slots vCenter hands out at the first power-on, controllers first. */
const PCI_SLOTS = [160, 192, 224, 256, 1184, 1216, 1248, 1280, 2208, 2240, 2272, 2304, 3232, 3264, 3296, 3328];
const GiB = 1024 ** 3;

const isWindows = (guest: string): boolean => guest.startsWith('WIN');
const defaultScsiType = (guest: string): NonNullable<VmScsiAdapter['type']> => (isWindows(guest) ? 'LSILOGICSAS' : 'PVSCSI');
const defaultNicType = (guest: string): NonNullable<VmNic['type']> => (isWindows(guest) ? 'E1000E' : 'VMXNET3');
/** Size of a new disk when the spec gives none (what vCenter recommends for the guest). */
const defaultCapacity = (guest: string): number => (isWindows(guest) ? 90 * GiB : 16 * GiB);

const hashBytes = (text: string): Buffer => createHash('sha256').update(text).digest();
const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** A MAC address in the range vCenter assigns from (00:50:56:80:00:00 to 00:50:56:bf:ff:ff). */
function assignedMac(vmId: string, key: string): string {
  const h = hashBytes(`${vmId}/${key}`);
  return ['00', '50', '56', hex2(0x80 | (h[0]! & 0x3f)), hex2(h[1]!), hex2(h[2]!)].join(':');
}

/** A distributed switch UUID in vCenter's spaced form (`50 31 50 36 b4 93 ca 22-33 9b 18 30 3d b1 e7 03`). */
function switchUuid(network: string): string {
  const b = [...hashBytes(`dvs/${network}`).subarray(0, 16)].map(hex2);
  return `${b.slice(0, 8).join(' ')}-${b.slice(8).join(' ')}`;
}

/** Keeps track of the addresses taken on the VM's controllers. */
class Slots {
  private readonly used = new Set<string>();

  private static ide(a: IdeAddress): string {
    return `IDE:${a.primary}:${a.master}`;
  }

  private static bus(kind: Bus, a: BusAddress): string {
    return `${kind}:${a.bus}:${a.unit}`;
  }

  /** Takes an address; false when it is taken already. */
  takeIde(a: IdeAddress): boolean {
    const k = Slots.ide(a);
    if (this.used.has(k)) return false;
    this.used.add(k);
    return true;
  }

  takeBus(kind: Bus, a: BusAddress): boolean {
    const k = Slots.bus(kind, a);
    if (this.used.has(k)) return false;
    this.used.add(k);
    return true;
  }

  /** The first free IDE slot matching what is given (primary channel first, master first). */
  freeIde(want: Partial<IdeAddress> = {}): IdeAddress | undefined {
    for (const primary of want.primary === undefined ? [true, false] : [want.primary]) {
      for (const master of want.master === undefined ? [true, false] : [want.master]) {
        if (!this.used.has(Slots.ide({ primary, master }))) return { primary, master };
      }
    }
    return undefined;
  }

  /** The first free unit on a controller. */
  freeUnit(kind: Bus, bus: number): number | undefined {
    for (let unit = 0; unit < UNITS[kind]; unit++) {
      if (kind === 'SCSI' && unit === SCSI_CONTROLLER_UNIT) continue;
      if (!this.used.has(Slots.bus(kind, { bus, unit }))) return unit;
    }
    return undefined;
  }
}

const entries = <T>(map: Record<string, T> | undefined): [string, T][] => Object.entries(map ?? {});

/** The SCSI controllers of a VM; a VM stored without the field has the default one on bus 0. */
function scsiAdapters(vm: Vm): Record<string, VmScsiAdapter> {
  return vm.scsi_adapters ?? { [String(FIRST_ID.scsi_adapters)]: { bus: 0 } };
}

/** Bus numbers of a controller map, filling missing ones with the next free bus. */
function busesOf(map: Record<string, { bus?: number }>): Map<string, number> {
  const out = new Map<string, number>();
  const taken = new Set<number>();
  for (const [, a] of entries(map)) if (a.bus !== undefined) taken.add(a.bus);
  let next = 0;
  for (const [key, a] of entries(map)) {
    if (a.bus !== undefined) {
      out.set(key, a.bus);
      continue;
    }
    while (taken.has(next)) next++;
    taken.add(next);
    out.set(key, next);
  }
  return out;
}

const diskKind = (d: VmDisk): NonNullable<VmDisk['type']> => d.type ?? (d.ide ? 'IDE' : d.sata ? 'SATA' : d.nvme ? 'NVME' : 'SCSI');
const cdromKind = (c: VmCdrom): NonNullable<VmCdrom['type']> => c.type ?? (c.sata ? 'SATA' : 'IDE');

/** What vmdk file a disk of `vm` has when its record names none (the first is `<vm>.vmdk`, then `<vm>_1.vmdk`, …). */
function defaultVmdk(dsName: string, vmName: string, index: number): string {
  return `[${dsName}] ${vmName}/${vmName}${index === 0 ? '' : `_${index}`}.vmdk`;
}

function connection(vm: Vm, d: Connectable, reachable = true): 'CONNECTED' | 'NOT_CONNECTED' {
  return vm.power_state !== 'POWERED_OFF' && d.start_connected === true && reachable ? 'CONNECTED' : 'NOT_CONNECTED';
}

/** The nine device maps of `VcenterVMInfo`, built from the stored records. */
export function deviceInfo(state: Inventory, vm: Vm): Json {
  const guest = vm.guest_OS;
  const dsName = state.datastores.get(vm.datastore)?.name ?? vm.datastore;
  const slots = new Slots();
  // Addresses the records give are taken first; the others get the next free ones.
  for (const [, d] of entries(vm.disks)) {
    const kind = diskKind(d);
    if (kind === 'IDE' && d.ide) slots.takeIde(d.ide);
    else if (kind !== 'IDE' && d[kind.toLowerCase() as 'scsi' | 'sata' | 'nvme']) slots.takeBus(kind, d[kind.toLowerCase() as 'scsi' | 'sata' | 'nvme']!);
  }
  for (const [, c] of entries(vm.cdroms)) {
    if (cdromKind(c) === 'IDE' && c.ide) slots.takeIde(c.ide);
    else if (cdromKind(c) === 'SATA' && c.sata) slots.takeBus('SATA', c.sata);
  }
  const scsi = scsiAdapters(vm);
  const scsiBuses = busesOf(scsi);
  const sataBuses = busesOf(vm.sata_adapters ?? {});
  const nvmeBuses = busesOf(vm.nvme_adapters ?? {});
  const firstBus = (buses: Map<string, number>): number => (buses.size ? Math.min(...buses.values()) : 0);
  const place = (kind: Bus, given: BusAddress | undefined): BusAddress => {
    if (given) return given;
    const bus = firstBus(kind === 'SCSI' ? scsiBuses : kind === 'SATA' ? sataBuses : nvmeBuses);
    const unit = slots.freeUnit(kind, bus) ?? 0;
    slots.takeBus(kind, { bus, unit });
    return { bus, unit };
  };
  const placeIde = (given: IdeAddress | undefined): IdeAddress => {
    if (given) return given;
    const a = slots.freeIde() ?? { primary: false, master: false };
    slots.takeIde(a);
    return a;
  };

  const disks: Json = {};
  entries(vm.disks).forEach(([key, d], i) => {
    const kind = diskKind(d);
    disks[key] = {
      label: d.label ?? `Hard disk ${i + 1}`,
      type: kind,
      ...(kind === 'IDE' ? { ide: placeIde(d.ide) } : { [kind.toLowerCase()]: place(kind, d[kind.toLowerCase() as 'scsi' | 'sata' | 'nvme']) }),
      backing: { type: 'VMDK_FILE', vmdk_file: d.vmdk_file ?? defaultVmdk(dsName, vm.name, i) },
      ...(d.capacity ? { capacity: d.capacity } : {}),
    };
  });

  const nics: Json = {};
  entries(vm.nics).forEach(([key, n], i) => {
    const type = n.type ?? defaultNicType(guest);
    // A NIC stored with only a label and a network is one made in the vSphere Client: connected at power-on.
    const start_connected = n.start_connected ?? true;
    nics[key] = {
      label: n.label ?? `Network adapter ${i + 1}`,
      type,
      ...(type === 'VMXNET3' ? { upt_compatibility_enabled: n.upt_compatibility_enabled ?? false } : {}),
      mac_type: n.mac_type ?? 'ASSIGNED',
      mac_address: n.mac_address ?? assignedMac(vm.id, key),
      ...(n.pci_slot_number !== undefined ? { pci_slot_number: n.pci_slot_number } : {}),
      wake_on_lan_enabled: n.wake_on_lan_enabled ?? false,
      backing: nicBacking(state, n, key),
      state: connection(vm, { start_connected }),
      start_connected,
      allow_guest_control: n.allow_guest_control ?? true,
    };
  });

  const cdroms: Json = {};
  entries(vm.cdroms).forEach(([key, c], i) => {
    const kind = cdromKind(c);
    const backing = c.backing ?? { type: 'HOST_DEVICE', auto_detect: true, device_access_type: 'EMULATION' };
    cdroms[key] = {
      type: kind,
      label: c.label ?? `CD/DVD drive ${i + 1}`,
      ...(kind === 'IDE' ? { ide: placeIde(c.ide) } : { sata: place('SATA', c.sata) }),
      backing,
      // No remote console is ever attached to the mock, so client devices stay disconnected.
      state: connection(vm, c, backing.type !== 'CLIENT_DEVICE'),
      start_connected: c.start_connected ?? false,
      allow_guest_control: c.allow_guest_control ?? false,
    };
  });

  const connectables = <T extends Connectable & { backing?: unknown }>(
    map: Record<string, T> | undefined,
    label: string,
    fallback: unknown,
    extra: (d: T) => Json = () => ({}),
  ): Json => {
    const out: Json = {};
    entries(map).forEach(([key, d], i) => {
      out[key] = {
        label: d.label ?? `${label} ${i + 1}`,
        ...extra(d),
        backing: d.backing ?? fallback,
        state: connection(vm, d),
        start_connected: d.start_connected ?? false,
        allow_guest_control: d.allow_guest_control ?? false,
      };
    });
    return out;
  };
  const autoHost = { type: 'HOST_DEVICE', auto_detect: true };

  const scsi_adapters: Json = {};
  for (const [key, a] of entries(scsi)) {
    const bus = scsiBuses.get(key)!;
    scsi_adapters[key] = {
      label: a.label ?? `SCSI controller ${bus}`,
      type: a.type ?? defaultScsiType(guest),
      scsi: { bus, unit: SCSI_CONTROLLER_UNIT },
      ...(a.pci_slot_number !== undefined ? { pci_slot_number: a.pci_slot_number } : {}),
      sharing: a.sharing ?? 'NONE',
    };
  }
  const sata_adapters: Json = {};
  for (const [key, a] of entries(vm.sata_adapters)) {
    const bus = sataBuses.get(key)!;
    sata_adapters[key] = {
      label: a.label ?? `SATA controller ${bus}`,
      type: a.type ?? 'AHCI',
      bus,
      ...(a.pci_slot_number !== undefined ? { pci_slot_number: a.pci_slot_number } : {}),
    };
  }
  const nvme_adapters: Json = {};
  for (const [key, a] of entries(vm.nvme_adapters)) {
    const bus = nvmeBuses.get(key)!;
    nvme_adapters[key] = {
      label: a.label ?? `NVME controller ${bus}`,
      bus,
      ...(a.pci_slot_number !== undefined ? { pci_slot_number: a.pci_slot_number } : {}),
    };
  }

  return {
    disks,
    nics,
    cdroms,
    floppies: connectables<VmFloppy>(vm.floppies, 'Floppy drive', autoHost),
    parallel_ports: connectables<VmParallelPort>(vm.parallel_ports, 'Parallel port', autoHost),
    serial_ports: connectables<VmSerialPort>(vm.serial_ports, 'Serial port', autoHost, (d) => ({ yield_on_poll: d.yield_on_poll ?? false })),
    sata_adapters,
    scsi_adapters,
    nvme_adapters,
  };
}

/** The backing of a NIC, from the network it is on (its kind and name as the inventory has them). */
function nicBacking(state: Inventory, n: VmNic, key: string): Json {
  if (n.network === undefined) return { type: 'HOST_DEVICE', ...(n.host_device ? { host_device: n.host_device } : {}) };
  const net = state.networks.get(n.network);
  if (!net) return { type: 'STANDARD_PORTGROUP', network: n.network };
  switch (net.type) {
    case 'DISTRIBUTED_PORTGROUP':
      return {
        type: net.type,
        network: net.id,
        distributed_switch_uuid: switchUuid(net.id),
        distributed_port: n.distributed_port ?? String(Number(key) % 1000),
        connection_cookie: hashBytes(`${net.id}/${key}`).readUInt32BE(0) >>> 1,
      };
    case 'OPAQUE_NETWORK':
      return { type: net.type, network: net.id, opaque_network_type: 'nsx.LogicalSwitch', opaque_network_id: hashBytes(net.id).toString('hex').slice(0, 32) };
    default:
      return { type: net.type, network: net.id, network_name: net.name };
  }
}

// ---------------------------------------------------------------------------------------------
// Create

/** The device lists of a VM's create spec (the request validator has checked them against the spec). */
export type DeviceCreateSpecs = Pick<
  VcenterVMCreateSpec,
  'disks' | 'nics' | 'cdroms' | 'floppies' | 'parallel_ports' | 'serial_ports' | 'sata_adapters' | 'scsi_adapters' | 'nvme_adapters'
>;

export type VmDevices = Required<
  Pick<Vm, 'disks' | 'nics' | 'cdroms' | 'floppies' | 'parallel_ports' | 'serial_ports' | 'sata_adapters' | 'scsi_adapters' | 'nvme_adapters'>
>;

interface NewVm {
  id: string;
  name: string;
  guest_OS: Vm['guest_OS'];
  datacenter: string;
  /** Name of the datastore the VM's files go to. */
  datastoreName: string;
}

const noRoom = (what: string, field: string) =>
  new VapiError('UNABLE_TO_ALLOCATE_RESOURCE', `No free ${what} is left for '${field}'.`, [field], 'com.vmware.api.vcenter.vm.hardware.no_free_slot');

const fieldError = (field: string, message: string) => invalidArgument(`'${field}': ${message}`, [field]);

/**
 * The devices of a new VM from the lists of its create spec: controllers first, then the
 * disks and drives on them (a controller is added when a device needs one that is missing),
 * then NICs and ports. Throws INVALID_ARGUMENT for a taken or impossible address, an unknown
 * or mismatched network and a backing without its file; UNABLE_TO_ALLOCATE_RESOURCE when no
 * free address is left.
 */
export function createDevices(state: Inventory, spec: DeviceCreateSpecs, vm: NewVm): VmDevices {
  const guest = vm.guest_OS;
  const out: VmDevices = {
    disks: {},
    nics: {},
    cdroms: {},
    floppies: {},
    parallel_ports: {},
    serial_ports: {},
    sata_adapters: {},
    scsi_adapters: {},
    nvme_adapters: {},
  };
  const nextId = (family: keyof typeof FIRST_ID): string => String(FIRST_ID[family] + Object.keys(out[family]).length);

  // Controllers.
  const controllers = <T extends { bus?: number }>(
    list: T[] | undefined,
    family: 'scsi_adapters' | 'sata_adapters' | 'nvme_adapters',
    make: (a: T, bus: number) => Json,
  ): Map<number, string> => {
    const buses = new Map<number, string>();
    (list ?? []).forEach((a, i) => {
      const field = `${family}[${i}].bus`;
      if (a.bus !== undefined && (a.bus < 0 || a.bus >= MAX_BUSES)) throw fieldError(field, `bus ${a.bus} does not exist (0 to ${MAX_BUSES - 1}).`);
      if (a.bus !== undefined && buses.has(a.bus)) throw fieldError(field, `bus ${a.bus} is used by another controller.`);
      let bus = a.bus;
      if (bus === undefined) {
        bus = [0, 1, 2, 3].find((b) => !buses.has(b) && !(list ?? []).some((o) => o.bus === b));
        if (bus === undefined) throw noRoom('bus', `${family}[${i}]`);
      }
      const id = nextId(family);
      buses.set(bus, id);
      (out[family] as Record<string, unknown>)[id] = make(a, bus);
    });
    return buses;
  };
  const scsiBuses = controllers(spec.scsi_adapters, 'scsi_adapters', (a, bus) => ({
    label: `SCSI controller ${bus}`,
    type: a.type ?? defaultScsiType(guest),
    bus,
    ...(a.pci_slot_number !== undefined ? { pci_slot_number: a.pci_slot_number } : {}),
    sharing: a.sharing ?? 'NONE',
  }));
  const sataBuses = controllers(spec.sata_adapters, 'sata_adapters', (a, bus) => ({
    label: `SATA controller ${bus}`,
    type: a.type ?? 'AHCI',
    bus,
    ...(a.pci_slot_number !== undefined ? { pci_slot_number: a.pci_slot_number } : {}),
  }));
  const nvmeBuses = controllers(spec.nvme_adapters, 'nvme_adapters', (a, bus) => ({
    label: `NVME controller ${bus}`,
    bus,
    ...(a.pci_slot_number !== undefined ? { pci_slot_number: a.pci_slot_number } : {}),
  }));
  const busesOfKind = { SCSI: scsiBuses, SATA: sataBuses, NVME: nvmeBuses };
  const familyOfKind = { SCSI: 'scsi_adapters', SATA: 'sata_adapters', NVME: 'nvme_adapters' } as const;
  /** Makes sure a controller of `kind` sits on `bus`, adding a default one when there is none. */
  const ensureController = (kind: Bus, bus: number): void => {
    const buses = busesOfKind[kind];
    if (buses.has(bus)) return;
    const family = familyOfKind[kind];
    const id = nextId(family);
    buses.set(bus, id);
    const label = `${kind} controller ${bus}`;
    (out[family] as Record<string, unknown>)[id] =
      kind === 'SCSI' ? { label, type: defaultScsiType(guest), bus, sharing: 'NONE' } : kind === 'SATA' ? { label, type: 'AHCI', bus } : { label, bus };
  };

  const slots = new Slots();
  const ideSlot = (want: Partial<IdeAddress> | undefined, field: string): IdeAddress => {
    if (want?.primary !== undefined && want.master !== undefined) {
      const a = { primary: want.primary, master: want.master };
      if (!slots.takeIde(a)) throw fieldError(field, `IDE ${a.primary ? 'primary' : 'secondary'} ${a.master ? 'master' : 'slave'} is taken by another device.`);
      return a;
    }
    const a = slots.freeIde(want);
    if (!a) throw noRoom('IDE slot', field);
    slots.takeIde(a);
    return a;
  };
  const busSlot = (kind: Bus, want: { bus: number; unit?: number } | undefined, field: string): BusAddress => {
    const buses = busesOfKind[kind];
    let bus = want?.bus;
    if (bus === undefined) {
      // The first controller of the kind with a free unit, else a new one on the next free bus.
      bus = [...buses.keys()].sort((a, b) => a - b).find((b) => slots.freeUnit(kind, b) !== undefined) ?? [0, 1, 2, 3].find((b) => !buses.has(b));
      if (bus === undefined) throw noRoom(`${kind} unit`, field);
    }
    if (bus < 0 || bus >= MAX_BUSES) throw fieldError(`${field}.bus`, `${kind} bus ${bus} does not exist (0 to ${MAX_BUSES - 1}).`);
    ensureController(kind, bus);
    const unit = want?.unit ?? slots.freeUnit(kind, bus);
    if (unit === undefined) throw noRoom(`unit on ${kind} bus ${bus}`, field);
    if (unit < 0 || unit >= UNITS[kind] || (kind === 'SCSI' && unit === SCSI_CONTROLLER_UNIT)) {
      throw fieldError(`${field}.unit`, `unit ${unit} cannot hold a device on a ${kind} controller.`);
    }
    if (!slots.takeBus(kind, { bus, unit })) throw fieldError(`${field}.unit`, `${kind} ${bus}:${unit} is taken by another device.`);
    return { bus, unit };
  };
  /** The controller kind of a disk or drive: the one named, else the one whose address is given, else the default. */
  const kindOf = <K extends string>(
    d: { type?: K } & Partial<Record<'ide' | 'scsi' | 'sata' | 'nvme', unknown>>,
    allowed: readonly K[],
    fallback: K,
    field: string,
  ): K => {
    const given = allowed.filter((k) => d[k.toLowerCase() as 'ide'] !== undefined);
    if (d.type !== undefined) {
      const other = given.find((k) => k !== d.type);
      if (other) throw fieldError(`${field}.${other.toLowerCase()}`, `an ${other} address does not fit type ${d.type}.`);
      return d.type;
    }
    if (given.length > 1) throw fieldError(field, `give the address of one controller kind only (${given.join(', ')}).`);
    return given[0] ?? fallback;
  };

  // Disks.
  const files = new Set<string>();
  let unnamed = 0;
  (spec.disks ?? []).forEach((d, i) => {
    const field = `disks[${i}]`;
    if ((d.backing === undefined) === (d.new_vmdk === undefined)) throw fieldError(field, 'give exactly one of backing and new_vmdk.');
    const kind = kindOf(d, ['IDE', 'SCSI', 'SATA', 'NVME'] as const, 'SCSI', field);
    const address =
      kind === 'IDE'
        ? { ide: ideSlot(d.ide, `${field}.ide`) }
        : { [kind.toLowerCase()]: busSlot(kind, d[kind.toLowerCase() as 'scsi'], `${field}.${kind.toLowerCase()}`) };
    let vmdk_file: string;
    let capacity: number | undefined;
    if (d.backing) {
      if (!d.backing.vmdk_file) throw fieldError(`${field}.backing.vmdk_file`, 'a VMDK_FILE backing needs the path of the file.');
      if (!/^\[[^\]]+\] \S/.test(d.backing.vmdk_file))
        throw fieldError(`${field}.backing.vmdk_file`, `'${d.backing.vmdk_file}' is not a datastore path like "[datastore1] folder/disk.vmdk".`);
      vmdk_file = d.backing.vmdk_file;
    } else {
      const nv = d.new_vmdk!;
      if (nv.capacity !== undefined && nv.capacity <= 0) throw fieldError(`${field}.new_vmdk.capacity`, `the capacity must be positive, got ${nv.capacity}.`);
      if (nv.name !== undefined && !/^[^/\\[\]]+$/.test(nv.name)) throw fieldError(`${field}.new_vmdk.name`, `'${nv.name}' is not a file name.`);
      vmdk_file = nv.name !== undefined ? `[${vm.datastoreName}] ${vm.name}/${nv.name}.vmdk` : defaultVmdk(vm.datastoreName, vm.name, unnamed++);
      while (files.has(vmdk_file) && nv.name === undefined) vmdk_file = defaultVmdk(vm.datastoreName, vm.name, unnamed++);
      capacity = nv.capacity ?? defaultCapacity(guest);
    }
    if (files.has(vmdk_file)) throw fieldError(field, `the file ${vmdk_file} is used by another disk.`);
    files.add(vmdk_file);
    out.disks[nextId('disks')] = { label: `Hard disk ${i + 1}`, type: kind, ...address, vmdk_file, ...(capacity !== undefined ? { capacity } : {}) } as VmDisk;
  });

  // CD-ROM drives.
  (spec.cdroms ?? []).forEach((c, i) => {
    const field = `cdroms[${i}]`;
    const kind = kindOf(c, ['IDE', 'SATA'] as const, 'IDE', field);
    const address = kind === 'IDE' ? { ide: ideSlot(c.ide, `${field}.ide`) } : { sata: busSlot('SATA', c.sata, `${field}.sata`) };
    const b = c.backing;
    let backing: NonNullable<VmCdrom['backing']>;
    if (!b || b.type === 'HOST_DEVICE') {
      backing = {
        type: 'HOST_DEVICE',
        ...(b?.host_device ? { host_device: b.host_device } : { auto_detect: true }),
        device_access_type: b?.device_access_type ?? 'EMULATION',
      };
    } else if (b.type === 'ISO_FILE') {
      if (!b.iso_file) throw fieldError(`${field}.backing.iso_file`, 'an ISO_FILE backing needs the path of the image.');
      backing = { type: 'ISO_FILE', iso_file: b.iso_file };
    } else {
      backing = { type: 'CLIENT_DEVICE', device_access_type: b.device_access_type ?? 'EMULATION' };
    }
    out.cdroms[nextId('cdroms')] = {
      label: `CD/DVD drive ${i + 1}`,
      type: kind,
      ...address,
      backing,
      start_connected: c.start_connected ?? false,
      allow_guest_control: c.allow_guest_control ?? false,
    };
  });

  // Floppy drives, parallel and serial ports.
  const room = (list: unknown[] | undefined, max: number, what: string, family: string): void => {
    if ((list?.length ?? 0) > max) throw noRoom(what, `${family}[${max}]`);
  };
  room(spec.floppies, MAX_FLOPPIES, 'floppy drive', 'floppies');
  (spec.floppies ?? []).forEach((f, i) => {
    const b = f.backing;
    if (b?.type === 'IMAGE_FILE' && !b.image_file) throw fieldError(`floppies[${i}].backing.image_file`, 'an IMAGE_FILE backing needs the path of the image.');
    const backing: NonNullable<VmFloppy['backing']> =
      !b || b.type === 'HOST_DEVICE'
        ? { type: 'HOST_DEVICE', ...(b?.host_device ? { host_device: b.host_device } : { auto_detect: true }) }
        : b.type === 'IMAGE_FILE'
          ? { type: 'IMAGE_FILE', image_file: b.image_file! }
          : { type: 'CLIENT_DEVICE' };
    out.floppies[nextId('floppies')] = {
      label: `Floppy drive ${i + 1}`,
      backing,
      start_connected: f.start_connected ?? false,
      allow_guest_control: f.allow_guest_control ?? false,
    };
  });
  room(spec.parallel_ports, MAX_PARALLEL, 'parallel port', 'parallel_ports');
  (spec.parallel_ports ?? []).forEach((p, i) => {
    const b = p.backing;
    if (b?.type === 'FILE' && !b.file) throw fieldError(`parallel_ports[${i}].backing.file`, 'a FILE backing needs the path of the file.');
    const backing: NonNullable<VmParallelPort['backing']> =
      !b || b.type === 'HOST_DEVICE'
        ? { type: 'HOST_DEVICE', ...(b?.host_device ? { host_device: b.host_device } : { auto_detect: true }) }
        : { type: 'FILE', file: b.file! };
    out.parallel_ports[nextId('parallel_ports')] = {
      label: `Parallel port ${i + 1}`,
      backing,
      start_connected: p.start_connected ?? false,
      allow_guest_control: p.allow_guest_control ?? false,
    };
  });
  room(spec.serial_ports, MAX_SERIAL, 'serial port', 'serial_ports');
  (spec.serial_ports ?? []).forEach((s, i) => {
    const b = s.backing;
    const field = `serial_ports[${i}].backing`;
    let backing: NonNullable<VmSerialPort['backing']>;
    if (!b || b.type === 'HOST_DEVICE') backing = { type: 'HOST_DEVICE', ...(b?.host_device ? { host_device: b.host_device } : { auto_detect: true }) };
    else if (b.type === 'FILE') {
      if (!b.file) throw fieldError(`${field}.file`, 'a FILE backing needs the path of the file.');
      backing = { type: 'FILE', file: b.file };
    } else if (b.type === 'PIPE_SERVER' || b.type === 'PIPE_CLIENT') {
      if (!b.pipe) throw fieldError(`${field}.pipe`, `a ${b.type} backing needs the name of the pipe.`);
      backing = { type: b.type, pipe: b.pipe, no_rx_loss: b.no_rx_loss ?? false };
    } else {
      if (!b.network_location) throw fieldError(`${field}.network_location`, `a ${b.type} backing needs the URI to use.`);
      backing = { type: b.type, network_location: b.network_location, ...(b.proxy ? { proxy: b.proxy } : {}) };
    }
    out.serial_ports[nextId('serial_ports')] = {
      label: `Serial port ${i + 1}`,
      yield_on_poll: s.yield_on_poll ?? false,
      backing,
      start_connected: s.start_connected ?? false,
      allow_guest_control: s.allow_guest_control ?? false,
    };
  });

  // Network adapters.
  room(spec.nics, MAX_NICS, 'network adapter', 'nics');
  (spec.nics ?? []).forEach((n, i) => {
    const field = `nics[${i}]`;
    const id = nextId('nics');
    const type = n.type ?? defaultNicType(guest);
    const mac_type = n.mac_type ?? 'GENERATED';
    if (mac_type === 'MANUAL' && !n.mac_address) throw fieldError(`${field}.mac_address`, 'a MANUAL MAC address type needs the address.');
    if (mac_type === 'MANUAL' && !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(n.mac_address!))
      throw fieldError(`${field}.mac_address`, `'${n.mac_address}' is not a MAC address.`);
    const nic: VmNic = {
      label: `Network adapter ${i + 1}`,
      type,
      ...(type === 'VMXNET3' ? { upt_compatibility_enabled: n.upt_compatibility_enabled ?? false } : {}),
      mac_type,
      mac_address: mac_type === 'MANUAL' ? n.mac_address!.toLowerCase() : assignedMac(vm.id, id),
      ...(n.pci_slot_number !== undefined ? { pci_slot_number: n.pci_slot_number } : {}),
      wake_on_lan_enabled: n.wake_on_lan_enabled ?? false,
      start_connected: n.start_connected ?? false,
      allow_guest_control: n.allow_guest_control ?? false,
    };
    const b = n.backing;
    if (b?.type === 'HOST_DEVICE') {
      if (b.network !== undefined) throw fieldError(`${field}.backing.network`, 'a HOST_DEVICE backing takes no network.');
    } else if (b) {
      if (!b.network) throw fieldError(`${field}.backing.network`, `a ${b.type} backing needs a network.`);
      const net = state.networks.get(b.network);
      if (!net) throw notFound('Network', b.network);
      if (net.type !== b.type) throw fieldError(`${field}.backing.type`, `network '${net.id}' is a ${net.type}, not a ${b.type}.`);
      if (net.datacenter !== vm.datacenter)
        throw fieldError(`${field}.backing.network`, `network '${net.id}' is in another datacenter than the virtual machine.`);
      nic.network = net.id;
      if (b.distributed_port !== undefined) {
        if (net.type !== 'DISTRIBUTED_PORTGROUP') throw fieldError(`${field}.backing.distributed_port`, 'only a distributed port group has ports to pick.');
        nic.distributed_port = b.distributed_port;
      }
    } else {
      // No backing: the first standard port group of the datacenter, as vCenter looks for one.
      const net = [...state.networks.values()].find((x) => x.datacenter === vm.datacenter && x.type === 'STANDARD_PORTGROUP');
      if (!net) throw fieldError(`${field}.backing`, 'no network was given and the datacenter has no standard port group to use.');
      nic.network = net.id;
    }
    out.nics[id] = nic;
  });
  return out;
}

/** Gives a PCI slot to every controller and NIC still without one, as the first power-on does. */
export function assignPciSlots(vm: Vm): void {
  const holders: { pci_slot_number?: number }[] = [
    ...Object.values(scsiAdapters(vm)),
    ...Object.values(vm.sata_adapters ?? {}),
    ...Object.values(vm.nvme_adapters ?? {}),
    ...Object.values(vm.nics ?? {}),
  ];
  if (holders.every((h) => h.pci_slot_number !== undefined)) return;
  // Generated VMs share frozen device records (state/inventory.ts): write to copies.
  vm.scsi_adapters = structuredClone(scsiAdapters(vm)); // also keeps the default controller's slot
  if (vm.sata_adapters) vm.sata_adapters = structuredClone(vm.sata_adapters);
  if (vm.nvme_adapters) vm.nvme_adapters = structuredClone(vm.nvme_adapters);
  if (vm.nics) vm.nics = structuredClone(vm.nics);
  const used = new Set(holders.map((h) => h.pci_slot_number).filter((n) => n !== undefined));
  const free = PCI_SLOTS.filter((n) => !used.has(n));
  for (const h of [
    ...Object.values(vm.scsi_adapters),
    ...Object.values(vm.sata_adapters ?? {}),
    ...Object.values(vm.nvme_adapters ?? {}),
    ...Object.values(vm.nics ?? {}),
  ]) {
    if (h.pci_slot_number === undefined && free.length) h.pci_slot_number = free.shift()!;
  }
}

/** Points the disk files of a copied VM at its own folder (`[<datastore>] <name>/<name>[_N].vmdk`), as a clone does. */
export function copyDiskFiles(vm: Vm, datastoreName: string): void {
  entries(vm.disks).forEach(([, d], i) => {
    d.vmdk_file = defaultVmdk(datastoreName, vm.name, i);
  });
}
