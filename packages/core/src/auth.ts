/**
 * Auth primitives of the vSphere Automation API: Basic credentials and the
 * SAML `SIGN` header for `POST /api/session`, and the header that carries the
 * session afterwards.
 */
import { nodeZlib } from './internal/builtins.js';

/** The request header that carries the session id of `/api` calls. */
export const SESSION_HEADER = 'vmware-api-session-id';

/** `Basic base64(user:password)` (UTF-8), as `POST /api/session` expects it. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * The user name and password of a `Basic` header: undefined when the scheme is
 * not Basic, `null` when it is Basic but the credentials have no `:`.
 */
export function parseBasicAuthorization(header: string | undefined): { username: string; password: string } | null | undefined {
  const m = /^basic(?:\s+(.*))?$/is.exec(header ?? '');
  if (!m) return undefined;
  const text = Buffer.from((m[1] ?? '').trim(), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? null : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The token of a `SIGN token="..."` header (still gzipped and base64-encoded), or undefined. */
export function parseSignAuthorization(header: string | undefined): string | undefined {
  const m = /^sign(?:\s+(.*))?$/is.exec(header ?? '');
  return m ? /token="([^"]*)"/.exec(m[1] ?? '')?.[1] : undefined;
}

/**
 * Prepares a SAML bearer token for `Authorization: SIGN token="..."` on
 * `POST /api/session`: base64-decode (the token exchange answers base64 or
 * base64url of the XML), gzip, base64-encode. Raw XML (starting with `<`) is
 * accepted too and only gzipped and encoded.
 */
export function encodeSamlTokenForSign(token: string): string {
  const trimmed = token.trim();
  const xml = trimmed.startsWith('<') ? Buffer.from(trimmed, 'utf8') : Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (xml.length === 0) throw new TypeError('the SAML token is empty');
  return nodeZlib().gzipSync(xml).toString('base64');
}

/** The Authorization header value for a SAML login: `SIGN token="<gzipped base64>"`. */
export function samlSignAuthorization(token: string, options: { encoded?: boolean } = {}): string {
  const value = options.encoded ? token : encodeSamlTokenForSign(token);
  return `SIGN token="${value}"`;
}

/**
 * Every form of a login header that must never be shown: the whole header, its
 * credentials part, and for SIGN the bare token (servers and proxies echo any of them).
 */
export function authorizationSecrets(authorization: string): string[] {
  const credentials = authorization.replace(/^\S+\s+/, '');
  const bare = /token="([^"]*)"/.exec(authorization)?.[1];
  return bare ? [authorization, credentials, bare] : [authorization, credentials];
}
