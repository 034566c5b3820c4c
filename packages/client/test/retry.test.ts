import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceUnavailableError, VsphereClient, VsphereCore, VsphereTimeoutError } from '../src/index.js';
import { ADMIN, startMock, type MockServer } from './helpers/mock.js';
import { json, peerGetRoute, startPeer, vapiError, withLogin } from './helpers/peer.js';

const fast = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 };

describe('retries against injected faults', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('retries GET on 503 SERVICE_UNAVAILABLE, then succeeds', async () => {
    const lines: string[] = [];
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, retry: fast, logger: { debug: (l) => lines.push(l) } });
    await client.core.login();
    mock.faults.clear();
    mock.faults.error('SERVICE_UNAVAILABLE', 'vcenter.vm.list', { times: 2 });
    const vms = await client.vcenter.vm.list();
    expect(vms.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.startsWith('GET /api/vcenter/vm -> ')).map((l) => l.split(' ')[3])).toEqual(['503', '503', '200']);
    await client.close();
  });

  it('gives up after maxRetries with the typed error', async () => {
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, retry: { ...fast, maxRetries: 2 } });
    await client.core.login();
    mock.faults.clear();
    const id = mock.faults.error('SERVICE_UNAVAILABLE', 'vcenter.vm.list');
    await expect(client.vcenter.vm.list()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(mock.faults.list().find((f) => f.id === id)?.hits).toBe(3);
    mock.faults.clear();
    await client.close();
  });

  it('never retries POST', async () => {
    const lines: string[] = [];
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, retry: fast, logger: { debug: (l) => lines.push(l) } });
    await client.core.login();
    mock.faults.clear();
    const vm = (await client.vcenter.vm.list({ power_states: ['POWERED_OFF'] }))[0].vm;
    mock.faults.error('SERVICE_UNAVAILABLE', 'vcenter.vm.power.start', { times: 1 });
    await expect(client.vcenter.vm.power.start(vm)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(lines.filter((l) => l.startsWith(`POST /api/vcenter/vm/${vm}/power?action=start -> `))).toHaveLength(1);
    expect(lines.some((l) => l.includes('retry'))).toBe(false);
    await client.vcenter.vm.power.start(vm); // the fault was used up by the single attempt
    mock.faults.clear();
    await client.close();
  });
});

describe('retries against a scripted peer', () => {
  const route = peerGetRoute('test.get', '/api/thing');

  it('honours Retry-After and retries after a connection reset', async () => {
    let n = 0;
    const peer = await startPeer(
      withLogin((req, res) => {
        n++;
        if (n === 1) return json(res, 503, vapiError('SERVICE_UNAVAILABLE'), { 'retry-after': '0' });
        if (n === 2) {
          req.socket.destroy();
          return;
        }
        return json(res, 200, { ok: true });
      }),
    );
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'secret-pw', retry: fast });
    expect(await core.call(route)).toEqual({ ok: true });
    expect(peer.requests.filter((r) => r.url === '/api/thing')).toHaveLength(3);
    await core.close();
    await peer.close();
  });

  it('retries a GET that timed out, but does not retry a POST that timed out', async () => {
    let gets = 0;
    let posts = 0;
    const peer = await startPeer(
      withLogin(async (req, res) => {
        if (req.method === 'POST') {
          posts++;
          return; // never answers
        }
        gets++;
        if (gets === 1) return; // first GET hangs
        return json(res, 200, 'late but fine');
      }),
    );
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'secret-pw', retry: fast, timeoutMs: 300 });
    expect(await core.call(route)).toBe('late but fine');
    expect(gets).toBe(2);
    const err = await core.call({ ...route, method: 'POST' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereTimeoutError);
    expect(posts).toBe(1);
    await core.close();
    await peer.close();
  });

  it('stops retrying when Retry-After is longer than allowed', async () => {
    const peer = await startPeer(withLogin((_req, res) => json(res, 503, vapiError('SERVICE_UNAVAILABLE'), { 'retry-after': '3600' })));
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'secret-pw', retry: { ...fast, maxRetryAfterMs: 1000 } });
    await expect(core.call(route)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(peer.requests.filter((r) => r.url === '/api/thing')).toHaveLength(1);
    await core.close();
    await peer.close();
  });

  it('retries a login like an idempotent call: Retry-After honoured, a reset retried, a too-long Retry-After not', async () => {
    let logins = 0;
    const peer = await startPeer(async (req, res) => {
      if (req.url !== '/api/session') return json(res, 200, 'ok');
      logins++;
      if (logins === 1) return json(res, 503, vapiError('SERVICE_UNAVAILABLE'), { 'retry-after': '0' });
      if (logins === 2) {
        req.socket.destroy();
        return;
      }
      if (logins === 3) return json(res, 201, 'session-after-retries-0123');
      return json(res, 503, vapiError('SERVICE_UNAVAILABLE'), { 'retry-after': '3600' });
    });
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'secret-pw', retry: { ...fast, maxRetryAfterMs: 1000 } });
    expect(await core.call(route)).toBe('ok');
    expect(logins).toBe(3);
    expect(core.loginCount).toBe(1);
    core.forgetSession();
    await expect(core.login()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(logins).toBe(4);
    await core.close();
    await peer.close();
  });
});
