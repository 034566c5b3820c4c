import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OAuthError,
  VsphereClient,
  VsphereCore,
  clientCredentialsGrant,
  createAuthorizationRequest,
  createPkcePair,
  deviceAuthorizationRequest,
  type IdpExchange,
  discoverOidc,
  encodeSamlTokenForSign,
  exchangeAuthorizationCode,
  exchangeTokenForSaml,
  loginWithSamlToken,
  parseAuthorizationResponse,
  passwordGrant,
  refreshTokenGrant,
} from '../src/index.js';
import { ADMIN, startMock, type MockServer } from './helpers/mock.js';

const CLIENT = { clientId: 'vsphere-kit', clientSecret: 'vsphere-kit-secret' };

describe('federation against the mock identity provider', () => {
  let mock: MockServer;
  let issuer: string;
  beforeAll(async () => {
    mock = await startMock();
    issuer = `${mock.url}/idp`;
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('discovers the provider', async () => {
    const meta = await discoverOidc(issuer);
    expect(meta.issuer).toBe(issuer);
    expect(meta.token_endpoint).toBe(`${issuer}/token`);
    expect(meta.code_challenge_methods_supported).toContain('S256');
  });

  it('runs the password, refresh and client credentials grants, and maps OAuth errors', async () => {
    const { token_endpoint } = await discoverOidc(issuer);
    const client = { tokenEndpoint: token_endpoint, ...CLIENT };
    const tokens = await passwordGrant(client, { ...ADMIN });
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.id_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await refreshTokenGrant(client, { refreshToken: tokens.refresh_token! });
    expect(refreshed.access_token).toBeTruthy();
    const cc = await clientCredentialsGrant({ ...client, clientAuth: 'post' });
    expect(cc.access_token).toBeTruthy();
    const err = await passwordGrant(client, { username: ADMIN.username, password: 'nope-wrong-pw' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    expect(String(err)).not.toContain('nope-wrong-pw');
  });

  it('runs authorization code + PKCE, the token exchange and the SIGN login step by step', async () => {
    const meta = await discoverOidc(issuer);
    const redirectUri = 'http://127.0.0.1:9/callback';
    const auth = createAuthorizationRequest({
      authorizationEndpoint: meta.authorization_endpoint!,
      clientId: CLIENT.clientId,
      redirectUri,
      scope: 'openid profile',
    });
    const url = new URL(auth.url);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBe(auth.state);
    const res = await request(auth.url, { method: 'GET' });
    await res.body.text();
    expect(res.statusCode).toBe(302);
    const { code } = parseAuthorizationResponse(String(res.headers.location), auth.state);
    expect(() => parseAuthorizationResponse(String(res.headers.location), 'other-state')).toThrow(OAuthError);
    const tokens = await exchangeAuthorizationCode({ tokenEndpoint: meta.token_endpoint, ...CLIENT }, { code, redirectUri, codeVerifier: auth.codeVerifier });

    const core = new VsphereCore({ baseUrl: mock.url });
    const { samlToken, issuedTokenType } = await exchangeTokenForSaml(core, { accessToken: tokens.access_token, idToken: tokens.id_token });
    expect(issuedTokenType).toBe('urn:ietf:params:oauth:token-type:saml2');
    const xml = Buffer.from(samlToken, 'base64').toString('utf8');
    expect(gunzipSync(Buffer.from(encodeSamlTokenForSign(samlToken), 'base64')).toString('utf8')).toBe(xml);
    const sid = await loginWithSamlToken(core, samlToken);
    expect(core.sessionId).toBe(sid);
    const client = new VsphereClient(core);
    expect((await client.session.get()).user).toBeTruthy();
    await client.close();
    expect(mock.core.sessions.use(sid)).toBeUndefined();
  });

  it('does the whole flow in one call and repeats it after the session expires', async () => {
    const client = await VsphereClient.loginWithFederation({
      baseUrl: mock.url,
      federation: { issuer, ...CLIENT, grant: { type: 'password', ...ADMIN } },
    });
    expect((await client.vcenter.vm.list()).length).toBeGreaterThan(0);
    mock.faults.expireSessions();
    expect((await client.vcenter.vm.list()).length).toBeGreaterThan(0);
    expect(client.core.loginCount).toBe(2);
    await client.close();
  });

  it('tells onExchange of each exchange with the IdP, with the secrets it carries, and starts the device flow', async () => {
    const seen: IdpExchange[] = [];
    const idp = { onExchange: (e: IdpExchange) => seen.push(e) };
    const meta = await discoverOidc(issuer, idp);
    expect(seen[0]).toMatchObject({ method: 'GET', url: `${issuer}/.well-known/openid-configuration`, status: 200, secrets: [] });
    expect(JSON.parse(seen[0]!.responseBody!).token_endpoint).toBe(meta.token_endpoint);
    const device = await deviceAuthorizationRequest(
      { tokenEndpoint: meta.token_endpoint, ...CLIENT, clientAuth: 'post', ...idp },
      meta.device_authorization_endpoint!,
      {
        scope: 'openid',
      },
    );
    expect(device.device_code).toBeTruthy();
    expect(device.user_code).toMatch(/^\w{4}-\w{4}$/);
    expect(seen[1]).toMatchObject({ method: 'POST', url: meta.device_authorization_endpoint, status: 200 });
    expect(seen[1]!.requestBody).toBe('scope=openid&client_id=vsphere-kit&client_secret=vsphere-kit-secret');
    expect(seen[1]!.secrets).toContain(CLIENT.clientSecret);
    await passwordGrant({ tokenEndpoint: meta.token_endpoint, ...CLIENT, ...idp }, { ...ADMIN }).catch(() => undefined);
    expect(seen[2]!.secrets).toEqual(expect.arrayContaining([ADMIN.password, CLIENT.clientSecret]));
    expect(seen[2]!.requestHeaders.authorization).toMatch(/^Basic /);
    // no answer: the failure is told too
    await discoverOidc('http://127.0.0.1:9/idp', idp).catch(() => undefined);
    expect(seen[3]).toMatchObject({ url: 'http://127.0.0.1:9/idp/.well-known/openid-configuration' });
    expect(seen[3]!.status).toBeUndefined();
    expect(seen[3]!.error).toBeDefined();
  });

  it('creates PKCE pairs per RFC 7636', () => {
    const { codeVerifier, codeChallenge } = createPkcePair();
    expect(codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
