/** The address checks the appliance applies to what it is given: IP addresses, prefixes, host and domain names, ports. */
import { isIPv4, isIPv6 } from 'node:net';
import { invalidArgument } from '../../server/errors.js';

export { isIPv4, isIPv6 };

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** A DNS name: dot-separated labels of letters, digits and inner hyphens, 253 characters at most. */
export function isHostname(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = (name.endsWith('.') ? name.slice(0, -1) : name).split('.');
  // The last label of a name is never all digits (that would be an IPv4 address gone wrong).
  return labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels.at(-1)!);
}

export const isHostOrIp = (name: string): boolean => isIPv4(name) || isIPv6(name) || isHostname(name);

/** Throws INVALID_ARGUMENT naming `field` unless `ok`. */
export function check(ok: boolean, field: string, value: unknown, what: string): void {
  if (!ok) throw invalidArgument(`${field} ${JSON.stringify(value)} is not ${what}.`, [field, String(value)]);
}

export function checkIPv4(field: string, value: string): void {
  check(isIPv4(value), field, value, 'an IPv4 address');
}

export function checkIp(field: string, value: string): void {
  check(isIPv4(value) || isIPv6(value), field, value, 'an IPv4 or IPv6 address');
}

export function checkHost(field: string, value: string): void {
  check(isHostOrIp(value), field, value, 'a host name or an IP address');
}

export function checkPrefix(field: string, value: number, max: 32 | 128): void {
  check(Number.isInteger(value) && value >= 0 && value <= max, field, value, `a prefix length from 0 to ${max}`);
}

export function checkPort(field: string, value: number): void {
  check(Number.isInteger(value) && value >= 1 && value <= 65_535, field, value, 'a port from 1 to 65535');
}

function ipv4Number(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Whether two IPv4 addresses lie in the same network of the given prefix length. */
export function sameIPv4Network(a: string, b: string, prefix: number): boolean {
  if (prefix === 0) return true;
  const size = 2 ** (32 - prefix);
  return Math.floor(ipv4Number(a) / size) === Math.floor(ipv4Number(b) / size);
}
