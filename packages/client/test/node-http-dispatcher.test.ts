import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { NodeHttpDispatcher, VsphereApiError, VsphereCore, VsphereTimeoutError } from '../src/index.js';
import { json, peerGetRoute, startPeer, vapiError, withLogin } from './helpers/peer.js';

// The node:http transport must behave like the undici one where the runtime
// relies on it: sessions, error bodies, timeouts, retries after a reset.
// (TLS rules for both transports: tls.test.ts.)

const route = peerGetRoute('demo.thing.get', '/api/thing');
const fast = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 };

describe('NodeHttpDispatcher', () => {
  it('logs in, sends the session header and decodes answers and vSphere errors', async () => {
    let n = 0;
    const peer = await startPeer(
      withLogin((req, res) => {
        n++;
        expect(req.headers['vmware-api-session-id']).toBe('peer-session-0123456789');
        return n === 1 ? json(res, 200, { ok: true }) : json(res, 404, vapiError('NOT_FOUND', 'gone'));
      }),
    );
    const dispatcher = new NodeHttpDispatcher();
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'secret-pw', dispatcher });
    expect(await core.call(route, {})).toEqual({ ok: true });
    const err = await core.call(route, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereApiError);
    expect((err as VsphereApiError).errorType).toBe('NOT_FOUND');
    await core.close();
    await dispatcher.close();
    await peer.close();
  });

  it('retries a GET after a connection reset and times out a POST without retrying it', async () => {
    let gets = 0;
    let posts = 0;
    const peer = await startPeer(
      withLogin((req, res) => {
        if (req.method === 'POST') {
          posts++;
          return; // never answers
        }
        gets++;
        if (gets === 1) {
          req.socket.destroy();
          return;
        }
        return json(res, 200, 'second time lucky');
      }),
    );
    const dispatcher = new NodeHttpDispatcher();
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'secret-pw', retry: fast, timeoutMs: 300, dispatcher });
    expect(await core.call(route, {})).toBe('second time lucky');
    expect(gets).toBe(2);
    const err = await core.call({ ...route, method: 'POST' }, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereTimeoutError);
    expect(posts).toBe(1);
    await core.close();
    await dispatcher.close();
    await peer.close();
  });

  it('a connected server that answers late runs into the request timeout, not the connect timeout', async () => {
    const peer = await startPeer(
      withLogin(async (_req, res) => {
        await new Promise((r) => setTimeout(r, 250));
        json(res, 200, 'late but within the request timeout');
      }),
    );
    // The connect timeout used to be the socket's idle timeout, so this answer was cut off as a "connect" timeout.
    const dispatcher = new NodeHttpDispatcher({ connectTimeoutMs: 100 });
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'secret-pw', retry: false, timeoutMs: 5_000, dispatcher });
    expect(await core.call(route, {})).toBe('late but within the request timeout');
    await core.close();
    await dispatcher.close();
    await peer.close();
  });

  it('retry.timeouts: false gives up after the first timed-out attempt, login included', async () => {
    let logins = 0;
    const peer = await startPeer((req) => {
      if (req.url === '/api/session') logins++;
      // never answers
    });
    const dispatcher = new NodeHttpDispatcher();
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'secret-pw', retry: { ...fast, timeouts: false }, timeoutMs: 200, dispatcher });
    const err = await core.call(route, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereTimeoutError);
    expect((err as VsphereTimeoutError).timeoutMs).toBe(200);
    expect(logins).toBe(1);
    await core.close({ logout: false });
    await dispatcher.close();
    await peer.close();
  });

  it('running out of time before the TLS handshake completes is a connect timeout, whichever timer fires', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const baseUrl = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    for (const [timeoutMs, connectTimeoutMs] of [
      [200, 5_000],
      [5_000, 200],
    ]) {
      const dispatcher = new NodeHttpDispatcher({ connectTimeoutMs, insecure: true });
      const core = new VsphereCore({ baseUrl, username: 'u', password: 'secret-pw', retry: false, timeoutMs, dispatcher });
      const err = await core.call(route, {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VsphereTimeoutError);
      expect((err as VsphereTimeoutError).code).toBe('UND_ERR_CONNECT_TIMEOUT');
      await core.close({ logout: false });
      await dispatcher.close();
    }
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });
});
