/**
 * Syslog forwarding of the appliance: at most three remote targets, replaced as a whole, and a
 * test that reports each one. The `/api` and the legacy `/rest` forms read and write the same list.
 */
import type { HandlerTable, RequestBody } from '../../behaviours/types.js';
import type { Inventory } from '../../state/inventory.js';
import { check, checkHost, checkPort } from './addresses.js';
import { section, writeSection } from './config.js';

/** The appliance forwards its logs to three servers at most. */
export const MAX_FORWARDING_TARGETS = 3;

type ForwardingSet = RequestBody<'PUT /api/appliance/logging/forwarding'>;

const targets = (s: Inventory) => section(s, 'logging').forwarding.map((t) => ({ ...t }));

function setTargets(s: Inventory, { cfg_list }: ForwardingSet): void {
  check(cfg_list.length <= MAX_FORWARDING_TARGETS, 'cfg_list', `${cfg_list.length} targets`, `at most ${MAX_FORWARDING_TARGETS} targets`);
  cfg_list.forEach((t, i) => {
    checkHost(`cfg_list[${i}].hostname`, t.hostname);
    checkPort(`cfg_list[${i}].port`, t.port);
  });
  writeSection(s, 'logging', { forwarding: cfg_list.map((t) => ({ hostname: t.hostname, port: t.port, protocol: t.protocol })) });
}

// The mock reaches no network: every well-formed target counts as up.
const testTargets = (s: Inventory) => section(s, 'logging').forwarding.map((t) => ({ hostname: t.hostname, state: 'UP' as const }));

export const loggingHandlers: HandlerTable = {
  'GET /api/appliance/logging/forwarding': ({ state }) => ({ body: targets(state) }),
  'PUT /api/appliance/logging/forwarding': ({ state, body }) => setTargets(state, body as ForwardingSet),
  'POST /api/appliance/logging/forwarding?action=test': ({ state }) => ({ body: testTargets(state) }),
  'GET /rest/appliance/logging/forwarding': ({ state }) => ({ body: { value: targets(state) } }),
  'PUT /rest/appliance/logging/forwarding': ({ state, body }) => {
    setTargets(state, body as ForwardingSet);
    return { status: 200 };
  },
  'POST /rest/appliance/logging/forwarding?action=test': ({ state }) => ({ body: { value: testTargets(state) } }),
};
