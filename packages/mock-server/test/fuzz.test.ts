// ≥10,000 malformed or hostile requests over keep-alive sockets: the server never
// crashes, never answers 5xx without an injected fault, and its state stays consistent.
import { Agent, request } from 'node:http';
import { expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer({ bodyLimit: 64 * 1024, validateResponses: false }, { checkSpec: false, resetEach: false });

// Deterministic PRNG so failures reproduce.
let seed = 0x5eed;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;

const PATHS = [
  '/api/vcenter/vm',
  '/api/vcenter/vm/vm-1072',
  '/api/vcenter/vm/..%2F..%2Fetc%2Fpasswd',
  '/api/vcenter/vm/%00',
  '/api/vcenter/vm/%E0%A4%A',
  '/api/vcenter/vm/vm-1072/power',
  '/api/vcenter/vm/vm-1072/power?action=start',
  '/api/vcenter/vm/vm-1072/power?action=%00',
  '/api/vcenter/vm?power_states=RUNNING',
  '/api/vcenter/vm?power_states=',
  '/api/vcenter/vm?vms=' + 'a'.repeat(5000),
  '/api/vcenter/vm?action=clone',
  '/api/vcenter/vm?action=clone&vmw-task=maybe',
  '/api/vcenter/host?standalone=2',
  '/api/vcenter/folder?type=' + encodeURIComponent('<script>'),
  '/api/session',
  '/api/cis/tasks/' + encodeURIComponent('../../x'),
  '/api/../../etc/passwd',
  '//api//vcenter//vm',
  '/api/vcenter/vm/',
  '/%2e%2e/%2e%2e',
  '/api/vcenter/vm?%zz=1',
  '/api/vcenter/datastore?types=VMFS&types=NOPE',
  '/api/content/local-library',
  '/api/content/local-library/' + 'x'.repeat(300),
  '/api/cis/tagging/tag',
  '/rest/com/vmware/cis/session',
  '/__mock/faults',
  '/__mock/nope',
  '/idp/token',
  '/idp/authorize?client_id=x',
  '/api/vcenter/authentication/token',
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND'];
const BODIES = [
  '',
  '{',
  '}',
  '{"guest_OS":',
  'null',
  '[]',
  '"x"',
  '1e999',
  '{"guest_OS":"RHEL_8_64","placement":{"folder":"group-v1003","cluster":"domain-c1055","datastore":"datastore-1061"},"name":"fz"}',
  '{"guest_OS":1}',
  '{"guest_OS":"RHEL_8_64","__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
  '\u0000\u0001\u0002',
  '\uFEFF{}',
  'grant_type=password&username=a',
  '{"source":"vm-1072","name":"' + 'n'.repeat(1000) + '"}',
  '{"placement":{"host":"host-1064"}}',
  'x'.repeat(70 * 1024),
  JSON.stringify({ name: 'big', guest_OS: 'RHEL_8_64', extra: 'y'.repeat(1000) }),
];
const CTYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'multipart/form-data; boundary=x',
  '',
  'application/xml',
];

function send(agent: Agent, method: string, path: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: mock.server.port, method, path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(-1));
    });
    req.on('error', () => resolve(-1)); // e.g. the server closed a 413 connection while we were writing
    if (body) req.write(body);
    req.end();
  });
}

it('survives 10,000+ hostile requests without 5xx and with consistent state', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const N = 10_400;
  const statuses = new Map<number, number>();
  const fivexx: string[] = [];
  let i = 0;
  const worker = async () => {
    while (i < N) {
      const n = i++;
      const method = pick(METHODS);
      const path = pick(PATHS);
      const body = method === 'GET' || method === 'HEAD' ? (rnd() < 0.1 ? pick(BODIES) : '') : pick(BODIES);
      const headers: Record<string, string> = {};
      const auth = rnd();
      if (auth < 0.6) headers['vmware-api-session-id'] = mock.sid;
      if (method === 'DELETE' && path === '/api/session' && rnd() < 0.5) await mock.relogin();
      else if (auth < 0.7) headers['vmware-api-session-id'] = pick(['', 'x'.repeat(4000), '../../', mock.sid + 'x']);
      else if (auth < 0.8)
        headers.authorization = pick([
          'Basic',
          'Basic !!!',
          'SIGN token="',
          'SIGN token="AAAA"',
          'Bearer x',
          'Basic ' + Buffer.from(':').toString('base64'),
          'Negotiate abc',
        ]);
      const ct = pick(CTYPES);
      if (ct) headers['content-type'] = ct;
      if (rnd() < 0.1) headers['x-odd'] = 'v'.repeat(Math.floor(rnd() * 2000));
      if (rnd() < 0.05) headers['content-length'] = String(10 * 1024 * 1024);
      if (headers['content-length'] && headers['content-length'] !== String(Buffer.byteLength(body))) {
        // A lying content-length: send what we have and let the server time out/close; keep it rare.
        if (rnd() < 0.9) delete headers['content-length'];
      }
      const status = await send(agent, method, path, headers, body);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) fivexx.push(`${n}: ${method} ${path.slice(0, 80)} -> ${status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  agent.destroy();
  expect(fivexx.slice(0, 10)).toEqual([]);
  // 405: a method the path does not take (most of the random method/path pairs; they were 404 before 405 existed).
  expect((statuses.get(200) ?? 0) + (statuses.get(400) ?? 0) + (statuses.get(404) ?? 0) + (statuses.get(405) ?? 0)).toBeGreaterThan(N / 2);

  // Still alive, still consistent (the fuzz may have logged our session out: DELETE /api/session).
  await mock.relogin();
  const r = await fetch(`${mock.server.url}/api/vcenter/vm`, { headers: { 'vmware-api-session-id': mock.sid } });
  expect(r.status).toBe(200);
  const vms = (await r.json()) as { vm: string; power_state: string }[];
  const s = mock.server.state;
  expect(vms.length).toBe(s.vms.size);
  for (const vm of s.vms.values()) {
    expect(['POWERED_ON', 'POWERED_OFF', 'SUSPENDED']).toContain(vm.power_state);
    expect(s.folders.has(vm.folder)).toBe(true);
    expect(s.resourcePools.has(vm.resource_pool)).toBe(true);
    expect(s.datastores.has(vm.datastore)).toBe(true);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(s.vms.has('vm-1072')).toBe(true);
}, 60_000);
