import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { call, login, start, useMockServer } from './helpers/server.js';

const mock = useMockServer({ taskMs: 150 });

describe('fault injection', () => {
  it('injects error types per operation and globally, programmatically', async () => {
    const id = mock.server.faults.error('RESOURCE_BUSY', 'vcenter.vm.list');
    const r = await call(mock.server, 'GET', '/api/vcenter/vm', { session: mock.sid });
    expect([r.status, r.body.error_type]).toEqual([500, 'RESOURCE_BUSY']);
    expect((await call(mock.server, 'GET', '/api/vcenter/host', { session: mock.sid })).status).toBe(200);
    mock.server.faults.remove(id);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm', { session: mock.sid })).status).toBe(200);
    mock.server.faults.error('SERVICE_UNAVAILABLE', undefined, { times: 2 });
    expect((await call(mock.server, 'GET', '/api/vcenter/host', { session: mock.sid })).status).toBe(503);
    expect((await call(mock.server, 'GET', '/api/vcenter/cluster', { session: mock.sid })).body.error_type).toBe('SERVICE_UNAVAILABLE');
    expect((await call(mock.server, 'GET', '/api/vcenter/cluster', { session: mock.sid })).status).toBe(200);
  });

  it('adds latency and forces session expiry', async () => {
    mock.server.faults.latency(150, 'vcenter.folder.list');
    const t = Date.now();
    expect((await call(mock.server, 'GET', '/api/vcenter/folder', { session: mock.sid })).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    const other = await login(mock.server);
    expect(mock.server.faults.expireSessions(other)).toBe(1);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm', { session: other })).status).toBe(401);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm', { session: mock.sid })).status).toBe(200);
  });

  it('is controlled through the admin endpoint', async () => {
    const add = await call(mock.server, 'POST', '/__mock/faults', { body: { operation: 'vcenter.vm.get', errorType: 'RESOURCE_BUSY' } });
    expect(add.status).toBe(201);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm/vm-1072', { session: mock.sid })).body.error_type).toBe('RESOURCE_BUSY');
    expect((await call(mock.server, 'GET', '/__mock/faults')).body).toHaveLength(1);
    expect((await call(mock.server, 'DELETE', `/__mock/faults/${add.body.id}`)).status).toBe(204);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm/vm-1072', { session: mock.sid })).status).toBe(200);
    expect((await call(mock.server, 'POST', '/__mock/faults', { body: { errorType: 'NOPE' } })).status).toBe(400);
    const extra = await login(mock.server);
    expect((await call(mock.server, 'POST', '/__mock/sessions/expire', { body: {} })).body.expired).toBeGreaterThanOrEqual(2);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm', { session: extra })).status).toBe(401);
    await mock.relogin();
    await call(mock.server, 'POST', '/api/vcenter/vm/vm-1074/power?action=start', { session: mock.sid });
    expect((await call(mock.server, 'POST', '/__mock/reset')).status).toBe(204);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm/vm-1074/power', { session: mock.sid })).body.state).toBe('POWERED_OFF');
  });
});

describe('tasks', () => {
  it('runs clone as a task: PENDING/RUNNING then SUCCEEDED with the new id', async () => {
    const r = await call(mock.server, 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', {
      session: mock.sid,
      body: { source: 'vm-1080', name: 'from-template' },
    });
    expect(r.status).toBe(202);
    const seen = new Set<string>();
    let info: any;
    for (let i = 0; i < 50; i++) {
      info = (await call(mock.server, 'GET', `/api/cis/tasks/${r.body}`, { session: mock.sid })).body;
      seen.add(info.status);
      if (info.status === 'RUNNING') expect(info.progress.completed).toBeLessThan(100);
      if (info.status === 'SUCCEEDED' || info.status === 'FAILED') break;
      await new Promise((res) => setTimeout(res, 10));
    }
    expect(info.status).toBe('SUCCEEDED');
    expect(seen.has('RUNNING') || seen.has('PENDING')).toBe(true);
    expect(info.result).toMatch(/^vm-\d+$/);
    expect((await call(mock.server, 'GET', `/api/vcenter/vm/${info.result}`, { session: mock.sid })).body.name).toBe('from-template');
  });

  it('fails a task with the error object', async () => {
    const r = await call(mock.server, 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', { session: mock.sid, body: { source: 'vm-424242', name: 'x' } });
    await new Promise((res) => setTimeout(res, 200));
    const info = (await call(mock.server, 'GET', `/api/cis/tasks/${r.body}`, { session: mock.sid })).body;
    expect(info.status).toBe('FAILED');
    expect(info.error.error_type).toBe('NOT_FOUND');
    mock.server.faults.add({ operation: 'vcenter.vm.relocate', errorType: 'RESOURCE_BUSY', onTask: true });
    const t = await call(mock.server, 'POST', '/api/vcenter/vm/vm-1072?action=relocate&vmw-task=true', {
      session: mock.sid,
      body: { placement: { host: 'host-1063' } },
    });
    expect(t.status).toBe(202);
    await new Promise((res) => setTimeout(res, 200));
    expect((await call(mock.server, 'GET', `/api/cis/tasks/${t.body}`, { session: mock.sid })).body.error.error_type).toBe('RESOURCE_BUSY');
    expect((await call(mock.server, 'GET', '/api/cis/tasks/nope', { session: mock.sid })).status).toBe(404);
  });
});

describe('vm clone, relocate, unregister, register', () => {
  it('keeps the inventory consistent', async () => {
    const c = await call(mock.server, 'POST', '/api/vcenter/vm?action=clone', {
      session: mock.sid,
      body: { source: 'vm-1074', name: 'db-02', power_on: true },
    });
    expect(c.status).toBe(200);
    expect((await call(mock.server, 'GET', `/api/vcenter/vm/${c.body}/power`, { session: mock.sid })).body.state).toBe('POWERED_ON');
    expect(
      (await call(mock.server, 'POST', '/api/vcenter/vm?action=clone', { session: mock.sid, body: { source: 'vm-1074', name: 'db-02' } })).body.error_type,
    ).toBe('ALREADY_EXISTS');
    expect(
      (await call(mock.server, 'POST', '/api/vcenter/vm/vm-1074?action=relocate', { session: mock.sid, body: { placement: { host: 'host-1064' } } })).status,
    ).toBe(204);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm?hosts=host-1064', { session: mock.sid })).body.map((v: any) => v.vm)).toContain('vm-1074');
    expect((await call(mock.server, 'POST', '/api/vcenter/vm/vm-1072?action=unregister', { session: mock.sid })).body.error_type).toBe(
      'NOT_ALLOWED_IN_CURRENT_STATE',
    );
    expect((await call(mock.server, 'POST', '/api/vcenter/vm/vm-1074?action=unregister', { session: mock.sid })).status).toBe(204);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm/vm-1074', { session: mock.sid })).status).toBe(404);
    const reg = await call(mock.server, 'POST', '/api/vcenter/vm?action=register', {
      session: mock.sid,
      body: { datastore_path: '[datastore1] db-01/db-01.vmx', placement: { folder: 'group-v1003', host: 'host-1064' } },
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(200);
    expect((await call(mock.server, 'GET', `/api/vcenter/vm/${reg.body}`, { session: mock.sid })).body.name).toBe('db-01');
  });
});

describe('generic CRUD from the spec paths', () => {
  it('creates, lists, updates and deletes a local library', async () => {
    const c = await call(mock.server, 'POST', '/api/content/local-library', {
      session: mock.sid,
      body: { name: 'mine', type: 'LOCAL', storage_backings: [{ type: 'DATASTORE', datastore_id: 'datastore-1061' }] },
    });
    expect(c.status).toBe(201);
    const list = await call(mock.server, 'GET', '/api/content/local-library', { session: mock.sid });
    expect(list.body).toContain(c.body);
    expect((await call(mock.server, 'PATCH', `/api/content/local-library/${c.body}`, { session: mock.sid, body: { description: 'x' } })).status).toBe(204);
    expect((await call(mock.server, 'DELETE', `/api/content/local-library/${c.body}`, { session: mock.sid })).status).toBe(204);
    expect((await call(mock.server, 'DELETE', `/api/content/local-library/${c.body}`, { session: mock.sid })).status).toBe(404);
    expect((await call(mock.server, 'GET', '/api/content/local-library', { session: mock.sid })).body).not.toContain(c.body);
  });
});

describe('TLS', () => {
  it('serves HTTPS with a self-signed certificate and reports its SHA-256 thumbprint', async () => {
    const s = await start({ tls: true });
    try {
      expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(s.thumbprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const got = await new Promise<{ status: number; fp: string }>((resolve, reject) => {
        const req = httpsRequest(`${s.url}/api/vcenter/vm`, { rejectUnauthorized: false }, (res) => {
          const fp = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, fp }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(got).toEqual({ status: 401, fp: s.thumbprint });
    } finally {
      await s.close();
    }
  });
});

describe('federation: built-in OIDC provider and token exchange', () => {
  const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const post = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    call(mock.server, 'POST', path, { raw: form(body), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  const client = { client_id: 'vsphere-kit', client_secret: 'vsphere-kit-secret' };

  async function samlLogin(accessToken: string): Promise<{ status: number; body: any }> {
    const x = await post(
      '/api/vcenter/authentication/token',
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: accessToken,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        requested_token_type: 'urn:ietf:params:oauth:token-type:saml2',
      },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(x.status, JSON.stringify(x.body)).toBe(200);
    expect(x.body.issued_token_type).toBe('urn:ietf:params:oauth:token-type:saml2');
    const saml = Buffer.from(x.body.access_token, 'base64');
    expect(saml.toString('utf8')).toContain('<saml2:Assertion');
    const sign = gzipSync(saml).toString('base64');
    return call(mock.server, 'POST', '/api/session', { headers: { authorization: `SIGN token="${sign}"` } });
  }

  it('publishes discovery and JWKS', async () => {
    const d = await call(mock.server, 'GET', '/idp/.well-known/openid-configuration');
    expect(d.body.issuer).toBe(`${mock.server.url}/idp`);
    expect(d.body.code_challenge_methods_supported).toContain('S256');
    const j = await call(mock.server, 'GET', '/idp/jwks');
    expect(j.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  });

  it('password grant → token exchange → SIGN login → session works', async () => {
    const t = await post('/idp/token', { grant_type: 'password', username: 'administrator@vsphere.local', password: 'VMware1!', scope: 'openid', ...client });
    expect(t.status).toBe(200);
    expect(t.body.id_token.split('.')).toHaveLength(3);
    const s = await samlLogin(t.body.access_token);
    expect(s.status).toBe(201);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm', { session: s.body })).status).toBe(200);
    expect((await post('/idp/token', { grant_type: 'password', username: 'administrator@vsphere.local', password: 'bad', ...client })).status).toBe(400);
  });

  it('authorization code with PKCE S256, then refresh', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirect = 'http://127.0.0.1:9/cb';
    const a = await fetch(
      `${mock.server.url}/idp/authorize?${form({ response_type: 'code', client_id: 'vsphere-kit', redirect_uri: redirect, state: 'st', scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' })}`,
      { redirect: 'manual' },
    );
    expect(a.status).toBe(302);
    const loc = new URL(a.headers.get('location')!);
    expect(loc.searchParams.get('state')).toBe('st');
    const code = loc.searchParams.get('code')!;
    const bad = await post('/idp/token', { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: 'vsphere-kit', code_verifier: 'wrong' });
    expect(bad.status).toBe(400);
    const a2 = await fetch(
      `${mock.server.url}/idp/authorize?${form({ response_type: 'code', client_id: 'vsphere-kit', redirect_uri: redirect, code_challenge: challenge, code_challenge_method: 'S256' })}`,
      { redirect: 'manual' },
    );
    const code2 = new URL(a2.headers.get('location')!).searchParams.get('code')!;
    const ok = await post('/idp/token', {
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: redirect,
      client_id: 'vsphere-kit',
      code_verifier: verifier,
    });
    expect(ok.status).toBe(200);
    const r = await post('/idp/token', { grant_type: 'refresh_token', refresh_token: ok.body.refresh_token, ...client });
    expect(r.status).toBe(200);
    expect((await samlLogin(r.body.access_token)).status).toBe(201);
  });

  it('client_credentials; bad tokens are refused', async () => {
    const c = await post('/idp/token', { grant_type: 'client_credentials', ...client });
    expect(c.status).toBe(200);
    expect((await samlLogin(c.body.access_token)).status).toBe(201);
    expect((await post('/idp/token', { grant_type: 'client_credentials', client_id: 'vsphere-kit', client_secret: 'x' })).status).toBe(401);
    const x = await post('/api/vcenter/authentication/token', { grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: 'a.b.c' });
    expect(x.status).toBe(401);
    const forged = await call(mock.server, 'POST', '/api/session', {
      headers: { authorization: `SIGN token="${gzipSync(Buffer.from('<saml2:Assertion ID="_x"/>')).toString('base64')}"` },
    });
    expect(forged.status).toBe(401);
  });
});

describe('persistence', () => {
  it('saves on change and loads at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmock-'));
    const file = join(dir, 'state.json');
    const a = await start({ stateFile: file, saveDebounceMs: 10 });
    const id = await login(a);
    await call(a, 'POST', '/api/vcenter/vm/vm-1074/power?action=start', { session: id });
    await a.close();
    const b = await start({ stateFile: file });
    try {
      const id2 = await login(b);
      expect((await call(b, 'GET', '/api/vcenter/vm/vm-1074/power', { session: id2 })).body.state).toBe('POWERED_ON');
    } finally {
      await b.close();
    }
  });

  // kill -9 at random moments over several rounds: test/persistence.test.ts
});
