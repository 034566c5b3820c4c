import { nodeCrypto } from '../../internal/builtins.js';
import { basicAuthorization } from '@vsphere-kit/core/auth';
import { OAuthError } from '@vsphere-kit/core/errors';
import { createPkcePair } from '@vsphere-kit/core/federation/pkce';
import { idpRequest, type IdpHttpOptions } from './http.js';

/** A token endpoint answer (RFC 6749 §5.1, plus the OIDC `id_token`). */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in?: number;
  readonly refresh_token?: string;
  readonly id_token?: string;
  readonly scope?: string;
  readonly [key: string]: unknown;
}

/** The OAuth client: its id, optional secret, and how the secret is sent. */
export interface OAuthClient extends IdpHttpOptions {
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  /** `basic` (client_secret_basic, default) or `post` (client_secret_post). */
  readonly clientAuth?: 'basic' | 'post';
}

/** Grant parameters that are not secret; every other value sent (password, code, verifier, tokens) is redacted from errors. */
const PUBLIC_PARAMS = new Set([
  'grant_type',
  'scope',
  'client_id',
  'redirect_uri',
  'username',
  'audience',
  'resource',
  'requested_token_type',
  'subject_token_type',
  'actor_token_type',
]);

/** POSTs a grant to the token endpoint with client authentication. */
export async function tokenRequest(client: OAuthClient, params: Record<string, string | undefined>): Promise<TokenResponse> {
  const { status, body } = await clientPost(client, client.tokenEndpoint, params);
  const t = body as Partial<TokenResponse> | undefined;
  if (!t || typeof t.access_token !== 'string') throw new OAuthError(status, 'invalid_token_response', 'the token endpoint answered without access_token');
  return t as TokenResponse;
}

/** A device authorization answer (RFC 8628 §3.2): the code to poll with, and what the user opens and types. */
export interface DeviceAuthorizationResponse {
  readonly device_code: string;
  readonly user_code?: string;
  readonly verification_uri?: string;
  readonly verification_uri_complete?: string;
  readonly expires_in?: number;
  readonly interval?: number;
  readonly [key: string]: unknown;
}

/** Starts the device flow (RFC 8628 §3.1) at the IdP's `device_authorization_endpoint`, authenticating the client as the token endpoint does. */
export async function deviceAuthorizationRequest(client: OAuthClient, endpoint: string, p: { scope?: string } = {}): Promise<DeviceAuthorizationResponse> {
  const { status, body } = await clientPost(client, endpoint, { scope: p.scope });
  const d = body as Partial<DeviceAuthorizationResponse> | undefined;
  if (!d || typeof d.device_code !== 'string')
    throw new OAuthError(status, 'invalid_device_response', 'the device authorization endpoint answered without device_code');
  return d as DeviceAuthorizationResponse;
}

/** A form POST to one of the IdP's client endpoints, with the client's authentication (Basic, or in the form). */
async function clientPost(client: OAuthClient, endpoint: string, params: Record<string, string | undefined>) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) form.set(k, v);
  const headers: Record<string, string> = {};
  if (client.clientSecret !== undefined && (client.clientAuth ?? 'basic') === 'basic') {
    const id = encodeURIComponent(client.clientId);
    const secret = encodeURIComponent(client.clientSecret);
    headers.authorization = basicAuthorization(id, secret);
  } else {
    form.set('client_id', client.clientId);
    if (client.clientSecret !== undefined) form.set('client_secret', client.clientSecret);
  }
  const secrets = [
    client.clientSecret,
    ...Object.entries(params)
      .filter(([k]) => !PUBLIC_PARAMS.has(k))
      .map(([, v]) => v),
  ];
  return idpRequest(endpoint, { method: 'POST', headers, form, secrets }, client);
}

/** Resource owner password grant. */
export function passwordGrant(client: OAuthClient, p: { username: string; password: string; scope?: string }): Promise<TokenResponse> {
  return tokenRequest(client, { grant_type: 'password', username: p.username, password: p.password, scope: p.scope ?? 'openid' });
}

/** Client credentials grant. */
export function clientCredentialsGrant(client: OAuthClient, p: { scope?: string } = {}): Promise<TokenResponse> {
  return tokenRequest(client, { grant_type: 'client_credentials', scope: p.scope ?? 'openid' });
}

/** Refresh token grant. */
export function refreshTokenGrant(client: OAuthClient, p: { refreshToken: string; scope?: string }): Promise<TokenResponse> {
  return tokenRequest(client, { grant_type: 'refresh_token', refresh_token: p.refreshToken, scope: p.scope });
}

/** Authorization code grant with PKCE: trades the code the redirect brought back. */
export function exchangeAuthorizationCode(client: OAuthClient, p: { code: string; redirectUri: string; codeVerifier: string }): Promise<TokenResponse> {
  return tokenRequest(client, {
    grant_type: 'authorization_code',
    code: p.code,
    redirect_uri: p.redirectUri,
    code_verifier: p.codeVerifier,
  });
}

const b64url = (buf: Buffer): string => buf.toString('base64url');

export { createPkcePair };

export interface AuthorizationRequest {
  /** Send the user's browser here. */
  readonly url: string;
  /** Keep these until the redirect comes back. */
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly codeChallenge: string;
}

/** Builds the authorize URL of an authorization code + PKCE flow, with fresh state, nonce and verifier. */
export function createAuthorizationRequest(p: {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  scope?: string;
  state?: string;
  nonce?: string;
  extraParams?: Readonly<Record<string, string>>;
}): AuthorizationRequest {
  const { codeVerifier, codeChallenge } = createPkcePair();
  const state = p.state ?? b64url(nodeCrypto().randomBytes(16));
  const nonce = p.nonce ?? b64url(nodeCrypto().randomBytes(16));
  const url = new URL(p.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('scope', p.scope ?? 'openid');
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('code_challenge', codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  for (const [k, v] of Object.entries(p.extraParams ?? {})) url.searchParams.set(k, v);
  return { url: url.toString(), state, nonce, codeVerifier, codeChallenge };
}

/** Reads the redirect back from the IdP: checks `state`, surfaces `error`, returns the code. */
export function parseAuthorizationResponse(redirectedTo: string | URL, expectedState: string): { code: string } {
  const url = new URL(redirectedTo.toString());
  const params = url.searchParams.has('code') || url.searchParams.has('error') ? url.searchParams : new URLSearchParams(url.hash.slice(1));
  const error = params.get('error');
  if (error) throw new OAuthError(400, error, params.get('error_description') ?? undefined, 'authorization endpoint');
  if (params.get('state') !== expectedState) throw new OAuthError(400, 'state_mismatch', 'the state in the redirect does not match the request');
  const code = params.get('code');
  if (!code) throw new OAuthError(400, 'missing_code', 'the redirect carries no authorization code');
  return { code };
}
