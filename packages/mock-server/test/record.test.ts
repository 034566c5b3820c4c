// Record and replay: `vsphere-mock --record-from` reads a vCenter's inventory through the client
// into a seed, reporting every answer that differs from the specs. A second mock stands in for
// the real vCenter; a proxy in front of it plants differences a real one could send.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';
import { runBin } from './helpers/bin.js';
import { call, login } from './helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'vsphere-record-'));
const CREDS = { ...process.env, VSPHERE_USERNAME: 'administrator@vsphere.local', VSPHERE_PASSWORD: 'VMware1!' };

let real: MockServer;
let proxy: Server;
let proxyUrl = '';

/** Forwards to the stand-in, changing two answers as an off-spec vCenter would. */
function plantingProxy(target: string): Server {
  return createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
    const answer = await fetch(target + req.url, { method: req.method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
    let text = await answer.text();
    if (req.method === 'GET' && req.url === '/api/vcenter/vm/vm-1072') {
      // A field the spec does not declare, and a boolean sent as text.
      text = JSON.stringify({ ...JSON.parse(text), tools_hint: 'planted', instant_clone_frozen: 'no' });
    }
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  });
}

beforeAll(async () => {
  real = await startMockServer({ port: 0 });
  proxy = plantingProxy(real.url);
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await real?.close();
  await new Promise((r) => proxy?.close(r));
});

describe('vsphere-mock --record-from', () => {
  const seedFile = join(dir, 'seed.json');
  let stdout = '';

  beforeAll(async () => {
    const r = await runBin(['--record-from', proxyUrl, '--out', seedFile], CREDS);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    stdout = r.stdout;
  }, 60_000);

  it('reports every planted difference with operation, pointer, expected and received', () => {
    expect(stdout).toMatch(
      /^recorded 2 datacenters, \d+ folders, \d+ clusters, \d+ hosts, \d+ datastores, \d+ networks, \d+ resource pools, \d+ VMs, \d+ VM templates, \d+ storage policies, \d+ content libraries with \d+ items, 1 tag category with 1 tag in \d+ read-only calls to /,
    );
    expect(stdout).toContain(`the vCenter reports version 8.0.2.00000 (build 22385739): replay it with --seed ${seedFile} --vsphere-version 8.0.2\n`);
    expect(stdout).toContain(
      '2 differences from the specs:\n' +
        '  vcenter.vm.get /tools_hint: expected no such field, received "planted"\n' +
        '  vcenter.vm.get /instant_clone_frozen: expected type boolean, received "no"\n',
    );
  });

  it('writes a seed the mock loads, holding the same inventory in the same places', async () => {
    expect(readFileSync(seedFile, 'utf8')).not.toContain('VMware1!');
    const replay = await startMockServer({ port: 0, seed: seedFile, seedMode: 'replace', validateResponses: true });
    try {
      const [a, b] = [await login(real), await login(replay)];
      const same = async (path: string) => {
        const [x, y] = [await call(real, 'GET', path, { session: a }), await call(replay, 'GET', path, { session: b })];
        expect(y.status, path).toBe(200);
        expect(y.body, path).toEqual(x.body);
        return x.body as Record<string, string>[];
      };
      const vms = await same('/api/vcenter/vm');
      expect(vms.length).toBeGreaterThan(0);
      for (const path of [
        '/api/vcenter/datacenter',
        '/api/vcenter/folder',
        '/api/vcenter/cluster',
        '/api/vcenter/host',
        '/api/vcenter/datastore',
        '/api/vcenter/network',
        '/api/vcenter/resource-pool',
      ]) {
        await same(path);
      }
      // Placement: the members of every folder, host, cluster and resource pool.
      for (const f of await same('/api/vcenter/folder?type=VIRTUAL_MACHINE')) await same(`/api/vcenter/vm?folders=${f.folder}`);
      for (const h of await same('/api/vcenter/host')) await same(`/api/vcenter/vm?hosts=${h.host}`);
      for (const c of await same('/api/vcenter/cluster')) await same(`/api/vcenter/host?clusters=${c.cluster}`);
      for (const p of await same('/api/vcenter/resource-pool')) await same(`/api/vcenter/vm?resource_pools=${p.resource_pool}`);
      const vm = vms[0]!.vm;
      const [x, y] = [await call(real, 'GET', `/api/vcenter/vm/${vm}`, { session: a }), await call(replay, 'GET', `/api/vcenter/vm/${vm}`, { session: b })];
      expect(y.body).toMatchObject({ name: x.body.name, guest_OS: x.body.guest_OS, power_state: x.body.power_state, identity: x.body.identity });
      expect(replay.core.responseViolations).toEqual([]);
    } finally {
      await replay.close();
    }
  });
});

describe('recording from https', () => {
  it('pins the certificate with --thumbprint and refuses an unknown one; tells the version to replay with', async () => {
    const tls = await startMockServer({ port: 0, tls: true, vsphereVersion: '7.0.3' });
    try {
      const out = join(dir, 'tls.json');
      const ok = await runBin(['--record-from', tls.url, '--out', out, '--thumbprint', tls.thumbprint!], CREDS);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('every answer matches the specs\n');
      expect(ok.stdout).toContain(`the vCenter reports version 7.0.3.00000 (build 18700403): replay it with --seed ${out} --vsphere-version 7.0.3\n`);
      const refused = await runBin(['--record-from', tls.url, '--out', join(dir, 'no.json')], CREDS);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^vsphere-mock: .*certificate/);
      expect(refused.stderr).not.toContain('VMware1!');
    } finally {
      await tls.close();
    }
  }, 60_000);

  it('says what is missing in one line, exit 2', async () => {
    const cases: [string[], NodeJS.ProcessEnv, string][] = [
      [['--record-from', 'https://vc.example.com'], CREDS, '--record-from needs --out FILE (where the seed goes)'],
      [['--record-from', 'vc.example.com', '--out', 'x.json'], CREDS, "--record-from needs the vCenter's URL (https://…), got 'vc.example.com'"],
      [
        ['--record-from', 'https://vc.example.com', '--out', 'x.json'],
        { PATH: process.env.PATH },
        'no user for the vCenter: give --username or VSPHERE_USERNAME',
      ],
      [['--out', 'x.json'], CREDS, '--out goes with --record-from'],
    ];
    for (const [args, env, message] of cases) {
      const r = await runBin(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`vsphere-mock: ${message}\n`);
    }
  }, 60_000);
});

describe('the spec check of recorded answers', () => {
  it('names a missing field, a value outside the enum and an undeclared field with an escaped pointer', async () => {
    const { AnswerChecker } = await import('../src/record/spec-check.js');
    const { loadGenerated } = await import('../src/index.js');
    const { spec, routes } = await loadGenerated();
    const list = routes.find((r) => r.id === 'vcenter.vm.list')!;
    const answer = [{ vm: 'vm-1', power_state: 'HALTED', cpu_count: 1, memory_size_MiB: 512, 'a/b~c': true }];
    expect(new AnswerChecker(spec).check(list, 200, answer)).toEqual([
      { operation: 'vcenter.vm.list', pointer: '/0/name', expected: 'a value (required)', received: 'nothing' },
      { operation: 'vcenter.vm.list', pointer: '/0/a~1b~0c', expected: 'no such field', received: 'true' },
      { operation: 'vcenter.vm.list', pointer: '/0/power_state', expected: 'one of POWERED_OFF, POWERED_ON, SUSPENDED', received: '"HALTED"' },
    ]);
    expect(new AnswerChecker(spec).check(list, 201, [])).toEqual([
      { operation: 'vcenter.vm.list', pointer: '', expected: expect.stringContaining('one of the statuses 200'), received: 'status 201' },
    ]);
  });
});
