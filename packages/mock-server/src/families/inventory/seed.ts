/** Seed checks of the inventory collections (datacenters, folders, clusters, hosts, datastores, networks, resource pools, storage policies). */
import type {
  VcenterDatastoreType,
  VcenterFolderType,
  VcenterHostConnectionState,
  VcenterHostPowerState,
  VcenterNetworkType,
} from '@vsphere-kit/core/api-types';
import { enumValues, N, OPT, S, type SeedRules } from '../../state/seed-rules.js';

const FOLDER_TYPES = enumValues<VcenterFolderType>({ DATACENTER: true, DATASTORE: true, HOST: true, NETWORK: true, VIRTUAL_MACHINE: true });
const CONNECTION_STATES = enumValues<VcenterHostConnectionState>({ CONNECTED: true, DISCONNECTED: true, NOT_RESPONDING: true });
const HOST_POWER_STATES = enumValues<VcenterHostPowerState>({ POWERED_ON: true, POWERED_OFF: true, STANDBY: true });
const DATASTORE_TYPES = enumValues<VcenterDatastoreType>({ VMFS: true, NFS: true, NFS41: true, CIFS: true, VSAN: true, VFFS: true, VVOL: true });
const NETWORK_TYPES = enumValues<VcenterNetworkType>({ STANDARD_PORTGROUP: true, DISTRIBUTED_PORTGROUP: true, OPAQUE_NETWORK: true });

export const inventorySeedRules: SeedRules = {
  datacenters: {
    id: S(),
    name: S(),
    folder: S({ ref: ['folders'] }),
    vm_folder: S({ ref: ['folders'] }),
    host_folder: S({ ref: ['folders'] }),
    datastore_folder: S({ ref: ['folders'] }),
    network_folder: S({ ref: ['folders'] }),
  },
  folders: {
    id: S(),
    name: S(),
    type: S({ enum: FOLDER_TYPES }),
    parent: OPT('string', { ref: ['folders', 'datacenters'] }),
    datacenter: OPT('string', { ref: ['datacenters'] }),
  },
  clusters: {
    id: S(),
    name: S(),
    datacenter: S({ ref: ['datacenters'] }),
    folder: S({ ref: ['folders'] }),
    ha_enabled: { type: 'boolean', required: true },
    drs_enabled: { type: 'boolean', required: true },
    resource_pool: S({ ref: ['resource_pools'] }),
  },
  hosts: {
    id: S(),
    name: S(),
    datacenter: S({ ref: ['datacenters'] }),
    folder: S({ ref: ['folders'] }),
    cluster: OPT('string', { ref: ['clusters'] }),
    connection_state: S({ enum: CONNECTION_STATES }),
    power_state: S({ enum: HOST_POWER_STATES }),
    resource_pool: OPT('string', { ref: ['resource_pools'] }),
  },
  datastores: {
    id: S(),
    name: S(),
    type: S({ enum: DATASTORE_TYPES }),
    datacenter: S({ ref: ['datacenters'] }),
    folder: S({ ref: ['folders'] }),
    capacity: N(),
    free_space: N(),
    accessible: OPT('boolean'),
    multiple_host_access: OPT('boolean'),
    default_policy: OPT('string', { ref: ['storage_policies'] }),
  },
  storage_policies: {
    id: S(),
    name: S(),
    description: { type: 'string', required: true },
    datastore_types: OPT('array'),
  },
  networks: {
    id: S(),
    name: S(),
    type: S({ enum: NETWORK_TYPES }),
    datacenter: S({ ref: ['datacenters'] }),
    folder: S({ ref: ['folders'] }),
  },
  resource_pools: {
    id: S(),
    name: S(),
    datacenter: S({ ref: ['datacenters'] }),
    parent: OPT('string', { ref: ['resource_pools'] }),
    cluster: OPT('string', { ref: ['clusters'] }),
    host: OPT('string', { ref: ['hosts'] }),
    cpu_allocation: OPT('object'),
    memory_allocation: OPT('object'),
  },
};
