/**
 * The appliance's proxies, one per protocol (http, https, ftp), and the hosts reached
 * without one. A protocol never set (or deleted) reads as disabled with port -1, as the
 * appliance answers. Proxy passwords are taken and never stored or shown.
 */
import type { HandlerTable, RequestBody } from '../../behaviours/types.js';
import { invalidArgument } from '../../server/errors.js';
import { dict } from '../../state/dict.js';
import type { Inventory } from '../../state/inventory.js';
import { check, checkPort, isHostOrIp } from './addresses.js';
import { section, writeSection } from './config.js';
import type { ProxySettings } from './types.js';

export const PROXY_PROTOCOLS = ['http', 'https', 'ftp'] as const;

const UNSET: ProxySettings = { server: '', port: -1, enabled: false };

function protocolOf(protocol: string): string {
  if (!(PROXY_PROTOCOLS as readonly string[]).includes(protocol)) {
    throw invalidArgument(`protocol '${protocol}' is not one of ${PROXY_PROTOCOLS.join(', ')}.`, ['protocol', protocol]);
  }
  return protocol;
}

function proxyOf(s: Inventory, protocol: string): ProxySettings {
  const { protocols } = section(s, 'proxy');
  return Object.hasOwn(protocols, protocol) ? protocols[protocol]! : UNSET;
}

/** The host of a proxy server given as `host` or `http(s)://host[:port]`. */
function proxyHost(server: string): string | undefined {
  if (!/^[a-z]+:\/\//i.test(server)) return server;
  try {
    const url = new URL(server);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname.replace(/^\[|\]$/g, '') : undefined;
  } catch {
    return undefined;
  }
}

type ProxyConfig = RequestBody<'PUT /api/appliance/networking/proxy/{protocol}'>;

/** `where` prefixes the field names in errors (`config.` inside the test body). */
function proxySettings(config: ProxyConfig, where = ''): ProxySettings {
  const host = proxyHost(config.server);
  check(host !== undefined && isHostOrIp(host), `${where}server`, config.server, 'a host name, an address or an http(s) URL');
  checkPort(`${where}port`, config.port);
  return { server: config.server, port: config.port, enabled: config.enabled, ...(config.username ? { username: config.username } : {}) };
}

function writeProxy(s: Inventory, protocol: string, settings: ProxySettings | undefined): void {
  const proxy = section(s, 'proxy');
  const protocols = dict(proxy.protocols);
  if (settings) protocols[protocol] = settings;
  else delete protocols[protocol];
  writeSection(s, 'proxy', { ...proxy, protocols });
}

const shown = (p: ProxySettings) => ({ server: p.server, port: p.port, enabled: p.enabled, ...(p.username ? { username: p.username } : {}) });

export const proxyHandlers: HandlerTable = {
  'GET /api/appliance/networking/proxy': ({ state }) => ({
    body: Object.fromEntries(PROXY_PROTOCOLS.map((p) => [p, shown(proxyOf(state, p))])),
  }),
  'GET /api/appliance/networking/proxy/{protocol}': ({ state, params }) => ({ body: shown(proxyOf(state, protocolOf(params.protocol))) }),
  'PUT /api/appliance/networking/proxy/{protocol}': ({ state, params, body }) => {
    const protocol = protocolOf(params.protocol);
    writeProxy(state, protocol, proxySettings(body as ProxyConfig));
  },
  'DELETE /api/appliance/networking/proxy/{protocol}': ({ state, params }) => {
    writeProxy(state, protocolOf(params.protocol), undefined);
  },
  'POST /api/appliance/networking/proxy/{protocol}?action=test': ({ params, body }) => {
    protocolOf(params.protocol);
    const { host, config } = body as RequestBody<'POST /api/appliance/networking/proxy/{protocol}?action=test'>;
    const settings = proxySettings(config, 'config.');
    const ok = settings.enabled && isHostOrIp(host);
    return {
      body: ok
        ? {
            status: 'SERVER_REACHABLE',
            message: {
              id: 'com.vmware.appliance.networking.proxy.test.success',
              default_message: `'${host}' is reachable through ${settings.server}.`,
              args: [host],
            },
          }
        : {
            status: 'SERVER_UNREACHABLE',
            message: {
              id: 'com.vmware.appliance.networking.proxy.test.failure',
              default_message: settings.enabled ? `'${host}' is not a host name or an address.` : 'The proxy configuration is disabled.',
              args: [host],
            },
          },
    };
  },
  'GET /api/appliance/networking/noproxy': ({ state }) => ({ body: [...section(state, 'proxy').noproxy] }),
  'PUT /api/appliance/networking/noproxy': ({ state, body }) => {
    const { servers } = body as RequestBody<'PUT /api/appliance/networking/noproxy'>;
    // Entries are hosts, addresses, networks (a.b.c.d/n) or domain suffixes (.example.com).
    servers.forEach((entry, i) => {
      const host = entry.replace(/^\./, '').replace(/\/\d{1,3}$/, '');
      check(isHostOrIp(host), `servers[${i}]`, entry, 'a host name, an address, a network or a domain suffix');
    });
    writeSection(state, 'proxy', { ...section(state, 'proxy'), noproxy: [...new Set(servers)] });
  },
};
