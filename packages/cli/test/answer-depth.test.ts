import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterHttpWarning, credsEnv, ensureBundle, tempDir, vsphere } from './helpers/cli.js';

// A server whose answer nests 10,000 deep (no vSphere answer nests past 15): every output format
// walks the answer recursively, so the CLI says what is wrong in one line instead of running out of stack.

const nest = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

let server: Server;
let url: string;
let answer = nest(10_000);
const seen: string[] = [];

beforeAll(async () => {
  ensureBundle();
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.method === 'POST' && req.url === '/api/session') {
      res.writeHead(201, { 'content-type': 'application/json' }).end('"deep-session-0123456789"');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

describe('an answer nested 10,000 deep', () => {
  it('is named in one line for every output format, exit 1, with nothing printed on stdout', async () => {
    const env = credsEnv(url, { XDG_CONFIG_HOME: tempDir('vsphere-deep-') });
    for (const format of ['json', 'yaml', 'table', 'csv', 'ids']) {
      seen.length = 0;
      const r = await vsphere(['vcenter', 'vm', 'list', '-o', format], env);
      expect(r.code, format).toBe(1);
      expect(r.stdout).toBe('');
      expect(afterHttpWarning(r.stderr)).toBe(
        "error: the answer to 'vsphere vcenter vm list' nests objects and arrays deeper than 64 levels (vSphere's own stay under 15): not printed\n",
      );
      // One list, nothing else sent (the session was kept by the first run).
      expect(seen.filter((s) => s.startsWith('GET'))).toEqual(['GET /api/vcenter/vm']);
    }
    const raw = await vsphere(['raw', 'GET', '/api/vcenter/vm'], env);
    expect(raw.code).toBe(1);
    expect(afterHttpWarning(raw.stderr)).toBe("error: the answer nests objects and arrays deeper than 64 levels (vSphere's own stay under 15): not printed\n");
  });

  it('an answer nested 20 deep prints as it came', async () => {
    answer = nest(20);
    const r = await vsphere(['vcenter', 'vm', 'list', '-o', 'json'], credsEnv(url, { XDG_CONFIG_HOME: tempDir('vsphere-deep-') }));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(nest(20)));
  });
});
