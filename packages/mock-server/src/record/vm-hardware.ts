/**
 * A VM's hardware as `GET /api/vcenter/vm/{vm}` answers it (CPU, memory, firmware and boot, the
 * upgrade schedule, the nine device maps), turned back into the fields of the mock's VM record.
 *
 * Every device map is written, empty ones too: a record without `scsi_adapters` reads as one default
 * controller (families/vm/device-model.ts). What the mock cannot hold as it came (a disk that is not a
 * vmdk file, a bus the mock does not model, a NIC on a network the recording did not find) is left
 * out and noted with where it was, so that replay never meets it.
 */
import type { Vm, VmCdrom, VmDisk, VmFloppy, VmNic, VmNvmeAdapter, VmParallelPort, VmSataAdapter, VmScsiAdapter, VmSerialPort } from '../state/types.js';
import { jsonPointer } from '../state/seed.js';
import type { Reader } from './reader.js';
import { type Row, bool, int, isRow, opt, str } from './values.js';

/** The fields of a VM record this file fills. */
export type RecordedHardware = Pick<
  Vm,
  | 'cpu_count'
  | 'cores_per_socket'
  | 'cpu_hot_add_enabled'
  | 'cpu_hot_remove_enabled'
  | 'memory_size_MiB'
  | 'memory_hot_add_enabled'
  | 'hardware_upgrade'
  | 'boot_type'
  | 'boot'
  | 'boot_devices'
  | 'disks'
  | 'nics'
  | 'cdroms'
  | 'floppies'
  | 'parallel_ports'
  | 'serial_ports'
  | 'sata_adapters'
  | 'scsi_adapters'
  | 'nvme_adapters'
> &
  Partial<Pick<Vm, 'hardware_version'>>;

const OPERATION = 'vcenter.vm.get';
/** The buses the mock places disks and CD-ROM drives on (device-model.ts). */
const DISK_BUSES = new Set(['IDE', 'SCSI', 'SATA', 'NVME']);
const CDROM_BUSES = new Set(['IDE', 'SATA']);

const ide = (v: unknown) =>
  isRow(v) && typeof v.primary === 'boolean' && typeof v.master === 'boolean' ? { primary: v.primary, master: v.master } : undefined;
const busAddress = (v: unknown) =>
  isRow(v) && int(v.bus) !== undefined && int(v.unit) !== undefined ? { bus: v.bus as number, unit: v.unit as number } : undefined;

/**
 * Reads one VM's hardware from its GET answer; `summary` is its row of the VM list (CPU count and
 * memory size again, for an answer that lacks them); `networks` are the network ids of the recording.
 */
export function recordHardware(r: Reader, vm: string, info: Row, summary: Row, networks: ReadonlySet<string>): RecordedHardware {
  const note = (pointer: string, message: string) => r.misfit(OPERATION, vm, pointer, message);
  const cpu = isRow(info.cpu) ? info.cpu : {};
  const memory = isRow(info.memory) ? info.memory : {};
  const hardware = isRow(info.hardware) ? info.hardware : {};
  const boot = isRow(info.boot) ? info.boot : {};
  const poweredOn = info.power_state !== 'POWERED_OFF';

  const cpuCount = int(cpu.count) ?? int(summary.cpu_count);
  if (cpuCount === undefined) note('/cpu/count', 'no CPU count here or in the VM list: recorded as 1');
  const memorySize = int(memory.size_MiB) ?? int(summary.memory_size_MiB);
  if (memorySize === undefined) note('/memory/size_MiB', 'no memory size here or in the VM list: recorded as 0');
  const policy = str(hardware.upgrade_policy);
  const status = str(hardware.upgrade_status);
  const bootType = str(boot.type);
  if (bootType !== undefined && bootType !== 'BIOS' && bootType !== 'EFI')
    note('/boot/type', `firmware ${JSON.stringify(bootType)} is neither BIOS nor EFI: left out (BIOS)`);

  /** Connected now, when that differs from what `start_connected` says (the mock derives the rest). */
  const connection = (d: Row, startConnected: boolean | undefined, reachable = true) =>
    poweredOn && reachable && d.state !== undefined && (d.state === 'CONNECTED') !== (startConnected === true) ? { connected: d.state === 'CONNECTED' } : {};
  const connectable = (d: Row) => ({
    ...opt('label', str(d.label)),
    ...opt('start_connected', bool(d.start_connected)),
    ...opt('allow_guest_control', bool(d.allow_guest_control)),
  });
  const devices = <T>(family: string, convert: (key: string, d: Row, at: string) => T | undefined): Record<string, T> => {
    const out: Record<string, T> = {};
    const map = info[family];
    if (map === undefined) return out;
    if (!isRow(map)) {
      note(jsonPointer(family), `${family} is not a map of devices: none recorded`);
      return out;
    }
    for (const [key, d] of Object.entries(map)) {
      const at = jsonPointer(family, key);
      if (!isRow(d)) {
        note(at, 'the device is not an object: left out');
        continue;
      }
      const record = convert(key, d, at);
      if (record !== undefined) out[key] = record;
    }
    return out;
  };

  const disks = devices<VmDisk>('disks', (_, d, at) => {
    const type = str(d.type);
    if (!type || !DISK_BUSES.has(type)) return void note(`${at}/type`, `disk on bus ${JSON.stringify(d.type)}, which the mock does not model: left out`);
    const backing = isRow(d.backing) ? d.backing : {};
    if (backing.type !== 'VMDK_FILE' || typeof backing.vmdk_file !== 'string')
      return void note(`${at}/backing`, `disk backed by ${JSON.stringify(backing.type)} without a vmdk file, which the mock does not model: left out`);
    const field = type.toLowerCase() as 'ide' | 'scsi' | 'sata' | 'nvme';
    const address = type === 'IDE' ? ide(d.ide) : busAddress(d[field]);
    if (!address) note(`${at}/${field}`, `no ${type} address: the mock places the disk on the first free unit`);
    return {
      ...opt('label', str(d.label)),
      type: type as VmDisk['type'],
      ...opt(field, address),
      vmdk_file: backing.vmdk_file,
      ...opt('capacity', int(d.capacity)),
    } as VmDisk;
  });

  const nics = devices<VmNic>('nics', (_, d, at) => {
    const backing = isRow(d.backing) ? d.backing : {};
    const network = str(backing.network);
    if (network !== undefined && !networks.has(network))
      return void note(`${at}/backing/network`, `network '${network}' is not in the recorded inventory: left out`);
    if (network === undefined && backing.type !== 'HOST_DEVICE')
      return void note(`${at}/backing`, `a ${JSON.stringify(backing.type)} backing without a network, which the mock does not model: left out`);
    const start = bool(d.start_connected);
    return {
      ...connectable(d),
      ...opt('type', str(d.type) as VmNic['type']),
      ...opt('mac_type', str(d.mac_type) as VmNic['mac_type']),
      ...opt('mac_address', str(d.mac_address)),
      ...opt('pci_slot_number', int(d.pci_slot_number)),
      ...opt('wake_on_lan_enabled', bool(d.wake_on_lan_enabled)),
      ...opt('upt_compatibility_enabled', bool(d.upt_compatibility_enabled)),
      ...opt('network', network),
      ...opt('host_device', network === undefined ? str(backing.host_device) : undefined),
      ...opt('distributed_port', str(backing.distributed_port)),
      ...connection(d, start),
    };
  });

  const cdroms = devices<VmCdrom>('cdroms', (_, d, at) => {
    const type = str(d.type);
    if (!type || !CDROM_BUSES.has(type))
      return void note(`${at}/type`, `CD-ROM drive on bus ${JSON.stringify(d.type)}, which the mock does not model: left out`);
    const backing = isRow(d.backing) ? d.backing : undefined;
    if (!backing || typeof backing.type !== 'string') return void note(`${at}/backing`, 'CD-ROM drive without a backing type: left out');
    const address = type === 'IDE' ? opt('ide', ide(d.ide)) : opt('sata', busAddress(d.sata));
    if (!Object.keys(address).length) note(`${at}/${type.toLowerCase()}`, `no ${type} address: the mock places the drive on the first free unit`);
    return {
      ...connectable(d),
      type: type as VmCdrom['type'],
      ...address,
      backing: {
        type: backing.type as NonNullable<VmCdrom['backing']>['type'],
        ...opt('iso_file', str(backing.iso_file)),
        ...opt('host_device', str(backing.host_device)),
        ...opt('auto_detect', bool(backing.auto_detect)),
        ...opt('device_access_type', str(backing.device_access_type) as NonNullable<VmCdrom['backing']>['device_access_type']),
      },
      // A client device is never connected in the mock (no remote console attaches).
      ...connection(d, bool(d.start_connected), backing.type !== 'CLIENT_DEVICE'),
    };
  });

  /** Floppy drives, parallel and serial ports: a backing of known fields and the connection flags. */
  const port = (fields: readonly string[]) => (_: string, d: Row, at: string) => {
    const backing = isRow(d.backing) ? d.backing : undefined;
    if (!backing || typeof backing.type !== 'string') return void note(`${at}/backing`, 'a device without a backing type: left out');
    const kept: Row = { type: backing.type };
    for (const f of fields) if (backing[f] !== undefined) kept[f] = backing[f];
    return { ...connectable(d), backing: kept, ...connection(d, bool(d.start_connected)) };
  };
  const floppies = devices('floppies', port(['image_file', 'host_device', 'auto_detect'])) as Record<string, VmFloppy>;
  const parallel_ports = devices('parallel_ports', port(['file', 'host_device', 'auto_detect'])) as Record<string, VmParallelPort>;
  const serialPort = port(['file', 'host_device', 'auto_detect', 'pipe', 'no_rx_loss', 'network_location', 'proxy']);
  const serial_ports = devices<VmSerialPort>('serial_ports', (key, d, at) => {
    const base = serialPort(key, d, at);
    return base && ({ ...base, ...opt('yield_on_poll', bool(d.yield_on_poll)) } as VmSerialPort);
  });

  const controller = (d: Row, at: string, bus: number | undefined) => {
    if (bus === undefined) note(`${at}/bus`, 'no bus number: the mock gives the controller the next free bus');
    return { ...opt('label', str(d.label)), ...opt('bus', bus), ...opt('pci_slot_number', int(d.pci_slot_number)) };
  };
  const sata_adapters = devices<VmSataAdapter>('sata_adapters', (_, d, at) => ({
    ...controller(d, at, int(d.bus)),
    ...opt('type', str(d.type) as VmSataAdapter['type']),
  }));
  const scsi_adapters = devices<VmScsiAdapter>('scsi_adapters', (_, d, at) => ({
    ...controller(d, at, isRow(d.scsi) ? int(d.scsi.bus) : undefined),
    ...opt('type', str(d.type) as VmScsiAdapter['type']),
    ...opt('sharing', str(d.sharing) as VmScsiAdapter['sharing']),
  }));
  const nvme_adapters = devices<VmNvmeAdapter>('nvme_adapters', (_, d, at) => controller(d, at, int(d.bus)));

  const bootDevices = Array.isArray(info.boot_devices) ? info.boot_devices.filter(isRow) : [];
  return {
    cpu_count: cpuCount ?? 1,
    cores_per_socket: int(cpu.cores_per_socket) ?? 1,
    ...opt('cpu_hot_add_enabled', bool(cpu.hot_add_enabled)),
    ...opt('cpu_hot_remove_enabled', bool(cpu.hot_remove_enabled)),
    memory_size_MiB: memorySize ?? 0,
    ...opt('memory_hot_add_enabled', bool(memory.hot_add_enabled)),
    ...opt('hardware_version', str(hardware.version) as Vm['hardware_version'] | undefined),
    ...((policy && policy !== 'NEVER') || (status && status !== 'NONE')
      ? {
          hardware_upgrade: {
            policy: (policy ?? 'NEVER') as NonNullable<Vm['hardware_upgrade']>['policy'],
            status: (status ?? 'NONE') as NonNullable<Vm['hardware_upgrade']>['status'],
            ...opt('version', str(hardware.upgrade_version) as Vm['hardware_version'] | undefined),
          },
        }
      : {}),
    ...(bootType === 'BIOS' || bootType === 'EFI' ? { boot_type: bootType } : {}),
    boot: {
      ...opt('delay', int(boot.delay)),
      ...opt('retry', bool(boot.retry)),
      ...opt('retry_delay', int(boot.retry_delay)),
      ...opt('enter_setup_mode', bool(boot.enter_setup_mode)),
      ...(bootType === 'EFI'
        ? {
            ...opt('efi_legacy_boot', bool(boot.efi_legacy_boot)),
            ...opt('network_protocol', str(boot.network_protocol) as NonNullable<Vm['boot']>['network_protocol']),
          }
        : {}),
    },
    boot_devices: bootDevices as unknown as NonNullable<Vm['boot_devices']>,
    disks,
    nics,
    cdroms,
    floppies,
    parallel_ports,
    serial_ports,
    sata_adapters,
    scsi_adapters,
    nvme_adapters,
  };
}
