/**
 * POST /api/vcenter/authentication/token (RFC 8693 token exchange, form-encoded):
 * trades a JWT from the built-in IdP for a SAML bearer assertion that
 * POST /api/session accepts as `Authorization: SIGN token="..."`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SUBJECT_TOKEN_TYPES, TOKEN_EXCHANGE_GRANT, TOKEN_TYPE_SAML2 } from '@vsphere-kit/core/federation/token-exchange';
import type { MockCore } from '../server/core.js';
import { VapiError } from '../server/errors.js';
import type { HandlerTable } from '../behaviours/types.js';
import { readText, type IdentityProvider } from './provider.js';

export const TOKEN_EXCHANGE_PATH = '/api/vcenter/authentication/token';
const GRANT = TOKEN_EXCHANGE_GRANT;
const SAML2 = TOKEN_TYPE_SAML2;
const SUBJECT_TYPES = new Set(SUBJECT_TOKEN_TYPES);

/** `getIdp` is called only once the request is well-formed (creating the provider costs a key pair). */
export function exchangeToken(getIdp: () => IdentityProvider, form: Record<string, unknown>, authorization?: string): Record<string, unknown> {
  const get = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
  if (get('grant_type') !== GRANT) {
    throw new VapiError('INVALID_ARGUMENT', `grant_type must be '${GRANT}'.`, ['grant_type'], 'com.vmware.vcenter.authentication.token.grant_type');
  }
  const requested = get('requested_token_type');
  if (requested !== undefined && requested !== SAML2) {
    throw new VapiError(
      'INVALID_ARGUMENT',
      `Only '${SAML2}' tokens can be requested.`,
      ['requested_token_type'],
      'com.vmware.vcenter.authentication.token.requested_token_type',
    );
  }
  const subjectType = get('subject_token_type');
  if (subjectType !== undefined && !SUBJECT_TYPES.has(subjectType)) {
    throw new VapiError(
      'INVALID_ARGUMENT',
      `Unsupported subject_token_type '${subjectType.slice(0, 100)}'.`,
      ['subject_token_type'],
      'com.vmware.vcenter.authentication.token.subject_token_type',
    );
  }
  // The guide's flow sends the IdP access token as `Authorization: Bearer` and as subject_token
  // (the ID token as actor_token); either one is enough here, and every token given must be valid.
  const bearer = authorization && /^bearer\s+/i.test(authorization) ? authorization.replace(/^bearer\s+/i, '').trim() : undefined;
  const subject = get('subject_token') ?? bearer;
  if (!subject)
    throw new VapiError('INVALID_ARGUMENT', 'subject_token is missing.', ['subject_token'], 'com.vmware.vcenter.authentication.token.subject_token');
  const idp = getIdp();
  const invalid = () => new VapiError('UNAUTHENTICATED', 'The subject token is invalid or has expired.', [], 'com.vmware.vcenter.authentication.token.invalid');
  const claims = idp.verifyToken(subject);
  if (!claims) throw invalid();
  if (bearer && bearer !== subject && !idp.verifyToken(bearer)) throw invalid();
  const actor = get('actor_token');
  if (actor && !idp.verifyToken(actor)) throw invalid();
  const user = String(claims.upn ?? claims.preferred_username ?? claims.sub);
  const ttl = 3600;
  const xml = idp.issueSaml(user, ttl);
  return {
    access_token: Buffer.from(xml, 'utf8').toString('base64'),
    token_type: 'Bearer',
    issued_token_type: SAML2,
    expires_in: ttl,
  };
}

export const tokenExchangeHandlers: HandlerTable = {
  'POST /api/vcenter/authentication/token': ({ server, body, headers }) => ({
    status: 200,
    body: exchangeToken(server.idp, (body ?? {}) as Record<string, unknown>, typeof headers.authorization === 'string' ? headers.authorization : undefined),
  }),
};

/** Serves the exchange when the specs do not (yet) describe it. */
export async function serveBuiltinExchange(core: MockCore, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  if (pathname !== TOKEN_EXCHANGE_PATH || req.method !== 'POST') return false;
  const text = await readText(req, core.options.bodyLimit);
  const form = Object.fromEntries(new URLSearchParams(text));
  core.sendJson(
    res,
    200,
    exchangeToken(() => core.ensureIdp(), form, typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined),
  );
  return true;
}
