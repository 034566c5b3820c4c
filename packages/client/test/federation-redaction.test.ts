import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UnauthenticatedError, VsphereClient, discoverOidc, type VsphereLogger } from '../src/index.js';
import { ADMIN } from './helpers/mock.js';

// The federation flow end to end against the mock IdP, through a recording
// proxy: the proxy sees every byte on the wire, so the test knows the exact
// access, ID, refresh and SAML tokens and the SIGN header the client handled,
// and checks that none of them reaches an error or a log line.

const CLIENT = { clientId: 'vsphere-kit', clientSecret: 'vsphere-kit-secret' };

interface Exchange {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  response: string;
}

type Tamper = (ex: Omit<Exchange, 'status' | 'response'>, wire: Exchange[]) => { status: number; body: unknown } | undefined;

interface Proxy {
  url: string;
  wire: Exchange[];
  tamper: Tamper | undefined;
  close(): Promise<void>;
}

async function startProxy(target: string): Promise<Proxy> {
  const proxy: Proxy = { url: '', wire: [], tamper: undefined, close: async () => undefined };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const ex = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
    const forged = proxy.tamper?.(ex, proxy.wire);
    if (forged) {
      const text = JSON.stringify(forged.body);
      proxy.wire.push({ ...ex, status: forged.status, response: text });
      res.writeHead(forged.status, { 'content-type': 'application/json' }).end(text);
      return;
    }
    const { host: _host, connection: _c, 'content-length': _l, ...headers } = req.headers;
    const up = await request(`${target}${ex.url}`, {
      method: ex.method as 'GET',
      headers: headers as Record<string, string>,
      body: body === '' ? undefined : body,
    });
    const text = await up.body.text();
    proxy.wire.push({ ...ex, status: up.statusCode, response: text });
    const ct = up.headers['content-type'];
    res.writeHead(up.statusCode, ct ? { 'content-type': String(ct) } : {}).end(text);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return proxy;
}

/** Every secret value seen on the wire: OAuth tokens, SAML tokens, Authorization headers (and their credentials part). */
function secretsOnWire(wire: Exchange[]): Record<string, string[]> {
  const out: Record<string, string[]> = { access_token: [], id_token: [], refresh_token: [], saml_token: [], sign_header: [], sign_value: [], session_id: [] };
  for (const ex of wire) {
    const path = ex.url.split('?')[0];
    if (path === '/idp/token' && ex.status === 200) {
      const t = JSON.parse(ex.response) as Record<string, string | undefined>;
      for (const k of ['access_token', 'id_token', 'refresh_token'] as const) if (t[k]) out[k]!.push(t[k]!);
    }
    if (path === '/api/vcenter/authentication/token' && ex.status === 200) {
      out.saml_token!.push((JSON.parse(ex.response) as { access_token: string }).access_token);
    }
    const auth = ex.headers.authorization;
    if (path === '/api/session' && ex.method === 'POST' && typeof auth === 'string' && auth.startsWith('SIGN ')) {
      out.sign_header!.push(auth);
      out.sign_value!.push(/token="([^"]+)"/.exec(auth)![1]!);
    }
    if (path === '/api/session' && ex.method === 'POST' && ex.status === 201) out.session_id!.push(JSON.parse(ex.response) as string);
  }
  return out;
}

function allForms(err: unknown): string {
  const e = err as Error;
  return [e.message, e.stack, String(e), e.toString(), JSON.stringify(e), inspect(e, { depth: 8 })].join('\n');
}

function expectNoSecret(text: string, secrets: Record<string, string[]>, where: string): void {
  for (const [kind, values] of Object.entries(secrets)) {
    for (const v of values) expect(text.includes(v), `${kind} found in ${where}`).toBe(false);
  }
}

describe('federation secrets never reach errors or logs (mock IdP, recording proxy)', () => {
  let mock: MockServer;
  let proxy: Proxy;
  let tokenEndpoint: string;
  let lines: string[];
  let logger: VsphereLogger;

  beforeAll(async () => {
    mock = await startMockServer({ port: 0, host: '127.0.0.1' });
    proxy = await startProxy(mock.url);
    // discovery against the mock IdP; the token endpoint is then reached through the proxy
    const meta = await discoverOidc(`${mock.url}/idp`);
    tokenEndpoint = meta.token_endpoint.replace(mock.url, proxy.url);
  });
  afterEach(() => {
    mock.faults.clear();
    proxy.tamper = undefined;
    proxy.wire.length = 0;
  });
  afterAll(async () => {
    await proxy?.close();
    await mock?.close();
  });

  const login = (federation: Record<string, unknown> = {}) => {
    lines = [];
    logger = { debug: (l) => lines.push(`debug ${l}`), warn: (l) => lines.push(`warn ${l}`) };
    return VsphereClient.loginWithFederation({
      baseUrl: proxy.url,
      logger,
      federation: { tokenEndpoint, ...CLIENT, grant: { type: 'password', ...ADMIN }, ...federation },
    });
  };

  const check = (err: unknown, extra: string[] = []) => {
    const secrets = secretsOnWire(proxy.wire);
    secrets.other = [ADMIN.password, CLIENT.clientSecret, ...extra];
    expectNoSecret(allForms(err), secrets, 'the error');
    expect(lines.length).toBeGreaterThan(0);
    expectNoSecret(lines.join('\n'), secrets, 'the log');
    return secrets;
  };

  it('a session.create fault after the token exchange', async () => {
    mock.faults.error('UNAUTHENTICATED', 'session.create', { times: 1 });
    const err = await login().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect((err as UnauthenticatedError).operation?.id).toBe('session.create');
    const secrets = check(err);
    // the flow really got that far: tokens from the IdP, a SAML token from vCenter, a SIGN login
    for (const k of ['access_token', 'id_token', 'refresh_token', 'saml_token', 'sign_header']) expect(secrets[k]!.length, k).toBeGreaterThan(0);
  });

  it('a vCenter that echoes the SIGN header and every token in its 401', async () => {
    proxy.tamper = (ex, wire) => {
      if (!(ex.method === 'POST' && ex.url === '/api/session')) return undefined;
      const s = secretsOnWire(wire);
      const auth = String(ex.headers.authorization);
      return {
        status: 401,
        body: {
          error_type: 'UNAUTHENTICATED',
          messages: [
            { id: 'a', default_message: `refused ${auth}`, args: [] },
            { id: 'b', default_message: 'tokens {0} {1} {2} {3}', args: [s.access_token[0], s.id_token[0], s.refresh_token[0], s.saml_token[0]] },
          ],
          data: { authorization: auth, tokens: s },
        },
      };
    };
    const err = await login().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect(allForms(err)).toContain('refused');
    check(err);
  });

  it('a vCenter that echoes only the bare SIGN token value', async () => {
    let bare = '';
    proxy.tamper = (ex) => {
      if (!(ex.method === 'POST' && ex.url === '/api/session')) return undefined;
      bare = /token="([^"]*)"/.exec(String(ex.headers.authorization))?.[1] ?? '';
      return { status: 401, body: { error_type: 'UNAUTHENTICATED', messages: [{ id: 'a', default_message: `bad token ${bare}`, args: [] }] } };
    };
    const err = await login().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect(bare.length).toBeGreaterThan(100);
    expect(allForms(err)).toContain('bad token');
    check(err, [bare]);
  });

  it('the re-login after an expiry (refresh token grant) fails at session.create', async () => {
    const client = await login();
    expect((await client.vcenter.vm.list()).length).toBeGreaterThan(0);
    mock.faults.expireSessions();
    mock.faults.error('UNAUTHENTICATED', 'session.create', { times: 1 });
    const err = await client.vcenter.vm.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    const secrets = check(err);
    expect(secrets.sign_header!.length).toBe(2);
    expect(secrets.session_id!.length).toBe(1);
    expect(proxy.wire.some((ex) => ex.url === '/idp/token' && ex.body.includes('grant_type=refresh_token'))).toBe(true);
    await client.close();
  });

  it('a bad SAML token given through the samlToken option', async () => {
    const forged = Buffer.from('<saml2:Assertion ID="_forged-kit-0123456789">not signed</saml2:Assertion>').toString('base64');
    lines = [];
    const client = new VsphereClient({ baseUrl: proxy.url, samlToken: forged, logger: { debug: (l) => lines.push(l), warn: (l) => lines.push(l) } });
    const err = await client.vcenter.vm.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    check(err, [forged]);
    expect(secretsOnWire(proxy.wire).sign_value.length).toBe(1);
    await client.close();
  });
});
