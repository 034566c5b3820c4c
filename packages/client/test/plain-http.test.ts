// Plain http:// carries the Basic credentials and the session id in clear: the client refuses it
// to any host but loopback unless `allowInsecureHttp: true`, before any connection is made.
// 192.0.2.1 (TEST-NET-1) only ever reaches a recording dispatcher here: no traffic leaves loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { VsphereClient, VsphereCore, type RequestDispatcher } from '../src/index.js';
import { credentialChannel, isLoopbackHost } from '../src/core/plain-http.js';

const CREDS = { username: 'administrator@vsphere.local', password: 'VMware1!' };

/** Records every request instead of sending it, and answers a login and an empty list. */
function recordingDispatcher() {
  const seen: { origin: string; path: string; headers?: Record<string, string> }[] = [];
  const dispatcher: RequestDispatcher = {
    async request(o) {
      seen.push({ origin: o.origin, path: o.path, headers: o.headers });
      const text = o.method === 'POST' ? '"session-1"' : '[]';
      return { statusCode: o.method === 'POST' ? 201 : 200, headers: { 'content-type': 'application/json' }, body: { text: async () => text } };
    },
    async close() {},
  };
  return { dispatcher, seen };
}

function warnings() {
  const lines: string[] = [];
  return { lines, logger: { warn: (l: string) => lines.push(l) } };
}

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterAll(async () => {
  await mock?.close();
});

describe('plain http', () => {
  it('refuses Basic credentials to a non-loopback host when the client is created, before any request', () => {
    const { dispatcher, seen } = recordingDispatcher();
    let err: (TypeError & { code?: string }) | undefined;
    try {
      new VsphereClient({ baseUrl: 'http://192.0.2.1', ...CREDS, dispatcher });
    } catch (e) {
      err = e as TypeError & { code?: string };
    }
    expect(err).toBeInstanceOf(TypeError);
    expect(err?.code).toBe('ERR_VSPHERE_PLAIN_HTTP');
    expect(err?.message).toContain('192.0.2.1');
    expect(err?.message).toContain('allowInsecureHttp');
    expect(err?.message).not.toContain(CREDS.password);
    expect(seen).toEqual([]);
  });

  it('refuses it with the default undici transport too, and with a session id instead of a password', () => {
    expect(() => new VsphereCore({ baseUrl: 'http://192.0.2.1:8080', ...CREDS })).toThrow(expect.objectContaining({ code: 'ERR_VSPHERE_PLAIN_HTTP' }));
    expect(() => new VsphereCore({ baseUrl: 'http://vcenter.example.com', sessionId: 'abc' })).toThrow(/refusing plain http to vcenter\.example\.com/);
  });

  it('sends over plain http to another host only with allowInsecureHttp: true, and says so to the logger', async () => {
    const { dispatcher, seen } = recordingDispatcher();
    const log = warnings();
    const client = new VsphereClient({ baseUrl: 'http://192.0.2.1', ...CREDS, dispatcher, allowInsecureHttp: true, logger: log.logger });
    expect(log.lines).toEqual(['plain http to http://192.0.2.1: credentials and session ids travel unencrypted (use https:// for a real vCenter)']);
    await client.vcenter.vm.list();
    expect(seen.map((r) => `${r.origin} ${r.path}`)).toEqual(['http://192.0.2.1 /api/session', 'http://192.0.2.1 /api/vcenter/vm']);
    await client.close({ logout: false });
  });

  it('works against the mock on 127.0.0.1 without permission, with one warning to the logger', async () => {
    const log = warnings();
    const client = new VsphereClient({ baseUrl: mock.url, ...CREDS, logger: log.logger });
    expect((await client.vcenter.vm.list()).length).toBeGreaterThan(0);
    await client.close();
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^plain http to http:\/\/127\.0\.0\.1:\d+: /);
  });

  it('needs no permission and logs nothing for https', () => {
    const log = warnings();
    new VsphereCore({ baseUrl: 'https://192.0.2.1', ...CREDS, logger: log.logger });
    expect(log.lines).toEqual([]);
  });

  it('refuses a thumbprint with an http:// base URL, even on loopback: there is no certificate to pin', () => {
    const thumbprint = 'AB'.repeat(32);
    for (const baseUrl of [mock.url, 'http://192.0.2.1']) {
      expect(() => new VsphereCore({ baseUrl, ...CREDS, thumbprint, allowInsecureHttp: true })).toThrow(
        expect.objectContaining({ code: 'ERR_VSPHERE_THUMBPRINT_WITHOUT_TLS' }),
      );
    }
  });

  it('a malformed thumbprint is a TypeError with its own code', () => {
    expect(() => new VsphereCore({ baseUrl: 'https://192.0.2.1', ...CREDS, thumbprint: 'not-hex' })).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_VSPHERE_BAD_THUMBPRINT' }),
    );
  });
});

describe('loopback', () => {
  it('is localhost, 127.0.0.0/8 and ::1 (also IPv4-mapped), as URL writes them', () => {
    for (const url of [
      'http://localhost:1',
      'http://LOCALHOST',
      'http://127.0.0.1',
      'http://127.8.9.10:8080',
      'http://[::1]:5480',
      'http://[::ffff:127.0.0.1]',
      'http://2130706433/',
    ]) {
      expect(credentialChannel(new URL(url)), url).toBe('loopback-http');
    }
  });

  it('is not another host, a name that only starts like one, or the any-address', () => {
    for (const host of ['192.0.2.1', 'localhost.example.com', '127.0.0.1.nip.io', '0.0.0.0', '::', '10.0.0.1', '[::2]']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
    expect(credentialChannel(new URL('http://localhost.example.com'))).toBe('remote-http');
    expect(credentialChannel(new URL('https://192.0.2.1'))).toBe('tls');
  });
});
