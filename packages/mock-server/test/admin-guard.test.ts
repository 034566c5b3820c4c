// The admin endpoints (/__mock/…) answer only loopback Hosts, refuse foreign Origins and non-JSON
// bodies, and need the admin token when one is set; the in-process helpers (mock.faults, reset) are
// not affected.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../src/index.js';
import { runBin, startBin, stopBin } from './helpers/bin.js';
import { call, login, start } from './helpers/server.js';

interface Raw {
  status: number;
  body: any;
}

/** A request with exactly these headers (fetch does not let a test set Host). */
function raw(server: MockServer, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      server.url + path,
      { method, headers: { ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('admin endpoints without a token', () => {
  let mock: MockServer;
  let own: string;
  beforeAll(async () => {
    mock = await start({ prism: false });
    own = `127.0.0.1:${mock.port}`;
  });
  afterAll(() => mock.close());

  it('refuse a Host that is not loopback (DNS rebinding), and leave the state alone', async () => {
    mock.faults.error('RESOURCE_BUSY', 'vcenter.vm.list');
    for (const host of [`evil.example:${mock.port}`, 'evil.example', `10.1.2.3:${mock.port}`, `127.0.0.1.evil.example:${mock.port}`]) {
      const r = await raw(mock, 'DELETE', '/__mock/faults', { host });
      expect(r.status, host).toBe(403);
      expect(r.body.error_type).toBe('UNAUTHORIZED');
      expect(r.body.messages[0].default_message).toContain('loopback host');
      expect((await raw(mock, 'GET', '/__mock/state', { host })).status).toBe(403);
    }
    expect(mock.faults.list()).toHaveLength(1);
    for (const host of [own, `localhost:${mock.port}`, `[::1]:${mock.port}`, `127.9.9.9:${mock.port}`])
      expect((await raw(mock, 'GET', '/__mock/faults', { host })).status, host).toBe(200);
    expect((await raw(mock, 'DELETE', '/__mock/faults', { host: own })).status).toBe(204);
    expect(mock.faults.list()).toHaveLength(0);
  });

  it('refuse a foreign Origin, also on bodiless "simple" POSTs such as reset', async () => {
    const sid = await login(mock);
    const vm = (
      await call(mock, 'POST', '/api/vcenter/vm', {
        session: sid,
        body: { name: 'keep-me', guest_OS: 'RHEL_9_64', placement: { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' } },
      })
    ).body as string;
    for (const origin of ['http://evil.example', 'null', `http://localhost:${mock.port + 1}`, `https://evil.example:${mock.port}`]) {
      const r = await raw(mock, 'POST', '/__mock/reset', { host: own, origin });
      expect(r.status, origin).toBe(403);
      expect(r.body.messages[0].default_message).toContain('cross-origin');
      expect((await raw(mock, 'POST', '/__mock/sessions/expire', { host: own, origin, 'content-type': 'application/json' }, '{}')).status).toBe(403);
    }
    expect(mock.state.vms.has(vm)).toBe(true);
    expect((await call(mock, 'GET', '/api/session', { session: sid })).status).toBe(200);
    // Its own origin is fine.
    expect((await raw(mock, 'GET', '/__mock/health', { host: own, origin: `http://${own}` })).status).toBe(200);
  });

  it('refuse a body that is not JSON (text/plain needs no preflight), and add nothing', async () => {
    const spec = JSON.stringify({ errorType: 'RESOURCE_BUSY' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/notjson']) {
      const r = await raw(mock, 'POST', '/__mock/faults', { host: own, 'content-type': type }, spec);
      expect(r.status, type).toBe(415);
      expect(r.body.error_type).toBe('INVALID_REQUEST');
    }
    expect((await raw(mock, 'POST', '/__mock/faults', { host: own }, spec)).status).toBe(415);
    expect(mock.faults.list()).toHaveLength(0);
    expect((await raw(mock, 'POST', '/__mock/faults', { host: own, 'content-type': 'application/json; charset=utf-8' }, spec)).status).toBe(201);
    mock.faults.clear();
  });
});

describe('admin endpoints with a token', () => {
  const token = 'an-admin-token-1234';
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start({ prism: false, adminToken: token });
  });
  afterAll(() => mock.close());

  it('need Authorization: Bearer <token>; the in-process helpers keep working', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer nope' },
      { authorization: `Basic ${token}` },
      { authorization: `Bearer ${token}x` },
    ]) {
      const r = await call(mock, 'POST', '/__mock/faults', { headers, body: { errorType: 'RESOURCE_BUSY' } });
      expect(r.status).toBe(401);
      expect(r.body.error_type).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(r.body)).not.toContain(token);
      expect((await call(mock, 'GET', '/__mock/health', { headers })).status).toBe(401);
    }
    expect(mock.faults.list()).toEqual([]);
    const ok = await call(mock, 'POST', '/__mock/faults', {
      headers: { authorization: `Bearer ${token}` },
      body: { operation: 'vcenter.vm.list', errorType: 'RESOURCE_BUSY', times: 1 },
    });
    expect(ok.status).toBe(201);
    // mock.faults, mock.reset() and the API itself need no token.
    mock.faults.error('SERVICE_UNAVAILABLE', 'vcenter.vm.get', { times: 1 });
    const sid = await login(mock);
    expect((await call(mock, 'GET', '/api/vcenter/vm', { session: sid })).status).toBe(500); // RESOURCE_BUSY
    expect((await call(mock, 'GET', '/api/vcenter/vm/vm-1072', { session: sid })).status).toBe(503);
    mock.reset();
    expect(mock.faults.list()).toEqual([]);
  });

  it('refuses a token shorter than 8 characters', async () => {
    await expect(start({ adminToken: 'short' })).rejects.toThrow('adminToken must be at least 8 characters');
  });

  it('the bin takes --admin-token and never prints it', async () => {
    const run = await startBin(['--port', '0', '--quiet', '--admin-token', token]);
    try {
      expect((await fetch(`${run.url}/__mock/health`)).status).toBe(401);
      expect((await fetch(`${run.url}/__mock/health`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect(run.stdout() + run.stderr()).not.toContain(token);
    } finally {
      await stopBin(run);
    }
  });

  it('the bin reads VSPHERE_MOCK_ADMIN_TOKEN (kept out of ps) and refuses a short token with exit 2', async () => {
    process.env.VSPHERE_MOCK_ADMIN_TOKEN = 'short';
    try {
      const r = await runBin(['--port', '0']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('vsphere-mock: the admin token must be at least 8 characters\n');
    } finally {
      delete process.env.VSPHERE_MOCK_ADMIN_TOKEN;
    }
  });
});
