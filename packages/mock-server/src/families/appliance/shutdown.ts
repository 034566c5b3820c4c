/**
 * Scheduled power-off and reboot of the appliance: `delay` minutes from now (0: now) with a
 * reason; a new schedule replaces the pending one, `cancel` drops it. A reboot whose time has
 * come has happened: nothing is pending any more and the uptime counts from it. A power-off
 * stays reported as scheduled (the mock keeps answering).
 */
import type { HandlerTable, OpHandler, RequestBody } from '../../behaviours/types.js';
import type { Inventory } from '../../state/inventory.js';
import { check } from './addresses.js';
import { section, writeSection } from './config.js';
import type { ApplianceConfig } from './types.js';

/** Delays are minutes; the appliance takes up to one week. */
export const MAX_SHUTDOWN_DELAY_MIN = 7 * 24 * 60;

type Shutdown = ApplianceConfig['shutdown'];

/** The schedule as of `now`: a reboot that is due has been done (derived, so reads change nothing). */
function current(s: Inventory, now = Date.now()): Shutdown {
  const sh = section(s, 'shutdown');
  if (sh.action === 'reboot' && sh.shutdown_time && Date.parse(sh.shutdown_time) <= now) return { action: '', reason: '', last_boot: sh.shutdown_time };
  return sh;
}

/** When the appliance last booted (epoch ms): the mock's start or the last scheduled reboot. */
export function lastBoot(s: Inventory, startedAt: number): number {
  const rebooted = current(s).last_boot;
  return Math.max(startedAt, rebooted ? Date.parse(rebooted) : 0);
}

const lastBootOf = (sh: Shutdown) => (sh.last_boot ? { last_boot: sh.last_boot } : {});

const schedule =
  (action: 'poweroff' | 'reboot'): OpHandler =>
  ({ state, body }) => {
    const { delay, reason } = body as RequestBody<'POST /api/appliance/shutdown?action=poweroff'>;
    check(Number.isInteger(delay) && delay >= 0 && delay <= MAX_SHUTDOWN_DELAY_MIN, 'delay', delay, `a number of minutes from 0 to ${MAX_SHUTDOWN_DELAY_MIN}`);
    check(reason.trim() !== '', 'reason', reason, "a reason (it is shown to the appliance's users)");
    writeSection(state, 'shutdown', { action, reason, shutdown_time: new Date(Date.now() + delay * 60_000).toISOString(), ...lastBootOf(current(state)) });
  };

export const shutdownHandlers: HandlerTable = {
  'GET /api/appliance/shutdown': ({ state }) => {
    const { action, reason, shutdown_time } = current(state);
    return { body: { action, reason, ...(shutdown_time ? { shutdown_time } : {}) } };
  },
  'POST /api/appliance/shutdown?action=poweroff': schedule('poweroff'),
  'POST /api/appliance/shutdown?action=reboot': schedule('reboot'),
  'POST /api/appliance/shutdown?action=cancel': ({ state }) => {
    writeSection(state, 'shutdown', { action: '', reason: '', ...lastBootOf(current(state)) });
  },
};
