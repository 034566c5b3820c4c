/**
 * The appliance's settings as one record of sections (`rules.appliance`): access, DNS, NTP,
 * time, proxy, firewall, interfaces, log forwarding, password policy, shutdown, health,
 * storage and networking. A section the state does not hold reads as its default, so a state
 * file only carries what was changed. Writers build the whole new section and then store it
 * in one assignment: a refused input leaves the section as it was.
 */
import { dict } from '../../state/dict.js';
import type { Inventory } from '../../state/inventory.js';
import type { ApplianceConfig } from './types.js';

export const APPLIANCE_HOSTNAME = 'vcenter.vsphere.local';
export const APPLIANCE_IPV4 = { address: '192.168.100.10', prefix: 24, default_gateway: '192.168.100.1' } as const;

const DEFAULTS: { readonly [K in keyof ApplianceConfig]: () => ApplianceConfig[K] } = {
  access: () => ({ ssh: true, dcui: true, consolecli: true, shell: { enabled: false, enabled_until: 0 } }),
  dns: () => ({ mode: 'is_static', servers: [APPLIANCE_IPV4.default_gateway], hostname: APPLIANCE_HOSTNAME, domains: ['vsphere.local'] }),
  ntp: () => ({ servers: ['time.vmware.com'] }),
  time: () => ({ sync: 'NTP', timezone: 'UTC' }),
  proxy: () => ({ protocols: {}, noproxy: ['localhost', '127.0.0.1'] }),
  firewall: () => ({ rules: [] }),
  interfaces: () =>
    dict({
      nic0: {
        mac: '00:50:56:9a:10:0a',
        status: 'up',
        ipv4: { mode: 'STATIC', ...APPLIANCE_IPV4 },
        ipv6: { dhcp: false, autoconf: false, addresses: [], default_gateway: '' },
      },
    }),
  logging: () => ({ forwarding: [] }),
  password_policy: () => ({ max_days: 90, min_days: 0, warn_days: 7 }),
  shutdown: () => ({ action: '', reason: '' }),
  health: () => ({
    levels: { load: 'green', mem: 'green', swap: 'green', storage: 'green', 'database-storage': 'green', 'software-packages': 'green', applmgmt: 'green' },
    db_health_check_state_manual_backup: true,
    db_health_check_state_scheduled_backup: true,
  }),
  storage: () => ({ partitions: defaultPartitions() }),
  networking: () => ({ ipv6_enabled: true }),
};

/** Sizes in MiB of the disks of an 8.0 "tiny" deployment, one partition per disk (swap shares the root disk). */
function defaultPartitions(): ApplianceConfig['storage']['partitions'] {
  const layout: [string, string, number][] = [
    ['swap', '1', 25_600],
    ['core', '3', 25_600],
    ['log', '4', 10_240],
    ['db', '5', 10_240],
    ['dblog', '6', 15_360],
    ['seat', '7', 10_240],
    ['netdump', '8', 1_024],
    ['autodeploy', '9', 10_240],
    ['imagebuilder', '10', 10_240],
    ['updatemgr', '11', 102_400],
    ['archive', '12', 51_200],
    ['vtsdb', '13', 10_240],
    ['vtsdblog', '14', 5_120],
    ['lifecycle', '15', 102_400],
    ['lvm_snapshot', '16', 153_600],
  ];
  return layout.map(([partition, disk, size]) => ({ partition, disk, size_mib: size, disk_size_mib: size }));
}

/** The section as the appliance has it now (a default one when never written); treat it as read-only. */
export function section<K extends keyof ApplianceConfig>(s: Inventory, name: K): ApplianceConfig[K] {
  return (s.rules.appliance[name] as ApplianceConfig[K] | undefined) ?? DEFAULTS[name]();
}

/** Stores a whole new section (built and checked before, so a refused input changes nothing). */
export function writeSection<K extends keyof ApplianceConfig>(s: Inventory, name: K, value: ApplianceConfig[K]): void {
  s.rules.appliance[name] = value;
}
