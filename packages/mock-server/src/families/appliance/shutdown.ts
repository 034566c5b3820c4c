/**
 * Scheduled power-off and reboot of the appliance: `delay` minutes from now (0: now) with a
 * reason; a new schedule replaces the pending one, `cancel` drops it. The mock keeps
 * answering: the schedule is what `GET /api/appliance/shutdown` reports.
 */
import type { HandlerTable, OpHandler, RequestBody } from '../../behaviours/types.js';
import { check } from './addresses.js';
import { section, writeSection } from './config.js';

/** Delays are minutes; the appliance takes up to one week. */
export const MAX_SHUTDOWN_DELAY_MIN = 7 * 24 * 60;

const schedule =
  (action: 'poweroff' | 'reboot'): OpHandler =>
  ({ state, body }) => {
    const { delay, reason } = body as RequestBody<'POST /api/appliance/shutdown?action=poweroff'>;
    check(Number.isInteger(delay) && delay >= 0 && delay <= MAX_SHUTDOWN_DELAY_MIN, 'delay', delay, `a number of minutes from 0 to ${MAX_SHUTDOWN_DELAY_MIN}`);
    check(reason.trim() !== '', 'reason', reason, "a reason (it is shown to the appliance's users)");
    writeSection(state, 'shutdown', { action, reason, shutdown_time: new Date(Date.now() + delay * 60_000).toISOString() });
  };

export const shutdownHandlers: HandlerTable = {
  'GET /api/appliance/shutdown': ({ state }) => ({ body: { ...section(state, 'shutdown') } }),
  'POST /api/appliance/shutdown?action=poweroff': schedule('poweroff'),
  'POST /api/appliance/shutdown?action=reboot': schedule('reboot'),
  'POST /api/appliance/shutdown?action=cancel': ({ state }) => {
    writeSection(state, 'shutdown', { action: '', reason: '' });
  },
};
