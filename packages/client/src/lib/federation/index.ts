/**
 * vCenter identity federation (vSphere Automation programming guide, chapter 2):
 * OIDC discovery → OAuth 2.0 grant at the IdP → token exchange at vCenter for a
 * SAML token → `POST /api/session` with `SIGN token="..."`. Every step is
 * exported on its own; {@link createFederatedAuthenticator} chains them.
 */
import type { AuthenticateContext } from '../../core/core.js';
import { OAuthError } from '@vsphere-kit/core/errors';
import { authorizationSecrets, samlSignAuthorization } from '@vsphere-kit/core/auth';
import type { IdpHttpOptions } from './http.js';
import { discoverOidc } from './oidc.js';
import { clientCredentialsGrant, exchangeAuthorizationCode, passwordGrant, refreshTokenGrant, type OAuthClient, type TokenResponse } from './oauth.js';
import { exchangeTokenForSaml } from './token-exchange.js';

export * from './oidc.js';
export * from './oauth.js';
export * from './token-exchange.js';
export type { IdpExchange, IdpHttpOptions } from './http.js';
export { encodeSamlTokenForSign, samlSignAuthorization } from '@vsphere-kit/core/auth';

/** How to get tokens from the IdP. */
export type FederationGrant =
  | { readonly type: 'password'; readonly username: string; readonly password: string }
  | { readonly type: 'client_credentials' }
  | { readonly type: 'refresh_token'; readonly refreshToken: string }
  | { readonly type: 'authorization_code'; readonly code: string; readonly redirectUri: string; readonly codeVerifier: string }
  /** Tokens obtained elsewhere. */
  | { readonly type: 'tokens'; readonly accessToken: string; readonly idToken?: string; readonly refreshToken?: string };

export interface FederationOptions {
  /** The IdP issuer, for OIDC discovery. Either this or `tokenEndpoint`. */
  readonly issuer?: string;
  readonly tokenEndpoint?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly clientAuth?: 'basic' | 'post';
  /** Default `openid`. */
  readonly scope?: string;
  readonly grant: FederationGrant;
  /** How to reach the IdP (its own CA, dispatcher, timeout). */
  readonly idp?: IdpHttpOptions;
}

/** The secret values a grant carries: whatever the IdP or vCenter might echo back during a login. */
function grantSecrets(grant: FederationGrant): (string | undefined)[] {
  switch (grant.type) {
    case 'password':
      return [grant.password];
    case 'refresh_token':
      return [grant.refreshToken];
    case 'authorization_code':
      return [grant.code, grant.codeVerifier];
    case 'tokens':
      return [grant.accessToken, grant.idToken, grant.refreshToken];
    case 'client_credentials':
      return [];
  }
}

/**
 * A `authenticate` function for `VsphereCore`: runs the whole federation flow on
 * every (re-)login. On a re-login it uses the refresh token when the IdP gave
 * one, otherwise it repeats the grant (password and client credentials can be
 * repeated; an authorization code cannot).
 */
export function createFederatedAuthenticator(options: FederationOptions): (context: AuthenticateContext) => Promise<string> {
  let client: OAuthClient | undefined;
  let refreshToken: string | undefined = options.grant.type === 'refresh_token' ? options.grant.refreshToken : undefined;
  let codeUsed = false;

  const getClient = async (): Promise<OAuthClient> => {
    if (client) return client;
    let tokenEndpoint = options.tokenEndpoint;
    if (!tokenEndpoint) {
      if (!options.issuer) throw new TypeError('federation needs `issuer` (for discovery) or `tokenEndpoint`');
      tokenEndpoint = (await discoverOidc(options.issuer, options.idp ?? {})).token_endpoint;
    }
    client = {
      ...options.idp,
      tokenEndpoint,
      clientId: options.clientId ?? '',
      clientSecret: options.clientSecret,
      clientAuth: options.clientAuth,
    };
    return client;
  };

  const getTokens = async (attempt: number): Promise<TokenResponse> => {
    const g = options.grant;
    if (g.type === 'tokens' && attempt === 1) {
      if (g.refreshToken) refreshToken = g.refreshToken;
      return { access_token: g.accessToken, id_token: g.idToken, token_type: 'Bearer' };
    }
    const c = await getClient();
    if (refreshToken && (attempt > 1 || g.type === 'refresh_token')) {
      try {
        return await refreshTokenGrant(c, { refreshToken, scope: options.scope });
      } catch (err) {
        if (!(err instanceof OAuthError) || g.type === 'refresh_token' || g.type === 'tokens') throw err;
        // fall through: repeat the original grant
      }
    }
    switch (g.type) {
      case 'password':
        return passwordGrant(c, { username: g.username, password: g.password, scope: options.scope });
      case 'client_credentials':
        return clientCredentialsGrant(c, { scope: options.scope });
      case 'authorization_code':
        if (codeUsed) throw new OAuthError(400, 'login_required', 'the session expired and the authorization code was already used; start a new authorization');
        codeUsed = true;
        return exchangeAuthorizationCode(c, g);
      case 'refresh_token':
      case 'tokens':
        throw new OAuthError(400, 'login_required', 'the session expired and no refresh token is available');
    }
  };

  return async ({ core, attempt }) => {
    core.registerSecret(options.clientSecret, refreshToken, ...grantSecrets(options.grant));
    const tokens = await getTokens(attempt);
    if (tokens.refresh_token) refreshToken = tokens.refresh_token;
    core.registerSecret(tokens.access_token, tokens.id_token, tokens.refresh_token);
    const { samlToken } = await exchangeTokenForSaml(core, { accessToken: tokens.access_token, idToken: tokens.id_token });
    const authorization = samlSignAuthorization(samlToken);
    core.registerSecret(samlToken, ...authorizationSecrets(authorization));
    return authorization;
  };
}
