/**
 * OIDC discovery documents (OpenID Connect Discovery 1.0): where the document
 * lives, the fields the client reads, and the issuer check. The mock's IdP
 * serves documents of this shape; the client reads them.
 */
import { withoutTrailingSlashes } from '../target.js';

/** The path of the discovery document below the issuer. */
export const OIDC_DISCOVERY_PATH = '/.well-known/openid-configuration';

/** The fields of an OpenID Provider configuration the client uses (others are kept). */
export interface OidcProviderMetadata {
  readonly issuer: string;
  readonly authorization_endpoint?: string;
  readonly token_endpoint: string;
  readonly device_authorization_endpoint?: string;
  readonly jwks_uri?: string;
  readonly userinfo_endpoint?: string;
  readonly end_session_endpoint?: string;
  readonly grant_types_supported?: readonly string[];
  readonly code_challenge_methods_supported?: readonly string[];
  readonly scopes_supported?: readonly string[];
  readonly [key: string]: unknown;
}

/** An issuer without trailing slashes (the form the issuer comparison uses). */
export function normalizeIssuer(issuer: string): string {
  return withoutTrailingSlashes(issuer);
}

/**
 * Where the discovery document of `issuerOrUrl` is, and the issuer it must
 * name: a URL that already ends with the discovery path is used as is (its
 * issuer is then not checked).
 */
export function discoveryLocation(issuerOrUrl: string): { url: string; expectedIssuer?: string } {
  if (issuerOrUrl.endsWith(OIDC_DISCOVERY_PATH)) return { url: issuerOrUrl };
  const issuer = normalizeIssuer(issuerOrUrl);
  return { url: `${issuer}${OIDC_DISCOVERY_PATH}`, expectedIssuer: issuer };
}

/** Why a decoded discovery document is unusable, or undefined when it is fine. */
export function discoveryProblem(document: unknown, expectedIssuer: string | undefined): string | undefined {
  const meta = document as Partial<OidcProviderMetadata> | undefined;
  if (!meta || typeof meta !== 'object' || typeof meta.issuer !== 'string' || typeof meta.token_endpoint !== 'string') {
    return 'not an OpenID Provider configuration (issuer and token_endpoint are required)';
  }
  if (expectedIssuer !== undefined && normalizeIssuer(meta.issuer) !== expectedIssuer) {
    return `the discovery document names issuer ${meta.issuer}, not ${expectedIssuer}`;
  }
  return undefined;
}
