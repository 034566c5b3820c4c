/**
 * The appliance's network interfaces (`nic0`) with their IPv4 and IPv6 settings, the
 * networking summary (DNS and interfaces in one answer), the IPv6 switch and the
 * `change` task that moves hostname, DNS and addresses at once after checking SSO credentials.
 */
import type { HandlerTable, RequestBody } from '../../behaviours/types.js';
import { notFound, VapiError } from '../../server/errors.js';
import { dict } from '../../state/dict.js';
import type { Inventory } from '../../state/inventory.js';
import { check, checkIPv4, checkPrefix, isIPv6, sameIPv4Network } from './addresses.js';
import { section, writeSection } from './config.js';
import { dnsHostname, dnsServersSpec, dnsView } from './dns.js';
import type { ApplianceInterface, Ipv4Settings, Ipv6Settings } from './types.js';

type Ipv4Config = RequestBody<'PUT /api/appliance/networking/interfaces/{interface_name}/ipv4'>;
type Ipv6Config = RequestBody<'PUT /api/appliance/networking/interfaces/{interface_name}/ipv6'>;

export function interfaceOf(s: Inventory, name: string): ApplianceInterface {
  const interfaces = section(s, 'interfaces');
  const nic = Object.hasOwn(interfaces, name) ? interfaces[name] : undefined;
  if (!nic) throw notFound('Network interface', name, 'com.vmware.appliance.networking.interfaces.not_found');
  return nic;
}

/** The IPv6 link-local address the interface derives from its MAC (EUI-64). */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((h) => Number.parseInt(h, 16));
  const eui = [b[0]! ^ 2, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!];
  const groups = [0, 2, 4, 6].map((i) => ((eui[i]! << 8) | eui[i + 1]!).toString(16));
  return `fe80::${groups.join(':')}`;
}

function ipv4Info(v4: Ipv4Settings) {
  return { configurable: true, ...v4 };
}

function ipv6Info(nic: ApplianceInterface) {
  const { ipv6 } = nic;
  return {
    dhcp: ipv6.dhcp,
    autoconf: ipv6.autoconf,
    default_gateway: ipv6.default_gateway,
    configurable: true,
    addresses: [
      { address: linkLocal(nic.mac), prefix: 64, origin: 'OTHER' as const, status: 'PREFERRED' as const },
      ...ipv6.addresses.map((a) => ({ ...a, origin: 'MANUAL' as const, status: 'PREFERRED' as const })),
    ],
  };
}

// A real appliance keeps reporting the IPv6 settings (its link-local address) with IPv6 disabled.
function interfaceInfo(name: string, nic: ApplianceInterface) {
  return { name, status: nic.status, mac: nic.mac, ipv4: ipv4Info(nic.ipv4), ipv6: ipv6Info(nic) };
}

/** The IPv4 settings a config gives, checked: a static address needs a prefix, and its gateway lies in its network. */
/** `where` prefixes the field names in errors (`ipv4.` inside a larger body). */
export function ipv4Settings(config: Ipv4Config, where = ''): Ipv4Settings {
  if (config.mode !== 'STATIC') return { mode: config.mode };
  const { address, prefix, default_gateway } = config;
  check(address !== undefined, `${where}address`, address, 'given (a STATIC configuration needs an address)');
  check(prefix !== undefined, `${where}prefix`, prefix, 'given (a STATIC configuration needs a prefix)');
  checkIPv4(`${where}address`, address!);
  checkPrefix(`${where}prefix`, prefix!, 32);
  if (default_gateway !== undefined && default_gateway !== '') {
    checkIPv4(`${where}default_gateway`, default_gateway);
    check(sameIPv4Network(address!, default_gateway, prefix!), `${where}default_gateway`, default_gateway, `in the network ${address}/${prefix}`);
  }
  return { mode: 'STATIC', address: address!, prefix: prefix!, ...(default_gateway ? { default_gateway } : {}) };
}

export function ipv6Settings(config: Ipv6Config, where = ''): Ipv6Settings {
  config.addresses.forEach((a, i) => {
    check(isIPv6(a.address), `${where}addresses[${i}].address`, a.address, 'an IPv6 address');
    checkPrefix(`${where}addresses[${i}].prefix`, a.prefix, 128);
  });
  if (config.default_gateway !== '') check(isIPv6(config.default_gateway), `${where}default_gateway`, config.default_gateway, 'an IPv6 address');
  return {
    dhcp: config.dhcp,
    autoconf: config.autoconf,
    addresses: config.addresses.map((a) => ({ address: a.address, prefix: a.prefix })),
    default_gateway: config.default_gateway,
  };
}

function writeInterface(s: Inventory, name: string, nic: ApplianceInterface): void {
  const interfaces = dict(section(s, 'interfaces'));
  interfaces[name] = nic;
  writeSection(s, 'interfaces', interfaces);
}

function requireIpv6(s: Inventory): void {
  if (!section(s, 'networking').ipv6_enabled) {
    throw new VapiError(
      'NOT_ALLOWED_IN_CURRENT_STATE',
      'IPv6 is disabled on the appliance; enable it with PATCH /api/appliance/networking first.',
      [],
      'com.vmware.appliance.networking.ipv6_disabled',
    );
  }
}

export const interfaceHandlers: HandlerTable = {
  'GET /api/appliance/networking/interfaces': ({ state }) => ({
    body: Object.entries(section(state, 'interfaces')).map(([name, nic]) => interfaceInfo(name, nic)),
  }),
  'GET /api/appliance/networking/interfaces/{interface_name}': ({ state, params }) => ({
    body: interfaceInfo(params.interface_name, interfaceOf(state, params.interface_name)),
  }),
  'GET /api/appliance/networking/interfaces/{interface_name}/ipv4': ({ state, params }) => ({ body: ipv4Info(interfaceOf(state, params.interface_name).ipv4) }),
  'PUT /api/appliance/networking/interfaces/{interface_name}/ipv4': ({ state, params, body }) => {
    const nic = interfaceOf(state, params.interface_name);
    writeInterface(state, params.interface_name, { ...nic, ipv4: ipv4Settings(body as Ipv4Config) });
  },
  'GET /api/appliance/networking/interfaces/{interface_name}/ipv6': ({ state, params }) => ({ body: ipv6Info(interfaceOf(state, params.interface_name)) }),
  'PUT /api/appliance/networking/interfaces/{interface_name}/ipv6': ({ state, params, body }) => {
    const nic = interfaceOf(state, params.interface_name);
    requireIpv6(state);
    writeInterface(state, params.interface_name, { ...nic, ipv6: ipv6Settings(body as Ipv6Config) });
  },
  'GET /api/appliance/networking': ({ state }) => ({
    body: {
      dns: dnsView(state),
      interfaces: Object.fromEntries(Object.entries(section(state, 'interfaces')).map(([name, nic]) => [name, interfaceInfo(name, nic)])),
    },
  }),
  'PATCH /api/appliance/networking': ({ state, body }) => {
    const { ipv6_enabled } = body as RequestBody<'PATCH /api/appliance/networking'>;
    if (ipv6_enabled !== undefined) writeSection(state, 'networking', { ipv6_enabled });
  },
  // Renews the DHCP leases: nothing the mock holds changes.
  'POST /api/appliance/networking?action=reset': () => {},
  'POST /api/appliance/networking?action=change': ({ state, body, server }) => {
    const spec = body as RequestBody<'POST /api/appliance/networking?action=change'>;
    const users = server.users;
    if (!Object.hasOwn(users, spec.SSO_user) || users[spec.SSO_user] !== spec.SSO_password) {
      throw new VapiError('UNAUTHENTICATED', 'The SSO user name or password is wrong.', [], 'com.vmware.appliance.networking.change.sso_credentials');
    }
    // Everything is checked before anything is written.
    const hostname = dnsHostname(spec.hostname, 'hostname');
    const dns = spec.dns ? dnsServersSpec(spec.dns, 'dns.') : undefined;
    const nic = interfaceOf(state, 'nic0');
    const ipv4 = spec.ipv4 ? ipv4Settings(spec.ipv4, 'ipv4.') : nic.ipv4;
    if (spec.ipv6) requireIpv6(state);
    const ipv6 = spec.ipv6 ? ipv6Settings(spec.ipv6, 'ipv6.') : nic.ipv6;
    writeSection(state, 'dns', { ...section(state, 'dns'), hostname, ...(dns ?? {}) });
    writeInterface(state, 'nic0', { ...nic, ipv4, ipv6 });
  },
};
