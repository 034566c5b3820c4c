/**
 * The appliance's own records (what `rules.appliance`, `rules.appliance_accounts` and
 * `rules.appliance_services` hold). Values the API also carries use the types generated from
 * the specs, so an enum value the specs do not have fails to compile.
 */
import type {
  ApplianceHealthSystemHealthLevel,
  ApplianceLoggingForwardingProtocol,
  ApplianceNetworkingDnsServersDNSServerMode,
  ApplianceNetworkingFirewallInboundPolicy,
  ApplianceNetworkingInterfacesInterfaceStatus,
  ApplianceNetworkingInterfacesIpv4Mode,
  ApplianceTimesyncTimeSyncMode,
  VcenterServicesServiceStartupType,
  ApplianceServicesState,
} from '@vsphere-kit/core/api-types';

export type HealthLevel = ApplianceHealthSystemHealthLevel;
export type ServiceState = ApplianceServicesState;
export type StartupType = VcenterServicesServiceStartupType;

/** The subsystems whose colors `health/system` sums up (their path segment under /api/appliance/health). */
export type HealthItem = 'load' | 'mem' | 'swap' | 'storage' | 'database-storage' | 'software-packages' | 'applmgmt';

export interface Ipv4Settings {
  mode: ApplianceNetworkingInterfacesIpv4Mode;
  address?: string;
  prefix?: number;
  default_gateway?: string;
}

export interface Ipv6Settings {
  dhcp: boolean;
  autoconf: boolean;
  /** Addresses set by hand (the link-local one is derived from the MAC). */
  addresses: { address: string; prefix: number }[];
  default_gateway: string;
}

export interface ApplianceInterface {
  mac: string;
  status: ApplianceNetworkingInterfacesInterfaceStatus;
  ipv4: Ipv4Settings;
  ipv6: Ipv6Settings;
}

export interface ProxySettings {
  server: string;
  port: number;
  /** The password is never kept: the mock only answers, it never connects. */
  username?: string;
  enabled: boolean;
}

export interface FirewallRule {
  address: string;
  prefix: number;
  policy: ApplianceNetworkingFirewallInboundPolicy;
  interface_name: string;
}

export interface ForwardingTarget {
  hostname: string;
  port: number;
  protocol: ApplianceLoggingForwardingProtocol;
}

export interface StoragePartition {
  partition: string;
  disk: string;
  size_mib: number;
  /** What the disk holds now: a grown disk makes `resize` grow the partition to it. */
  disk_size_mib: number;
}

/** The appliance's settings, one section per concept (families/appliance/config.ts). */
export interface ApplianceConfig {
  access: {
    ssh: boolean;
    dcui: boolean;
    consolecli: boolean;
    /** The shell is enabled until `enabled_until` (epoch ms), as the appliance counts its timeout down. */
    shell: { enabled: boolean; enabled_until: number };
  };
  dns: { mode: ApplianceNetworkingDnsServersDNSServerMode; servers: string[]; hostname: string; domains: string[] };
  ntp: { servers: string[] };
  time: { sync: ApplianceTimesyncTimeSyncMode; timezone: string };
  /** Protocol → settings; a protocol not held is the unconfigured default. */
  proxy: { protocols: Record<string, ProxySettings>; noproxy: string[] };
  firewall: { rules: FirewallRule[] };
  interfaces: Record<string, ApplianceInterface>;
  logging: { forwarding: ForwardingTarget[] };
  password_policy: { max_days: number; min_days: number; warn_days: number };
  /**
   * `action` is '' when nothing is scheduled, as the appliance answers. `last_boot` is when the
   * last scheduled reboot happened (the uptime counts from it).
   */
  shutdown: { action: '' | 'poweroff' | 'reboot'; reason: string; shutdown_time?: string; last_boot?: string };
  health: {
    levels: Record<HealthItem, HealthLevel>;
    db_health_check_state_manual_backup: boolean;
    db_health_check_state_scheduled_backup: boolean;
  };
  storage: { partitions: StoragePartition[] };
  networking: { ipv6_enabled: boolean };
}

/** A local (operating-system) account of the appliance; no password is stored, only when it changed. */
export interface LocalAccount {
  username: string;
  fullname?: string;
  email?: string;
  roles: string[];
  enabled: boolean;
  has_password: boolean;
  last_password_change?: string;
  password_expires: boolean;
  password_expires_at?: string;
  inactive_after_password_expiration: boolean;
  days_after_password_expiration?: number;
  min_days_between_password_change: number;
  max_days_between_password_change: number;
  warn_days_before_password_expiration: number;
}

/** What a service's state holds when it differs from its catalogue default (services.ts). */
export interface ServiceRecord {
  state: ServiceState;
  startup_type: StartupType;
}
