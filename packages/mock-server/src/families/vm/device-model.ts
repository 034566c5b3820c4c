/**
 * The device set of a VM as complete records: vCenter's device ids, labels, controller addresses,
 * backings, MAC addresses. Stored records may be sparse (hand-written seeds, state files of older
 * versions, the shared records of generated VMs): `completeDevices` fills in what they leave out,
 * the same way every time, so every read and every write of a VM's devices starts from one model.
 */
import { createHash } from 'node:crypto';
import type { Inventory } from '../../state/inventory.js';
import { DEVICE_FIELDS } from '../../state/shared-devices.js';
import type {
  BusAddress,
  IdeAddress,
  Vm,
  VmCdrom,
  VmDisk,
  VmFloppy,
  VmNic,
  VmNvmeAdapter,
  VmParallelPort,
  VmSataAdapter,
  VmScsiAdapter,
  VmSerialPort,
} from '../../state/types.js';

export type Bus = 'SCSI' | 'SATA' | 'NVME';

/** The nine device maps of a VM, keyed by device id. */
export interface VmDevices {
  disks: Record<string, VmDisk>;
  nics: Record<string, VmNic>;
  cdroms: Record<string, VmCdrom>;
  floppies: Record<string, VmFloppy>;
  parallel_ports: Record<string, VmParallelPort>;
  serial_ports: Record<string, VmSerialPort>;
  sata_adapters: Record<string, VmSataAdapter>;
  scsi_adapters: Record<string, VmScsiAdapter>;
  nvme_adapters: Record<string, VmNvmeAdapter>;
}

export type DeviceFamily = keyof VmDevices;

/** The device families of a VM: the record fields state files share (state/shared-devices.ts says them once). */
export const DEVICE_FAMILIES: readonly DeviceFamily[] = DEVICE_FIELDS;

/** A device set with no devices of any family. */
export const emptyDevices = (): VmDevices => ({
  disks: {},
  nics: {},
  cdroms: {},
  floppies: {},
  parallel_ports: {},
  serial_ports: {},
  sata_adapters: {},
  scsi_adapters: {},
  nvme_adapters: {},
});

/** First device id of the families numbered in order of creation, as vCenter numbers them. */
export const FIRST_ID = {
  scsi_adapters: 1000,
  nics: 4000,
  floppies: 8000,
  serial_ports: 9000,
  parallel_ports: 10000,
  sata_adapters: 15000,
  nvme_adapters: 31000,
} as const satisfies Partial<Record<DeviceFamily, number>>;

/** Controllers of each kind a VM can have, and the units on one (SCSI unit 7 is the controller's own). */
export const MAX_BUSES = 4;
export const UNITS: Record<Bus, number> = { SCSI: 16, SATA: 30, NVME: 15 };
export const SCSI_CONTROLLER_UNIT = 7;
/** Most devices of a kind one VM can have. */
export const MAX_DEVICES = { nics: 10, floppies: 2, parallel_ports: 3, serial_ports: 32 } as const;
/** PCI slots vCenter hands out, controllers first. */
export const PCI_SLOTS = [160, 192, 224, 256, 1184, 1216, 1248, 1280, 2208, 2240, 2272, 2304, 3232, 3264, 3296, 3328];
const GiB = 1024 ** 3;

/**
 * The id of a disk or CD-ROM drive follows from its address, as vCenter derives it: IDE devices
 * 3000-3003 (primary master first), SCSI 2000 + 16 × bus + unit, SATA 16000 + 30 × bus + unit,
 * NVMe 32000 + 15 × bus + unit. Two devices never share an address, so never an id.
 */
export function addressKey(kind: 'IDE' | Bus, address: IdeAddress | BusAddress): string {
  if (kind === 'IDE') {
    const a = address as IdeAddress;
    return String(3000 + (a.primary ? 0 : 2) + (a.master ? 0 : 1));
  }
  const { bus, unit } = address as BusAddress;
  const base = { SCSI: 2000, SATA: 16000, NVME: 32000 }[kind];
  return String(base + UNITS[kind] * bus + unit);
}

const isWindows = (guest: string): boolean => guest.startsWith('WIN');
export const defaultScsiType = (guest: string): NonNullable<VmScsiAdapter['type']> => (isWindows(guest) ? 'LSILOGICSAS' : 'PVSCSI');
export const defaultNicType = (guest: string): NonNullable<VmNic['type']> => (isWindows(guest) ? 'E1000E' : 'VMXNET3');
/** Size of a new disk when the spec gives none: what vCenter recommends for the guest (Windows 90 GiB, others 16 GiB). */
export const defaultCapacity = (guest: string): number => (isWindows(guest) ? 90 * GiB : 16 * GiB);

export const hashBytes = (text: string): Buffer => createHash('sha256').update(text).digest();
const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** A MAC address in the range vCenter assigns from (00:50:56:80:00:00 to 00:50:56:bf:ff:ff); `salt` picks another one. */
export function assignedMac(vmId: string, key: string, salt = 0): string {
  const h = hashBytes(salt ? `${vmId}/${key}/${salt}` : `${vmId}/${key}`);
  return ['00', '50', '56', hex2(0x80 | (h[0]! & 0x3f)), hex2(h[1]!), hex2(h[2]!)].join(':');
}

/** A distributed switch UUID in vCenter's spaced form (`50 31 50 36 b4 93 ca 22-33 9b 18 30 3d b1 e7 03`). */
export function switchUuid(network: string): string {
  const b = [...hashBytes(`dvs/${network}`).subarray(0, 16)].map(hex2);
  return `${b.slice(0, 8).join(' ')}-${b.slice(8).join(' ')}`;
}

/** The port a sparse NIC record on a distributed port group is taken to hold. */
export const defaultPort = (key: string): string => String(Number(key) % 1000);

/** Keeps track of the addresses taken on the VM's controllers. */
export class Slots {
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

  /** Whether any device sits on the controller. */
  busInUse(kind: Bus, bus: number): boolean {
    const prefix = `${kind}:${bus}:`;
    for (const k of this.used) if (k.startsWith(prefix)) return true;
    return false;
  }
}

export const entries = <T>(map: Record<string, T> | undefined): [string, T][] => Object.entries(map ?? {});

export const diskKind = (d: VmDisk): NonNullable<VmDisk['type']> => d.type ?? (d.ide ? 'IDE' : d.sata ? 'SATA' : d.nvme ? 'NVME' : 'SCSI');
export const cdromKind = (c: VmCdrom): NonNullable<VmCdrom['type']> => c.type ?? (c.sata ? 'SATA' : 'IDE');
export const busField = (kind: Bus): 'scsi' | 'sata' | 'nvme' => kind.toLowerCase() as 'scsi' | 'sata' | 'nvme';

/** What vmdk file a disk of `vm` has when its record names none (the first is `<vm>.vmdk`, then `<vm>_1.vmdk`, …). */
export function defaultVmdk(dsName: string, vmName: string, index: number): string {
  return `[${dsName}] ${vmName}/${vmName}${index === 0 ? '' : `_${index}`}.vmdk`;
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

/** The SCSI controllers of a VM; a VM stored without the field has the default one on bus 0. */
export function storedScsiAdapters(vm: Vm): Record<string, VmScsiAdapter> {
  return vm.scsi_adapters ?? { [String(FIRST_ID.scsi_adapters)]: { bus: 0 } };
}

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));

/**
 * Every device of the VM as a complete record (new objects down to the backings, so a caller may
 * change them; the stored ones are not changed):
 * labels, kinds, addresses (those the records give are taken first, the others get the next free
 * ones), disk files, NIC types, MACs, networks and flags.
 */
export function completeDevices(state: Inventory, vm: Vm): VmDevices {
  const guest = vm.guest_OS;
  const dsName = state.datastores.get(vm.datastore)?.name ?? vm.datastore;
  const slots = new Slots();
  for (const [, d] of entries(vm.disks)) {
    const kind = diskKind(d);
    if (kind === 'IDE' && d.ide) slots.takeIde(d.ide);
    else if (kind !== 'IDE' && d[busField(kind)]) slots.takeBus(kind, d[busField(kind)]!);
  }
  for (const [, c] of entries(vm.cdroms)) {
    if (cdromKind(c) === 'IDE' && c.ide) slots.takeIde(c.ide);
    else if (cdromKind(c) === 'SATA' && c.sata) slots.takeBus('SATA', c.sata);
  }
  const scsi = storedScsiAdapters(vm);
  const buses: Record<Bus, Map<string, number>> = { SCSI: busesOf(scsi), SATA: busesOf(vm.sata_adapters ?? {}), NVME: busesOf(vm.nvme_adapters ?? {}) };
  const firstBus = (kind: Bus): number => (buses[kind].size ? Math.min(...buses[kind].values()) : 0);
  const place = (kind: Bus, given: BusAddress | undefined): BusAddress => {
    if (given) return { bus: given.bus, unit: given.unit };
    const bus = firstBus(kind);
    const unit = slots.freeUnit(kind, bus) ?? 0;
    slots.takeBus(kind, { bus, unit });
    return { bus, unit };
  };
  const placeIde = (given: IdeAddress | undefined): IdeAddress => {
    if (given) return { primary: given.primary, master: given.master };
    const a = slots.freeIde() ?? { primary: false, master: false };
    slots.takeIde(a);
    return a;
  };

  const out: VmDevices = emptyDevices();
  entries(vm.disks).forEach(([key, d], i) => {
    const kind = diskKind(d);
    out.disks[key] = {
      label: d.label ?? `Hard disk ${i + 1}`,
      type: kind,
      ...(kind === 'IDE' ? { ide: placeIde(d.ide) } : { [busField(kind)]: place(kind, d[busField(kind)]) }),
      vmdk_file: d.vmdk_file ?? defaultVmdk(dsName, vm.name, i),
      ...optional('capacity', d.capacity),
    };
  });
  entries(vm.nics).forEach(([key, n], i) => {
    const type = n.type ?? defaultNicType(guest);
    const net = n.network === undefined ? undefined : state.networks.get(n.network);
    out.nics[key] = {
      label: n.label ?? `Network adapter ${i + 1}`,
      type,
      ...(type === 'VMXNET3' ? { upt_compatibility_enabled: n.upt_compatibility_enabled ?? false } : {}),
      mac_type: n.mac_type ?? 'ASSIGNED',
      mac_address: n.mac_address ?? assignedMac(vm.id, key),
      ...optional('pci_slot_number', n.pci_slot_number),
      wake_on_lan_enabled: n.wake_on_lan_enabled ?? false,
      ...optional('network', n.network),
      ...optional('host_device', n.host_device),
      ...(net?.type === 'DISTRIBUTED_PORTGROUP' ? { distributed_port: n.distributed_port ?? defaultPort(key) } : {}),
      // A NIC stored with only a label and a network is one made in the vSphere Client: connected at power-on.
      start_connected: n.start_connected ?? true,
      allow_guest_control: n.allow_guest_control ?? true,
      ...optional('connected', n.connected),
    };
  });
  entries(vm.cdroms).forEach(([key, c], i) => {
    const kind = cdromKind(c);
    out.cdroms[key] = {
      label: c.label ?? `CD/DVD drive ${i + 1}`,
      type: kind,
      ...(kind === 'IDE' ? { ide: placeIde(c.ide) } : { sata: place('SATA', c.sata) }),
      backing: c.backing ? { ...c.backing } : { type: 'HOST_DEVICE', auto_detect: true, device_access_type: 'EMULATION' },
      start_connected: c.start_connected ?? false,
      allow_guest_control: c.allow_guest_control ?? false,
      ...optional('connected', c.connected),
    };
  });
  const autoHost = () => ({ type: 'HOST_DEVICE' as const, auto_detect: true });
  const port = <T extends VmFloppy | VmParallelPort | VmSerialPort>(d: T, label: string) => ({
    label: d.label ?? label,
    backing: d.backing ? { ...d.backing } : autoHost(),
    start_connected: d.start_connected ?? false,
    allow_guest_control: d.allow_guest_control ?? false,
    ...optional('connected', d.connected),
  });
  entries(vm.floppies).forEach(([key, f], i) => {
    out.floppies[key] = port(f, `Floppy drive ${i + 1}`) as VmFloppy;
  });
  entries(vm.parallel_ports).forEach(([key, p], i) => {
    out.parallel_ports[key] = port(p, `Parallel port ${i + 1}`) as VmParallelPort;
  });
  entries(vm.serial_ports).forEach(([key, s], i) => {
    out.serial_ports[key] = { ...(port(s, `Serial port ${i + 1}`) as VmSerialPort), yield_on_poll: s.yield_on_poll ?? false };
  });
  for (const [key, a] of entries(scsi)) {
    const bus = buses.SCSI.get(key)!;
    out.scsi_adapters[key] = {
      label: a.label ?? `SCSI controller ${bus}`,
      type: a.type ?? defaultScsiType(guest),
      bus,
      ...optional('pci_slot_number', a.pci_slot_number),
      sharing: a.sharing ?? 'NONE',
    };
  }
  for (const [key, a] of entries(vm.sata_adapters)) {
    const bus = buses.SATA.get(key)!;
    out.sata_adapters[key] = { label: a.label ?? `SATA controller ${bus}`, type: a.type ?? 'AHCI', bus, ...optional('pci_slot_number', a.pci_slot_number) };
  }
  for (const [key, a] of entries(vm.nvme_adapters)) {
    const bus = buses.NVME.get(key)!;
    out.nvme_adapters[key] = { label: a.label ?? `NVME controller ${bus}`, bus, ...optional('pci_slot_number', a.pci_slot_number) };
  }
  return out;
}
