/** Syslog forwarding of the appliance: at most three remote targets, replaced as a whole, and a test that reports each one. */
import type { HandlerTable, RequestBody } from '../../behaviours/types.js';
import { check, checkHost, checkPort } from './addresses.js';
import { section, writeSection } from './config.js';

/** The appliance forwards its logs to three servers at most. */
export const MAX_FORWARDING_TARGETS = 3;

export const loggingHandlers: HandlerTable = {
  'GET /api/appliance/logging/forwarding': ({ state }) => ({ body: section(state, 'logging').forwarding.map((t) => ({ ...t })) }),
  'PUT /api/appliance/logging/forwarding': ({ state, body }) => {
    const { cfg_list } = body as RequestBody<'PUT /api/appliance/logging/forwarding'>;
    check(cfg_list.length <= MAX_FORWARDING_TARGETS, 'cfg_list', `${cfg_list.length} targets`, `at most ${MAX_FORWARDING_TARGETS} targets`);
    cfg_list.forEach((t, i) => {
      checkHost(`cfg_list[${i}].hostname`, t.hostname);
      checkPort(`cfg_list[${i}].port`, t.port);
    });
    writeSection(state, 'logging', { forwarding: cfg_list.map((t) => ({ hostname: t.hostname, port: t.port, protocol: t.protocol })) });
  },
  'POST /api/appliance/logging/forwarding?action=test': ({ state }) => ({
    body: section(state, 'logging').forwarding.map((t) => ({ hostname: t.hostname, state: 'UP' })),
  }),
};
