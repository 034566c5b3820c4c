/**
 * Who may call the admin endpoints (/__mock/…). They can wipe the state and inject faults, and a web
 * page open in the developer's browser can reach a mock on 127.0.0.1, so:
 * - the Host must name a loopback address (or the address the mock is bound to): a DNS-rebinding
 *   page sends its own name there;
 * - a request with an Origin other than the mock's own is refused (browsers send Origin on every
 *   cross-origin POST, including the "simple" ones that need no preflight);
 * - a body must be JSON (`text/plain` is what a page can send without a preflight);
 * - with `adminToken`, every admin request needs `Authorization: Bearer <token>`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { VapiError } from './errors.js';

export interface AdminGuardOptions {
  /** The interface the mock listens on (`127.0.0.1`, `0.0.0.0`, `10.1.2.3`, …). */
  bindHost: string;
  /** Required as `Authorization: Bearer <token>` when set. */
  token?: string;
}

const refuse = (message: string, id: string, status = 403) =>
  new VapiError(status === 401 ? 'UNAUTHENTICATED' : status === 415 ? 'INVALID_REQUEST' : 'UNAUTHORIZED', message, [], `com.vmware.mock.admin.${id}`, status);

/** The host part of a Host header or URL authority, without brackets or port. */
function hostName(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    return end < 0 ? authority : authority.slice(1, end);
  }
  const colon = authority.lastIndexOf(':');
  return (colon < 0 ? authority : authority.slice(0, colon)).toLowerCase();
}

export function isLoopbackName(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  if (host.startsWith('::ffff:')) host = host.slice(7);
  return isIP(host) === 4 && host.startsWith('127.');
}

/** True when `host` (from a Host header) names this mock: loopback, or the literal address it is bound to. */
function hostAllowed(host: string, bindHost: string): boolean {
  if (isLoopbackName(host)) return true;
  const bound = bindHost.replace(/^\[|\]$/g, '').toLowerCase();
  return isIP(host) !== 0 && host === bound && bound !== '0.0.0.0' && bound !== '::';
}

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header || !/^bearer /i.test(header)) return false;
  const given = Buffer.from(header.slice(7).trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The reason to refuse an admin request, or undefined when it may go on. */
export function adminRefusal(method: string, headers: IncomingHttpHeaders, options: AdminGuardOptions): VapiError | undefined {
  const host = headers.host;
  if (!host || !hostAllowed(hostName(host), options.bindHost)) {
    return refuse('Admin endpoints answer only requests addressed to a loopback host (Host: 127.0.0.1 or localhost).', 'host');
  }
  const origin = headers.origin;
  if (origin !== undefined) {
    let same = false;
    try {
      const u = new URL(origin);
      same = u.host.toLowerCase() === host.toLowerCase();
    } catch {
      /* `null` and other opaque origins are foreign */
    }
    if (!same) return refuse('Admin endpoints refuse cross-origin requests.', 'origin');
  }
  if (options.token !== undefined && !tokenMatches(typeof headers.authorization === 'string' ? headers.authorization : undefined, options.token)) {
    return refuse('Admin endpoints need the admin token (Authorization: Bearer <token>).', 'token', 401);
  }
  const hasBody = (headers['content-length'] !== undefined && headers['content-length'] !== '0') || headers['transfer-encoding'] !== undefined;
  if (hasBody && method !== 'GET') {
    const type = String(headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
      return refuse(`Admin request bodies must be JSON (Content-Type: application/json), not '${type.slice(0, 80)}'.`, 'content_type', 415);
    }
  }
  return undefined;
}
