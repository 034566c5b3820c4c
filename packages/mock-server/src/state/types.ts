/** The mock's inventory data: plain JSON-serializable records, keyed by vCenter identifier. */

export type FolderType = 'DATACENTER' | 'DATASTORE' | 'HOST' | 'NETWORK' | 'VIRTUAL_MACHINE';
export type VmPowerState = 'POWERED_OFF' | 'POWERED_ON' | 'SUSPENDED';

export interface Datacenter {
  id: string;
  name: string;
  /** Parent folder (a DATACENTER folder). */
  folder: string;
  vm_folder: string;
  host_folder: string;
  datastore_folder: string;
  network_folder: string;
}

export interface Folder {
  id: string;
  name: string;
  type: FolderType;
  parent?: string;
  datacenter?: string;
}

export interface Cluster {
  id: string;
  name: string;
  datacenter: string;
  folder: string;
  ha_enabled: boolean;
  drs_enabled: boolean;
  resource_pool: string;
}

export interface Host {
  id: string;
  name: string;
  datacenter: string;
  folder: string;
  cluster?: string;
  connection_state: 'CONNECTED' | 'DISCONNECTED' | 'NOT_RESPONDING';
  power_state: 'POWERED_ON' | 'POWERED_OFF' | 'STANDBY';
  /** Root resource pool of a standalone host. */
  resource_pool?: string;
}

export interface Datastore {
  id: string;
  name: string;
  type: 'VMFS' | 'NFS' | 'NFS41' | 'CIFS' | 'VSAN' | 'VFFS' | 'VVOL';
  datacenter: string;
  folder: string;
  capacity: number;
  free_space: number;
}

export interface Network {
  id: string;
  name: string;
  type: 'STANDARD_PORTGROUP' | 'DISTRIBUTED_PORTGROUP' | 'OPAQUE_NETWORK';
  datacenter: string;
  folder: string;
}

export interface ResourcePool {
  id: string;
  name: string;
  datacenter: string;
  parent?: string;
  cluster?: string;
  host?: string;
}

export interface Vm {
  id: string;
  name: string;
  guest_OS: string;
  power_state: VmPowerState;
  clean_power_off?: boolean;
  cpu_count: number;
  cores_per_socket: number;
  memory_size_MiB: number;
  hardware_version: string;
  datacenter: string;
  folder: string;
  resource_pool: string;
  host?: string;
  cluster?: string;
  datastore: string;
  bios_uuid: string;
  instance_uuid: string;
  boot_type?: 'BIOS' | 'EFI';
  disks?: Record<string, { label: string; capacity?: number }>;
  nics?: Record<string, { label: string; network?: string }>;
}

export interface Library {
  id: string;
  name: string;
  type: 'LOCAL' | 'SUBSCRIBED';
  description?: string;
  datastore?: string;
  creation_time: string;
}

export interface LibraryItem {
  id: string;
  library: string;
  name: string;
  type: string;
  description?: string;
  size: number;
  creation_time: string;
}

export interface TaskRecord {
  id: string;
  route: string;
  service: string;
  operation: string;
  user: string;
  created: number;
  durationMs: number;
  fail?: boolean;
  /** The call to run when the task completes. */
  call: { params: Record<string, string>; query: Record<string, unknown>; body: unknown };
  settled?: { status: 'SUCCEEDED' | 'FAILED'; result?: unknown; error?: unknown; end: number };
  target?: { type: string; id: string };
  /** Parked in BLOCKED (after its PENDING tenth) until released. */
  blocked?: boolean;
  /** Time spent BLOCKED before the release; the clock of the task is shifted by it. */
  heldMs?: number;
}

/** The serialized form of the whole state (persistence and seeds share it). */
export interface StateData {
  version: 1;
  next: number;
  datacenters: Datacenter[];
  folders: Folder[];
  clusters: Cluster[];
  hosts: Host[];
  datastores: Datastore[];
  networks: Network[];
  resource_pools: ResourcePool[];
  vms: Vm[];
  templates: Vm[];
  libraries: Library[];
  library_items: LibraryItem[];
  /** Generic resource families: family key → id → stored object. */
  generic: Record<string, Record<string, unknown>>;
  tasks: TaskRecord[];
}
