/**
 * Built-in OIDC identity provider (under /idp on the mock's own server), standing in
 * for AD FS in the guide's federation flow: discovery, JWKS, authorize (auto-approves
 * the configured user; PKCE S256/plain), token (password, client_credentials,
 * authorization_code, refresh_token), userinfo. It also issues and checks the SAML
 * assertions that the token exchange hands out.
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBasicAuthorization } from '@vsphere-kit/core/auth';
import { verifyPkce, type PkceMethod } from '@vsphere-kit/core/federation/pkce';
import { OIDC_DISCOVERY_PATH, type OidcProviderMetadata } from '@vsphere-kit/core/federation/oidc';
import { readBounded } from '../server/read-body.js';
import { signJwt, verifyJwt } from './jwt.js';

export interface IdpClient {
  client_id: string;
  /** Omit for a public client (PKCE only). */
  client_secret?: string;
  /** Allowed redirect URIs; any when omitted. */
  redirect_uris?: string[];
}

export interface IdpOptions {
  /** The user /idp/authorize approves without asking (default: the first configured user). */
  user?: string;
  clients?: IdpClient[];
  /** Access/ID token lifetime, seconds (default 3600). */
  tokenTtlSec?: number;
}

export const DEFAULT_CLIENT: IdpClient = { client_id: 'vsphere-kit', client_secret: 'vsphere-kit-secret' };

interface CodeGrant {
  client_id: string;
  redirect_uri: string;
  user: string;
  scope: string;
  nonce?: string;
  challenge?: string;
  method?: PkceMethod;
  expires: number;
}

interface RefreshGrant {
  client_id: string;
  user: string;
  scope: string;
}

export class IdentityProvider {
  private keys?: { privateKey: KeyObject; publicKey: KeyObject; kid: string };
  private readonly codes = new Map<string, CodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  /** Device flow (RFC 8628): device_code → the pending or approved grant. */
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly samlIds = new Set<string>();
  readonly clients: IdpClient[];

  constructor(
    private readonly getBase: () => string,
    private readonly users: Record<string, string>,
    readonly options: IdpOptions = {},
  ) {
    this.clients = options.clients ?? [DEFAULT_CLIENT];
  }

  get issuer(): string {
    return `${this.getBase()}/idp`;
  }

  private key() {
    if (!this.keys) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const kid = createHash('sha256')
        .update(publicKey.export({ format: 'der', type: 'spki' }))
        .digest('base64url')
        .slice(0, 16);
      this.keys = { privateKey, publicKey, kid };
    }
    return this.keys;
  }

  get defaultUser(): string {
    return this.options.user ?? Object.keys(this.users)[0] ?? 'administrator@vsphere.local';
  }

  // ------------------------------------------------------------------ tokens

  issueTokens(user: string, clientId: string, scope: string, nonce?: string, withRefresh = true) {
    const { privateKey, kid } = this.key();
    const now = Math.floor(Date.now() / 1000);
    const ttl = this.options.tokenTtlSec ?? 3600;
    const common = { iss: this.issuer, sub: user, iat: now, exp: now + ttl };
    const access_token = signJwt({ ...common, aud: 'vcenter', client_id: clientId, scope, preferred_username: user, jti: randomUUID() }, privateKey, kid);
    const out: Record<string, unknown> = { access_token, token_type: 'Bearer', expires_in: ttl, scope };
    if (scope.split(' ').includes('openid')) {
      out.id_token = signJwt({ ...common, aud: clientId, preferred_username: user, upn: user, ...(nonce ? { nonce } : {}) }, privateKey, kid);
    }
    if (withRefresh) {
      const rt = randomBytes(24).toString('base64url');
      this.refreshTokens.set(rt, { client_id: clientId, user, scope });
      out.refresh_token = rt;
    }
    return out;
  }

  /** Claims of a JWT this IdP issued (access or ID token), or undefined. */
  verifyToken(token: string): Record<string, unknown> | undefined {
    return verifyJwt(token, this.key().publicKey, this.issuer);
  }

  /** A signed SAML 2.0 bearer assertion for `user` (the XML text). */
  issueSaml(user: string, ttlSec = 3600): string {
    const { privateKey } = this.key();
    const id = `_${randomUUID()}`;
    const now = new Date();
    const until = new Date(now.getTime() + ttlSec * 1000).toISOString();
    const signed = `${id}|${user}|${until}`;
    const sig = sign('sha256', Buffer.from(signed), privateKey).toString('base64');
    this.samlIds.add(id);
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    return (
      `<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="${id}" IssueInstant="${now.toISOString()}" Version="2.0">` +
      `<saml2:Issuer>${esc(this.issuer)}</saml2:Issuer>` +
      `<ds:Signature><ds:SignedInfo><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/></ds:SignedInfo><ds:SignatureValue>${sig}</ds:SignatureValue></ds:Signature>` +
      `<saml2:Subject><saml2:NameID Format="http://schemas.xmlsoap.org/claims/UPN">${esc(user)}</saml2:NameID>` +
      `<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"/></saml2:Subject>` +
      `<saml2:Conditions NotBefore="${now.toISOString()}" NotOnOrAfter="${until}"><saml2:AudienceRestriction><saml2:Audience>vcenter</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>` +
      `<saml2:AuthnStatement AuthnInstant="${now.toISOString()}"><saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>` +
      `</saml2:Assertion>`
    );
  }

  /** The user a SAML assertion from issueSaml() names, when it is genuine and current. */
  verifySaml(xml: string): string | undefined {
    if (!this.keys) return undefined;
    const id = /<saml2:Assertion\b[^>]*\bID="([^"]+)"/.exec(xml)?.[1];
    const user = /<saml2:NameID\b[^>]*>([^<]*)<\/saml2:NameID>/.exec(xml)?.[1];
    const until = /\bNotOnOrAfter="([^"]+)"/.exec(xml)?.[1];
    const sig = /<ds:SignatureValue>([^<]*)<\/ds:SignatureValue>/.exec(xml)?.[1];
    if (!id || user === undefined || !until || !sig || !this.samlIds.has(id)) return undefined;
    const name = user
      .replace(/&quot;/g, '"')
      .replace(/&gt;/g, '>')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&');
    if (!verify('sha256', Buffer.from(`${id}|${name}|${until}`), this.keys.publicKey, Buffer.from(sig, 'base64'))) return undefined;
    if (Date.parse(until) < Date.now()) return undefined;
    return name;
  }

  // ------------------------------------------------------------------- HTTP

  /** Serves /idp/*; returns false for other paths. */
  async serve(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): Promise<boolean> {
    if (!pathname.startsWith('/idp/')) return false;
    const sub = pathname.slice(4);
    const method = req.method ?? 'GET';
    if (sub === OIDC_DISCOVERY_PATH && method === 'GET') {
      json(res, 200, this.discovery());
    } else if (sub === '/jwks' && method === 'GET') {
      const { publicKey, kid } = this.key();
      json(res, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
    } else if (sub === '/authorize' && method === 'GET') {
      this.authorize(res, new URLSearchParams(search));
    } else if (sub === '/token' && method === 'POST') {
      const form = new URLSearchParams(await readText(req, 64 * 1024));
      this.token(req, res, form);
    } else if (sub === '/device_authorization' && method === 'POST') {
      this.deviceAuthorization(res, new URLSearchParams(await readText(req, 64 * 1024)));
    } else if (sub === '/device' && method === 'GET') {
      this.approveDevice(res, new URLSearchParams(search));
    } else if (sub === '/userinfo' && (method === 'GET' || method === 'POST')) {
      const auth = String(req.headers.authorization ?? '');
      const claims = auth.toLowerCase().startsWith('bearer ') ? this.verifyToken(auth.slice(7).trim()) : undefined;
      if (!claims) json(res, 401, { error: 'invalid_token' });
      else json(res, 200, { sub: claims.sub, preferred_username: claims.preferred_username ?? claims.sub });
    } else {
      json(res, 404, { error: 'not_found' });
    }
    return true;
  }

  discovery(): OidcProviderMetadata {
    const iss = this.issuer;
    return {
      issuer: iss,
      authorization_endpoint: `${iss}/authorize`,
      token_endpoint: `${iss}/token`,
      device_authorization_endpoint: `${iss}/device_authorization`,
      jwks_uri: `${iss}/jwks`,
      userinfo_endpoint: `${iss}/userinfo`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'password', 'client_credentials', 'refresh_token', DEVICE_GRANT],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256', 'plain'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'preferred_username', 'upn', 'nonce'],
    };
  }

  /** User codes of device logins that wait for the user to approve them. */
  pendingDeviceCodes(): string[] {
    return [...this.devices.values()].filter((d) => !d.user && d.expires > Date.now()).map((d) => d.user_code);
  }

  private deviceAuthorization(res: ServerResponse, form: URLSearchParams): void {
    const client = this.client(form.get('client_id'));
    if (!client) return json(res, 401, { error: 'invalid_client', error_description: 'unknown client_id' });
    const deviceCode = randomBytes(24).toString('base64url');
    const raw = randomBytes(4).toString('hex').toUpperCase();
    const userCode = `${raw.slice(0, 4)}-${raw.slice(4)}`;
    this.devices.set(deviceCode, { client_id: client.client_id, scope: form.get('scope') ?? 'openid', user_code: userCode, expires: Date.now() + 600_000 });
    const verify = `${this.issuer}/device`;
    json(res, 200, {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: verify,
      verification_uri_complete: `${verify}?user_code=${encodeURIComponent(userCode)}`,
      expires_in: 600,
      interval: 1,
    });
  }

  /** The page a user opens to approve a device login; like /authorize, it approves as the default (or hinted) user. */
  private approveDevice(res: ServerResponse, q: URLSearchParams): void {
    const code = q.get('user_code');
    const grant = [...this.devices.values()].find((d) => d.user_code === code && d.expires > Date.now());
    if (!grant) return json(res, 400, { error: 'invalid_request', error_description: 'unknown or expired user code' });
    const hint = q.get('login_hint');
    grant.user = hint && this.users[hint] !== undefined ? hint : this.defaultUser;
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Device approved; you can return to your terminal.\n');
  }

  private client(id: string | null | undefined): IdpClient | undefined {
    return id ? this.clients.find((c) => c.client_id === id) : undefined;
  }

  private authorize(res: ServerResponse, q: URLSearchParams): void {
    const client = this.client(q.get('client_id'));
    const redirect = q.get('redirect_uri');
    if (!client) return json(res, 400, { error: 'invalid_client', error_description: 'unknown client_id' });
    if (!redirect || !/^https?:\/\//.test(redirect) || (client.redirect_uris && !client.redirect_uris.includes(redirect))) {
      return json(res, 400, { error: 'invalid_request', error_description: 'redirect_uri is missing or not allowed' });
    }
    const target = new URL(redirect);
    const state = q.get('state');
    if (state !== null) target.searchParams.set('state', state);
    if (q.get('response_type') !== 'code') {
      target.searchParams.set('error', 'unsupported_response_type');
    } else {
      const method = q.get('code_challenge_method') ?? (q.get('code_challenge') ? 'plain' : undefined);
      if (method && method !== 'S256' && method !== 'plain') {
        target.searchParams.set('error', 'invalid_request');
      } else if (!client.client_secret && !q.get('code_challenge')) {
        target.searchParams.set('error', 'invalid_request');
        target.searchParams.set('error_description', 'public clients must use PKCE');
      } else {
        const code = randomBytes(24).toString('base64url');
        this.codes.set(code, {
          client_id: client.client_id,
          redirect_uri: redirect,
          user: q.get('login_hint') && this.users[q.get('login_hint')!] !== undefined ? q.get('login_hint')! : this.defaultUser,
          scope: q.get('scope') ?? 'openid',
          ...(q.get('nonce') ? { nonce: q.get('nonce')! } : {}),
          ...(q.get('code_challenge') ? { challenge: q.get('code_challenge')!, method: method as PkceMethod } : {}),
          expires: Date.now() + 120_000,
        });
        target.searchParams.set('code', code);
      }
    }
    res.writeHead(302, { location: target.toString(), 'content-length': 0 });
    res.end();
  }

  private token(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void {
    // Client authentication: Basic header or client_id/client_secret in the form.
    let clientId = form.get('client_id');
    let secret = form.get('client_secret');
    const auth = String(req.headers.authorization ?? '');
    const basic = parseBasicAuthorization(auth);
    if (basic && basic.username !== '') {
      // RFC 6749 §2.3.1: both parts are form-encoded before the Basic encoding
      clientId = decodeURIComponent(basic.username);
      secret = decodeURIComponent(basic.password);
    }
    const client = this.client(clientId);
    const grant = form.get('grant_type');
    if (!client) return json(res, 401, { error: 'invalid_client' });
    const authenticated = client.client_secret !== undefined && secret === client.client_secret;
    if (client.client_secret !== undefined && secret !== null && !authenticated) return json(res, 401, { error: 'invalid_client' });
    const scope = form.get('scope') ?? 'openid';
    switch (grant) {
      case 'password': {
        const user = form.get('username') ?? '';
        if (this.users[user] === undefined || this.users[user] !== form.get('password')) {
          return json(res, 400, { error: 'invalid_grant', error_description: 'bad user name or password' });
        }
        return json(res, 200, this.issueTokens(user, client.client_id, scope));
      }
      case 'client_credentials': {
        if (!authenticated) return json(res, 401, { error: 'invalid_client' });
        return json(res, 200, this.issueTokens(client.client_id, client.client_id, scope.replace(/\bopenid\b/, '').trim() || 'vcenter', undefined, false));
      }
      case 'authorization_code': {
        const code = form.get('code') ?? '';
        const g = this.codes.get(code);
        this.codes.delete(code);
        if (!g || g.expires < Date.now() || g.client_id !== client.client_id || g.redirect_uri !== form.get('redirect_uri')) {
          return json(res, 400, { error: 'invalid_grant' });
        }
        if (g.challenge) {
          const verifier = form.get('code_verifier') ?? '';
          if (!verifyPkce(verifier, g.challenge, g.method ?? 'plain'))
            return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
        } else if (!authenticated) {
          return json(res, 401, { error: 'invalid_client' });
        }
        return json(res, 200, this.issueTokens(g.user, client.client_id, g.scope, g.nonce));
      }
      case DEVICE_GRANT: {
        const dc = form.get('device_code') ?? '';
        const g = this.devices.get(dc);
        if (!g || g.client_id !== client.client_id) return json(res, 400, { error: 'invalid_grant' });
        if (g.expires < Date.now()) {
          this.devices.delete(dc);
          return json(res, 400, { error: 'expired_token' });
        }
        if (!g.user) return json(res, 400, { error: 'authorization_pending' });
        this.devices.delete(dc);
        return json(res, 200, this.issueTokens(g.user, client.client_id, g.scope));
      }
      case 'refresh_token': {
        const rt = form.get('refresh_token') ?? '';
        const g = this.refreshTokens.get(rt);
        if (!g || g.client_id !== client.client_id) return json(res, 400, { error: 'invalid_grant' });
        this.refreshTokens.delete(rt); // rotate
        return json(res, 200, this.issueTokens(g.user, g.client_id, g.scope));
      }
      default:
        return json(res, 400, { error: 'unsupported_grant_type' });
    }
  }
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

interface DeviceGrant {
  client_id: string;
  scope: string;
  user_code: string;
  expires: number;
  /** Set once the user approved the login at the verification page. */
  user?: string;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** A form body as text: at most `limit` bytes of it are kept (the rest is not read into memory). */
export async function readText(req: IncomingMessage, limit: number): Promise<string> {
  return (await readBounded(req, limit)).bytes.toString('utf8');
}
