/**
 * PKCE (RFC 7636): the client makes the pair, the identity provider (the mock's
 * built-in IdP) checks the verifier against the challenge with the same rule.
 */
import { nodeCrypto } from '../internal/builtins.js';

export type PkceMethod = 'S256' | 'plain';

/** The challenge of a verifier: base64url(SHA-256(verifier)) for S256, the verifier itself for plain. */
export function pkceChallenge(codeVerifier: string, method: PkceMethod = 'S256'): string {
  return method === 'S256' ? nodeCrypto().createHash('sha256').update(codeVerifier).digest('base64url') : codeVerifier;
}

/** A fresh S256 pair: 32 random bytes as the verifier. */
export function createPkcePair(): { codeVerifier: string; codeChallenge: string; codeChallengeMethod: 'S256' } {
  const codeVerifier = nodeCrypto().randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: pkceChallenge(codeVerifier, 'S256'), codeChallengeMethod: 'S256' };
}

/** Whether `codeVerifier` answers `codeChallenge` (an empty verifier never does). */
export function verifyPkce(codeVerifier: string, codeChallenge: string, method: PkceMethod): boolean {
  return codeVerifier !== '' && pkceChallenge(codeVerifier, method) === codeChallenge;
}
