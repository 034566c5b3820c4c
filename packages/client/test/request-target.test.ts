import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeHttpDispatcher, VsphereCore, discoverOidc } from '../src/index.js';
import type { RouteDef } from '@vsphere-kit/core/route';
import { Transport } from '../src/core/transport.js';
import { json, startPeer, withLogin, type Peer } from './helpers/peer.js';

// #13 item 3: a request target that is not an origin-form path (`//host/x`,
// `/\host/x`, an absolute URL, control characters) would send the session id
// to another host. Every transport refuses it before anything is sent: the
// server the client is configured for sees no request, and the other host
// ("victim") sees none either.

let server: Peer;
let victim: Peer;
let victimHost: string;

beforeAll(async () => {
  server = await startPeer(withLogin((_req, res) => json(res, 200, { ok: true })));
  victim = await startPeer((_req, res) => json(res, 200, { stolen: true }));
  victimHost = victim.url.slice('http://'.length);
});
afterAll(async () => {
  await server?.close();
  await victim?.close();
});

function rawRoute(path: string): RouteDef {
  return { id: 'raw', method: 'GET', path, pathParams: [], queryParams: [], successStatus: 200, responseBody: true, rest: false, auth: 'session' };
}

const badTargets = (): [string, string][] => [
  ['network-path reference', `//${victimHost}/x`],
  ['backslash after the slash', `/\\${victimHost}/x`],
  ['absolute URL', `${victim.url}/x`],
  ['no leading slash', `${victimHost}/x`],
  ['CR LF (header injection)', '/api/x\r\nHost: evil'],
  ['space', '/api/x y'],
  ['NUL', '/api/\u0000x'],
  ['fragment', '/api/x#y'],
  ['backslash inside', '/api\\..\\x'],
  ['empty', ''],
];

describe('request targets stay on the server', () => {
  for (const [dispatcherName, makeDispatcher] of [
    ['undici', () => undefined],
    ['NodeHttpDispatcher', () => new NodeHttpDispatcher()],
  ] as const) {
    it(`the client refuses every non-origin-form target (${dispatcherName}), nothing is sent`, async () => {
      const dispatcher = makeDispatcher();
      const core = new VsphereCore({ baseUrl: server.url, username: 'u', password: 'secret-pw', dispatcher });
      const before = server.requests.length;
      for (const [what, target] of badTargets()) {
        const err = await core.call(rawRoute(target), {}).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, what).toBeInstanceOf(TypeError);
        expect((err as TypeError).message, what).toContain(JSON.stringify(target));
        expect((err as TypeError).message, what).toMatch(/origin-form/);
        expect((err as { code?: string }).code, what).toBe('ERR_VSPHERE_REQUEST_TARGET');
      }
      // not even the login went out: the target is checked before any header is attached
      expect(server.requests.length).toBe(before);
      expect(victim.requests).toEqual([]);
      // the client still works for a good target afterwards
      expect(await core.call(rawRoute('/api/ok'), {})).toEqual({ ok: true });
      await core.close();
      await dispatcher?.close();
    });
  }

  it('NodeHttpDispatcher used directly refuses the same targets before connecting', async () => {
    const dispatcher = new NodeHttpDispatcher();
    for (const [what, path] of badTargets()) {
      const err = await dispatcher.request({ origin: server.url, path, method: 'GET', headers: { 'vmware-api-session-id': 'sid-must-not-leak' } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, what).toBeInstanceOf(TypeError);
      expect((err as TypeError).message, what).toMatch(/origin-form/);
    }
    await dispatcher.close();
    expect(victim.requests).toEqual([]);
  });

  it('the undici transport itself refuses them (whatever builds the target), and so does a "//" base path', async () => {
    const transport = new Transport(server.url);
    for (const [what, target] of badTargets()) {
      const err = await Promise.resolve()
        .then(() => transport.send({ method: 'GET', target, headers: { 'vmware-api-session-id': 'sid-must-not-leak' }, timeoutMs: 2000 }))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err, what).toBeInstanceOf(TypeError);
      expect((err as TypeError).message, what).toMatch(/origin-form/);
    }
    await transport.close();
    expect(() => new VsphereCore({ baseUrl: `http://127.0.0.1:1//${victimHost}` })).toThrow(/must not start with "\/\/"/);
    expect(victim.requests).toEqual([]);
  });

  it('the identity-provider HTTP refuses URLs that parsers read differently, nothing is sent', async () => {
    const bad = [
      `${server.url}\\@${victimHost}/x`,
      `${server.url}/x\r\nHost: evil`,
      `http://user:pw@${victimHost}/x`,
      `file:///etc/passwd`,
      `${victim.url}/x#frag`,
    ];
    for (const url of bad) {
      const err = await discoverOidc(url, { timeoutMs: 2000 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, url).toBeInstanceOf(TypeError);
      expect((err as TypeError).message, url).toMatch(/identity provider URL/);
    }
    expect(victim.requests).toEqual([]);
  });
});
