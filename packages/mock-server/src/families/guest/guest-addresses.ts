/**
 * The guest's IPv4 addresses, derived from what the VM holds so that every answer agrees:
 * each network is one /16 (10.N.0.0, N from the network id), its gateway is .0.1, and a NIC's
 * address comes from the last two bytes of its MAC address, as a DHCP server keyed on MACs hands out.
 */
import { createHash } from 'node:crypto';

export const GUEST_PREFIX_LENGTH = 16;

function networkOctet(network: string): number {
  return (createHash('sha256').update(network).digest()[0]! % 250) + 1;
}

/** `undefined` when the MAC is not `xx:xx:xx:xx:xx:xx`. */
export function ipOfMac(network: string, mac: string): string | undefined {
  const bytes = mac.split(':').map((b) => Number.parseInt(b, 16));
  if (bytes.length !== 6 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) return undefined;
  // Host part 0.2 … 255.254: never the network, the gateway (0.1) nor the broadcast address.
  const third = bytes[4]!;
  const fourth = (bytes[5]! % 253) + 2;
  return `10.${networkOctet(network)}.${third}.${fourth}`;
}

export function gatewayOf(network: string): string {
  return `10.${networkOctet(network)}.0.1`;
}

export function subnetOf(network: string): string {
  return `10.${networkOctet(network)}.0.0`;
}

/** The network address of `ip` under `prefix` (for routes of static addresses). */
export function networkAddress(ip: string, prefix: number): string {
  const n = ip.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const net = (n & mask) >>> 0;
  return [24, 16, 8, 0].map((s) => (net >>> s) & 0xff).join('.');
}
