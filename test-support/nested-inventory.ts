/**
 * A partial mock seed (it extends the default inventory) with the nesting a real vCenter has and
 * the default lacks, for the tests of inventory paths:
 *
 *   /Folder1/DC0/vm/web/web-01                       vm-2010 (the default's web-01 is vm-1072)
 *   /Folder1/DC0/host/Cluster1/esx-11.dc0.local      host-2030
 *   /Folder1/DC0/host/Cluster1/Resources/pool-a      resgroup-2022, and pool-a/pool-b resgroup-2023
 *   /Folder1/DC0/host/Cluster1/Resources/prod        resgroup-2024 (the default's prod is resgroup-1057)
 *   /Folder1/DC0/host/edge/esx-edge.dc0.local        host-2031, standalone, with its Resources resgroup-2032
 *   /Folder1/DC0/datastore/san/datastore1            datastore-2040 (the default's datastore1 is datastore-1061)
 *   /Folder1/DC0/network/dvs/VM Network              network-2050 (the default's is network-1070)
 *
 * `vm` is a VM of the default seed (`defaultSeed().vms[0]`) to copy the devices from.
 */
export function nestedInventory(vm: Record<string, unknown>) {
  const dc = 'datacenter-2002';
  const place = {
    datacenter: dc,
    folder: 'group-v2007',
    host: 'host-2030',
    cluster: 'domain-c2020',
    resource_pool: 'resgroup-2022',
    datastore: 'datastore-2040',
  };
  return {
    folders: [
      { id: 'group-d2001', name: 'Folder1', type: 'DATACENTER', parent: 'group-d1' },
      { id: 'group-v2003', name: 'vm', type: 'VIRTUAL_MACHINE', parent: dc, datacenter: dc },
      { id: 'group-h2004', name: 'host', type: 'HOST', parent: dc, datacenter: dc },
      { id: 'group-s2005', name: 'datastore', type: 'DATASTORE', parent: dc, datacenter: dc },
      { id: 'group-n2006', name: 'network', type: 'NETWORK', parent: dc, datacenter: dc },
      { id: 'group-v2007', name: 'web', type: 'VIRTUAL_MACHINE', parent: 'group-v2003', datacenter: dc },
      { id: 'group-h2008', name: 'edge', type: 'HOST', parent: 'group-h2004', datacenter: dc },
      { id: 'group-s2009', name: 'san', type: 'DATASTORE', parent: 'group-s2005', datacenter: dc },
      { id: 'group-n2011', name: 'dvs', type: 'NETWORK', parent: 'group-n2006', datacenter: dc },
    ],
    datacenters: [
      {
        id: dc,
        name: 'DC0',
        folder: 'group-d2001',
        vm_folder: 'group-v2003',
        host_folder: 'group-h2004',
        datastore_folder: 'group-s2005',
        network_folder: 'group-n2006',
      },
    ],
    clusters: [
      { id: 'domain-c2020', name: 'Cluster1', datacenter: dc, folder: 'group-h2004', ha_enabled: true, drs_enabled: true, resource_pool: 'resgroup-2021' },
    ],
    hosts: [
      {
        id: 'host-2030',
        name: 'esx-11.dc0.local',
        datacenter: dc,
        folder: 'group-h2004',
        cluster: 'domain-c2020',
        connection_state: 'CONNECTED',
        power_state: 'POWERED_ON',
      },
      {
        id: 'host-2031',
        name: 'esx-edge.dc0.local',
        datacenter: dc,
        folder: 'group-h2008',
        connection_state: 'CONNECTED',
        power_state: 'POWERED_ON',
        resource_pool: 'resgroup-2032',
      },
    ],
    resource_pools: [
      { id: 'resgroup-2021', name: 'Resources', datacenter: dc, cluster: 'domain-c2020' },
      { id: 'resgroup-2022', name: 'pool-a', datacenter: dc, parent: 'resgroup-2021', cluster: 'domain-c2020' },
      { id: 'resgroup-2023', name: 'pool-b', datacenter: dc, parent: 'resgroup-2022', cluster: 'domain-c2020' },
      { id: 'resgroup-2024', name: 'prod', datacenter: dc, parent: 'resgroup-2021', cluster: 'domain-c2020' },
      { id: 'resgroup-2032', name: 'Resources', datacenter: dc, host: 'host-2031' },
    ],
    datastores: [
      { id: 'datastore-2040', name: 'datastore1', type: 'VMFS', datacenter: dc, folder: 'group-s2009', capacity: 536602476544, free_space: 412316860416 },
    ],
    networks: [{ id: 'network-2050', name: 'VM Network', type: 'STANDARD_PORTGROUP', datacenter: dc, folder: 'group-n2011' }],
    // The copy's UUIDs are left for the mock to make.
    vms: [{ ...vm, bios_uuid: undefined, instance_uuid: undefined, id: 'vm-2010', name: 'web-01', ...place }],
  };
}
