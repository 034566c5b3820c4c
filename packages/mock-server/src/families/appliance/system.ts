/**
 * The appliance system: its version (the release the mock emulates, MockServerOptions.vsphereVersion), the
 * clock in the configured time zone, the uptime, the time zone and
 * the time synchronization mode. The uptime counts from the last boot: the mock's start or a
 * scheduled reboot that has happened (shutdown.ts).
 */
import type { HandlerTable, RequestBody } from '../../behaviours/types.js';
import { VapiError } from '../../server/errors.js';
import { check } from './addresses.js';
import { section, writeSection } from './config.js';
import { lastBoot } from './shutdown.js';

/** What every emulated release reports alike; version, build, summary and release date come from the release. */
const APPLIANCE_PRODUCT = {
  product: 'VMware vCenter Server',
  type: 'vCenter Server with an embedded Platform Services Controller',
  install_time: '2023-10-02T09:14:27.512Z',
} as const;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The formatter of a time zone, or undefined when the name is not one. */
function zoneFormat(zone: string): Intl.DateTimeFormat | undefined {
  let f = formats.get(zone);
  if (f) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: true,
    });
  } catch {
    return undefined;
  }
  formats.set(zone, f);
  return f;
}

let canonicalZones: ReadonlySet<string> | undefined;

/** Whether the appliance knows the time zone: an IANA name as spelt in the zone database (`Europe/Berlin`, `UTC`). */
export function isTimeZone(name: string): boolean {
  canonicalZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
  // Intl also takes other spellings (`utc`, `europe/berlin`); the appliance takes the exact name.
  return canonicalZones.has(name) && zoneFormat(name) !== undefined;
}

/** The clock as the appliance shows it: `Wed 11-23-2022`, `08:30:07 PM`. */
export function clock(now: number, zone: string): { date: string; time: string } {
  const parts = Object.fromEntries((zoneFormat(zone) ?? zoneFormat('UTC')!).formatToParts(now).map((p) => [p.type, p.value]));
  return {
    date: `${parts.weekday} ${parts.month}-${parts.day}-${parts.year}`,
    time: `${parts.hour}:${parts.minute}:${parts.second} ${parts.dayPeriod}`,
  };
}

export const systemHandlers: HandlerTable = {
  'GET /api/appliance/system/version': ({ server: { release } }) => ({
    body: {
      version: release.version,
      product: APPLIANCE_PRODUCT.product,
      build: release.build,
      type: APPLIANCE_PRODUCT.type,
      summary: release.summary,
      releasedate: release.releasedate,
      install_time: APPLIANCE_PRODUCT.install_time,
    },
  }),
  'GET /api/appliance/system/uptime': ({ state, server }) => ({ body: Math.max(0, Date.now() - lastBoot(state, server.startedAt)) / 1000 }),
  'GET /api/appliance/system/time': ({ state }) => {
    const now = Date.now();
    const { timezone } = section(state, 'time');
    return { body: { seconds_since_epoch: now / 1000, ...clock(now, timezone), timezone } };
  },
  'GET /api/appliance/system/time/timezone': ({ state }) => ({ body: section(state, 'time').timezone }),
  'PUT /api/appliance/system/time/timezone': ({ state, body }) => {
    const { name } = body as RequestBody<'PUT /api/appliance/system/time/timezone'>;
    check(isTimeZone(name), 'name', name, 'a time zone name such as UTC or Europe/Berlin');
    writeSection(state, 'time', { ...section(state, 'time'), timezone: name });
  },
  'GET /api/appliance/timesync': ({ state }) => ({ body: section(state, 'time').sync }),
  'PUT /api/appliance/timesync': ({ state, body }) => {
    const { mode } = body as RequestBody<'PUT /api/appliance/timesync'>;
    if (mode === 'NTP' && section(state, 'ntp').servers.length === 0) {
      throw new VapiError(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        'Time synchronization cannot use NTP while no NTP server is configured; set servers with PUT /api/appliance/ntp first.',
        [mode],
        'com.vmware.appliance.timesync.no_ntp_servers',
      );
    }
    writeSection(state, 'time', { ...section(state, 'time'), sync: mode });
  },
};
