import { nodeZlib } from '../internal/builtins.js';

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
