/** The default inventory: one datacenter with a cluster and a standalone host, in the style of a lab vCenter. */
import type { EsxSettingsHostCompliance } from '@vsphere-kit/core/api-types';
import type { StateData, Vm } from './types.js';

const CREATED = '2026-01-05T08:00:00.000Z';

/** Datastore names of the default inventory, for the paths of disk files. */
const DATASTORE_NAMES: Record<string, string> = { 'datastore-1061': 'datastore1', 'datastore-1066': 'nfs-isos', 'datastore-1067': 'vsanDatastore' };
const GiB = 1024 ** 3;
const ENCRYPTION_POLICY = '4d5f673c-536f-11e6-beb8-9e71128cae77';
const VSAN_DEFAULT_POLICY = 'aa6d5a82-1c88-45da-85d3-3d74b91a5bad';
/** The NIC driver component cluster-a's image adds to its base image. */
const I40EN = '2.5.0.12-1OEM.800.1.0.20613240';

const NO_NOTIFICATIONS = { info: [], warnings: [], errors: [] };
const BASE_IMAGE = '8.0.2-0.0.22380479';

/** A host's last compliance scan against commit 1 of an image of the default base image plus `components` (none installed). */
function lastScan(components: Record<string, string>): EsxSettingsHostCompliance {
  const missing = Object.entries(components);
  return {
    impact: missing.length ? 'MAINTENANCE_MODE_REQUIRED' : 'NO_IMPACT',
    status: missing.length ? 'NON_COMPLIANT' : 'COMPLIANT',
    notifications: NO_NOTIFICATIONS,
    scan_time: CREATED,
    commit: '1',
    base_image: { status: 'COMPLIANT', current: { version: BASE_IMAGE }, target: { version: BASE_IMAGE }, notifications: NO_NOTIFICATIONS },
    add_on: { status: 'COMPLIANT', notifications: NO_NOTIFICATIONS },
    components: Object.fromEntries(
      missing.map(([name, version]) => [
        name,
        {
          status: 'NON_COMPLIANT' as const,
          target: { version, details: { display_name: name, vendor: name.split('-')[0]!, display_version: version.split('-')[0]! } },
          notifications: NO_NOTIFICATIONS,
        },
      ]),
    ),
    solutions: {},
  };
}

/** Extra devices of a seeded VM, on top of its first disk, NIC, CD-ROM drive and SCSI controller. */
type ExtraDevices = Partial<
  Pick<Vm, 'disks' | 'nics' | 'cdroms' | 'floppies' | 'serial_ports' | 'parallel_ports' | 'sata_adapters' | 'scsi_adapters' | 'nvme_adapters'>
>;

function vm(
  id: string,
  name: string,
  power: Vm['power_state'],
  guest: Vm['guest_OS'],
  cpu: number,
  mem: number,
  place: Pick<Vm, 'folder' | 'resource_pool' | 'host' | 'cluster' | 'datastore'>,
  n: number,
  extra: ExtraDevices = {},
): Vm {
  const hex = n.toString(16).padStart(12, '0');
  const windows = guest.startsWith('WIN');
  const ds = DATASTORE_NAMES[place.datastore]!;
  // The devices the vSphere Client gives a new machine of the guest: one thin disk on SCSI 0:0,
  // one NIC on the VM Network, a CD-ROM drive (IDE, or SATA for Windows) and the SCSI controller.
  return {
    id,
    name,
    guest_OS: guest,
    power_state: power,
    ...(power === 'POWERED_OFF' ? { clean_power_off: true } : {}),
    cpu_count: cpu,
    cores_per_socket: 1,
    memory_size_MiB: mem,
    hardware_version: 'VMX_19',
    datacenter: 'datacenter-1001',
    ...place,
    bios_uuid: `4209a9c4-7d4c-4b0f-a4a8-${hex}`,
    instance_uuid: `5009b1d2-31e1-4e57-8f0b-${hex}`,
    boot_type: 'BIOS',
    disks: {
      '2000': { label: 'Hard disk 1', type: 'SCSI', scsi: { bus: 0, unit: 0 }, vmdk_file: `[${ds}] ${name}/${name}.vmdk`, capacity: (windows ? 90 : 16) * GiB },
      ...extra.disks,
    },
    nics: {
      '4000': {
        label: 'Network adapter 1',
        network: 'network-1070',
        type: windows ? 'E1000E' : 'VMXNET3',
        ...(windows ? {} : { upt_compatibility_enabled: false }),
        mac_type: 'ASSIGNED',
        mac_address: `00:50:56:b1:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`,
        pci_slot_number: 192,
        wake_on_lan_enabled: true,
        start_connected: true,
        allow_guest_control: true,
      },
      ...extra.nics,
    },
    cdroms: {
      [windows ? '16000' : '3000']: {
        label: 'CD/DVD drive 1',
        ...(windows ? { type: 'SATA', sata: { bus: 0, unit: 0 } } : { type: 'IDE', ide: { primary: true, master: true } }),
        backing: { type: 'CLIENT_DEVICE', device_access_type: 'PASSTHRU' },
        start_connected: false,
        allow_guest_control: true,
      },
      ...extra.cdroms,
    },
    floppies: { ...extra.floppies },
    parallel_ports: { ...extra.parallel_ports },
    serial_ports: { ...extra.serial_ports },
    sata_adapters: { ...(windows ? { '15000': { label: 'SATA controller 0', type: 'AHCI', bus: 0, pci_slot_number: 32 } } : {}), ...extra.sata_adapters },
    scsi_adapters: {
      '1000': { label: 'SCSI controller 0', type: windows ? 'LSILOGICSAS' : 'PVSCSI', bus: 0, pci_slot_number: 160, sharing: 'NONE' },
      ...extra.scsi_adapters,
    },
    nvme_adapters: { ...extra.nvme_adapters },
  };
}

const inCluster = (host: string, folder = 'group-v1003') => ({
  folder,
  resource_pool: 'resgroup-1056',
  host,
  cluster: 'domain-c1055',
  datastore: 'datastore-1061',
});

export function defaultSeed(): StateData {
  return {
    version: 1,
    next: 2000,
    datacenters: [
      {
        id: 'datacenter-1001',
        name: 'Datacenter',
        folder: 'group-d1',
        vm_folder: 'group-v1003',
        host_folder: 'group-h1004',
        datastore_folder: 'group-s1005',
        network_folder: 'group-n1006',
      },
      // Empty, made for a disaster-recovery site (the spec examples of a datacenter name it).
      {
        id: 'datacenter-1090',
        name: 'dr-site',
        folder: 'group-d1',
        vm_folder: 'group-v1091',
        host_folder: 'group-h1092',
        datastore_folder: 'group-s1093',
        network_folder: 'group-n1094',
      },
    ],
    folders: [
      { id: 'group-d1', name: 'Datacenters', type: 'DATACENTER' },
      { id: 'group-v1003', name: 'vm', type: 'VIRTUAL_MACHINE', parent: 'datacenter-1001', datacenter: 'datacenter-1001' },
      { id: 'group-h1004', name: 'host', type: 'HOST', parent: 'datacenter-1001', datacenter: 'datacenter-1001' },
      { id: 'group-s1005', name: 'datastore', type: 'DATASTORE', parent: 'datacenter-1001', datacenter: 'datacenter-1001' },
      { id: 'group-n1006', name: 'network', type: 'NETWORK', parent: 'datacenter-1001', datacenter: 'datacenter-1001' },
      { id: 'group-v1091', name: 'vm', type: 'VIRTUAL_MACHINE', parent: 'datacenter-1090', datacenter: 'datacenter-1090' },
      { id: 'group-h1092', name: 'host', type: 'HOST', parent: 'datacenter-1090', datacenter: 'datacenter-1090' },
      { id: 'group-s1093', name: 'datastore', type: 'DATASTORE', parent: 'datacenter-1090', datacenter: 'datacenter-1090' },
      { id: 'group-n1094', name: 'network', type: 'NETWORK', parent: 'datacenter-1090', datacenter: 'datacenter-1090' },
      { id: 'group-v1007', name: 'web', type: 'VIRTUAL_MACHINE', parent: 'group-v1003', datacenter: 'datacenter-1001' },
      { id: 'group-v1008', name: 'templates', type: 'VIRTUAL_MACHINE', parent: 'group-v1003', datacenter: 'datacenter-1001' },
    ],
    clusters: [
      {
        id: 'domain-c1055',
        name: 'cluster-a',
        datacenter: 'datacenter-1001',
        folder: 'group-h1004',
        ha_enabled: true,
        drs_enabled: true,
        resource_pool: 'resgroup-1056',
      },
      // Two empty clusters for Workload Management: cluster-b has no Supervisor (the enable example),
      // cluster-c one without namespaces (the disable example).
      {
        id: 'domain-c1101',
        name: 'cluster-b',
        datacenter: 'datacenter-1001',
        folder: 'group-h1004',
        ha_enabled: false,
        drs_enabled: true,
        resource_pool: 'resgroup-1103',
      },
      {
        id: 'domain-c1102',
        name: 'cluster-c',
        datacenter: 'datacenter-1001',
        folder: 'group-h1004',
        ha_enabled: false,
        drs_enabled: true,
        resource_pool: 'resgroup-1104',
      },
    ],
    hosts: [
      {
        id: 'host-1062',
        name: 'esx-01.lab.local',
        datacenter: 'datacenter-1001',
        folder: 'group-h1004',
        cluster: 'domain-c1055',
        connection_state: 'CONNECTED',
        power_state: 'POWERED_ON',
      },
      {
        id: 'host-1063',
        name: 'esx-02.lab.local',
        datacenter: 'datacenter-1001',
        folder: 'group-h1004',
        cluster: 'domain-c1055',
        connection_state: 'CONNECTED',
        power_state: 'POWERED_ON',
      },
      // Disconnected (the spec's example of a reconnect names it).
      {
        id: 'host-1068',
        name: 'esx-04.lab.local',
        datacenter: 'datacenter-1001',
        folder: 'group-h1004',
        cluster: 'domain-c1055',
        connection_state: 'DISCONNECTED',
        power_state: 'POWERED_ON',
      },
      {
        id: 'host-1064',
        name: 'esx-03.lab.local',
        datacenter: 'datacenter-1001',
        folder: 'group-h1004',
        connection_state: 'CONNECTED',
        power_state: 'POWERED_ON',
        resource_pool: 'resgroup-1065',
      },
    ],
    datastores: [
      {
        id: 'datastore-1061',
        name: 'datastore1',
        type: 'VMFS',
        datacenter: 'datacenter-1001',
        folder: 'group-s1005',
        capacity: 536602476544,
        free_space: 412316860416,
      },
      {
        id: 'datastore-1066',
        name: 'nfs-isos',
        type: 'NFS',
        datacenter: 'datacenter-1001',
        folder: 'group-s1005',
        capacity: 1099511627776,
        free_space: 824633720832,
      },
      {
        id: 'datastore-1067',
        name: 'vsanDatastore',
        type: 'VSAN',
        datacenter: 'datacenter-1001',
        folder: 'group-s1005',
        capacity: 4398046511104,
        free_space: 3298534883328,
        default_policy: VSAN_DEFAULT_POLICY,
      },
    ],
    // The policies every vCenter ships with (their well-known identifiers).
    storage_policies: [
      {
        id: ENCRYPTION_POLICY,
        name: 'VM Encryption Policy',
        description: 'Encrypts VM files and virtual disks through the host-based encryption filter',
      },
      {
        id: VSAN_DEFAULT_POLICY,
        name: 'vSAN Default Storage Policy',
        description: 'Default policy of vSAN datastores: one failure tolerated by mirroring',
        datastore_types: ['VSAN'],
      },
      {
        id: 'f4e5bade-15a2-4805-bf8e-52318c4ce443',
        name: 'VVol No Requirements Policy',
        description: 'Leaves the placement of storage objects to the vVols datastore',
        datastore_types: ['VVOL'],
      },
      {
        id: 'c268da1b-b343-49f7-a468-b1deeb7078e0',
        name: 'Host-local PMem Default Storage Policy',
        description: 'Default policy of host-local persistent memory datastores',
        datastore_types: [],
      },
    ],
    networks: [
      { id: 'network-1070', name: 'VM Network', type: 'STANDARD_PORTGROUP', datacenter: 'datacenter-1001', folder: 'group-n1006' },
      { id: 'dvportgroup-1071', name: 'dvpg-prod', type: 'DISTRIBUTED_PORTGROUP', datacenter: 'datacenter-1001', folder: 'group-n1006' },
      { id: 'network-1077', name: 'nsx-segment-web', type: 'OPAQUE_NETWORK', datacenter: 'datacenter-1001', folder: 'group-n1006' },
    ],
    resource_pools: [
      { id: 'resgroup-1056', name: 'Resources', datacenter: 'datacenter-1001', cluster: 'domain-c1055' },
      { id: 'resgroup-1057', name: 'prod', datacenter: 'datacenter-1001', parent: 'resgroup-1056', cluster: 'domain-c1055' },
      { id: 'resgroup-1065', name: 'Resources', datacenter: 'datacenter-1001', host: 'host-1064' },
      { id: 'resgroup-1103', name: 'Resources', datacenter: 'datacenter-1001', cluster: 'domain-c1101' },
      { id: 'resgroup-1104', name: 'Resources', datacenter: 'datacenter-1001', cluster: 'domain-c1102' },
    ],
    vms: [
      // The VM the spec examples name: running, with CPU and memory hot add on, and a serial and a
      // parallel port that log to files.
      {
        ...vm('vm-1072', 'web-01', 'POWERED_ON', 'RHEL_8_64', 2, 4096, inCluster('host-1062', 'group-v1007'), 1072, {
          serial_ports: {
            '9000': {
              label: 'Serial port 1',
              yield_on_poll: false,
              backing: { type: 'FILE', file: '[datastore1] web-01/serial0.log' },
              start_connected: true,
              allow_guest_control: false,
            },
          },
          parallel_ports: {
            '10000': {
              label: 'Parallel port 1',
              backing: { type: 'FILE', file: '[datastore1] web-01/parallel0.out' },
              start_connected: false,
              allow_guest_control: false,
            },
          },
        }),
        cpu_hot_add_enabled: true,
        memory_hot_add_enabled: true,
      },
      // Running, with devices in both connection states: an installer ISO mounted, a standby NIC,
      // floppy drives and ports (the examples of connect and disconnect name them).
      vm('vm-1073', 'web-02', 'POWERED_ON', 'RHEL_8_64', 2, 4096, inCluster('host-1063', 'group-v1007'), 1073, {
        nics: {
          '4001': {
            label: 'Network adapter 2',
            network: 'dvportgroup-1071',
            type: 'VMXNET3',
            upt_compatibility_enabled: false,
            mac_type: 'ASSIGNED',
            mac_address: '00:50:56:b1:04:36',
            pci_slot_number: 224,
            wake_on_lan_enabled: false,
            distributed_port: '13',
            start_connected: false,
            allow_guest_control: true,
          },
        },
        cdroms: {
          '3000': {
            label: 'CD/DVD drive 1',
            type: 'IDE',
            ide: { primary: true, master: true },
            backing: { type: 'ISO_FILE', iso_file: '[nfs-isos] iso/rhel-8.10.iso' },
            start_connected: true,
            allow_guest_control: true,
          },
        },
        floppies: {
          '8000': { label: 'Floppy drive 1', backing: { type: 'HOST_DEVICE', auto_detect: true }, start_connected: false },
          '8001': { label: 'Floppy drive 2', backing: { type: 'IMAGE_FILE', image_file: '[datastore1] web-02/drivers.flp' }, start_connected: true },
        },
        serial_ports: { '9000': { label: 'Serial port 1', backing: { type: 'FILE', file: '[datastore1] web-02/serial0.log' }, start_connected: false } },
        parallel_ports: { '10000': { label: 'Parallel port 1', backing: { type: 'FILE', file: '[datastore1] web-02/parallel0.out' }, start_connected: true } },
      }),
      // Powered off, so the examples of the changes vCenter allows only then name it: a data disk,
      // spare controllers with nothing on them, a floppy drive and ports.
      vm('vm-1074', 'db-01', 'POWERED_OFF', 'RHEL_9_64', 4, 16384, { ...inCluster('host-1062'), resource_pool: 'resgroup-1057' }, 1074, {
        disks: { '2001': { label: 'Hard disk 2', type: 'SCSI', scsi: { bus: 0, unit: 1 }, vmdk_file: '[datastore1] db-01/db-01_1.vmdk', capacity: 100 * GiB } },
        floppies: { '8000': { label: 'Floppy drive 1', backing: { type: 'IMAGE_FILE', image_file: '[datastore1] db-01/drivers.flp' } } },
        serial_ports: { '9000': { label: 'Serial port 1', backing: { type: 'FILE', file: '[datastore1] db-01/serial0.log' } } },
        parallel_ports: { '10000': { label: 'Parallel port 1', backing: { type: 'FILE', file: '[datastore1] db-01/parallel0.out' } } },
        sata_adapters: { '15000': { label: 'SATA controller 0', type: 'AHCI', bus: 0, pci_slot_number: 33 } },
        scsi_adapters: { '1001': { label: 'SCSI controller 1', type: 'PVSCSI', bus: 1, pci_slot_number: 224, sharing: 'NONE' } },
        nvme_adapters: { '31000': { label: 'NVME controller 0', bus: 0, pci_slot_number: 256 } },
      }),
      vm('vm-1075', 'win-build', 'SUSPENDED', 'WINDOWS_9_SERVER_64', 4, 8192, inCluster('host-1063'), 1075),
      vm(
        'vm-1076',
        'edge-gw',
        'POWERED_OFF',
        'UBUNTU_64',
        1,
        2048,
        { folder: 'group-v1003', resource_pool: 'resgroup-1065', host: 'host-1064', datastore: 'datastore-1066' },
        1076,
        {
          nics: {
            '4001': {
              label: 'Network adapter 2',
              network: 'dvportgroup-1071',
              type: 'VMXNET3',
              upt_compatibility_enabled: false,
              mac_type: 'ASSIGNED',
              mac_address: '00:50:56:b1:04:35',
              pci_slot_number: 224,
              wake_on_lan_enabled: false,
              distributed_port: '12',
              start_connected: true,
              allow_guest_control: true,
            },
          },
          // The appliance's console, reachable over telnet.
          serial_ports: {
            '9000': {
              label: 'Serial port 1',
              yield_on_poll: true,
              backing: { type: 'NETWORK_SERVER', network_location: 'telnet://:9001' },
              start_connected: true,
              allow_guest_control: false,
            },
          },
        },
      ),
    ],
    templates: [
      vm('vm-1080', 'tmpl-rhel9', 'POWERED_OFF', 'RHEL_9_64', 2, 4096, inCluster('host-1062', 'group-v1008'), 1080),
      vm('vm-1081', 'tmpl-win2022', 'POWERED_OFF', 'WINDOWS_9_SERVER_64', 2, 8192, inCluster('host-1063', 'group-v1008'), 1081),
      // The template of version 1 of the win2022-golden item (vm-1081 is its version 2).
      vm('vm-1079', 'tmpl-win2022-v1', 'POWERED_OFF', 'WINDOWS_9_SERVER_64', 2, 8192, inCluster('host-1063', 'group-v1008'), 1079),
    ],
    libraries: [
      {
        id: '6f2a1c54-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
        name: 'lab-library',
        type: 'LOCAL',
        description: 'Templates and ISOs',
        datastore: 'datastore-1061',
        creation_time: CREATED,
      },
      // The library the spec examples name.
      { id: '5c4b6a1e-7d3f-4f3c-9a51-2f8e0d6b1c77', name: 'example-templates', type: 'LOCAL', datastore: 'datastore-1061', creation_time: CREATED },
      // Subscribed to VMware's Kubernetes releases, downloading content only when it is used.
      {
        id: '9e2f4d0b-1a6c-4b8e-8f3d-6c7a2b1e0f45',
        name: 'vmware-tkr',
        type: 'SUBSCRIBED',
        datastore: 'datastore-1067',
        creation_time: CREATED,
        spec: {
          subscription_info: {
            subscription_url: 'https://wp-content.vmware.com/v2/latest/lib.json',
            authentication_method: 'NONE',
            automatic_sync_enabled: false,
            on_demand: true,
          },
        },
      },
    ],
    library_items: [
      {
        id: '9b1e4d7c-2f3a-4b5c-9d6e-7f8a9b0c1d2e',
        library: '6f2a1c54-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
        name: 'rhel9-ovf',
        type: 'ovf',
        size: 2147483648,
        creation_time: CREATED,
      },
      {
        id: 'a3c5e7f9-1b2d-4e6f-8a0b-2c4d6e8f0a1b',
        library: '6f2a1c54-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
        name: 'ubuntu-24.04.iso',
        type: 'iso',
        size: 2791728742,
        creation_time: CREATED,
      },
      // The item the spec examples name.
      {
        id: '3f1e5d7c-9b2a-4c6e-8d0f-1a3b5c7d9e2f',
        library: '5c4b6a1e-7d3f-4f3c-9a51-2f8e0d6b1c77',
        name: 'ubuntu-22.04-ovf',
        type: 'ovf',
        size: 1073760166,
        creation_time: CREATED,
        files: [
          { name: 'ubuntu-22.04.ovf', size: 19666, version: '1' },
          { name: 'ubuntu-22.04-disk1.vmdk', size: 1073740500, version: '1' },
        ],
      },
      // The VM template the spec examples name: tmpl-rhel9 in a library.
      {
        id: '8e5a1c2d-7b44-4f0e-9d3a-52c6f1e0b7a4',
        library: '5c4b6a1e-7d3f-4f3c-9a51-2f8e0d6b1c77',
        name: 'rhel9-golden',
        type: 'vm-template',
        size: 16 * GiB,
        creation_time: CREATED,
        vm_template: 'vm-1080',
      },
      // A template item with an earlier version (the spec examples of versions name it).
      {
        id: 'd2c6a0f4-5b1e-4c3a-9f7d-8e2b1a6c4d90',
        library: '5c4b6a1e-7d3f-4f3c-9a51-2f8e0d6b1c77',
        name: 'win2022-golden',
        type: 'vm-template',
        size: 90 * GiB,
        creation_time: CREATED,
        content_version: '2',
        vm_template: 'vm-1081',
      },
    ],
    generic: {
      // A machine unregistered earlier: its files stay on datastore1, so it can be registered again.
      'unregistered-vms': {
        '[datastore1] web-03/web-03.vmx': vm('vm-1078', 'web-03', 'POWERED_OFF', 'RHEL_8_64', 2, 4096, inCluster('host-1062', 'group-v1007'), 1078),
      },
      // The primary workload network of cluster-a's Supervisor (on dvpg-prod), which demo-ns uses.
      '/api/vcenter/namespace-management/clusters/{cluster}/networks#domain-c1055': {
        primary: {
          id: 'primary',
          spec: {
            network: 'primary',
            network_provider: 'VSPHERE_NETWORK',
            vsphere_network: {
              portgroup: 'dvportgroup-1071',
              ip_assignment_mode: 'STATICRANGE',
              address_ranges: [{ address: '192.168.120.100', count: 100 }],
              gateway: '192.168.120.1',
              subnet_mask: '255.255.255.0',
            },
          },
        },
      },
      // The version of supervisor-service-1 the Supervisor Service version examples name, uploaded earlier as a custom service.
      '/api/vcenter/namespace-management/supervisor-services/{supervisor_service}/versions#supervisor-service-1': {
        '8.0.2.00300': {
          id: '8.0.2.00300',
          spec: {
            display_name: 'Backup operator 8.0.2',
            description: 'Backs up the workloads of the Supervisor.',
            content: 'example-content',
            trusted_provider: false,
          },
        },
      },
    },
    tasks: [],
    rules: {
      tag_categories: {
        'urn:vmomi:InventoryServiceCategory:ce8902ef-b5e0-4aab-8ffa-ec67b15eb336:GLOBAL': {
          id: 'urn:vmomi:InventoryServiceCategory:ce8902ef-b5e0-4aab-8ffa-ec67b15eb336:GLOBAL',
          name: 'environment',
          description: 'Where a workload runs',
          cardinality: 'SINGLE',
          associable_types: [],
        },
      },
      tags: {
        'urn:vmomi:InventoryServiceTag:a8d0d278-edd1-4a79-86ac-fa9384595062:GLOBAL': {
          id: 'urn:vmomi:InventoryServiceTag:a8d0d278-edd1-4a79-86ac-fa9384595062:GLOBAL',
          name: 'production',
          description: 'Production workloads',
          category_id: 'urn:vmomi:InventoryServiceCategory:ce8902ef-b5e0-4aab-8ffa-ec67b15eb336:GLOBAL',
        },
      },
      tag_associations: {},
      // An upload into the ubuntu-22.04-ovf item that is still open: the update-session examples name it.
      update_sessions: {
        '7b9d1f3a-5c7e-4a9b-b1d3-f5a7c9e1b3d5': {
          id: '7b9d1f3a-5c7e-4a9b-b1d3-f5a7c9e1b3d5',
          library_item_id: '3f1e5d7c-9b2a-4c6e-8d0f-1a3b5c7d9e2f',
          library_item_content_version: '1',
          state: 'ACTIVE',
          files: [],
          expiration_time: '2026-01-05T08:05:00.000Z',
        },
      },
      // db-01 is checked out of rhel9-golden for an update; win2022-golden has an earlier version.
      template_history: {
        '8e5a1c2d-7b44-4f0e-9d3a-52c6f1e0b7a4': { versions: [], check_outs: { 'vm-1074': { time: CREATED, user: 'VSPHERE.LOCAL\\administrator' } } },
        'd2c6a0f4-5b1e-4c3a-9f7d-8e2b1a6c4d90': { versions: [{ version: '1', vm_template: 'vm-1079' }], check_outs: {} },
      },
      // web-01 is encrypted, home and disk; db-01's data disk asks for vVols on a VMFS datastore.
      vm_storage_policies: {
        'vm-1072': {
          vm_home: { policy: ENCRYPTION_POLICY, status: 'COMPLIANT', check_time: CREATED, datastore: 'datastore-1061' },
          disks: { '2000': { policy: ENCRYPTION_POLICY, status: 'COMPLIANT', check_time: CREATED, datastore: 'datastore-1061' } },
        },
        'vm-1074': {
          disks: { '2001': { policy: 'f4e5bade-15a2-4805-bf8e-52318c4ce443', status: 'NOT_APPLICABLE', check_time: CREATED, datastore: 'datastore-1061' } },
        },
      },
      software: {
        'clusters/domain-c1055': { commit: 1, spec: { base_image: { version: BASE_IMAGE }, components: { 'Intel-i40en': I40EN } } },
      },
      trust_authority: { 'domain-c1055': 'ENABLE' },
      // cluster-a runs a Supervisor on vSphere networking with one namespace, the ones the Workload Management examples name.
      supervisors: {
        'domain-c1055': {
          cluster: 'domain-c1055',
          spec: { size_hint: 'SMALL', service_cidr: { address: '10.96.0.0', prefix: 23 }, network_provider: 'VSPHERE_NETWORK' },
        },
        'domain-c1102': {
          cluster: 'domain-c1102',
          spec: { size_hint: 'TINY', service_cidr: { address: '10.98.0.0', prefix: 23 }, network_provider: 'VSPHERE_NETWORK' },
        },
      },
      namespaces: {
        'demo-ns': {
          namespace: 'demo-ns',
          cluster: 'domain-c1055',
          spec: {
            description: 'Team A development namespace.',
            networks: ['primary'],
            access_list: [{ domain: 'vsphere.local', subject_type: 'USER', subject: 'devops1', role: 'EDIT' }],
            storage_specs: [{ policy: VSAN_DEFAULT_POLICY, limit: 102400 }],
            vm_service_spec: { content_libraries: ['6f2a1c54-1a2b-4c3d-8e9f-0a1b2c3d4e5f'], vm_classes: ['best-effort-large'] },
          },
        },
      },
      // The last compliance scans, taken when the images above were committed: cluster-a's hosts lack its NIC driver component, esx-03 matches its image.
      software_compliance: {
        'clusters/domain-c1055': {
          impact: 'MAINTENANCE_MODE_REQUIRED',
          status: 'NON_COMPLIANT',
          notifications: NO_NOTIFICATIONS,
          scan_time: CREATED,
          commit: '1',
          compliant_hosts: [],
          non_compliant_hosts: ['host-1062', 'host-1063', 'host-1068'],
          incompatible_hosts: [],
          unavailable_hosts: [],
          hosts: {
            'host-1062': lastScan({ 'Intel-i40en': I40EN }),
            'host-1063': lastScan({ 'Intel-i40en': I40EN }),
            'host-1068': lastScan({ 'Intel-i40en': I40EN }),
          },
          host_info: { 'host-1062': { name: 'esx-01.lab.local' }, 'host-1063': { name: 'esx-02.lab.local' }, 'host-1068': { name: 'esx-04.lab.local' } },
        },
        'hosts/host-1064': lastScan({}),
      },
      // The Key Provider the spec examples of cluster-a's trust authority name.
      kms_providers: {
        'domain-c1055/kmip-provider-1': {
          cluster: 'domain-c1055',
          provider: 'kmip-provider-1',
          master_key_id: 'tpm-master-key-01',
          key_server: {
            type: 'KMIP',
            connection_timeout: 30,
            kmip_server: { servers: [{ name: 'kms-01', address: { hostname: 'kms-01.example.com', port: 5696 } }], username: 'vsphere' },
          },
        },
      },
      // web-02 runs Tools installed from the tarball, a release behind the host's: the VM the spec's Tools upgrade example names.
      guests: { 'vm-1073': { tools: { install_type: 'TAR', version_number: 11365 } } },
      // The drafts the spec examples name, of the cluster and of the standalone host (owned by no login user, so their own drafts are allowed).
      drafts: {
        '4': {
          id: '4',
          entity: 'clusters/domain-c1055',
          user: '',
          base_commit: 1,
          spec: { base_image: { version: BASE_IMAGE }, components: { 'Intel-i40en': I40EN } },
        },
        '5': {
          id: '5',
          entity: 'hosts/host-1064',
          user: '',
          base_commit: 1,
          spec: { base_image: { version: BASE_IMAGE }, components: { 'Intel-i40en': I40EN } },
        },
      },
    },
  };
}
