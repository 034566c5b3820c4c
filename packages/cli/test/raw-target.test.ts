import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { afterHttpWarning, credsEnv, ensureBundle, vsphere } from './helpers/cli.js';

// #13 item 3: `vsphere raw GET //other-host:port/x` must not send the session
// (or the login) anywhere: the CLI refuses the target as a usage error, and
// neither the configured server nor the other host receives a request.

interface Recorder {
  url: string;
  host: string;
  seen: string[];
  server: Server;
}

async function recorder(): Promise<Recorder> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.method === 'POST' && req.url === '/api/session') {
      res.writeHead(201, { 'content-type': 'application/json' }).end('"recorder-session-0123456789"');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"answer":"ok"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, seen, server };
}

let vcenter: Recorder;
let other: Recorder;

beforeAll(async () => {
  ensureBundle();
  vcenter = await recorder();
  other = await recorder();
});
beforeEach(() => {
  vcenter.seen.length = 0;
  other.seen.length = 0;
});
afterAll(async () => {
  for (const r of [vcenter, other]) {
    r?.server.closeAllConnections();
    await new Promise((done) => r?.server.close(done));
  }
});

describe('vsphere raw keeps requests on the server', () => {
  it.each([
    ['//HOST/x', (h: string) => `//${h}/x`],
    ['/\\HOST/x', (h: string) => `/\\${h}/x`],
    ['/x<CR><LF>Host: HOST', (h: string) => `/x\r\nHost: ${h}`],
  ])('refuses %s with a usage error and sends nothing', async (_label, make) => {
    const target = make(other.host);
    const r = await vsphere(['raw', 'GET', target], credsEnv(vcenter.url));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not an origin-form path');
    expect(r.stderr).toContain(JSON.stringify(target));
    expect(r.stdout).toBe('');
    expect(other.seen).toEqual([]);
    expect(vcenter.seen).toEqual([]);
  });

  it('refuses an absolute URL too (it does not start with /)', async () => {
    const r = await vsphere(['raw', 'GET', `${other.url}/x`], credsEnv(vcenter.url));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must start with /');
    expect(other.seen).toEqual([]);
    expect(vcenter.seen).toEqual([]);
  });

  it('still sends an origin-form path to the configured server', async () => {
    const r = await vsphere(['raw', 'GET', '/api/thing?x=1'], credsEnv(vcenter.url));
    expect(afterHttpWarning(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ answer: 'ok' });
    expect(vcenter.seen).toContain('GET /api/thing?x=1');
    expect(other.seen).toEqual([]);
  });
});
