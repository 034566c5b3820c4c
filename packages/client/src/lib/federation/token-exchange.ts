import type { RequestOptions } from '@vsphere-kit/core/caller';
import type { VsphereCore } from '../../core/core.js';
import { VsphereResponseError } from '@vsphere-kit/core/errors';
import { authorizationSecrets, samlSignAuthorization } from '@vsphere-kit/core/auth';
import { TOKEN_EXCHANGE_GRANT, TOKEN_TYPE_ACCESS, TOKEN_TYPE_ID, TOKEN_TYPE_SAML2, tokenExchangeForm } from '@vsphere-kit/core/federation/token-exchange';
import { AUTHENTICATION_TOKEN_EXCHANGE, SESSION_CREATE } from '../../internal/routes.js';

export { TOKEN_EXCHANGE_GRANT, TOKEN_TYPE_ACCESS, TOKEN_TYPE_ID, TOKEN_TYPE_SAML2 };

/** vCenter's answer to the token exchange. */
export interface TokenExchangeResult {
  /** The SAML token (base64 of the XML), as `access_token` carried it. */
  readonly samlToken: string;
  readonly tokenType?: string;
  readonly issuedTokenType?: string;
  readonly expiresIn?: number;
  readonly raw: unknown;
}

/**
 * Trades the IdP's access token (and ID token, as actor) for a vCenter SAML
 * token at `POST /api/vcenter/authentication/token` (form-encoded, with
 * `Authorization: Bearer <access token>`).
 */
export async function exchangeTokenForSaml(
  core: VsphereCore,
  tokens: { accessToken: string; idToken?: string },
  options: RequestOptions = {},
): Promise<TokenExchangeResult> {
  core.registerSecret(tokens.accessToken, tokens.idToken);
  const body = tokenExchangeForm(tokens);
  const raw = await core.call<Record<string, unknown>>(
    AUTHENTICATION_TOKEN_EXCHANGE,
    { body },
    {
      ...options,
      headers: { ...options.headers, authorization: `Bearer ${tokens.accessToken}` },
    },
  );
  const samlToken = raw && typeof raw === 'object' ? raw.access_token : undefined;
  if (typeof samlToken !== 'string' || samlToken === '') {
    throw new VsphereResponseError('the token exchange answered without access_token', { status: 200 });
  }
  core.registerSecret(samlToken);
  return {
    samlToken,
    tokenType: typeof raw.token_type === 'string' ? raw.token_type : undefined,
    issuedTokenType: typeof raw.issued_token_type === 'string' ? raw.issued_token_type : undefined,
    expiresIn: typeof raw.expires_in === 'number' ? raw.expires_in : undefined,
    raw: core.redactValue(raw),
  };
}

/**
 * Creates a session from a SAML token (`Authorization: SIGN token="..."` on
 * `POST /api/session`) and makes it the core's current session.
 */
export async function loginWithSamlToken(core: VsphereCore, samlToken: string, options: RequestOptions & { encoded?: boolean } = {}): Promise<string> {
  const authorization = samlSignAuthorization(samlToken, { encoded: options.encoded });
  core.registerSecret(samlToken, ...authorizationSecrets(authorization));
  const sessionId = await core.call<string>(SESSION_CREATE, {}, { ...options, headers: { ...options.headers, authorization } });
  if (typeof sessionId !== 'string' || sessionId === '') throw new VsphereResponseError('expected a session identifier', { status: 201 });
  core.adoptSession(sessionId);
  return sessionId;
}
