import { VsphereResponseError } from '@vsphere-kit/core/errors';
import { discoveryLocation, discoveryProblem, type OidcProviderMetadata } from '@vsphere-kit/core/federation/oidc';
import { idpRequest, type IdpHttpOptions } from './http.js';

export type { OidcProviderMetadata };

export interface DiscoveryOptions extends IdpHttpOptions {
  /** Accept a document whose `issuer` differs from the one asked for (OIDC Discovery §4.3 says to refuse it). */
  readonly allowIssuerMismatch?: boolean;
}

/**
 * OIDC discovery: reads `<issuer>/.well-known/openid-configuration`. A URL that
 * already ends with `/.well-known/openid-configuration` is used as is.
 */
export async function discoverOidc(issuerOrUrl: string, options: DiscoveryOptions = {}): Promise<OidcProviderMetadata> {
  const { url, expectedIssuer } = discoveryLocation(issuerOrUrl);
  const { status, body } = await idpRequest(url, { method: 'GET' }, options);
  const problem = discoveryProblem(body, options.allowIssuerMismatch ? undefined : expectedIssuer);
  if (problem) throw new VsphereResponseError(problem, { status });
  return body as OidcProviderMetadata;
}
