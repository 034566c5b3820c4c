// The request journal (mock.requests(), GET /__mock/requests): what the code under test sent, with
// secrets masked, filterable, bounded; the access log (requestLog / --log); operation ids checked
// wherever a test names one (faults, journal filters), naming the closest ids.
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer, VapiError, type MockServer } from '../src/index.js';
import { BIN, runBin, startBin, stopBin } from './helpers/bin.js';
import { BASIC, call, login } from './helpers/server.js';

const logLines: string[] = [];
let mock: MockServer;
let sid: string;

beforeAll(async () => {
  mock = await startMockServer({ validateResponses: true, journalHeaders: true, requestLog: (line) => logLines.push(line) });
  sid = await login(mock);
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.clearRequests();
  logLines.length = 0;
});

const GUEST_PASSWORD = 'guest-Secret-42';
const processCreate = {
  credentials: { interactive_session: false, type: 'USERNAME_PASSWORD', user_name: 'root', password: GUEST_PASSWORD },
  spec: { path: '/bin/true' },
};

describe('mock.requests()', () => {
  it('records each request: operation, method, path, query, body, status and time, oldest first', async () => {
    const before = Date.now();
    await call(mock, 'GET', '/api/vcenter/vm?names=web-01&power_states=POWERED_ON&power_states=POWERED_OFF', { session: sid });
    await call(mock, 'POST', '/api/vcenter/folder?bogus=1', { session: sid, body: {} });
    const [list, bad] = mock.requests();
    expect(list).toMatchObject({
      seq: expect.any(Number),
      operation: 'vcenter.vm.list',
      method: 'GET',
      path: '/api/vcenter/vm',
      query: { names: 'web-01', power_states: ['POWERED_ON', 'POWERED_OFF'] },
      status: 200,
    });
    expect(list!.body).toBeUndefined();
    expect(Date.parse(list!.time)).toBeGreaterThanOrEqual(before - 1);
    expect(list!.durationMs).toBeGreaterThanOrEqual(0);
    expect(list!.headers?.['vmware-api-session-id']).toBe('[REDACTED]');
    expect(bad!.seq).toBe(list!.seq + 1);
    // An unknown path: no operation, the 404 it got.
    await call(mock, 'GET', '/api/nothing/here', { session: sid });
    expect(mock.requests().at(-1)).toMatchObject({ operation: null, method: 'GET', path: '/api/nothing/here', status: 404 });
  });

  it('masks passwords, guest credentials, session ids and Authorization; keeps the rest of the body', async () => {
    await call(mock, 'POST', '/api/session', { headers: { authorization: BASIC } });
    await call(mock, 'POST', '/api/vcenter/vm/vm-1072/guest/processes?action=create', { session: sid, body: processCreate });
    const [login, run] = mock.requests();
    expect(login!.headers?.authorization).toBe('[REDACTED]');
    expect(run!.operation).toBe('vcenter.vm.guest.processes.create');
    expect(run!.body).toEqual({ ...processCreate, credentials: { ...processCreate.credentials, password: '[REDACTED]' } });
    expect(run!.bodyBytes).toBe(Buffer.byteLength(JSON.stringify(processCreate)));
    const everything = JSON.stringify(mock.requests());
    expect(everything).not.toContain(GUEST_PASSWORD);
    expect(everything).not.toContain(sid);
    expect(everything).not.toContain(BASIC.slice(6));
  });

  it('filters by operation, method, path (as sent or the template, or a RegExp) and time', async () => {
    await call(mock, 'GET', '/api/vcenter/vm/vm-1072', { session: sid });
    const mark = Date.now() + 1;
    await new Promise((r) => setTimeout(r, 5));
    await call(mock, 'GET', '/api/vcenter/vm/vm-1073', { session: sid });
    await call(mock, 'GET', '/api/vcenter/host', { session: sid });
    expect(mock.requests({ operation: 'vcenter.vm.get' }).map((r) => r.path)).toEqual(['/api/vcenter/vm/vm-1072', '/api/vcenter/vm/vm-1073']);
    expect(mock.requests({ path: '/api/vcenter/vm/{vm}' })).toHaveLength(2);
    expect(mock.requests({ path: '/api/vcenter/vm/vm-1073' })).toHaveLength(1);
    expect(mock.requests({ path: /host$/ }).map((r) => r.operation)).toEqual(['vcenter.host.list']);
    expect(mock.requests({ method: 'get', since: mark }).map((r) => r.path)).toEqual(['/api/vcenter/vm/vm-1073', '/api/vcenter/host']);
    expect(mock.requests({ since: new Date(mark).toISOString() })).toHaveLength(2);
    expect(mock.requests({ method: 'POST' })).toEqual([]);
  });

  it('refuses a filter it cannot apply, naming the field (and the closest ids for an operation)', () => {
    const refusal = (filter: unknown): string => {
      try {
        mock.requests(filter as never);
      } catch (e) {
        expect(e).toBeInstanceOf(VapiError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal({ operation: 'vcenter.vm.lsit' })).toBe(
      "request filter 'operation': unknown operation id 'vcenter.vm.lsit'; the closest are 'vcenter.vm.list', 'vcenter.vm.get', 'vcenter.vm.clone'.",
    );
    expect(refusal({ operation: 'vm.list' })).toContain("the closest are 'vcenter.vm.list'");
    expect(refusal({ opertion: 'vcenter.vm.list' })).toBe("Unknown request filter field 'opertion'; use operation, method, path or since.");
    expect(refusal({ since: 'yesterday' })).toContain("request filter 'since' must be a Date, epoch milliseconds or an ISO 8601 time");
    expect(refusal({ path: 5 })).toBe("request filter 'path' must be a path or a RegExp.");
  });

  it('clearRequests() empties it; the sequence goes on', async () => {
    await call(mock, 'GET', '/api/vcenter/vm', { session: sid });
    const seq = mock.requests()[0]!.seq;
    mock.clearRequests();
    expect(mock.requests()).toEqual([]);
    await call(mock, 'GET', '/api/vcenter/vm', { session: sid });
    expect(mock.requests().map((r) => r.seq)).toEqual([seq + 1]);
  });

  it('serves the journal at GET /__mock/requests (filtered, not recording itself) and empties it with DELETE', async () => {
    await call(mock, 'GET', '/api/vcenter/vm', { session: sid });
    await call(mock, 'GET', '/api/vcenter/host', { session: sid });
    const all = await call(mock, 'GET', '/__mock/requests');
    expect(all.status).toBe(200);
    expect(all.body.map((r: { operation: string }) => r.operation)).toEqual(['vcenter.vm.list', 'vcenter.host.list']);
    const one = await call(mock, 'GET', '/__mock/requests?operation=vcenter.host.list&method=GET');
    expect(one.body).toHaveLength(1);
    const since = await call(mock, 'GET', `/__mock/requests?since=${Date.now() + 60_000}`);
    expect(since.body).toEqual([]);
    const typo = await call(mock, 'GET', '/__mock/requests?operation=vcenter.host.lst');
    expect(typo.status).toBe(400);
    expect(typo.body.messages[0].default_message).toContain("unknown operation id 'vcenter.host.lst'; the closest are 'vcenter.host.list'");
    expect((await call(mock, 'GET', '/__mock/requests?verb=GET')).body.messages[0].default_message).toBe(
      "Unknown request filter field 'verb'; use operation, method, path or since.",
    );
    expect((await call(mock, 'DELETE', '/__mock/requests')).status).toBe(204);
    expect(mock.requests()).toEqual([]);
    // Like the other admin endpoints, it refuses a foreign Origin.
    expect((await call(mock, 'GET', '/__mock/requests', { headers: { origin: 'https://evil.example' } })).status).toBe(403);
  });
});

describe('the journal is bounded', () => {
  it('keeps the latest journalSize requests, oldest dropped first', async () => {
    const small = await startMockServer({ journalSize: 3, prism: false });
    try {
      const s = await login(small);
      for (const vm of ['vm-1072', 'vm-1073', 'vm-1074', 'vm-1075']) await call(small, 'GET', `/api/vcenter/vm/${vm}`, { session: s });
      expect(small.requests().map((r) => r.path)).toEqual(['/api/vcenter/vm/vm-1073', '/api/vcenter/vm/vm-1074', '/api/vcenter/vm/vm-1075']);
      // Headers only with journalHeaders: the body's content type still decides how it is read.
      expect(small.requests()[0]!.headers).toBeUndefined();
      await call(small, 'POST', '/api/vcenter/authentication/token', {
        raw: 'grant_type=x&subject_token=tok-secret-1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(small.requests().at(-1)!.body).toEqual({ grant_type: 'x', subject_token: '[REDACTED]' });
    } finally {
      await small.close();
    }
  });

  it('journalSize 0 turns it off, and reading it then says so rather than answering an empty list', async () => {
    const off = await startMockServer({ journalSize: 0, prism: false });
    try {
      expect(() => off.requests()).toThrow('The request journal is off (journalSize 0, --journal-size 0).');
      expect((await call(off, 'GET', '/__mock/requests')).status).toBe(400);
    } finally {
      await off.close();
    }
    await expect(startMockServer({ journalSize: -1 })).rejects.toThrow('journalSize must be a non-negative integer, got -1');
  });
});

describe('the access log', () => {
  it('writes one line per answered request, with status, time and operation, secrets masked', async () => {
    await call(mock, 'GET', '/api/vcenter/vm?names=web-01', { session: sid });
    await call(mock, 'POST', '/api/session', { headers: { authorization: BASIC } });
    await call(mock, 'GET', '/idp/token?client_secret=s3cr3t-value&password=pw-value');
    expect(logLines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z GET \/api\/vcenter\/vm\?names=web-01 200 \d+ms vcenter\.vm\.list$/);
    expect(logLines[1]).toMatch(/ POST \/api\/session 201 \d+ms session\.create$/);
    expect(logLines[2]).toMatch(/ GET \/idp\/token\?client_secret=\[REDACTED\]&password=\[REDACTED\] \d{3} \d+ms -$/);
    expect(logLines.join('\n')).not.toMatch(/s3cr3t-value|pw-value/);
  });

  it('takes a stream, and a sink that throws costs the answer nothing', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d: Buffer) => (text += d.toString()));
    const messages: string[] = [];
    const streamed = await startMockServer({ requestLog: stream, prism: false });
    const broken = await startMockServer({
      requestLog: () => {
        throw new Error('disk full');
      },
      log: (l) => messages.push(l),
      prism: false,
    });
    try {
      await call(streamed, 'GET', '/api/vcenter/vm');
      expect(text).toMatch(/ GET \/api\/vcenter\/vm 401 \d+ms vcenter\.vm\.list\n$/);
      expect((await call(broken, 'GET', '/api/vcenter/vm')).status).toBe(401);
      expect(messages).toEqual(['the request log failed: disk full']);
    } finally {
      await streamed.close();
      await broken.close();
    }
    await expect(startMockServer({ requestLog: 42 as never })).rejects.toThrow(
      'requestLog must be a function that takes a line or a writable stream, got number',
    );
  });

  it('the bin logs each request on stderr with --log requests; not with --log none, --quiet, or by default into a pipe', async () => {
    const cases = [
      [['--log', 'requests'], true],
      [[], false],
      [['--log', 'none'], false],
      [['--quiet', '--log', 'none'], false],
    ] as const;
    const runs = await Promise.all(cases.map(([args]) => startBin(['--port', '0', ...args])));
    try {
      for (const run of runs) await fetch(`${run.url}/api/vcenter/vm`);
      await new Promise((r) => setTimeout(r, 100));
      cases.forEach(([args, logged], i) => {
        const stderr = runs[i]!.stderr();
        expect(/ GET \/api\/vcenter\/vm 401 \d+ms vcenter\.vm\.list$/m.test(stderr), `${args.join(' ')}: ${stderr}`).toBe(logged);
      });
    } finally {
      await Promise.all(runs.map((run) => stopBin(run)));
    }
    const bad = await runBin(['--port', '0', '--log', 'all']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("vsphere-mock: --log takes requests or none, got 'all'");
  });

  it('the bin logs each request by default on a terminal (util-linux script gives it one)', async () => {
    const cmd = [process.execPath, '--import', 'tsx', BIN, '--port', '0'].map((s) => `'${s}'`).join(' ');
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 25_000);
        child.stdout.on('data', () => {
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      await fetch(`${url}/api/vcenter/host`);
      for (let i = 0; i < 50 && !/GET \/api\/vcenter\/host 401/.test(out); i++) await new Promise((r) => setTimeout(r, 20));
      expect(out).toMatch(/ GET \/api\/vcenter\/host 401 \d+ms vcenter\.host\.list\r?\n/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('operation ids are checked', () => {
  it('faults.error()/add() refuse an unknown id, naming the closest; nothing is added', () => {
    expect(() => mock.faults.error('RESOURCE_BUSY', 'vcenter.vm.lsit' as never)).toThrow(
      "fault 'operation': unknown operation id 'vcenter.vm.lsit'; the closest are 'vcenter.vm.list', 'vcenter.vm.get', 'vcenter.vm.clone'.",
    );
    expect(() => mock.faults.latency(10, 'vcenter.vm.powr.start' as never)).toThrow("the closest are 'vcenter.vm.power.start'");
    expect(mock.faults.list()).toEqual([]);
    // `*` and a real id are fine.
    mock.faults.error('RESOURCE_BUSY', 'vcenter.vm.list', { times: 1 });
    mock.faults.error('RESOURCE_BUSY', '*', { times: 1 });
    expect(mock.faults.list()).toHaveLength(2);
    mock.faults.clear();
  });

  it('POST /__mock/faults answers 400 naming the closest ids', async () => {
    const r = await call(mock, 'POST', '/__mock/faults', { body: { errorType: 'RESOURCE_BUSY', operation: 'vcenter.vm.lst' } });
    expect(r.status).toBe(400);
    expect(r.body.messages[0].default_message).toContain("unknown operation id 'vcenter.vm.lst'; the closest are 'vcenter.vm.list'");
    expect(mock.faults.list()).toEqual([]);
  });
});
