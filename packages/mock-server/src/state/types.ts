/**
 * The mock's inventory data: plain JSON-serializable records, keyed by vCenter identifier.
 * The records are the mock's own (they hold what several answers are built from), but every
 * value the API also carries has the type generated from the specs (src/generated/), so a
 * misspelt enum value or a drift from the specs fails to compile.
 */
import type {
  CisTaggingCategoryModelCardinality,
  EsxSettingsClusterCompliance,
  EsxSettingsHostCompliance,
  ContentLibraryItemFileChecksumAlgorithm,
  ContentLibraryItemUpdateSessionModelState,
  ContentLibraryItemUpdatesessionFileSourceType,
  ContentLibraryModelLibraryType,
  VapiStdDynamicID,
  VapiStdLocalizableMessage,
  VcenterDatastoreType,
  VcenterFolderType,
  VcenterHostConnectionState,
  VcenterHostPowerState,
  VcenterNetworkType,
  VcenterVmGuestOS,
  VcenterVmHardwareAdapterScsiSharing,
  VcenterVmHardwareAdapterScsiType,
  VcenterVmHardwareAdapterSataType,
  VcenterVmHardwareBootDeviceEntry,
  VcenterVmHardwareBootNetworkProtocol,
  VcenterVmHardwareBootType,
  VcenterVmHardwareCdromBackingType,
  VcenterVmHardwareCdromDeviceAccessType,
  VcenterVmHardwareCdromHostBusAdapterType,
  VcenterVmHardwareDiskHostBusAdapterType,
  VcenterVmHardwareEthernetEmulationType,
  VcenterVmHardwareEthernetMacAddressType,
  VcenterVmHardwareFloppyBackingType,
  VcenterVmHardwareParallelBackingType,
  VcenterVmHardwareSerialBackingType,
  VcenterVmHardwareUpgradePolicy,
  VcenterVmHardwareUpgradeStatus,
  VcenterVmHardwareVersion,
  VcenterVmPowerState,
  VcenterVmToolsToolsInstallType,
  VcenterVmToolsUpgradePolicy,
  VcenterVmGuestCustomizationInfoStatus,
} from '@vsphere-kit/core/api-types';
import type { ApplianceConfig, LocalAccount, ServiceRecord } from '../families/appliance/types.js';

export type FolderType = VcenterFolderType;
export type VmPowerState = VcenterVmPowerState;

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
  connection_state: VcenterHostConnectionState;
  power_state: VcenterHostPowerState;
  /** Root resource pool of a standalone host. */
  resource_pool?: string;
}

export interface Datastore {
  id: string;
  name: string;
  type: VcenterDatastoreType;
  datacenter: string;
  folder: string;
  capacity: number;
  free_space: number;
  /** Absent: true. An inaccessible datastore cannot be checked for policy compliance. */
  accessible?: boolean;
  /** Absent: true for shared kinds (NFS, vSAN, vVols), false for VMFS and VFFS. */
  multiple_host_access?: boolean;
  /** The storage policy of what is placed on it without one. */
  default_policy?: string;
}

/** A VM storage policy. */
export interface StoragePolicy {
  id: string;
  name: string;
  description: string;
  /** The kinds of datastore the policy's rules apply to; on any other kind it is not applicable. Absent: every kind. */
  datastore_types?: VcenterDatastoreType[];
}

export interface Network {
  id: string;
  name: string;
  type: VcenterNetworkType;
  datacenter: string;
  folder: string;
}

/** How a resource pool shares CPU (MHz) or memory (MiB) with its siblings; absent fields read as vCenter's defaults. */
export interface ResourceAllocation {
  reservation?: number;
  expandable_reservation?: boolean;
  /** -1: unlimited. */
  limit?: number;
  shares?: { level: ResourceSharesLevel; shares?: number };
}

export type ResourceSharesLevel = 'LOW' | 'NORMAL' | 'HIGH' | 'CUSTOM';

export interface ResourcePool {
  id: string;
  name: string;
  datacenter: string;
  /** Absent for the root pool of a cluster or a standalone host. */
  parent?: string;
  cluster?: string;
  host?: string;
  cpu_allocation?: ResourceAllocation;
  memory_allocation?: ResourceAllocation;
}

export interface Vm {
  id: string;
  name: string;
  guest_OS: VcenterVmGuestOS;
  power_state: VmPowerState;
  clean_power_off?: boolean;
  cpu_count: number;
  cores_per_socket: number;
  /** CPU and memory hot-plug flags; absent means off. */
  cpu_hot_add_enabled?: boolean;
  cpu_hot_remove_enabled?: boolean;
  memory_size_MiB: number;
  memory_hot_add_enabled?: boolean;
  hardware_version: VcenterVmHardwareVersion;
  /** Scheduled upgrade of the virtual hardware; absent: policy NEVER, status NONE. */
  hardware_upgrade?: HardwareUpgrade;
  datacenter: string;
  folder: string;
  resource_pool: string;
  host?: string;
  cluster?: string;
  datastore: string;
  bios_uuid: string;
  instance_uuid: string;
  boot_type?: VcenterVmHardwareBootType;
  /** Boot options besides the firmware type; absent fields have vCenter's defaults (families/vm/vm-hardware.ts). */
  boot?: VmBootOptions;
  /** Boot order; absent or empty: the firmware's default order. */
  boot_devices?: VcenterVmHardwareBootDeviceEntry[];
  /**
   * Virtual devices, keyed by device id. Fields left out get vCenter-like defaults
   * when the VM is read (families/vm/vm-devices.ts), so hand-written seeds stay short.
   */
  disks?: Record<string, VmDisk>;
  nics?: Record<string, VmNic>;
  cdroms?: Record<string, VmCdrom>;
  floppies?: Record<string, VmFloppy>;
  parallel_ports?: Record<string, VmParallelPort>;
  serial_ports?: Record<string, VmSerialPort>;
  sata_adapters?: Record<string, VmSataAdapter>;
  /** Absent (old seeds and state files): one default SCSI controller on bus 0. */
  scsi_adapters?: Record<string, VmScsiAdapter>;
  nvme_adapters?: Record<string, VmNvmeAdapter>;
}

export interface HardwareUpgrade {
  policy: VcenterVmHardwareUpgradePolicy;
  /** The version a policy other than NEVER upgrades to. */
  version?: VcenterVmHardwareVersion;
  status: VcenterVmHardwareUpgradeStatus;
}

export interface VmBootOptions {
  /** Milliseconds. */
  delay?: number;
  retry?: boolean;
  /** Milliseconds. */
  retry_delay?: number;
  enter_setup_mode?: boolean;
  /** EFI only. */
  efi_legacy_boot?: boolean;
  /** EFI only. */
  network_protocol?: VcenterVmHardwareBootNetworkProtocol;
}

export interface IdeAddress {
  primary: boolean;
  master: boolean;
}

/** Bus of the controller and unit on it (SCSI, SATA, NVMe). */
export interface BusAddress {
  bus: number;
  unit: number;
}

/** What connectable devices share. Both flags default to false. */
export interface Connectable {
  label?: string;
  start_connected?: boolean;
  allow_guest_control?: boolean;
  /**
   * Connected or not while the VM runs, after a connect or disconnect call; absent: as
   * `start_connected` says (each power-on from powered off drops it).
   */
  connected?: boolean;
}

export interface VmDisk {
  /** Defaults to `Hard disk N`. */
  label?: string;
  /** Bytes. */
  capacity?: number;
  /** Defaults to the kind of the address given, else SCSI. */
  type?: VcenterVmHardwareDiskHostBusAdapterType;
  ide?: IdeAddress;
  scsi?: BusAddress;
  sata?: BusAddress;
  nvme?: BusAddress;
  /** Datastore path; defaults to `[<datastore>] <vm>/<vm>[_N].vmdk`. */
  vmdk_file?: string;
}

export interface VmNic extends Connectable {
  /** Network id; the backing type and name come from the network. */
  network?: string;
  type?: VcenterVmHardwareEthernetEmulationType;
  mac_type?: VcenterVmHardwareEthernetMacAddressType;
  mac_address?: string;
  pci_slot_number?: number;
  wake_on_lan_enabled?: boolean;
  upt_compatibility_enabled?: boolean;
  /** For a HOST_DEVICE backing (no network). */
  host_device?: string;
  /** Port of the distributed switch, for a distributed port group. */
  distributed_port?: string;
}

export interface VmCdrom extends Connectable {
  type?: VcenterVmHardwareCdromHostBusAdapterType;
  ide?: IdeAddress;
  sata?: BusAddress;
  backing?: {
    type: VcenterVmHardwareCdromBackingType;
    iso_file?: string;
    host_device?: string;
    auto_detect?: boolean;
    device_access_type?: VcenterVmHardwareCdromDeviceAccessType;
  };
}

export interface VmFloppy extends Connectable {
  backing?: { type: VcenterVmHardwareFloppyBackingType; image_file?: string; host_device?: string; auto_detect?: boolean };
}

export interface VmParallelPort extends Connectable {
  backing?: { type: VcenterVmHardwareParallelBackingType; file?: string; host_device?: string; auto_detect?: boolean };
}

export interface VmSerialPort extends Connectable {
  yield_on_poll?: boolean;
  backing?: {
    type: VcenterVmHardwareSerialBackingType;
    file?: string;
    host_device?: string;
    auto_detect?: boolean;
    pipe?: string;
    no_rx_loss?: boolean;
    network_location?: string;
    proxy?: string;
  };
}

export interface VmSataAdapter {
  label?: string;
  type?: VcenterVmHardwareAdapterSataType;
  /** Defaults to the next free bus. */
  bus?: number;
  pci_slot_number?: number;
}

export interface VmScsiAdapter {
  label?: string;
  type?: VcenterVmHardwareAdapterScsiType;
  /** Defaults to the next free bus. */
  bus?: number;
  pci_slot_number?: number;
  sharing?: VcenterVmHardwareAdapterScsiSharing;
}

export interface VmNvmeAdapter {
  label?: string;
  /** Defaults to the next free bus. */
  bus?: number;
  pci_slot_number?: number;
}

export interface Library {
  id: string;
  name: string;
  type: ContentLibraryModelLibraryType;
  description?: string;
  datastore?: string;
  creation_time: string;
  last_modified_time?: string;
  /** The rest of the create spec (storage backings, publish or subscription info). */
  spec?: Record<string, unknown>;
}

export interface LibraryItem {
  id: string;
  library: string;
  name: string;
  type: string;
  description?: string;
  size: number;
  creation_time: string;
  last_modified_time?: string;
  /** Bumped by every completed update session. */
  content_version?: string;
  /** Files the item holds (added through update sessions). */
  files?: { name: string; size: number; version: string }[];
  /** For a `vm-template` item: the template VM of the inventory it stands for. */
  vm_template?: string;
}

export interface TagCategory {
  id: string;
  name: string;
  description: string;
  cardinality: CisTaggingCategoryModelCardinality;
  associable_types: string[];
  /** Users or services that declared they use the category (absent: none). */
  used_by?: string[];
}

export interface Tag {
  id: string;
  name: string;
  description: string;
  category_id: string;
  /** Users or services that declared they use the tag (absent: none). */
  used_by?: string[];
}

export type DynamicId = VapiStdDynamicID;

export interface UpdateSessionFile {
  name: string;
  source_type: ContentLibraryItemUpdatesessionFileSourceType;
  size?: number;
  source_endpoint?: { uri: string; ssl_certificate_thumbprint?: string };
  checksum_info?: { algorithm?: ContentLibraryItemFileChecksumAlgorithm; checksum: string };
}

export interface UpdateSession {
  id: string;
  library_item_id: string;
  /** The item's content version when the session opened. */
  library_item_content_version: string;
  state: ContentLibraryItemUpdateSessionModelState;
  files: UpdateSessionFile[];
  expiration_time: string;
  error_message?: VapiStdLocalizableMessage;
}

/** The desired software of a cluster or host (vLCM). */
export interface SoftwareSpec {
  base_image: { version: string };
  add_on?: { name: string; version: string };
  /** Component name → version. */
  components: Record<string, string>;
}

export interface SoftwareDraft {
  id: string;
  /** `clusters/<cluster>` or `hosts/<host>`. */
  entity: string;
  user: string;
  /** The commit the draft started from (a commit in between refuses the draft's commit). */
  base_commit: number;
  spec: SoftwareSpec;
}

export interface Supervisor {
  cluster: string;
  /** The enable spec as sent. */
  spec: Record<string, unknown>;
}

export interface Namespace {
  namespace: string;
  cluster: string;
  spec: Record<string, unknown>;
}

export interface KmsProvider {
  cluster: string;
  provider: string;
  master_key_id: string;
  key_server: Record<string, unknown>;
}

/** VMware Tools as installed in a guest (families/guest/tools.ts fills in what is left out). */
export interface GuestTools {
  install_type?: VcenterVmToolsToolsInstallType;
  version_number?: number;
  upgrade_policy?: VcenterVmToolsUpgradePolicy;
  install_attempt_count?: number;
  /** Whether the Tools installer image is mounted on the VM's CD-ROM drive. */
  installer_connected?: boolean;
}

/** One entry of a guest's file system, keyed by its normalized path (families/guest/guest-paths.ts). */
export interface GuestFile {
  /** The path as the guest spells it. */
  path: string;
  type: 'FILE' | 'DIRECTORY' | 'SYMLINK';
  size: number;
  last_modified: string;
  last_accessed: string;
  created: string;
  owner: number;
  group: number;
  permissions: string;
  hidden: boolean;
  read_only: boolean;
  symlink_target?: string;
  /** The bytes uploaded through a file transfer, base64 (guest-transfers.ts). */
  content?: string;
}

export interface GuestProcess {
  pid: number;
  name: string;
  owner: string;
  command: string;
  started: string;
  finished?: string;
  exit_code?: number;
}

/** What a guest customization set on the VM applies at its next power-on. */
export interface GuestCustomization {
  status: VcenterVmGuestCustomizationInfoStatus;
  /** The spec applied (from the request or the named stored spec). */
  spec?: Record<string, unknown>;
  error?: string;
  start_time?: string;
  end_time?: string;
}

/**
 * The guest of one VM, as VMware Tools report it (families/guest/). Every field is optional:
 * a VM without a record has Tools installed and running whenever it is powered on, the guest
 * account of its OS family and the files and processes of a fresh install.
 */
export interface GuestRecord {
  /** Accounts in the guest OS (user name → password) that guest operations accept. */
  accounts?: Record<string, string>;
  tools?: GuestTools;
  /** When Tools report again after a power-on, reboot or upgrade (epoch ms); absent: running. */
  tools_start_at?: number;
  host_name?: string;
  domain_name?: string;
  dns_servers?: string[];
  /** Static IPv4 settings by NIC key, from a customization. */
  static_ips?: Record<string, { ip_address: string; prefix_length: number; gateway?: string }>;
  customization?: GuestCustomization;
  /** The guest file system by normalized path; absent: the OS family's fresh install. */
  files?: Record<string, GuestFile>;
  /** Guest processes by pid; absent: the processes a booted guest runs. */
  processes?: Record<string, GuestProcess>;
  next_pid?: number;
}

/** The storage policy of a VM's home or of one of its disks, and its last compliance check. */
export interface StoragePolicyAssignment {
  policy: string;
  /** The status the last check found, and when (ISO time). */
  status: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'UNKNOWN_COMPLIANCE';
  check_time: string;
  /** The datastore the check looked at: once the object is elsewhere, the result is out of date. */
  datastore: string;
}

/** A VM's storage policies: of its home (configuration files) and per disk id. */
export interface VmStoragePolicies {
  vm_home?: StoragePolicyAssignment;
  disks: Record<string, StoragePolicyAssignment>;
}

/** The history of a VM template library item: earlier versions and the VMs checked out of it. */
export interface TemplateHistory {
  /** Earlier versions, oldest first; the current one is the item's `vm_template` at its `content_version`. */
  versions: { version: string; vm_template: string }[];
  /** VM id → when and by whom it was checked out. */
  check_outs: Record<string, { time: string; user: string }>;
}

/** State of the hand-written vSphere rules beyond the core inventory (all optional in files). */
export interface RuleState {
  /** Library item id → its template history (items without earlier versions or check-outs have no entry). */
  template_history: Record<string, TemplateHistory>;
  /** VM id → the storage policies of its home and disks (VMs without one have no entry). */
  vm_storage_policies: Record<string, VmStoragePolicies>;
  tag_categories: Record<string, TagCategory>;
  tags: Record<string, Tag>;
  /** Tag id → the objects it is attached to. */
  tag_associations: Record<string, DynamicId[]>;
  update_sessions: Record<string, UpdateSession>;
  /** `clusters/<id>` or `hosts/<id>` → the committed software and its commit number. */
  software: Record<string, { commit: number; spec: SoftwareSpec }>;
  drafts: Record<string, SoftwareDraft>;
  /** `clusters/<id>` or `hosts/<id>` → the result of its last compliance scan. */
  software_compliance: Record<string, EsxSettingsClusterCompliance | EsxSettingsHostCompliance>;
  /** Cluster id → its Supervisor (Workload Management enabled). */
  supervisors: Record<string, Supervisor>;
  namespaces: Record<string, Namespace>;
  /** Cluster id → trust-authority state (absent: DISABLE). */
  trust_authority: Record<string, 'ENABLE' | 'DISABLE'>;
  /** `<cluster>/<provider>` → KMS provider of a trust-authority cluster. */
  kms_providers: Record<string, KmsProvider>;
  /** VM id → its guest (Tools, customization, guest files and processes). */
  guests: Record<string, GuestRecord>;
  /** The appliance's settings by section (families/appliance/config.ts); a section left out reads as its default. */
  appliance: Partial<ApplianceConfig>;
  /** User name → local account of the appliance. */
  appliance_accounts: Record<string, LocalAccount>;
  /** Service name → its state, for the appliance services that differ from their default (families/appliance/services.ts). */
  appliance_services: Record<string, ServiceRecord>;
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

/** The marker `--record-from` writes into a seed: where and when it was recorded. */
export interface RecordedFrom {
  /** The vCenter's URL. */
  from: string;
  /** What the appliance reported (`8.0.2.00000`) and its build. */
  vcenter_version: string;
  build: string;
  /** ISO time of the recording. */
  time: string;
}

/** The serialized form of the whole state (persistence and seeds share it). */
export interface StateData {
  /** Present in a recorded seed: such a seed replaces the default inventory unless told to extend it. */
  recorded?: RecordedFrom;
  version: 1;
  next: number;
  datacenters: Datacenter[];
  folders: Folder[];
  clusters: Cluster[];
  hosts: Host[];
  datastores: Datastore[];
  networks: Network[];
  resource_pools: ResourcePool[];
  storage_policies: StoragePolicy[];
  vms: Vm[];
  templates: Vm[];
  libraries: Library[];
  library_items: LibraryItem[];
  /** Generic resource families: family key → id → stored object. */
  generic: Record<string, Record<string, unknown>>;
  tasks: TaskRecord[];
  /** Tagging, update sessions, software drafts, Supervisors, namespaces, trust authority. */
  rules?: Partial<RuleState>;
}
