/** Seed checks of VMs and templates (a template is a VM; both share one id space). */
import type { Vm } from '../../state/types.js';
import type { VcenterVmHardwareBootType, VcenterVmPowerState } from '@vsphere-kit/core/api-types';
import { enumValues, OPT, S, type FieldRules, type SeedRules } from '../../state/seed-rules.js';

const POWER_STATES = enumValues<VcenterVmPowerState>({ POWERED_OFF: true, POWERED_ON: true, SUSPENDED: true });
const BOOT_TYPES = enumValues<VcenterVmHardwareBootType>({ BIOS: true, EFI: true });

const VM_RULES: FieldRules<Vm> = {
  id: S(),
  name: S(),
  guest_OS: S(),
  power_state: S({ enum: POWER_STATES }),
  clean_power_off: OPT('boolean'),
  cpu_count: { type: 'integer', required: true },
  cores_per_socket: OPT('integer'),
  cpu_hot_add_enabled: OPT('boolean'),
  cpu_hot_remove_enabled: OPT('boolean'),
  memory_size_MiB: { type: 'integer', required: true },
  memory_hot_add_enabled: OPT('boolean'),
  hardware_version: OPT('string'),
  hardware_upgrade: OPT('object'),
  datacenter: S({ ref: ['datacenters'] }),
  folder: S({ ref: ['folders'] }),
  resource_pool: S({ ref: ['resource_pools'] }),
  host: OPT('string', { ref: ['hosts'] }),
  cluster: OPT('string', { ref: ['clusters'] }),
  datastore: S({ ref: ['datastores'] }),
  bios_uuid: OPT('string'),
  instance_uuid: OPT('string'),
  boot_type: OPT('string', { enum: BOOT_TYPES }),
  boot: OPT('object'),
  boot_devices: OPT('array'),
  disks: OPT('object'),
  nics: OPT('object'),
  cdroms: OPT('object'),
  floppies: OPT('object'),
  parallel_ports: OPT('object'),
  serial_ports: OPT('object'),
  sata_adapters: OPT('object'),
  scsi_adapters: OPT('object'),
  nvme_adapters: OPT('object'),
};

export const vmSeedRules: SeedRules = { vms: VM_RULES, templates: VM_RULES };
