import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { discoveryLocation, discoveryProblem } from '../src/federation/oidc.js';
import { createPkcePair, pkceChallenge, verifyPkce } from '../src/federation/pkce.js';
import { TOKEN_TYPE_ID, tokenExchangeForm } from '../src/federation/token-exchange.js';

describe('federation primitives', () => {
  it('PKCE S256 is base64url(SHA-256(verifier)) (RFC 7636 §4.2), the same on both sides', () => {
    const verifier = 'dBjftJeZ4CVP-mJ92K9TQ9MFPY3pn0UPL8MAQjCBS1E';
    const expected = createHash('sha256').update(verifier, 'ascii').digest('base64url');
    expect(pkceChallenge(verifier)).toBe(expected);
    expect(pkceChallenge(verifier, 'plain')).toBe(verifier);
    expect(verifyPkce(verifier, expected, 'S256')).toBe(true);
    expect(verifyPkce(verifier, verifier, 'S256')).toBe(false);
    expect(verifyPkce('', '', 'plain')).toBe(false);
    const pair = createPkcePair();
    expect(verifyPkce(pair.codeVerifier, pair.codeChallenge, pair.codeChallengeMethod)).toBe(true);
  });

  it('OIDC discovery: where the document is and the issuer it must name', () => {
    expect(discoveryLocation('https://idp.example/realm/')).toEqual({
      url: 'https://idp.example/realm/.well-known/openid-configuration',
      expectedIssuer: 'https://idp.example/realm',
    });
    expect(discoveryLocation('https://idp.example/.well-known/openid-configuration')).toEqual({ url: 'https://idp.example/.well-known/openid-configuration' });
    expect(discoveryProblem({ issuer: 'https://idp.example/realm/', token_endpoint: 'https://idp.example/t' }, 'https://idp.example/realm')).toBeUndefined();
    expect(discoveryProblem({ issuer: 'https://evil.example', token_endpoint: 'x' }, 'https://idp.example')).toMatch(/names issuer https:\/\/evil\.example/);
    expect(discoveryProblem({ issuer: 'x' }, undefined)).toMatch(/token_endpoint are required/);
  });

  it('the token-exchange form carries the ID token as actor only when there is one', () => {
    expect(tokenExchangeForm({ accessToken: 'at' })).not.toHaveProperty('actor_token');
    expect(tokenExchangeForm({ accessToken: 'at', idToken: 'it' })).toMatchObject({ subject_token: 'at', actor_token: 'it', actor_token_type: TOKEN_TYPE_ID });
  });
});
