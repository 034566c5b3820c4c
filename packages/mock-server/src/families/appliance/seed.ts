/**
 * Checks of the appliance's part of a state file (`rules.appliance`, `rules.appliance_accounts`,
 * `rules.appliance_services`): every field of each record has its rule, so a field added to
 * the records of types.ts fails to compile until it is checked here.
 */
import type {
  ApplianceHealthSystemHealthLevel,
  ApplianceNetworkingDnsServersDNSServerMode,
  ApplianceServicesState,
  ApplianceTimesyncTimeSyncMode,
  VcenterServicesServiceStartupType,
} from '@vsphere-kit/core/api-types';
import { enumValues, N, OPT, S, type FieldRule, type FieldRules } from '../../state/seed-rules.js';
import type { ApplianceConfig, HealthItem, LocalAccount, ServiceRecord } from './types.js';

const OBJ: FieldRule = { type: 'object', required: true };
const ARR: FieldRule = { type: 'array', required: true };
const BOOL: FieldRule = { type: 'boolean', required: true };
const INT: FieldRule = { type: 'integer', required: true };

/** The fields of each section of `rules.appliance`. */
export const APPLIANCE_SECTION_RULES: { readonly [K in keyof ApplianceConfig]: FieldRules<ApplianceConfig[K]> } = {
  access: { ssh: BOOL, dcui: BOOL, consolecli: BOOL, shell: OBJ },
  dns: {
    mode: S({ enum: enumValues<ApplianceNetworkingDnsServersDNSServerMode>({ dhcp: true, is_static: true }) }),
    servers: ARR,
    hostname: S(),
    domains: ARR,
  },
  ntp: { servers: ARR },
  time: { sync: S({ enum: enumValues<ApplianceTimesyncTimeSyncMode>({ DISABLED: true, NTP: true, HOST: true }) }), timezone: S() },
  proxy: { protocols: OBJ, noproxy: ARR },
  firewall: { rules: ARR },
  // Keyed by interface name: each entry is checked as a mapping.
  interfaces: {},
  logging: { forwarding: ARR },
  password_policy: { max_days: INT, min_days: INT, warn_days: INT },
  shutdown: {
    action: S({ enum: ['', 'poweroff', 'reboot'] }),
    reason: { type: 'string', required: true },
    shutdown_time: OPT('string'),
    last_boot: OPT('string'),
  },
  health: { levels: OBJ, db_health_check_state_manual_backup: BOOL, db_health_check_state_scheduled_backup: BOOL },
  storage: { partitions: ARR },
  networking: { ipv6_enabled: BOOL },
};

export const LOCAL_ACCOUNT_RULES: FieldRules<LocalAccount> = {
  username: S(),
  fullname: OPT('string'),
  email: OPT('string'),
  roles: ARR,
  enabled: BOOL,
  has_password: BOOL,
  last_password_change: OPT('string'),
  password_expires: BOOL,
  password_expires_at: OPT('string'),
  inactive_after_password_expiration: BOOL,
  days_after_password_expiration: OPT('integer'),
  min_days_between_password_change: INT,
  max_days_between_password_change: INT,
  warn_days_before_password_expiration: INT,
};

export const SERVICE_RULES: FieldRules<ServiceRecord> = {
  state: S({ enum: enumValues<ApplianceServicesState>({ STARTING: true, STOPPING: true, STARTED: true, STOPPED: true }) }),
  startup_type: S({ enum: enumValues<VcenterServicesServiceStartupType>({ MANUAL: true, AUTOMATIC: true, DISABLED: true }) }),
};

const LEVEL = S({ enum: enumValues<ApplianceHealthSystemHealthLevel>({ green: true, gray: true, yellow: true, orange: true, red: true }) });

/** The nested records of a section that answers are built from, by `<section>.<field>`. */
export const APPLIANCE_NESTED_RULES: Readonly<Record<string, Record<string, FieldRule>>> = {
  'access.shell': { enabled: BOOL, enabled_until: N() } satisfies FieldRules<ApplianceConfig['access']['shell']>,
  'health.levels': {
    load: LEVEL,
    mem: LEVEL,
    swap: LEVEL,
    storage: LEVEL,
    'database-storage': LEVEL,
    'software-packages': LEVEL,
    applmgmt: LEVEL,
  } satisfies FieldRules<Record<HealthItem, unknown>>,
};
