import { VsphereResponseError } from '../../core/errors.js';
import { idpRequest, type IdpHttpOptions } from './http.js';

/** The fields of an OpenID Provider configuration the client uses (others are kept). */
export interface OidcProviderMetadata {
  readonly issuer: string;
  readonly authorization_endpoint?: string;
  readonly token_endpoint: string;
  readonly jwks_uri?: string;
  readonly userinfo_endpoint?: string;
  readonly end_session_endpoint?: string;
  readonly grant_types_supported?: readonly string[];
  readonly code_challenge_methods_supported?: readonly string[];
  readonly scopes_supported?: readonly string[];
  readonly [key: string]: unknown;
}

export interface DiscoveryOptions extends IdpHttpOptions {
  /** Accept a document whose `issuer` differs from the one asked for (OIDC Discovery §4.3 says to refuse it). */
  readonly allowIssuerMismatch?: boolean;
}

/**
 * OIDC discovery: reads `<issuer>/.well-known/openid-configuration`. A URL that
 * already ends with `/.well-known/openid-configuration` is used as is.
 */
export async function discoverOidc(issuerOrUrl: string, options: DiscoveryOptions = {}): Promise<OidcProviderMetadata> {
  const wellKnown = '/.well-known/openid-configuration';
  const url = issuerOrUrl.endsWith(wellKnown) ? issuerOrUrl : `${issuerOrUrl.replace(/\/+$/, '')}${wellKnown}`;
  const expectedIssuer = issuerOrUrl.endsWith(wellKnown) ? undefined : issuerOrUrl.replace(/\/+$/, '');
  const { status, body } = await idpRequest(url, { method: 'GET' }, options);
  const meta = body as Partial<OidcProviderMetadata> | undefined;
  if (!meta || typeof meta !== 'object' || typeof meta.issuer !== 'string' || typeof meta.token_endpoint !== 'string') {
    throw new VsphereResponseError('not an OpenID Provider configuration (issuer and token_endpoint are required)', { status });
  }
  if (expectedIssuer && !options.allowIssuerMismatch && meta.issuer.replace(/\/+$/, '') !== expectedIssuer) {
    throw new VsphereResponseError(`the discovery document names issuer ${meta.issuer}, not ${expectedIssuer}`, { status });
  }
  return meta as OidcProviderMetadata;
}
