/** NTP servers of the appliance and their test (a well-formed name or address counts as reachable: the mock reaches no network). */
import type { HandlerTable, RequestBody } from '../../behaviours/types.js';
import { checkHost, isHostOrIp } from './addresses.js';
import { section, writeSection } from './config.js';

export const ntpHandlers: HandlerTable = {
  'GET /api/appliance/ntp': ({ state }) => ({ body: [...section(state, 'ntp').servers] }),
  'PUT /api/appliance/ntp': ({ state, body }) => {
    const { servers } = body as RequestBody<'PUT /api/appliance/ntp'>;
    for (const [i, server] of servers.entries()) checkHost(`servers[${i}]`, server);
    writeSection(state, 'ntp', { servers: [...new Set(servers)] });
  },
  'POST /api/appliance/ntp?action=test': ({ body }) => {
    const { servers } = body as RequestBody<'POST /api/appliance/ntp?action=test'>;
    return {
      body: servers.map((server) =>
        isHostOrIp(server)
          ? {
              server,
              status: 'SERVER_REACHABLE',
              message: { id: 'com.vmware.appliance.ntp_sync.success', default_message: 'NTP Server is reachable.', args: [] },
            }
          : {
              server,
              status: 'SERVER_UNREACHABLE',
              message: { id: 'com.vmware.appliance.ntp_sync.failure', default_message: `NTP Server '${server}' is not reachable.`, args: [server] },
            },
      ),
    };
  },
};
