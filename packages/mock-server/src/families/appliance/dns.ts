/**
 * DNS of the appliance: its servers (static or from DHCP), its host name and its search
 * domains, with the checks the appliance runs (`test` of servers and of a host name).
 * The mock reaches no network: an address that is well formed counts as reachable.
 */
import type { HandlerTable, RequestBody } from '../../behaviours/types.js';
import { VapiError } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import { check, checkIp, isHostname, isIPv4, isIPv6 } from './addresses.js';
import { APPLIANCE_IPV4, section, writeSection } from './config.js';

type ServersConfig = RequestBody<'PUT /api/appliance/networking/dns/servers'>;

/** A host name the appliance accepts for itself: a DNS name (not an address). */
export function dnsHostname(name: string, field = 'name'): string {
  check(isHostname(name), field, name, 'a host name (letters, digits and hyphens in dot-separated labels)');
  return name;
}

/** The servers of a configuration, checked; in DHCP mode they come from the DHCP server (the network's gateway). */
export function dnsServersSpec(config: ServersConfig, where = ''): { mode: ServersConfig['mode']; servers: string[] } {
  if (config.mode === 'dhcp') return { mode: 'dhcp', servers: [APPLIANCE_IPV4.default_gateway] };
  check(config.servers.length > 0, `${where}servers`, config.servers, 'a non-empty list (static mode needs at least one server)');
  for (const [i, server] of config.servers.entries()) checkIp(`${where}servers[${i}]`, server);
  return { mode: 'is_static', servers: [...config.servers] };
}

/** DNS as the networking summary shows it. */
export function dnsView(s: Inventory) {
  const dns = section(s, 'dns');
  return { mode: dns.mode === 'dhcp' ? ('DHCP' as const) : ('STATIC' as const), hostname: dns.hostname, servers: [...dns.servers] };
}

function checkDomain(field: string, domain: string): void {
  check(isHostname(domain), field, domain, 'a domain name');
}

const testStatus = (ok: number, total: number) => (ok === total ? 'green' : ok === 0 ? 'red' : 'orange');

export const dnsHandlers: HandlerTable = {
  'GET /api/appliance/networking/dns/servers': ({ state }) => {
    const { mode, servers } = section(state, 'dns');
    return { body: { mode, servers: [...servers] } };
  },
  'PUT /api/appliance/networking/dns/servers': ({ state, body }) => {
    writeSection(state, 'dns', { ...section(state, 'dns'), ...dnsServersSpec(body as ServersConfig) });
  },
  'POST /api/appliance/networking/dns/servers': ({ state, body }) => {
    const { server } = body as RequestBody<'POST /api/appliance/networking/dns/servers'>;
    checkIp('server', server);
    const dns = section(state, 'dns');
    if (dns.mode === 'dhcp') {
      throw new VapiError(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        'DNS servers come from DHCP; switch to static mode with PUT /api/appliance/networking/dns/servers to add one.',
        [server],
        'com.vmware.appliance.networking.dns.servers.dhcp_mode',
      );
    }
    if (!dns.servers.includes(server)) writeSection(state, 'dns', { ...dns, servers: [...dns.servers, server] });
  },
  'POST /api/appliance/networking/dns/servers?action=test': ({ body }) => {
    const { servers } = body as RequestBody<'POST /api/appliance/networking/dns/servers?action=test'>;
    const messages = servers.map((server) =>
      isIPv4(server) || isIPv6(server)
        ? { message: `DNS server '${server}' answered.`, result: 'success' as const }
        : { message: `Failed to reach '${server}'.`, result: 'failure' as const },
    );
    return { body: { status: testStatus(messages.filter((m) => m.result === 'success').length, messages.length), messages } };
  },
  'GET /api/appliance/networking/dns/hostname': ({ state }) => ({ body: section(state, 'dns').hostname }),
  'PUT /api/appliance/networking/dns/hostname': ({ state, body }) => {
    const { name } = body as RequestBody<'PUT /api/appliance/networking/dns/hostname'>;
    writeSection(state, 'dns', { ...section(state, 'dns'), hostname: dnsHostname(name) });
  },
  'POST /api/appliance/networking/dns/hostname?action=test': ({ body }) => {
    const { name } = body as RequestBody<'POST /api/appliance/networking/dns/hostname?action=test'>;
    const ok = isHostname(name);
    return {
      body: {
        status: ok ? 'green' : 'red',
        messages: [
          ok ? { message: `'${name}' resolves to the appliance.`, result: 'success' } : { message: `'${name}' is not a valid host name.`, result: 'failure' },
        ],
      },
    };
  },
  'GET /api/appliance/networking/dns/domains': ({ state }) => ({ body: [...section(state, 'dns').domains] }),
  'PUT /api/appliance/networking/dns/domains': ({ state, body }) => {
    const { domains } = body as RequestBody<'PUT /api/appliance/networking/dns/domains'>;
    for (const [i, d] of domains.entries()) checkDomain(`domains[${i}]`, d);
    writeSection(state, 'dns', { ...section(state, 'dns'), domains: [...new Set(domains)] });
  },
  'POST /api/appliance/networking/dns/domains': ({ state, body }) => {
    const { domain } = body as RequestBody<'POST /api/appliance/networking/dns/domains'>;
    checkDomain('domain', domain);
    const dns = section(state, 'dns');
    if (!dns.domains.includes(domain)) writeSection(state, 'dns', { ...dns, domains: [...dns.domains, domain] });
  },
};
