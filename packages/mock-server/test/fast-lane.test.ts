// The fast lane answers plain calls straight from the socket and hands everything
// else to node:http. These tests speak raw HTTP/1.1 so that they control every byte:
// the lane must answer what it takes exactly as node:http would, and what it does not
// take (or cannot read right) must reach node:http intact, in order, on the same socket.
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../src/index.js';
import { MAX_HEADER_COUNT, MAX_URL_BYTES } from '../src/server/http-limits.js';
import { MAX_LANE_BODY_BYTES, parseSimpleRequest } from '../src/server/lanes/fast/simple-request.js';
import { login, start } from './helpers/server.js';

interface RawResponse {
  status: number;
  /** Header lines as sent, lower-cased names. */
  headers: [string, string][];
  body: string;
}

/** A raw keep-alive connection that reads whole HTTP/1.1 responses (Content-Length or chunked). */
class RawConnection {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(server: MockServer): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: server.port }, () => resolve(new RawConnection(s)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private more(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`connection closed; unread: ${JSON.stringify(this.buf.toString('latin1'))}`));
    return new Promise((r) => this.waiters.push(r));
  }

  send(text: string): void {
    this.socket.write(Buffer.from(text, 'latin1'));
  }

  /** The next response (interim 1xx answers included); `toHead`: it answers a HEAD request (no body). */
  async read(toHead = false): Promise<RawResponse> {
    let end: number;
    while ((end = this.buf.indexOf('\r\n\r\n')) < 0) await this.more();
    const lines = this.buf.toString('latin1', 0, end).split('\r\n');
    const status = Number(lines[0]!.split(' ')[1]);
    const headers = lines.slice(1).map((l): [string, string] => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]);
    const get = (n: string) => headers.find(([k]) => k === n)?.[1];
    let rest = end + 4;
    let body = Buffer.alloc(0);
    if (get('transfer-encoding') === 'chunked') {
      for (;;) {
        let lineEnd: number;
        while ((lineEnd = this.buf.indexOf('\r\n', rest)) < 0) await this.more();
        const size = parseInt(this.buf.toString('latin1', rest, lineEnd), 16);
        while (this.buf.length < lineEnd + 2 + size + 2) await this.more();
        body = Buffer.concat([body, this.buf.subarray(lineEnd + 2, lineEnd + 2 + size)]);
        rest = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
    } else if (!(toHead || status < 200 || status === 204 || status === 304)) {
      const length = Number(get('content-length') ?? 0);
      while (this.buf.length < rest + length) await this.more();
      body = this.buf.subarray(rest, rest + length);
      rest += length;
    }
    this.buf = this.buf.subarray(rest);
    return { status, headers, body: body.toString('utf8') };
  }

  /** Resolves once the server has closed the connection. */
  async untilClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((r) => this.waiters.push(r));
  }

  close(): void {
    this.socket.destroy();
  }
}

const get = (path: string, sid: string, extra = '') => `GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nvmware-api-session-id: ${sid}\r\n${extra}\r\n`;
/** A POST whose whole body rides in the same write as its head. */
const post = (path: string, sid: string, body: string, type = 'application/json') =>
  `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nvmware-api-session-id: ${sid}\r\ncontent-type: ${type}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const header = (r: RawResponse, name: string) => r.headers.find(([k]) => k === name)?.[1];

describe('parseSimpleRequest', () => {
  it('reads a complete body-less request', () => {
    const r = parseSimpleRequest(
      Buffer.from(
        'GET /api/vcenter/vm?names=a%20b HTTP/1.1\r\nHost: 127.0.0.1:1\r\nVMware-API-Session-Id:  abc \t\r\ncontent-length: 0\r\nconnection: Keep-Alive\r\n\r\n',
      ),
    );
    expect(r).toMatchObject({ method: 'GET', url: '/api/vcenter/vm?names=a%20b', pathname: '/api/vcenter/vm' });
    expect(r!.headers).toEqual({ host: '127.0.0.1:1', 'vmware-api-session-id': 'abc', 'content-length': '0', connection: 'Keep-Alive' });
  });

  it('reads a request with a small body complete in the chunk, and gives the body as its data', async () => {
    const r = parseSimpleRequest(
      Buffer.from('POST /api/x HTTP/1.1\r\nhost: h\r\ncontent-type: application/json\r\ncontent-length: 12\r\n\r\n{"a":"\r\n\r\n"}'),
    );
    expect(r).toMatchObject({ method: 'POST', url: '/api/x', pathname: '/api/x' });
    expect(r!.headers['content-length']).toBe('12');
    // 'end' follows 'data' even when its listener is added first.
    const events: string[] = [];
    await new Promise<void>((resolve) => {
      r!.on('end', () => {
        events.push('end');
        resolve();
      });
      r!.on('data', (chunk?: Buffer) => events.push(`data ${chunk?.toString()}`));
    });
    expect(events).toEqual(['data {"a":"\r\n\r\n"}', 'end']);
  });

  const ok = 'host: x\r\n';
  it.each([
    ['a partial head', `GET / HTTP/1.1\r\n${ok}`],
    ['two requests in one chunk', `GET / HTTP/1.1\r\n${ok}\r\nGET / HTTP/1.1\r\n${ok}\r\n`],
    ['a declared body not yet sent', `POST / HTTP/1.1\r\n${ok}content-length: 2\r\n\r\n`],
    ['a body cut short', `POST / HTTP/1.1\r\n${ok}content-length: 3\r\n\r\n{}`],
    ['more bytes than the body (a pipelined request)', `POST / HTTP/1.1\r\n${ok}content-length: 2\r\n\r\n{}GET / HTTP/1.1\r\n${ok}\r\n`],
    ['a body without Content-Length', `POST / HTTP/1.1\r\n${ok}\r\n{}`],
    ['a Content-Length with a leading zero', `POST / HTTP/1.1\r\n${ok}content-length: 02\r\n\r\n{}`],
    ['a Content-Length with a sign', `POST / HTTP/1.1\r\n${ok}content-length: +2\r\n\r\n{}`],
    ['a body over the lane limit', `POST / HTTP/1.1\r\n${ok}content-length: ${MAX_LANE_BODY_BYTES + 1}\r\n\r\n${'x'.repeat(MAX_LANE_BODY_BYTES + 1)}`],
    ['chunked transfer', `POST / HTTP/1.1\r\n${ok}transfer-encoding: chunked\r\n\r\n`],
    ['Expect', `POST / HTTP/1.1\r\n${ok}expect: 100-continue\r\n\r\n`],
    ['Upgrade', `GET / HTTP/1.1\r\n${ok}upgrade: websocket\r\n\r\n`],
    ['Connection: close', `GET / HTTP/1.1\r\n${ok}connection: close\r\n\r\n`],
    ['HTTP/1.0', `GET / HTTP/1.0\r\n${ok}\r\n`],
    ['HEAD (no body in the answer)', `HEAD / HTTP/1.1\r\n${ok}\r\n`],
    ['an uncommon method', `OPTIONS / HTTP/1.1\r\n${ok}\r\n`],
    ['a lower-case method', `get / HTTP/1.1\r\n${ok}\r\n`],
    ['an absolute-form target', `GET http://x/ HTTP/1.1\r\n${ok}\r\n`],
    ['a byte over 0x7e in the target', `GET /\xe9 HTTP/1.1\r\n${ok}\r\n`],
    ['two spaces in the request line', `GET  / HTTP/1.1\r\n${ok}\r\n`],
    ['a duplicate header', `GET / HTTP/1.1\r\n${ok}a: 1\r\nA: 2\r\n\r\n`],
    ['no Host', 'GET / HTTP/1.1\r\naccept: */*\r\n\r\n'],
    ['a folded header line', `GET / HTTP/1.1\r\n${ok}a: 1\r\n  2\r\n\r\n`],
    ['a space before the colon', `GET / HTTP/1.1\r\n${ok}a : 1\r\n\r\n`],
    ['a line without a colon', `GET / HTTP/1.1\r\n${ok}junk\r\n\r\n`],
    ['a bare LF in a value', `GET / HTTP/1.1\r\n${ok}a: 1\n2\r\n\r\n`],
    ['a NUL in a value', `GET / HTTP/1.1\r\n${ok}a: 1\x002\r\n\r\n`],
    ['a bare LF as line end', `GET / HTTP/1.1\r\nhost: x\n\r\n`],
    ['a head over 16 KiB', `GET / HTTP/1.1\r\n${ok}a: ${'x'.repeat(17 * 1024)}\r\n\r\n`],
  ])('leaves %s to node:http', (_label, text) => {
    expect(parseSimpleRequest(Buffer.from(text, 'latin1'))).toBeUndefined();
  });
});

describe('fast lane', () => {
  let lane: MockServer;
  let plain: MockServer;
  let laneSid: string;
  let plainSid: string;
  beforeAll(async () => {
    [lane, plain] = await Promise.all([start(), start({ fastLane: false })]);
    [laneSid, plainSid] = await Promise.all([login(lane), login(plain)]);
  });
  afterAll(async () => {
    await Promise.all([lane?.close(), plain?.close()]);
  });

  const stats = () => ({ ...lane.core.fastLane! });

  it('answers plain calls exactly as node:http does', async () => {
    const calls: ((sid: string) => string)[] = [
      (sid) => get('/api/vcenter/vm', sid),
      (sid) => get('/api/vcenter/vm?power_states=POWERED_ON&names=web-01', sid),
      (sid) => get('/api/vcenter/vm/vm-1072', sid),
      (sid) => get('/api/vcenter/vm/vm-404', sid),
      (sid) => get('/api/vcenter/vm?power_states=NOPE', sid),
      (sid) => get('/api/no/such/thing', sid),
      () => get('/api/vcenter/vm', 'not-a-session'),
      (sid) => get('/rest/com/vmware/cis/tagging/tag', sid),
      (sid) => `POST /api/vcenter/vm/vm-1074/power?action=start HTTP/1.1\r\nhost: 127.0.0.1\r\nvmware-api-session-id: ${sid}\r\ncontent-length: 0\r\n\r\n`,
      (sid) => `POST /api/vcenter/vm/vm-1074/power?action=start HTTP/1.1\r\nhost: 127.0.0.1\r\nvmware-api-session-id: ${sid}\r\n\r\n`,
      (sid) => get('/api/vcenter/vm/vm-1074/power', sid),
      (sid) => `DELETE /api/vcenter/vm/vm-1074 HTTP/1.1\r\nhost: 127.0.0.1\r\nvmware-api-session-id: ${sid}\r\n\r\n`,
      (sid) => post('/api/cis/tagging/tag-association?action=list-attached-tags', sid, '{"object_id":{"type":"VirtualMachine","id":"vm-1072"}}'),
      (sid) => post('/api/cis/tagging/category', sid, '{"name":"x"}'),
      (sid) => post('/api/vcenter/vm', sid, '{'),
      (sid) => post('/api/vcenter/vm', sid, '[]', 'text/plain'),
      () => post('/api/cis/tagging/category', 'not-a-session', '{}'),
    ];
    const before = stats();
    const [a, b] = await Promise.all([RawConnection.open(lane), RawConnection.open(plain)]);
    for (const call of calls) {
      a.send(call(laneSid));
      b.send(call(plainSid));
      const [fromLane, fromNode] = await Promise.all([a.read(), b.read()]);
      const request = call('SID').split('\r\n')[0];
      expect(fromLane.status, request).toBe(fromNode.status);
      expect(fromLane.body, request).toBe(fromNode.body);
      // Same header lines, in the same order; only the framing of an empty body may differ.
      const comparable = (r: RawResponse) =>
        r.headers.filter(([k]) => k !== 'date' && !(r.body === '' && (k === 'content-length' || k === 'transfer-encoding')));
      expect(comparable(fromLane), request).toEqual(comparable(fromNode));
      expect(header(fromLane, 'date')).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    }
    a.close();
    b.close();
    expect(stats()).toEqual({ answered: before.answered + calls.length, handedOver: before.handedOver });
    expect(lane.core.responseViolations).toEqual([]);
  });

  describe('hands to node:http, on the same socket', () => {
    // Each case: what to send (as separate writes), and the statuses expected in order.
    const cases: [string, (sid: string) => string[], number[], boolean?][] = [
      ['two requests in one write (pipelining)', (sid) => [get('/api/vcenter/vm', sid) + get('/api/vcenter/vm/vm-1072', sid)], [200, 200]],
      ['a head split over two writes', (sid) => [get('/api/vcenter/vm', sid).slice(0, 20), get('/api/vcenter/vm', sid).slice(20)], [200]],
      [
        'a JSON body sent after its head',
        (sid) => [
          `POST /api/vcenter/vm HTTP/1.1\r\nhost: x\r\nvmware-api-session-id: ${sid}\r\ncontent-type: application/json\r\ncontent-length: 1\r\n\r\n`,
          '{',
        ],
        [400],
      ],
      [
        'a chunked body',
        (sid) => [
          `POST /api/vcenter/vm HTTP/1.1\r\nhost: x\r\nvmware-api-session-id: ${sid}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
        ],
        [400],
      ],
      [
        'Expect: 100-continue',
        (sid) => [
          `POST /api/vcenter/vm HTTP/1.1\r\nhost: x\r\nvmware-api-session-id: ${sid}\r\ncontent-type: application/json\r\ncontent-length: 2\r\nexpect: 100-continue\r\n\r\n`,
          '{}',
        ],
        [100, 400],
      ],
      [
        'HTTP/1.0 with keep-alive',
        (sid) => [`GET /api/vcenter/vm HTTP/1.0\r\nhost: x\r\nconnection: keep-alive\r\nvmware-api-session-id: ${sid}\r\n\r\n`],
        [200],
      ],
      ['a duplicate session header (node:http joins them: no session)', (sid) => [get('/api/vcenter/vm', sid, `vmware-api-session-id: ${sid}\r\n`)], [401]],
      ['HEAD (answered as GET, without the body)', (sid) => [`HEAD /api/vcenter/vm HTTP/1.1\r\nhost: x\r\nvmware-api-session-id: ${sid}\r\n\r\n`], [200], true],
      ['an admin path (admin endpoints need a loopback Host)', () => ['GET /__mock/health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n'], [200]],
      ['an IdP path', () => ['GET /idp/.well-known/openid-configuration HTTP/1.1\r\nhost: x\r\n\r\n'], [200]],
    ];
    it.each(cases)('%s', async (_label, writes, statuses, toHead = false) => {
      const before = stats();
      const c = await RawConnection.open(lane);
      for (const w of writes(laneSid)) {
        c.send(w);
        await new Promise((r) => setTimeout(r, 20)); // separate segments
      }
      for (const s of statuses) expect((await c.read(toHead)).status).toBe(s);
      // The connection lives on, now with node:http.
      c.send(get('/api/vcenter/vm/vm-1072', laneSid));
      const next = await c.read();
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body)).toMatchObject({ name: 'web-01' });
      c.close();
      expect(stats()).toEqual({ answered: before.answered, handedOver: before.handedOver + 1 });
    });

    it('Connection: close: one answer, then node:http closes', async () => {
      const c = await RawConnection.open(lane);
      c.send(get('/api/vcenter/vm', laneSid, 'connection: close\r\n'));
      expect((await c.read()).status).toBe(200);
      await c.untilClosed();
    });

    it('a malformed head: 400 from node:http, then closed', async () => {
      const c = await RawConnection.open(lane);
      c.send('GET /api/vcenter/vm HTTP/1.1\r\nhost: x\r\nnot a header\r\n\r\n');
      expect((await c.read()).status).toBe(400);
      await c.untilClosed();
    });
  });

  it('keeps answers in order when a call is slow and the next one comes meanwhile', async () => {
    const id = lane.faults.add({ operation: 'vcenter.vm.list', latencyMs: 150, times: 1 });
    try {
      const before = stats();
      const c = await RawConnection.open(lane);
      c.send(get('/api/vcenter/vm', laneSid));
      await new Promise((r) => setTimeout(r, 30));
      c.send(get('/api/vcenter/vm/vm-1072', laneSid)); // arrives while the list is delayed
      const first = await c.read();
      const second = await c.read();
      expect(Array.isArray(JSON.parse(first.body))).toBe(true);
      expect(JSON.parse(second.body)).toMatchObject({ name: 'web-01' });
      // Both on the lane: the second was read only once the first was answered.
      expect(stats()).toEqual({ answered: before.answered + 2, handedOver: before.handedOver });
      c.send(get('/api/vcenter/vm/vm-1073', laneSid));
      expect(JSON.parse((await c.read()).body)).toMatchObject({ name: 'web-02' });
      c.close();
    } finally {
      lane.faults.remove(id);
    }
  });

  it('answers a request whose sender already half-closed, then closes', async () => {
    const c = await RawConnection.open(lane);
    c.send(get('/api/vcenter/vm', laneSid));
    c.socket.end();
    expect((await c.read()).status).toBe(200);
    await c.untilClosed();
  });

  it('closes a keep-alive connection after the idle time, as node:http does', async () => {
    const c = await RawConnection.open(lane);
    c.send(get('/api/vcenter/vm', laneSid));
    const r = await c.read();
    expect(header(r, 'keep-alive')).toBe('timeout=5');
    await c.untilClosed(); // the server's idle timeout (5 s) ends it
  }, 15_000);

  it('serves over TLS too', async () => {
    const secure = await start({ tls: true });
    try {
      const sid = await new Promise<string>((resolve, reject) => {
        const s = tlsConnect({ host: '127.0.0.1', port: secure.port, ca: secure.certificate! }, () => {
          const c = new RawConnection(s);
          c.send(
            `POST /api/session HTTP/1.1\r\nhost: x\r\nauthorization: Basic ${Buffer.from('administrator@vsphere.local:VMware1!').toString('base64')}\r\n\r\n`,
          );
          c.read()
            .then((r) => {
              c.send(get('/api/vcenter/vm/vm-1072', JSON.parse(r.body)));
              return c.read();
            })
            .then((r) => {
              expect(JSON.parse(r.body)).toMatchObject({ name: 'web-01' });
              c.close();
              resolve('ok');
            }, reject);
        });
        s.once('error', reject);
      });
      expect(sid).toBe('ok');
      expect(secure.core.fastLane).toEqual({ answered: 2, handedOver: 0 });
    } finally {
      await secure.close();
    }
  });
});

// Differential fuzz: the same mutated bytes go to a server with the lane and to one
// without; every outcome (first status and body, or no answer) must be the same.
describe('fast lane vs node:http on mutated requests', () => {
  let lane: MockServer;
  let plain: MockServer;
  const sids: string[] = [];
  beforeAll(async () => {
    [lane, plain] = await Promise.all([start({ validateResponses: false }), start({ fastLane: false, validateResponses: false })]);
    sids.push(await login(lane), await login(plain));
  });
  afterAll(async () => {
    await Promise.all([lane?.close(), plain?.close()]);
  });

  let seed = 0xfa57;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const int = (n: number) => Math.floor(rnd() * n);
  const ODD = [0x00, 0x0a, 0x0d, 0x20, 0x09, 0x3a, 0x7f, 0x80, 0xe9, 0xff, 0x3f, 0x2f];
  const TEMPLATES = [
    'GET /api/vcenter/vm HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: application/json\r\nvmware-api-session-id: {SID}\r\n\r\n',
    'GET /api/vcenter/vm/vm-1072?x=1 HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\nvmware-api-session-id: {SID}\r\n\r\n',
    'DELETE /api/vcenter/vm/vm-404 HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 0\r\nvmware-api-session-id: {SID}\r\n\r\n',
    'GET /rest/vcenter/vm HTTP/1.1\r\nhost: 127.0.0.1\r\nvmware-api-session-id: {SID}\r\n\r\n',
    'POST /api/cis/tagging/tag-association?action=list-attached-tags HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 53\r\nvmware-api-session-id: {SID}\r\n\r\n{"object_id":{"type":"VirtualMachine","id":"vm-1072"}}',
  ];

  /** One mutation plan (positions and bytes), applied alike to both servers' requests. */
  function plan(length: number): ((b: number[]) => void)[] {
    const steps: ((b: number[]) => void)[] = [];
    for (let k = 1 + int(3); k > 0; k--) {
      const at = int(length);
      const byte = rnd() < 0.7 ? ODD[int(ODD.length)]! : 0x20 + int(0x5f);
      switch (int(5)) {
        case 0:
          steps.push((b) => {
            b[Math.min(at, b.length - 1)] = byte;
          });
          break;
        case 1:
          steps.push((b) => {
            b.splice(Math.min(at, b.length - 1), 1);
          });
          break;
        case 2:
          steps.push((b) => {
            b.splice(at, 0, byte);
          });
          break;
        case 3:
          steps.push((b) => {
            // repeat the header line around `at`
            const text = Buffer.from(b).toString('latin1');
            const start = text.lastIndexOf('\r\n', at) + 2;
            const end = text.indexOf('\r\n', at);
            if (start > 1 && end > start) b.splice(end + 2, 0, ...Buffer.from(text.slice(start, end + 2), 'latin1'));
          });
          break;
        default:
          steps.push((b) => {
            b.length = Math.max(1, Math.min(b.length, at));
          });
      }
    }
    return steps;
  }

  /** Sends the bytes, half-closes, and returns the first answer's status and body, or 'none'. */
  function outcome(server: MockServer, bytes: Buffer): Promise<string> {
    return new Promise((resolve) => {
      const s = connect({ host: '127.0.0.1', port: server.port }, () => {
        s.end(bytes);
      });
      let got = Buffer.alloc(0);
      s.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
      s.on('error', () => {});
      s.on('close', () => {
        const text = got.toString('latin1');
        const m = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
        if (!m) return resolve(text ? `unparsed ${JSON.stringify(text.slice(0, 80))}` : 'none');
        const length = /\r\ncontent-length: *(\d+)/i.exec(`\r\n${m[2]}`);
        resolve(`${m[1]} ${length ? m[3]!.slice(0, Number(length[1])) : ''}`);
      });
    });
  }

  it('answers 1,000 mutated requests exactly as node:http does', async () => {
    const before = { ...lane.core.fastLane! };
    const diffs: string[] = [];
    const statuses = new Map<string, number>();
    for (let i = 0; i < 1000; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const template = TEMPLATES[int(TEMPLATES.length)]!;
          const steps = plan(template.length + 10);
          const [a, b] = [0, 1].map((k) => {
            const bytes = [...Buffer.from(template.replace('{SID}', sids[k]!), 'latin1')];
            for (const step of steps) step(bytes);
            return Buffer.from(bytes);
          });
          const [fromLane, fromNode] = await Promise.all([outcome(lane, a!), outcome(plain, b!)]);
          const status = fromLane.slice(0, 3);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (fromLane.replaceAll(sids[0]!, 'SID') !== fromNode.replaceAll(sids[1]!, 'SID'))
            diffs.push(`${JSON.stringify(a!.toString('latin1'))}\n  lane: ${fromLane}\n  node: ${fromNode}`);
        }),
      );
    }
    expect(diffs.slice(0, 5)).toEqual([]);
    // Both paths were exercised, and nothing failed on the server side.
    const after = lane.core.fastLane!;
    expect(after.answered - before.answered).toBeGreaterThan(50);
    expect(after.handedOver - before.handedOver).toBeGreaterThan(50);
    expect([...statuses.keys()].filter((s) => s.startsWith('5'))).toEqual([]);
  }, 60_000);

  it('answers requests at and around every head limit exactly as node:http does', async () => {
    const before = { ...lane.core.fastLane! };
    /**
     * A GET of `target` with `count` tiny header lines (distinct names, so that 2,100 of them fit in
     * node:http's 16 KiB) before the session header, padded by one header of `pad` bytes.
     */
    const request = (sid: string, target: string, count: number, pad = 0) =>
      `GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\n${Array.from({ length: count }, (_v, i) => `${i.toString(36)}:1\r\n`).join('')}${pad ? `x-pad: ${'p'.repeat(pad)}\r\n` : ''}vmware-api-session-id: ${sid}\r\n\r\n`;
    const cases: [string, (sid: string) => string][] = [];
    // Header counts around MAX_HEADER_COUNT (the session header and host count too), and far past it.
    for (const count of [
      0,
      1,
      MAX_HEADER_COUNT - 3,
      MAX_HEADER_COUNT - 2,
      MAX_HEADER_COUNT - 1,
      MAX_HEADER_COUNT,
      MAX_HEADER_COUNT + 1,
      1999,
      2000,
      2001,
      2100,
    ]) {
      cases.push([`${count} extra headers`, (sid) => request(sid, '/api/vcenter/vm', count)]);
    }
    // Head sizes around node:http's 16 KiB: the whole head from 16,360 to 16,400 bytes.
    const base = request('S'.repeat(32), '/api/vcenter/vm', 0, 1).length - 1;
    for (let size = 16 * 1024 - 24; size <= 16 * 1024 + 16; size += 4) {
      cases.push([`a head of ${size} bytes`, (sid) => request(sid, '/api/vcenter/vm', 0, size - base)]);
    }
    // Target lengths around MAX_URL_BYTES and past the head limit.
    for (const length of [MAX_URL_BYTES - 1, MAX_URL_BYTES, MAX_URL_BYTES + 1, 16 * 1024, 20 * 1024]) {
      cases.push([`a target of ${length} bytes`, (sid) => request(sid, `/api/vcenter/vm?names=${'n'.repeat(length - 22)}`, 0)]);
    }
    expect(sids[0]!.length).toBe(32);
    const diffs: string[] = [];
    const statuses = new Set<string>();
    for (const [label, make] of cases) {
      const [fromLane, fromNode] = await Promise.all([
        outcome(lane, Buffer.from(make(sids[0]!), 'latin1')),
        outcome(plain, Buffer.from(make(sids[1]!), 'latin1')),
      ]);
      statuses.add(fromNode.slice(0, 3));
      if (fromLane.replaceAll(sids[0]!, 'SID') !== fromNode.replaceAll(sids[1]!, 'SID'))
        diffs.push(`${label}\n  lane: ${fromLane.slice(0, 120)}\n  node: ${fromNode.slice(0, 120)}`);
    }
    expect(diffs).toEqual([]);
    // Every limit was reached on both sides of it.
    expect([...statuses].sort()).toEqual(['200', '414', '431']);
    expect(lane.core.fastLane!.answered - before.answered).toBeGreaterThan(10);
  }, 60_000);
});
