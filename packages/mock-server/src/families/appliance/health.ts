/**
 * Health of the appliance: one color per subsystem (load, memory, swap, storage, database
 * storage, software packages, applmgmt), kept in the state (a seed sets them), and the
 * overall `system` color, which is the worst of them. Each color that is not green comes
 * with a message; `system` lists them all. Checks run every five minutes since start.
 */
import type { HandlerTable, OpHandler, RequestBody } from '../../behaviours/types.js';
import { notFound } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import { section, writeSection } from './config.js';
import type { HealthItem, HealthLevel } from './types.js';

export const HEALTH_ITEMS: readonly HealthItem[] = ['load', 'mem', 'swap', 'storage', 'database-storage', 'software-packages', 'applmgmt'];

/** Worse colors come later; gray (unknown) only outranks green. */
const SEVERITY: readonly HealthLevel[] = ['green', 'gray', 'yellow', 'orange', 'red'];

const CHECK_INTERVAL_MS = 5 * 60_000;

export function worst(levels: Iterable<HealthLevel>): HealthLevel {
  let w: HealthLevel = 'green';
  for (const l of levels) if (SEVERITY.indexOf(l) > SEVERITY.indexOf(w)) w = l;
  return w;
}

export const systemHealth = (s: Inventory): HealthLevel => worst(Object.values(section(s, 'health').levels));

const SUBJECT: Record<HealthItem, string> = {
  load: 'CPU load',
  mem: 'Memory use',
  swap: 'Swap use',
  storage: 'Disk space',
  'database-storage': 'Database storage',
  'software-packages': 'Software packages',
  applmgmt: 'Appliance management service',
};

const CONDITION: Record<Exclude<HealthLevel, 'green'>, string> = {
  gray: 'cannot be determined',
  yellow: 'needs attention soon',
  orange: 'is degraded',
  red: 'is critical',
};

function lastCheck(startedAt: number, now = Date.now()): string {
  return new Date(startedAt + Math.floor(Math.max(0, now - startedAt) / CHECK_INTERVAL_MS) * CHECK_INTERVAL_MS).toISOString();
}

function messages(s: Inventory, items: readonly HealthItem[], time: string) {
  const { levels } = section(s, 'health');
  return items
    .filter((item) => levels[item] !== 'green')
    .map((item) => {
      const level = levels[item] as Exclude<HealthLevel, 'green'>;
      return {
        id: `com.vmware.appliance.health.${item}.${level}`,
        time,
        message: {
          id: `com.vmware.appliance.health.${item}.${level}`,
          default_message: `${SUBJECT[item]} ${CONDITION[level]} (${level}).`,
          args: [item, level],
        },
      };
    });
}

const levelOf =
  (item: HealthItem): OpHandler =>
  ({ state }) => ({ body: section(state, 'health').levels[item] });

export const healthHandlers: HandlerTable = {
  'GET /api/appliance/health/system': ({ state }) => ({ body: systemHealth(state) }),
  'GET /api/appliance/health/load': levelOf('load'),
  'GET /api/appliance/health/mem': levelOf('mem'),
  'GET /api/appliance/health/swap': levelOf('swap'),
  'GET /api/appliance/health/storage': levelOf('storage'),
  'GET /api/appliance/health/database-storage': levelOf('database-storage'),
  'GET /api/appliance/health/software-packages': levelOf('software-packages'),
  'GET /api/appliance/health/applmgmt': levelOf('applmgmt'),
  'GET /api/appliance/health/system/lastcheck': ({ server }) => ({ body: lastCheck(server.startedAt) }),
  'GET /api/appliance/health/{item}/messages': ({ state, params, server }) => {
    const { item } = params;
    const time = lastCheck(server.startedAt);
    if (item === 'system') return { body: messages(state, HEALTH_ITEMS, time) };
    if (!(HEALTH_ITEMS as readonly string[]).includes(item)) throw notFound('Health item', item, 'com.vmware.appliance.health.item.not_found');
    return { body: messages(state, [item as HealthItem], time) };
  },
  'GET /api/appliance/health/database': ({ state }) => {
    // The database's own check follows the color of its storage.
    const level = section(state, 'health').levels['database-storage'];
    const status = level === 'red' ? 'UNHEALTHY' : level === 'yellow' || level === 'orange' ? 'DEGRADED' : 'HEALTHY';
    return {
      body: {
        status,
        messages:
          status === 'HEALTHY'
            ? []
            : [
                {
                  severity: status === 'UNHEALTHY' ? 'ERROR' : 'WARNING',
                  message: {
                    id: 'com.vmware.appliance.health.database.storage',
                    default_message: `Database storage ${CONDITION[level as 'red']}.`,
                    args: [level],
                  },
                },
              ],
      },
    };
  },
  'GET /api/appliance/health/settings': ({ state }) => {
    const h = section(state, 'health');
    return {
      body: {
        db_health_check_state_manual_backup: h.db_health_check_state_manual_backup,
        db_health_check_state_scheduled_backup: h.db_health_check_state_scheduled_backup,
      },
    };
  },
  'PATCH /api/appliance/health/settings': ({ state, body }) => {
    const spec = body as RequestBody<'PATCH /api/appliance/health/settings'>;
    const h = section(state, 'health');
    writeSection(state, 'health', {
      ...h,
      db_health_check_state_manual_backup: spec.db_health_check_state_manual_backup ?? h.db_health_check_state_manual_backup,
      db_health_check_state_scheduled_backup: spec.db_health_check_state_scheduled_backup ?? h.db_health_check_state_scheduled_backup,
    });
  },
};
