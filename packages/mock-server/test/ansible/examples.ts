// Our fixture of the documented examples of VMware's Ansible collection `vmware.vmware_rest`: for each
// example, what its module sends (built from the task's arguments, in the /api form the 4.x modules
// use; the 2020 recordings made through /rest are translated to their /api equivalents) and what must
// be true of the answers. Written from the collection's scenario guide; nothing of it is copied.
//
// The examples were recorded in a lab whose objects have other names than the mock's default seed;
// LAB maps each to the seed's (the lab's `rw_datastore` is the seed's `datastore1`, and so on).
import { a, containing, eachIs, type Plan } from './modules.js';

export type Area = 'vm' | 'hardware' | 'guest' | 'inventory' | 'appliance';

export interface Example {
  /** The documented example: its page (or the 2020-21 task outputs) and its title. */
  key: string;
  /** Not a documented example: a look-up the guide did with a `set_fact` or another collection. */
  setup?: true;
  module: string;
  area: Area;
  plan: Plan;
  /** Ansible's `register`: later examples read the result as `{name.value…}` / `{name.id}`. */
  register?: string;
  /** Ansible's `with_items`: the plan runs once per element of this registered list, bound to `{item…}`. */
  loop?: string;
  /** With `loop`: an item may fail with these error types (the example's `ignore_errors`). */
  tolerate?: string[];
  /** Ansible's `until`/`retries`: re-run until the module succeeds (and its value matches). */
  retry?: { attempts: number; until?: unknown };
  /** What must be true of the module's result (`{name.path}` strings in `value` read registered results). */
  expect?: { value?: unknown; changed?: boolean; count?: number | 'some' };
  /** Registered results this example relies on without reading them (a look-up of what an earlier one made). */
  needs?: string[];
  /** An update whose object does not report the field it sets (the replay then cannot read it back). */
  writeOnly?: true;
  /** A GET the replay adds after the module (not one of its calls): what the change must show (or 404: gone); `{name.path}` templates read registered results. */
  readBack?: { path: string; matches: unknown } | { path: string; gone: true };
}

export interface Scenario {
  /** Each scenario starts from the seed state (the lab as the guide's page found it). */
  name: string;
  examples: Example[];
}

export const LAB = {
  user: 'administrator@vsphere.local',
  password: 'VMware1!',
  /** The examples' `rw_datastore`. */
  datastore: 'datastore1',
  /** The examples' `my_cluster`. */
  cluster: 'cluster-a',
  /** The examples' distributed port group (spelt "my portrgoup" in the guide). */
  portgroup: 'dvpg-prod',
  /** The examples' `[ro_datastore] fedora.iso`. */
  iso: '[nfs-isos] ubuntu-24.04.iso',
  /** The root folder and the host folder the guide's `set_fact` tasks pick. */
  datacenterFolder: 'group-d1',
  hostFolder: 'group-h1004',
  /** The ESXi host the guide adds (its credentials come from the environment there). */
  newHost: { hostname: 'esxi-new.lab.local', user_name: 'root', password: 'Esx-Lab-Pass1!' },
} as const;

// ---------------------------------------------------------------- plan shorthands
const info = (path: string, query?: Record<string, unknown>): Plan => ({ kind: 'info', path, ...(query ? { query } : {}) });
/** Info on one object: the module reports its id. */
const one = (path: string, id: string): Plan => ({ kind: 'info', path: path.replace('{}', id), id });
const each = (list: string, idKey: string, label?: string): Plan => ({
  kind: 'info-each',
  list,
  item: `${list}/{id}`,
  idKey,
  ...(label ? { label } : {}),
});
const create = (path: string, body: unknown): Plan => ({ kind: 'create', path, body, item: `${path}/{id}` });
const named = (list: string, name: string, idKey: string, body: unknown, readBack = true): Plan => ({
  kind: 'ensure-named',
  list,
  name,
  idKey,
  body,
  ...(readBack ? { item: `${list}/{id}` } : {}),
});
const update = (path: string, body: Record<string, unknown>, method: 'PATCH' | 'PUT' = 'PATCH', field?: string): Plan => ({
  kind: 'update',
  path,
  body,
  method,
  ...(field ? { field } : {}),
});
const del = (path: string, query?: Record<string, unknown>): Plan => ({ kind: 'delete', path, ...(query ? { query } : {}) });
const delWhere = (list: string, idKey: string, match: Record<string, unknown>): Plan => ({
  kind: 'delete-where',
  list,
  item: `${list}/{id}`,
  idKey,
  match,
});
const act = (path: string, action: string, body?: unknown): Plan => ({ kind: 'action', path, action, ...(body !== undefined ? { body } : {}) });

const VM = '/api/vcenter/vm/{test_vm1_info.id}';
const HW = `${VM}/hardware`;
const TOOLS_RUNNING = { attempts: 40, until: { run_state: 'RUNNING' } };
const GUEST_READY = { attempts: 40 };

/** The VM the guide creates (its placement from the examples before it). */
const testVm1 = (cluster: string, datastore: string, folder: string) => ({
  name: 'test_vm1',
  guest_OS: 'DEBIAN_8_64',
  hardware_version: 'VMX_11',
  memory: { hot_add_enabled: true, size_MiB: 1024 },
  placement: { cluster: `{${cluster}.id}`, datastore, folder, resource_pool: `{${cluster}.value.resource_pool}` },
});

// ---------------------------------------------------------------- the guide's pages (2022, /api modules)
const vcenterGuide: Scenario = {
  name: 'vcenter guide: collect, create a VM, read it, tune its hardware, run it, read the guest, configure Tools',
  examples: [
    {
      key: 'vcenter 2/01 list the datacenters',
      module: 'vcenter_datacenter_info',
      area: 'inventory',
      plan: info('/api/vcenter/datacenter'),
      expect: { count: 'some' },
    },
    {
      key: 'vcenter 2/02 list the clusters',
      module: 'vcenter_cluster_info',
      area: 'inventory',
      plan: info('/api/vcenter/cluster'),
      register: 'all_the_clusters',
      expect: { count: 'some' },
    },
    {
      key: 'vcenter 2/03 read the first cluster',
      module: 'vcenter_cluster_info',
      area: 'inventory',
      plan: one('/api/vcenter/cluster/{}', '{all_the_clusters.value.0.cluster}'),
      register: 'my_cluster_info',
      expect: { value: { name: LAB.cluster } },
    },
    {
      key: 'vcenter 2/04 list the datastores by name',
      module: 'vcenter_datastore_info',
      area: 'inventory',
      plan: info('/api/vcenter/datastore', { names: [LAB.datastore] }),
      register: 'my_datastores',
      expect: { count: 1, value: [{ name: LAB.datastore }] },
    },
    { key: 'vcenter 2/05 list the folders', module: 'vcenter_folder_info', area: 'inventory', plan: info('/api/vcenter/folder'), expect: { count: 'some' } },
    {
      key: 'vcenter 2/06 the VM folder called vm',
      module: 'vcenter_folder_info',
      area: 'inventory',
      plan: info('/api/vcenter/folder', { type: 'VIRTUAL_MACHINE', names: ['vm'] }),
      register: 'my_vm_folders',
      // Each datacenter has its VM folder called vm.
      expect: { count: 'some', value: eachIs({ name: 'vm', type: 'VIRTUAL_MACHINE' }) },
    },
    {
      key: 'vcenter 3/01 create a VM',
      module: 'vcenter_vm',
      area: 'vm',
      plan: named('/api/vcenter/vm', 'test_vm1', 'vm', testVm1('my_cluster_info', '{my_datastores.value.0.datastore}', '{my_vm_folders.value.0.folder}')),
      register: 'created_vm',
      expect: {
        changed: true,
        value: {
          name: 'test_vm1',
          guest_OS: 'DEBIAN_8_64',
          power_state: 'POWERED_OFF',
          hardware: { version: 'VMX_11' },
          memory: { hot_add_enabled: true, size_MiB: 1024 },
        },
      },
    },
    {
      key: 'vcenter 4/01 look the VM up by name',
      module: 'vcenter_vm_info',
      area: 'vm',
      plan: info('/api/vcenter/vm', { names: ['test_vm1'] }),
      needs: ['created_vm'],
      register: 'search_result',
      expect: { count: 1, value: [{ name: 'test_vm1', memory_size_MiB: 1024 }] },
    },
    {
      key: 'vcenter 4/02 read the VM',
      module: 'vcenter_vm_info',
      area: 'vm',
      plan: one('/api/vcenter/vm/{}', '{search_result.value.0.vm}'),
      register: 'test_vm1_info',
      expect: { value: { name: 'test_vm1' } },
    },
    {
      key: 'vcenter 4/03 read its hardware',
      module: 'vcenter_vm_hardware_info',
      area: 'hardware',
      plan: info('/api/vcenter/vm/{search_result.value.0.vm}/hardware'),
      expect: { value: { version: 'VMX_11' } },
    },
    {
      key: 'vcenter 4/04 list its SCSI adapters',
      module: 'vcenter_vm_hardware_adapter_scsi_info',
      area: 'hardware',
      plan: info(`${HW}/adapter/scsi`),
      expect: { count: 1 },
    },
    { key: 'vcenter 4/05 list its CD-ROMs', module: 'vcenter_vm_hardware_cdrom_info', area: 'hardware', plan: info(`${HW}/cdrom`), expect: { count: 0 } },
    {
      key: 'vcenter 4/06 read its memory',
      module: 'vcenter_vm_hardware_memory_info',
      area: 'hardware',
      plan: info(`${HW}/memory`),
      expect: { value: { size_MiB: 1024, hot_add_enabled: true } },
    },
    { key: 'vcenter 4/07 read its storage policy', module: 'vcenter_vm_storage_policy_info', area: 'inventory', plan: info(`${VM}/storage/policy`) },
    // vCenter gives a VM created without disks the guest OS's default disk (and its controller, 4/04).
    { key: 'vcenter 4/08 list its disks', module: 'vcenter_vm_hardware_disk_info', area: 'hardware', plan: info(`${HW}/disk`), expect: { count: 1 } },
    {
      key: 'vcenter 5/01 add a SATA adapter at PCI slot 34',
      module: 'vcenter_vm_hardware_adapter_sata',
      area: 'hardware',
      plan: create(`${HW}/adapter/sata`, { pci_slot_number: 34 }),
      expect: { changed: true, value: { pci_slot_number: 34, type: 'AHCI', bus: 0, label: 'SATA controller 0' } },
    },
    {
      key: 'vcenter 5/02 attach an ISO image',
      module: 'vcenter_vm_hardware_cdrom',
      area: 'hardware',
      plan: create(`${HW}/cdrom`, { type: 'SATA', sata: { bus: 0, unit: 2 }, start_connected: true, backing: { type: 'ISO_FILE', iso_file: LAB.iso } }),
      expect: {
        changed: true,
        value: {
          label: 'CD/DVD drive 1',
          type: 'SATA',
          sata: { bus: 0, unit: 2 },
          start_connected: true,
          state: 'NOT_CONNECTED',
          backing: { type: 'ISO_FILE', iso_file: LAB.iso },
        },
      },
    },
    {
      key: 'vcenter 5/03 find the distributed port group',
      module: 'vcenter_network_info',
      area: 'inventory',
      plan: info('/api/vcenter/network', { types: ['DISTRIBUTED_PORTGROUP'], names: [LAB.portgroup] }),
      register: 'my_portgroup',
      expect: { count: 1, value: [{ name: LAB.portgroup, type: 'DISTRIBUTED_PORTGROUP' }] },
    },
    {
      key: 'vcenter 5/04 attach the VM to the dvswitch',
      module: 'vcenter_vm_hardware_ethernet',
      area: 'hardware',
      plan: create(`${HW}/ethernet`, {
        pci_slot_number: 4,
        start_connected: false,
        backing: { type: 'DISTRIBUTED_PORTGROUP', network: '{my_portgroup.value.0.network}' },
      }),
      register: 'vm_hardware_ethernet_1',
      // On a distributed port group vCenter binds a port: the switch, the port and the connection cookie.
      expect: {
        changed: true,
        value: {
          label: 'Network adapter 1',
          pci_slot_number: 4,
          start_connected: false,
          mac_type: 'ASSIGNED',
          mac_address: a('string'),
          backing: {
            type: 'DISTRIBUTED_PORTGROUP',
            network: '{my_portgroup.value.0.network}',
            distributed_switch_uuid: a('string'),
            distributed_port: a('string'),
            connection_cookie: a('number'),
          },
        },
      },
    },
    {
      key: 'vcenter 5/05 set the NIC to start connected',
      module: 'vcenter_vm_hardware_ethernet',
      area: 'hardware',
      plan: update(`${HW}/ethernet/{vm_hardware_ethernet_1.id}`, { start_connected: true }),
      expect: { changed: true },
    },
    {
      key: 'vcenter 5/06 grow the memory',
      module: 'vcenter_vm_hardware_memory',
      area: 'hardware',
      plan: update(`${HW}/memory`, { size_MiB: 1080 }),
      expect: { changed: true },
    },
    {
      key: 'vcenter 5/07 upgrade the hardware version',
      module: 'vcenter_vm_hardware',
      area: 'hardware',
      plan: update(HW, { upgrade_policy: 'AFTER_CLEAN_SHUTDOWN', upgrade_version: 'VMX_13' }),
      expect: { changed: true },
    },
    { key: 'vcenter 5/08 one CPU', module: 'vcenter_vm_hardware_cpu', area: 'hardware', plan: update(`${HW}/cpu`, { count: 1 }) },
    {
      key: 'vcenter 5/09 one CPU again: nothing to change',
      module: 'vcenter_vm_hardware_cpu',
      area: 'hardware',
      plan: update(`${HW}/cpu`, { count: 1 }),
      expect: { changed: false, value: { count: 1 } },
    },
    {
      key: 'vcenter 5/10 add a floppy drive',
      module: 'vcenter_vm_hardware_floppy',
      area: 'hardware',
      plan: create(`${HW}/floppy`, { allow_guest_control: true }),
      expect: { changed: true, value: { allow_guest_control: true, label: 'Floppy drive 1', state: 'NOT_CONNECTED' } },
    },
    {
      key: 'vcenter 5/11 add a SATA disk',
      module: 'vcenter_vm_hardware_disk',
      area: 'hardware',
      plan: create(`${HW}/disk`, { type: 'SATA', new_vmdk: { capacity: 320000 } }),
      expect: { changed: true, value: { type: 'SATA', label: 'Hard disk 2', capacity: 320000, sata: { bus: 0, unit: 0 } } },
    },
    {
      key: 'vcenter 6/01 read the power state',
      module: 'vcenter_vm_power_info',
      area: 'vm',
      plan: info(`${VM}/power`),
      expect: { value: { state: 'POWERED_OFF' } },
    },
    {
      key: 'vcenter 6/02 power the VM on',
      module: 'vcenter_vm_power',
      area: 'vm',
      plan: act(`${VM}/power`, 'start'),
      readBack: { path: `${VM}/power`, matches: { state: 'POWERED_ON' } },
    },
    {
      key: 'vcenter 6/03 wait for Tools',
      module: 'vcenter_vm_tools_info',
      area: 'guest',
      plan: info(`${VM}/tools`),
      retry: TOOLS_RUNNING,
      expect: { value: { run_state: 'RUNNING' } },
    },
    {
      key: 'vcenter 7/01 guest file systems',
      module: 'vcenter_vm_guest_localfilesystem_info',
      area: 'guest',
      plan: info(`${VM}/guest/local-filesystem`),
      retry: GUEST_READY,
    },
    { key: 'vcenter 7/02 guest identity', module: 'vcenter_vm_guest_identity_info', area: 'guest', plan: info(`${VM}/guest/identity`) },
    { key: 'vcenter 7/03 guest networking', module: 'vcenter_vm_guest_networking_info', area: 'guest', plan: info(`${VM}/guest/networking`) },
    {
      key: 'vcenter 7/04 guest network interfaces',
      module: 'vcenter_vm_guest_networking_interfaces_info',
      area: 'guest',
      plan: info(`${VM}/guest/networking/interfaces`),
    },
    { key: 'vcenter 7/05 guest routes', module: 'vcenter_vm_guest_networking_routes_info', area: 'guest', plan: info(`${VM}/guest/networking/routes`) },
    { key: 'vcenter 8/01 Tools upgrade policy MANUAL', module: 'vcenter_vm_tools', area: 'guest', plan: update(`${VM}/tools`, { upgrade_policy: 'MANUAL' }) },
    {
      key: 'vcenter 8/02 Tools upgrade policy UPGRADE_AT_POWER_CYCLE',
      module: 'vcenter_vm_tools',
      area: 'guest',
      plan: update(`${VM}/tools`, { upgrade_policy: 'UPGRADE_AT_POWER_CYCLE' }),
      expect: { changed: true },
    },
  ],
};

const A = '/api/appliance';
const applianceGuide: Scenario = {
  name: 'appliance guide: access, health, networking, system management',
  examples: [
    {
      key: 'appliance access/01 is the Shell enabled',
      module: 'appliance_access_shell_info',
      area: 'appliance',
      plan: info(`${A}/access/shell`),
      expect: { value: { enabled: a('boolean') } },
    },
    {
      key: 'appliance access/02 disable the Shell',
      module: 'appliance_access_shell',
      area: 'appliance',
      plan: update(`${A}/access/shell`, { enabled: false, timeout: 600 }, 'PUT'),
      readBack: { path: `${A}/access/shell`, matches: { enabled: false } },
    },
    { key: 'appliance access/03 is the DCUI enabled', module: 'appliance_access_dcui_info', area: 'appliance', plan: info(`${A}/access/dcui`) },
    {
      key: 'appliance access/04 disable the DCUI',
      module: 'appliance_access_dcui',
      area: 'appliance',
      plan: update(`${A}/access/dcui`, { enabled: false }, 'PUT', 'enabled'),
    },
    { key: 'appliance access/05 is SSH enabled', module: 'appliance_access_ssh_info', area: 'appliance', plan: info(`${A}/access/ssh`) },
    {
      key: 'appliance access/06 enable SSH',
      module: 'appliance_access_ssh',
      area: 'appliance',
      plan: update(`${A}/access/ssh`, { enabled: true }, 'PUT', 'enabled'),
    },
    {
      key: 'appliance health/01 database storage',
      module: 'appliance_health_databasestorage_info',
      area: 'appliance',
      plan: info(`${A}/health/database-storage`),
    },
    { key: 'appliance health/02 load', module: 'appliance_health_load_info', area: 'appliance', plan: info(`${A}/health/load`) },
    { key: 'appliance health/03 memory', module: 'appliance_health_mem_info', area: 'appliance', plan: info(`${A}/health/mem`) },
    { key: 'appliance health/04 system', module: 'appliance_health_system_info', area: 'appliance', plan: info(`${A}/health/system`) },
    {
      key: 'appliance health/05 software packages',
      module: 'appliance_health_softwarepackages_info',
      area: 'appliance',
      plan: info(`${A}/health/software-packages`),
    },
    { key: 'appliance health/06 storage', module: 'appliance_health_storage_info', area: 'appliance', plan: info(`${A}/health/storage`) },
    { key: 'appliance health/07 swap', module: 'appliance_health_swap_info', area: 'appliance', plan: info(`${A}/health/swap`) },
    {
      key: 'appliance health/08 monitored items',
      module: 'appliance_monitoring_info',
      area: 'appliance',
      plan: info(`${A}/monitoring`),
      expect: { count: 'some' },
    },
    {
      key: 'appliance health/09 query the monitoring data',
      module: 'appliance_monitoring_query',
      area: 'appliance',
      plan: info(`${A}/monitoring/query`, {
        names: ['mem.total'],
        interval: 'MINUTES5',
        function: 'AVG',
        start_time: '2021-04-14T08:34:56.000Z',
        end_time: '2021-04-14T09:34:56.000Z',
      }),
    },
    { key: 'appliance network/01 networking', module: 'appliance_networking_info', area: 'appliance', plan: info(`${A}/networking`) },
    // GET …/networking has no ipv6_enabled, so the module always sends it (the guide records changed=true).
    {
      key: 'appliance network/02 turn IPv6 off',
      module: 'appliance_networking',
      area: 'appliance',
      plan: update(`${A}/networking`, { ipv6_enabled: false }),
      writeOnly: true,
      expect: { changed: true },
    },
    {
      key: 'appliance network/03 list the interfaces',
      module: 'appliance_networking_interfaces_info',
      area: 'appliance',
      plan: info(`${A}/networking/interfaces`),
      expect: { count: 'some' },
    },
    {
      key: 'appliance network/04 read interface nic0',
      module: 'appliance_networking_interfaces_info',
      area: 'appliance',
      plan: one(`${A}/networking/interfaces/{}`, 'nic0'),
      expect: { value: { name: 'nic0' } },
    },
    { key: 'appliance network/05 hostname', module: 'appliance_networking_dns_hostname_info', area: 'appliance', plan: info(`${A}/networking/dns/hostname`) },
    { key: 'appliance network/06 DNS servers', module: 'appliance_networking_dns_servers_info', area: 'appliance', plan: info(`${A}/networking/dns/servers`) },
    {
      key: 'appliance network/07 set static DNS servers',
      module: 'appliance_networking_dns_servers',
      area: 'appliance',
      plan: update(`${A}/networking/dns/servers`, { mode: 'is_static', servers: ['192.168.123.1'] }, 'PUT'),
    },
    {
      key: 'appliance network/08 test DNS servers',
      module: 'appliance_networking_dns_servers',
      area: 'appliance',
      plan: act(`${A}/networking/dns/servers`, 'test', { servers: ['var'] }),
      expect: { value: { status: a('string') } },
    },
    { key: 'appliance network/09 DNS domains', module: 'appliance_networking_dns_domains_info', area: 'appliance', plan: info(`${A}/networking/dns/domains`) },
    {
      key: 'appliance network/10 set the DNS domains',
      module: 'appliance_networking_dns_domains',
      area: 'appliance',
      plan: update(`${A}/networking/dns/domains`, { domains: ['foobar'] }, 'PUT', 'domains'),
    },
    {
      key: 'appliance network/11 add a DNS domain',
      module: 'appliance_networking_dns_domains',
      area: 'appliance',
      plan: { kind: 'post', path: `${A}/networking/dns/domains`, body: { domain: 'barfoo' } },
      readBack: { path: `${A}/networking/dns/domains`, matches: ['foobar', 'barfoo'] },
    },
    {
      key: 'appliance network/12 set a firewall rule',
      module: 'appliance_networking_firewall_inbound',
      area: 'appliance',
      plan: update(`${A}/networking/firewall/inbound`, { rules: [{ address: '1.2.3.0', prefix: 24, policy: 'REJECT' }] }, 'PUT', 'rules'),
    },
    {
      key: 'appliance network/13 firewall rules',
      module: 'appliance_networking_firewall_inbound_info',
      area: 'appliance',
      plan: info(`${A}/networking/firewall/inbound`),
    },
    {
      key: 'appliance network/14 set the HTTPS proxy',
      module: 'appliance_networking_proxy',
      area: 'appliance',
      plan: update(`${A}/networking/proxy/https`, { enabled: true, server: 'https://datastore.test', port: 3128 }, 'PUT'),
    },
    {
      key: 'appliance network/15 set the no-proxy list',
      module: 'appliance_networking_noproxy',
      area: 'appliance',
      plan: update(`${A}/networking/noproxy`, { servers: ['redhat.com', 'ansible.com'] }, 'PUT', 'servers'),
    },
    {
      key: 'appliance network/16 proxies',
      module: 'appliance_networking_proxy_info',
      area: 'appliance',
      plan: info(`${A}/networking/proxy`),
      expect: { value: { https: { server: 'https://datastore.test', port: 3128, enabled: true } } },
    },
    {
      key: 'appliance network/17 no-proxy list',
      module: 'appliance_networking_noproxy_info',
      area: 'appliance',
      plan: info(`${A}/networking/noproxy`),
      expect: { value: containing(['redhat.com', 'ansible.com']) },
    },
    { key: 'appliance network/18 delete the HTTP proxy', module: 'appliance_networking_proxy', area: 'appliance', plan: del(`${A}/networking/proxy/http`) },
    {
      key: 'appliance network/19 empty the no-proxy list',
      module: 'appliance_networking_noproxy',
      area: 'appliance',
      plan: update(`${A}/networking/noproxy`, { servers: [] }, 'PUT', 'servers'),
      expect: { changed: true },
    },
    { key: 'appliance system/01 scheduled shutdown', module: 'appliance_shutdown_info', area: 'appliance', plan: info(`${A}/shutdown`) },
    {
      key: 'appliance system/02 schedule a power-off',
      module: 'appliance_shutdown',
      area: 'appliance',
      plan: act(`${A}/shutdown`, 'poweroff', { delay: 600, reason: 'this is an example' }),
      readBack: { path: `${A}/shutdown`, matches: { reason: 'this is an example' } },
    },
    { key: 'appliance system/03 cancel the shutdown', module: 'appliance_shutdown', area: 'appliance', plan: act(`${A}/shutdown`, 'cancel') },
    { key: 'appliance system/04 FIPS mode', module: 'appliance_system_globalfips_info', area: 'appliance', plan: info(`${A}/system/global-fips`) },
    {
      key: 'appliance system/05 turn FIPS off',
      module: 'appliance_system_globalfips',
      area: 'appliance',
      plan: update(`${A}/system/global-fips`, { enabled: false }, 'PUT'),
    },
    { key: 'appliance system/06 time zone', module: 'appliance_system_time_timezone_info', area: 'appliance', plan: info(`${A}/system/time/timezone`) },
    {
      key: 'appliance system/07 use UTC',
      module: 'appliance_system_time_timezone',
      area: 'appliance',
      plan: update(`${A}/system/time/timezone`, { name: 'UTC' }, 'PUT', 'name'),
    },
    { key: 'appliance system/08 current time', module: 'appliance_system_time_info', area: 'appliance', plan: info(`${A}/system/time`) },
    { key: 'appliance system/09 NTP servers', module: 'appliance_ntp_info', area: 'appliance', plan: info(`${A}/ntp`) },
    {
      key: 'appliance system/10 set the NTP servers',
      module: 'appliance_ntp',
      area: 'appliance',
      plan: update(`${A}/ntp`, { servers: ['time.google.com'] }, 'PUT', 'servers'),
    },
    {
      key: 'appliance system/11 test the NTP servers',
      module: 'appliance_ntp',
      area: 'appliance',
      plan: act(`${A}/ntp`, 'test', { servers: ['time.google.com'] }),
      expect: { count: 1 },
    },
    { key: 'appliance system/12 clock synchronization', module: 'appliance_timesync_info', area: 'appliance', plan: info(`${A}/timesync`) },
    {
      key: 'appliance system/13 synchronize with NTP',
      module: 'appliance_timesync',
      area: 'appliance',
      plan: update(`${A}/timesync`, { mode: 'NTP' }, 'PUT', 'mode'),
    },
    { key: 'appliance system/14 storage', module: 'appliance_system_storage_info', area: 'appliance', plan: info(`${A}/system/storage`) },
    { key: 'appliance system/15 grow the partitions', module: 'appliance_system_storage', area: 'appliance', plan: act(`${A}/system/storage`, 'resize-ex') },
  ],
};

// ---------------------------------------------------------------- the 2020-21 task outputs (/rest-era ones translated)
const RP = '/api/vcenter/resource-pool';
const adHocPool = {
  name: 'my_resource_pool',
  parent: '{resource_pools.value.0.resource_pool}',
  cpu_allocation: { expandable_reservation: true, limit: 40, reservation: 0, shares: { level: 'NORMAL' } },
  memory_allocation: { expandable_reservation: false, limit: 2000, reservation: 0, shares: { level: 'NORMAL' } },
};
const inventoryOutputs: Scenario = {
  name: 'task outputs: inventory, resource pools, a datacenter and a host',
  examples: [
    {
      key: 'outputs Get_a_list_of_all_the_datacenters',
      module: 'vcenter_datacenter_info',
      area: 'inventory',
      plan: info('/api/vcenter/datacenter'),
      expect: { count: 'some' },
    },
    {
      key: 'outputs Build_a_list_of_all_the_clusters',
      module: 'vcenter_cluster_info',
      area: 'inventory',
      plan: info('/api/vcenter/cluster'),
      register: 'all_the_clusters',
      expect: { count: 'some' },
    },
    {
      key: 'outputs Retrieve_details_about_the_first_cluster',
      module: 'vcenter_cluster_info',
      area: 'inventory',
      plan: one('/api/vcenter/cluster/{}', '{all_the_clusters.value.0.cluster}'),
      expect: { value: { name: LAB.cluster } },
    },
    {
      key: 'outputs get_parent_cluster_for_resource_pool',
      module: 'vcenter_cluster_info',
      area: 'inventory',
      plan: info('/api/vcenter/cluster', { names: [LAB.cluster] }),
      expect: { count: 1 },
    },
    {
      key: 'outputs Retrieve_a_list_of_all_the_datastores',
      module: 'vcenter_datastore_info',
      area: 'inventory',
      plan: info('/api/vcenter/datastore'),
      expect: { count: 'some' },
    },
    {
      key: 'outputs We_can_also_use_filter_to_limit_the_number_of_result',
      module: 'vcenter_datastore_info',
      area: 'inventory',
      plan: info('/api/vcenter/datastore', { names: [LAB.datastore] }),
      expect: { count: 1 },
    },
    {
      key: 'outputs Build_a_list_of_all_the_folders',
      module: 'vcenter_folder_info',
      area: 'inventory',
      plan: info('/api/vcenter/folder'),
      expect: { count: 'some' },
    },
    {
      key: 'outputs Build_a_list_of_the_folders,_with_a_filter',
      module: 'vcenter_folder_info',
      area: 'inventory',
      plan: info('/api/vcenter/folder', { type: 'DATASTORE' }),
      expect: { count: 'some', value: eachIs({ type: 'DATASTORE' }) },
    },
    {
      key: 'outputs Build_a_list_of_all_the_folders_with_the_type_VIRTUAL_MACHINE_and_called_vm',
      module: 'vcenter_folder_info',
      area: 'inventory',
      plan: info('/api/vcenter/folder', { type: 'VIRTUAL_MACHINE', names: ['vm'] }),
      expect: { count: 'some', value: eachIs({ name: 'vm', type: 'VIRTUAL_MACHINE' }) },
    },
    { key: 'outputs Get_a_list_of_the_hosts', module: 'vcenter_host_info', area: 'inventory', plan: info('/api/vcenter/host'), expect: { count: 'some' } },
    {
      key: 'outputs Get_a_list_of_the_networks',
      module: 'vcenter_network_info',
      area: 'inventory',
      plan: info('/api/vcenter/network'),
      expect: { count: 'some' },
    },
    {
      key: 'outputs Get_a_list_of_the_networks_with_a_filter',
      module: 'vcenter_network_info',
      area: 'inventory',
      plan: info('/api/vcenter/network', { types: ['STANDARD_PORTGROUP'] }),
      expect: { count: 'some', value: eachIs({ type: 'STANDARD_PORTGROUP' }) },
    },
    {
      key: 'outputs List_existing_storage_policies',
      module: 'vcenter_storage_policies_info',
      area: 'inventory',
      plan: info('/api/vcenter/storage/policies'),
      expect: { count: 'some' },
    },
    {
      key: 'outputs Get_the_existing_resource_pools',
      module: 'vcenter_resourcepool_info',
      area: 'inventory',
      plan: info(RP),
      register: 'resource_pools',
      expect: { count: 'some' },
    },
    {
      key: 'outputs Get_the_existing_resource_pool',
      module: 'vcenter_resourcepool_info',
      area: 'inventory',
      plan: one(`${RP}/{}`, '{resource_pools.value.0.resource_pool}'),
    },
    {
      key: 'outputs Create_an_Ad_hoc_resource_pool',
      module: 'vcenter_resourcepool',
      area: 'inventory',
      plan: named(RP, 'my_resource_pool', 'resource_pool', adHocPool),
      register: 'my_resource_pool',
      expect: { changed: true, value: { name: 'my_resource_pool', cpu_allocation: { limit: 40 }, memory_allocation: { limit: 2000 } } },
    },
    {
      key: 'outputs Read_details_from_a_specific_resource_pool',
      module: 'vcenter_resourcepool_info',
      area: 'inventory',
      plan: one(`${RP}/{}`, '{my_resource_pool.id}'),
      expect: { value: { name: 'my_resource_pool' } },
    },
    {
      key: 'outputs Modify_a_resource_pool',
      module: 'vcenter_resourcepool',
      area: 'inventory',
      plan: update(`${RP}/{my_resource_pool.id}`, {
        cpu_allocation: { expandable_reservation: true, limit: -1, reservation: 0, shares: { level: 'NORMAL' } },
        memory_allocation: { expandable_reservation: false, limit: 1000, reservation: 0, shares: { level: 'NORMAL' } },
      }),
      expect: { changed: true },
    },
    {
      key: 'outputs Remove_a_resource_pool',
      module: 'vcenter_resourcepool',
      area: 'inventory',
      plan: del(`${RP}/{my_resource_pool.id}`),
      readBack: { path: `${RP}/{my_resource_pool.id}`, gone: true },
    },
    {
      key: 'outputs Create_a_generic_resource_pool',
      module: 'vcenter_resourcepool',
      area: 'inventory',
      plan: named(RP, 'my_resource_pool', 'resource_pool', { name: 'my_resource_pool', parent: '{resource_pools.value.0.resource_pool}' }),
      expect: { changed: true, value: { name: 'my_resource_pool' } },
    },
    {
      key: 'outputs Create_datacenter_my_dc',
      module: 'vcenter_datacenter',
      area: 'inventory',
      plan: named('/api/vcenter/datacenter', 'my_dc', 'datacenter', { name: 'my_dc', folder: LAB.datacenterFolder }),
      expect: { changed: true, value: { name: 'my_dc' } },
    },
    {
      key: 'outputs Connect_the_host(s)',
      module: 'vcenter_host',
      area: 'inventory',
      plan: named('/api/vcenter/host', LAB.newHost.hostname, 'host', { ...LAB.newHost, thumbprint_verification: 'NONE', folder: LAB.hostFolder }, false),
      expect: { changed: true, value: a('string') },
    },
  ],
};

const vmOutputs: Scenario = {
  name: "task outputs: a VM's life, hardware, power, guest and Tools",
  examples: [
    {
      key: 'setup: the cluster by name',
      setup: true,
      module: 'vcenter_cluster_info',
      area: 'inventory',
      plan: info('/api/vcenter/cluster', { names: [LAB.cluster] }),
      register: 'clusters',
    },
    {
      key: 'setup: the cluster',
      setup: true,
      module: 'vcenter_cluster_info',
      area: 'inventory',
      plan: one('/api/vcenter/cluster/{}', '{clusters.value.0.cluster}'),
      register: 'my_cluster_info',
      expect: { value: { name: LAB.cluster } },
    },
    {
      key: 'setup: the datastore by name',
      setup: true,
      module: 'vcenter_datastore_info',
      area: 'inventory',
      plan: info('/api/vcenter/datastore', { names: [LAB.datastore] }),
      register: 'my_datastores',
    },
    {
      key: 'setup: the VM folder',
      setup: true,
      module: 'vcenter_folder_info',
      area: 'inventory',
      plan: info('/api/vcenter/folder', { type: 'VIRTUAL_MACHINE', names: ['vm'] }),
      register: 'my_vm_folders',
    },
    {
      key: 'setup: the distributed port group',
      setup: true,
      module: 'vcenter_network_info',
      area: 'inventory',
      plan: info('/api/vcenter/network', { types: ['DISTRIBUTED_PORTGROUP'], names: [LAB.portgroup] }),
      register: 'my_portgroup',
    },
    {
      key: 'outputs Create_a_VM',
      module: 'vcenter_vm',
      area: 'vm',
      plan: named('/api/vcenter/vm', 'test_vm1', 'vm', testVm1('my_cluster_info', '{my_datastores.value.0.datastore}', '{my_vm_folders.value.0.folder}')),
      register: 'created_vm',
      expect: { changed: true, value: { name: 'test_vm1', memory: { size_MiB: 1024, hot_add_enabled: true } } },
    },
    {
      key: 'outputs Search_with_an_invalid_filter',
      module: 'vcenter_vm_info',
      area: 'vm',
      plan: info('/api/vcenter/vm', { names: ['test_vm1_does_not_exists'] }),
      expect: { count: 0 },
    },
    {
      key: 'outputs Look_up_the_VM_called_test_vm1_in_the_inventory',
      module: 'vcenter_vm_info',
      area: 'vm',
      plan: info('/api/vcenter/vm', { names: ['test_vm1'] }),
      needs: ['created_vm'],
      register: 'search_result',
      expect: { count: 1 },
    },
    {
      key: 'outputs Collect_information_about_a_specific_VM',
      module: 'vcenter_vm_info',
      area: 'vm',
      plan: one('/api/vcenter/vm/{}', '{search_result.value.0.vm}'),
      register: 'test_vm1_info',
      expect: { value: { name: 'test_vm1', guest_OS: 'DEBIAN_8_64' } },
    },
    {
      key: 'outputs Collect_the_hardware_information',
      module: 'vcenter_vm_hardware_info',
      area: 'hardware',
      plan: info('/api/vcenter/vm/{search_result.value.0.vm}/hardware'),
      expect: { value: { version: 'VMX_11' } },
    },
    {
      key: 'outputs Retrieve_the_CPU_information_from_the_VM',
      module: 'vcenter_vm_hardware_cpu_info',
      area: 'hardware',
      plan: info(`${HW}/cpu`),
      expect: { value: { count: a('number') } },
    },
    {
      key: 'outputs Retrieve_the_memory_information_from_the_VM',
      module: 'vcenter_vm_hardware_memory_info',
      area: 'hardware',
      plan: info(`${HW}/memory`),
      expect: { value: { size_MiB: 1024 } },
    },
    {
      key: 'outputs Retrieve_the_boot_information_from_the_VM',
      module: 'vcenter_vm_hardware_boot_info',
      area: 'hardware',
      plan: info(`${HW}/boot`),
      expect: { value: { type: a('string') } },
    },
    { key: 'outputs Get_boot_device_info', module: 'vcenter_vm_hardware_boot_device_info', area: 'hardware', plan: info(`${HW}/boot/device`) },
    { key: 'outputs Get_information_about_the_boot_device', module: 'vcenter_vm_hardware_boot_device_info', area: 'hardware', plan: info(`${HW}/boot/device`) },
    {
      key: 'outputs Retrieve_the_disk_information_from_the_VM',
      module: 'vcenter_vm_hardware_disk_info',
      area: 'hardware',
      plan: each(`${HW}/disk`, 'disk'),
      expect: { count: 'some' },
    },
    {
      key: 'outputs Retrieve_disk_information_using_the_label',
      module: 'vcenter_vm_hardware_disk_info',
      area: 'hardware',
      plan: each(`${HW}/disk`, 'disk', 'Hard disk 1'),
      expect: { count: 1, value: [{ label: 'Hard disk 1' }] },
    },
    {
      key: 'outputs List_the_SCSI_adapter_of_a_given_VM',
      module: 'vcenter_vm_hardware_adapter_scsi_info',
      area: 'hardware',
      plan: each(`${HW}/adapter/scsi`, 'adapter'),
    },
    {
      key: 'outputs List_the_cdrom_devices_on_the_guest',
      module: 'vcenter_vm_hardware_cdrom_info',
      area: 'hardware',
      plan: info(`${HW}/cdrom`),
      expect: { count: 0 },
    },
    {
      key: 'outputs List_the_floppy_disk_drives',
      module: 'vcenter_vm_hardware_floppy_info',
      area: 'hardware',
      plan: info(`${HW}/floppy`),
      expect: { count: 0 },
    },
    {
      key: 'outputs Retrieve_the_parallel_port_information_from_the_VM',
      module: 'vcenter_vm_hardware_parallel_info',
      area: 'hardware',
      plan: info(`${HW}/parallel`),
      expect: { count: 0 },
    },
    {
      key: 'outputs Retrieve_the_serial_ports_information_from_the_VM',
      module: 'vcenter_vm_hardware_serial_info',
      area: 'hardware',
      plan: info(`${HW}/serial`),
      expect: { count: 0 },
    },
    {
      key: 'outputs Collect_a_list_of_the_NIC_for_a_given_VM',
      module: 'vcenter_vm_hardware_ethernet_info',
      area: 'hardware',
      plan: info(`${HW}/ethernet`),
      expect: { count: 0 },
    },
    { key: 'outputs Get_the_information_from_the_library', module: 'vcenter_vm_libraryitem_info', area: 'vm', plan: info(`${VM}/library-item`) },
    { key: 'outputs Get_VM_storage_policy', module: 'vcenter_vm_storage_policy_info', area: 'inventory', plan: info(`${VM}/storage/policy`) },
    {
      key: 'outputs Get_VM_storage_policy_compliance_information',
      module: 'vcenter_vm_storage_policy_compliance_info',
      area: 'inventory',
      plan: info(`${VM}/storage/policy/compliance`),
    },
    {
      key: 'outputs Create_a_SATA_adapter_at_PCI_slot_34',
      module: 'vcenter_vm_hardware_adapter_sata',
      area: 'hardware',
      plan: create(`${HW}/adapter/sata`, { pci_slot_number: 34 }),
      expect: { changed: true, value: { pci_slot_number: 34, type: 'AHCI', bus: 0, label: 'SATA controller 0' } },
    },
    {
      key: 'outputs Create_a_SCSI_adapter_at_PCI_slot_35',
      module: 'vcenter_vm_hardware_adapter_scsi',
      area: 'hardware',
      plan: create(`${HW}/adapter/scsi`, { pci_slot_number: 35 }),
      expect: { changed: true, value: { pci_slot_number: 35 } },
    },
    {
      key: 'outputs Attach_an_ISO_image_to_a_guest_VM',
      module: 'vcenter_vm_hardware_cdrom',
      area: 'hardware',
      plan: create(`${HW}/cdrom`, { type: 'SATA', sata: { bus: 0, unit: 2 }, start_connected: true, backing: { type: 'ISO_FILE', iso_file: LAB.iso } }),
      register: 'my_iso_drive',
      expect: { changed: true, value: { backing: { iso_file: LAB.iso } } },
    },
    {
      key: 'outputs Attach_a_VM_to_a_dvswitch',
      module: 'vcenter_vm_hardware_ethernet',
      area: 'hardware',
      plan: create(`${HW}/ethernet`, {
        pci_slot_number: 4,
        start_connected: false,
        backing: { type: 'DISTRIBUTED_PORTGROUP', network: '{my_portgroup.value.0.network}' },
      }),
      register: 'vm_hardware_ethernet_1',
      expect: { changed: true, value: { mac_type: a('string'), backing: { type: 'DISTRIBUTED_PORTGROUP' } } },
    },
    {
      key: "outputs Turn_the_NIC's_start_connected_flag_on",
      module: 'vcenter_vm_hardware_ethernet',
      area: 'hardware',
      plan: update(`${HW}/ethernet/{vm_hardware_ethernet_1.id}`, { start_connected: true }),
      expect: { changed: true },
    },
    {
      key: 'outputs Add_a_floppy_disk_drive',
      module: 'vcenter_vm_hardware_floppy',
      area: 'hardware',
      plan: create(`${HW}/floppy`, { allow_guest_control: true }),
      register: 'my_floppy_drive',
      expect: { changed: true, value: { label: 'Floppy drive 1' } },
    },
    {
      key: 'outputs Create_a_new_disk',
      module: 'vcenter_vm_hardware_disk',
      area: 'hardware',
      plan: create(`${HW}/disk`, { type: 'SATA', new_vmdk: { capacity: 320000 } }),
      register: 'my_new_disk',
      expect: { changed: true, value: { label: 'Hard disk 2', capacity: 320000 } },
    },
    {
      key: 'outputs Create_a_new_serial_port',
      module: 'vcenter_vm_hardware_serial',
      area: 'hardware',
      plan: {
        kind: 'ensure-labelled',
        list: `${HW}/serial`,
        item: `${HW}/serial/{id}`,
        idKey: 'port',
        label: 'Serial port 2',
        body: { allow_guest_control: true },
      },
      register: 'serial_port_1',
      expect: { changed: true, value: { label: 'Serial port 1', allow_guest_control: true } },
    },
    {
      key: 'outputs Create_an_existing_serial_port_(label)',
      module: 'vcenter_vm_hardware_serial',
      area: 'hardware',
      plan: {
        kind: 'ensure-labelled',
        list: `${HW}/serial`,
        item: `${HW}/serial/{id}`,
        idKey: 'port',
        label: 'Serial port 1',
        body: { allow_guest_control: true },
      },
      expect: { changed: false },
    },
    {
      key: 'outputs Create_another_serial_port_with_a_label',
      module: 'vcenter_vm_hardware_serial',
      area: 'hardware',
      plan: {
        kind: 'ensure-labelled',
        list: `${HW}/serial`,
        item: `${HW}/serial/{id}`,
        idKey: 'port',
        label: 'Serial port 2',
        body: { allow_guest_control: true },
      },
      expect: { changed: true, value: { label: 'Serial port 2' } },
    },
    {
      key: 'outputs Get_an_existing_serial_port_(label)',
      module: 'vcenter_vm_hardware_serial_info',
      area: 'hardware',
      plan: each(`${HW}/serial`, 'port', 'Serial port 1'),
      expect: { count: 1 },
    },
    {
      key: 'outputs Change_a_VM_boot_parameters',
      module: 'vcenter_vm_hardware_boot',
      area: 'hardware',
      plan: update(`${HW}/boot`, { efi_legacy_boot: true, type: 'EFI' }),
      expect: { changed: true },
    },
    {
      key: 'outputs Set_a_boot_device',
      module: 'vcenter_vm_hardware_boot_device',
      area: 'hardware',
      plan: update(`${HW}/boot/device`, { devices: [{ type: 'CDROM' }] }, 'PUT', 'devices'),
      expect: { changed: true },
    },
    {
      key: 'outputs Increase_the_memory_of_a_VM',
      module: 'vcenter_vm_hardware_memory',
      area: 'hardware',
      plan: update(`${HW}/memory`, { size_MiB: 1080 }),
      expect: { changed: true },
    },
    { key: 'outputs Dedicate_one_core_to_the_VM', module: 'vcenter_vm_hardware_cpu', area: 'hardware', plan: update(`${HW}/cpu`, { count: 1 }) },
    {
      key: 'outputs Upgrade_the_VM_hardware_version',
      module: 'vcenter_vm_hardware',
      area: 'hardware',
      plan: update(HW, { upgrade_policy: 'AFTER_CLEAN_SHUTDOWN', upgrade_version: 'VMX_13' }),
      expect: { changed: true },
    },
    {
      key: 'setup: the storage policies',
      setup: true,
      module: 'vcenter_storage_policies_info',
      area: 'inventory',
      plan: info('/api/vcenter/storage/policies'),
      register: 'storage_policies',
    },
    {
      key: 'outputs Adjust_VM_storage_policy',
      module: 'vcenter_vm_storage_policy',
      area: 'inventory',
      plan: update(`${VM}/storage/policy`, {
        vm_home: { type: 'USE_DEFAULT_POLICY' },
        disks: { '{my_new_disk.id}': { type: 'USE_SPECIFIED_POLICY', policy: '{storage_policies.value.0.policy}' } },
      }),
      // The GET answers policy ids, not the update's {type, policy} specs: read the disk's policy back.
      writeOnly: true,
      readBack: { path: `${VM}/storage/policy`, matches: { disks: { '{my_new_disk.id}': '{storage_policies.value.0.policy}' } } },
    },
    {
      key: 'outputs Delete_an_existing_serial_port_(label)',
      module: 'vcenter_vm_hardware_serial',
      area: 'hardware',
      plan: delWhere(`${HW}/serial`, 'port', { label: 'Serial port 2' }),
    },
    {
      key: 'outputs Delete_an_existing_serial_port_(port_id)',
      module: 'vcenter_vm_hardware_serial',
      area: 'hardware',
      plan: del(`${HW}/serial/{serial_port_1.id}`),
      readBack: { path: `${HW}/serial`, matches: [] },
    },
    {
      key: 'outputs Delete_the_disk',
      module: 'vcenter_vm_hardware_disk',
      area: 'hardware',
      plan: del(`${HW}/disk/{my_new_disk.id}`),
      readBack: { path: `${HW}/disk/{my_new_disk.id}`, gone: true },
    },
    {
      key: 'outputs Remove_a_floppy_drive',
      module: 'vcenter_vm_hardware_floppy',
      area: 'hardware',
      plan: del(`${HW}/floppy/{my_floppy_drive.id}`),
      readBack: { path: `${HW}/floppy`, matches: [] },
    },
    {
      key: 'outputs Drop_the_SCSI_controller',
      module: 'vcenter_vm_hardware_adapter_scsi',
      area: 'hardware',
      plan: delWhere(`${HW}/adapter/scsi`, 'adapter', { pci_slot_number: 35 }),
    },
    {
      // The recorded removal (2021) ran on a VM whose SATA controller held nothing; here the ISO drive
      // attached above still sits on it, and vCenter refuses to remove a controller with devices.
      key: 'setup: take the ISO drive off the SATA controller',
      setup: true,
      module: 'vcenter_vm_hardware_cdrom',
      area: 'hardware',
      plan: del(`${HW}/cdrom/{my_iso_drive.id}`),
      readBack: { path: `${HW}/cdrom/{my_iso_drive.id}`, gone: true },
    },
    {
      key: 'outputs Remove_SATA_adapter_at_PCI_slot_34',
      module: 'vcenter_vm_hardware_adapter_sata',
      area: 'hardware',
      plan: delWhere(`${HW}/adapter/sata`, 'adapter', { pci_slot_number: 34 }),
    },
    {
      key: 'outputs Get_guest_power_information',
      module: 'vcenter_vm_power_info',
      area: 'vm',
      plan: info(`${VM}/power`),
      expect: { value: { state: 'POWERED_OFF' } },
    },
    {
      key: 'outputs Turn_the_power_of_the_VM_on',
      module: 'vcenter_vm_power',
      area: 'vm',
      plan: act(`${VM}/power`, 'start'),
      readBack: { path: `${VM}/power`, matches: { state: 'POWERED_ON' } },
    },
    { key: 'outputs Wait_until_my_VM_is_ready', module: 'vcenter_vm_tools_info', area: 'guest', plan: info(`${VM}/tools`), retry: TOOLS_RUNNING },
    {
      key: 'outputs Get_guest_filesystem_information',
      module: 'vcenter_vm_guest_localfilesystem_info',
      area: 'guest',
      plan: info(`${VM}/guest/local-filesystem`),
      retry: GUEST_READY,
    },
    {
      key: 'outputs Get_guest_identity_information',
      module: 'vcenter_vm_guest_identity_info',
      area: 'guest',
      plan: info(`${VM}/guest/identity`),
      expect: { value: { name: a('string') } },
    },
    { key: 'outputs Get_guest_networking_information', module: 'vcenter_vm_guest_networking_info', area: 'guest', plan: info(`${VM}/guest/networking`) },
    {
      key: 'outputs Get_guest_network_interfaces_information',
      module: 'vcenter_vm_guest_networking_interfaces_info',
      area: 'guest',
      plan: info(`${VM}/guest/networking/interfaces`),
    },
    {
      key: 'outputs Get_guest_network_routes_information',
      module: 'vcenter_vm_guest_networking_routes_info',
      area: 'guest',
      plan: info(`${VM}/guest/networking/routes`),
    },
    {
      key: 'outputs Retrive_vm-tools_information',
      module: 'vcenter_vm_tools',
      area: 'guest',
      plan: update(`${VM}/tools`, {}),
      expect: { changed: false, value: { upgrade_policy: a('string') } },
    },
    {
      key: 'outputs Change_vm-tools_upgrade_policy_to_MANUAL',
      module: 'vcenter_vm_tools',
      area: 'guest',
      plan: update(`${VM}/tools`, { upgrade_policy: 'MANUAL' }),
    },
    {
      key: 'outputs Change_vm-tools_upgrade_policy_to_UPGRADE_AT_POWER_CYCLE',
      module: 'vcenter_vm_tools',
      area: 'guest',
      plan: update(`${VM}/tools`, { upgrade_policy: 'UPGRADE_AT_POWER_CYCLE' }),
      expect: { changed: true },
    },
  ],
};

const cleanupOutputs: Scenario = {
  name: 'task outputs: the clean-up (stop and delete every VM, force-delete every datacenter)',
  examples: [
    {
      key: 'outputs Collect_the_list_of_the_existing_VM',
      module: 'vcenter_vm_info',
      area: 'vm',
      plan: info('/api/vcenter/vm'),
      register: 'existing_vms',
      expect: { count: 'some' },
    },
    {
      key: 'outputs Turn_off_the_VM',
      module: 'vcenter_vm_power',
      area: 'vm',
      plan: act('/api/vcenter/vm/{item.vm}/power', 'stop'),
      loop: 'existing_vms.value',
      tolerate: ['ALREADY_IN_DESIRED_STATE', 'NOT_ALLOWED_IN_CURRENT_STATE'],
    },
    {
      key: 'outputs Delete_some_VM',
      module: 'vcenter_vm',
      area: 'vm',
      plan: del('/api/vcenter/vm/{item.vm}'),
      loop: 'existing_vms.value',
      readBack: { path: '/api/vcenter/vm', matches: [] },
    },
    {
      key: 'outputs collect_a_list_of_the_datacenters',
      module: 'vcenter_datacenter_info',
      area: 'inventory',
      plan: info('/api/vcenter/datacenter'),
      register: 'existing_datacenters',
      expect: { count: 'some' },
    },
    {
      key: 'outputs Force_delete_the_existing_DC',
      module: 'vcenter_datacenter',
      area: 'inventory',
      plan: del('/api/vcenter/datacenter/{item.datacenter}', { force: true }),
      loop: 'existing_datacenters.value',
      readBack: { path: '/api/vcenter/datacenter', matches: [] },
    },
  ],
};

export const SCENARIOS: readonly Scenario[] = [vcenterGuide, applianceGuide, inventoryOutputs, vmOutputs, cleanupOutputs];
