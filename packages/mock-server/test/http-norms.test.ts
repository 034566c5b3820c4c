// HTTP norms (#13 item 8): 431 for oversize heads and too many header lines, 414 for an
// oversize target, 408 for a head that does not arrive in time, 405 with Allow for a known
// path and another method, HEAD as GET without a body, OPTIONS with Allow. Both lanes
// (fast lane and node:http only) answer every case alike.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../src/index.js';
import { MAX_HEADER_COUNT, MAX_URL_BYTES } from '../src/server/http-limits.js';
import { login, start } from './helpers/server.js';

let sent = 0;
let serverErrors = 0;
afterAll(() => console.log(`http-norms: ${sent} requests, ${serverErrors} answers 5xx`));

interface Answer {
  status: number;
  head: string;
  body: string;
}

/** Sends raw bytes (optionally in two parts with a pause), half-closes unless `keepOpen`, reads the first answer. */
function raw(server: MockServer, text: string, { keepOpen = false } = {}): Promise<Answer> {
  sent++;
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port: server.port }, () => {
      if (keepOpen) s.write(text);
      else s.end(text);
    });
    let got = Buffer.alloc(0);
    s.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
    s.on('error', () => {});
    s.on('close', () => {
      const t = got.toString('latin1');
      const at = t.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(t)?.[1] ?? 0);
      if (status >= 500) serverErrors++;
      resolve({ status, head: t.slice(0, at), body: at < 0 ? '' : t.slice(at + 4) });
    });
  });
}

const headerValue = (a: Answer, name: string) => new RegExp(`\\r\\n${name}: *([^\\r]*)`, 'i').exec(a.head)?.[1];

describe.each([
  ['the fast lane', true],
  ['node:http alone', false],
])('with %s', (_label, fastLane) => {
  let server: MockServer;
  let sid: string;
  beforeAll(async () => {
    server = await start({ fastLane, headersTimeoutMs: 300 });
    sid = await login(server);
  });
  afterAll(async () => {
    await server?.close();
  });
  const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nvmware-api-session-id: ${sid}\r\n${extra}\r\n`;

  it(`answers 431 for more than ${MAX_HEADER_COUNT} header lines (2,100 small ones), before the session header at the end counts`, async () => {
    // Distinct tiny names: 2,100 of them fit in node:http's 16 KiB head limit.
    const many = Array.from({ length: 2100 }, (_v, i) => `${i.toString(36)}:1\r\n`).join('');
    expect(many.length).toBeLessThan(16 * 1024);
    const r = await raw(server, `GET /api/vcenter/vm HTTP/1.1\r\nhost: 127.0.0.1\r\n${many}vmware-api-session-id: ${sid}\r\n\r\n`);
    expect(r.status).toBe(431);
    expect(JSON.parse(r.body).messages[0].id).toBe('com.vmware.mock.http.too_many_headers');
    // Exactly at the limit is fine.
    const enough = Array.from({ length: MAX_HEADER_COUNT - 2 }, (_v, i) => `x${i}: 1\r\n`).join('');
    expect((await raw(server, `GET /api/vcenter/vm HTTP/1.1\r\nhost: 127.0.0.1\r\n${enough}vmware-api-session-id: ${sid}\r\n\r\n`)).status).toBe(200);
  });

  it('answers 431 for a head over 16 KiB of header fields', async () => {
    const r = await raw(server, get('/api/vcenter/vm', `x-big: ${'v'.repeat(20 * 1024)}\r\n`));
    expect(r.status).toBe(431);
    expect(JSON.parse(r.body).error_type).toBe('INVALID_REQUEST');
  });

  it(`answers 414 for a target over ${MAX_URL_BYTES} bytes, below and above node:http's head limit`, async () => {
    for (const length of [MAX_URL_BYTES + 1, 12 * 1024, 40 * 1024]) {
      const r = await raw(server, get(`/api/vcenter/vm?names=${'a'.repeat(length)}`));
      expect(r.status, `target of ${length}`).toBe(414);
      expect(JSON.parse(r.body).messages[0].id).toBe('com.vmware.mock.http.uri_too_long');
    }
    const fits = `/api/vcenter/vm?names=${'a'.repeat(MAX_URL_BYTES - 30)}`;
    expect((await raw(server, get(fits))).status).toBe(200);
  });

  it('answers 408 when the head does not arrive within the headers timeout', async () => {
    const r = await raw(server, 'GET /api/vcenter/vm HTTP/1.1\r\nhost: 127.0.0.1\r\n', { keepOpen: true });
    expect(r.status).toBe(408);
    expect(JSON.parse(r.body).messages[0].id).toBe('com.vmware.mock.http.request_timeout');
  });

  it('answers 405 with Allow for a known path and a method it does not take', async () => {
    const r = await raw(server, `PUT /api/vcenter/vm HTTP/1.1\r\nhost: 127.0.0.1\r\nvmware-api-session-id: ${sid}\r\ncontent-length: 0\r\n\r\n`);
    expect(r.status).toBe(405);
    expect(headerValue(r, 'allow')).toBe('GET, HEAD, POST, OPTIONS');
    expect(JSON.parse(r.body).error_type).toBe('OPERATION_NOT_FOUND');
    // An unknown action of a method the path takes stays a 404, and so does an unknown path.
    expect(
      (await raw(server, `POST /api/vcenter/vm?action=nope HTTP/1.1\r\nhost: 127.0.0.1\r\nvmware-api-session-id: ${sid}\r\ncontent-length: 0\r\n\r\n`)).status,
    ).toBe(404);
    expect((await raw(server, get('/api/vcenter/nothing-here'))).status).toBe(404);
  });

  it('answers HEAD like GET, without the body', async () => {
    const asGet = await raw(server, get('/api/vcenter/vm/vm-1072'));
    const r = await raw(server, `HEAD /api/vcenter/vm/vm-1072 HTTP/1.1\r\nhost: 127.0.0.1\r\nvmware-api-session-id: ${sid}\r\n\r\n`);
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    expect(headerValue(r, 'content-length')).toBe(String(Buffer.byteLength(asGet.body)));
    expect(headerValue(r, 'content-type')).toBe('application/json');
    // Without a session, as GET: 401.
    expect((await raw(server, 'HEAD /api/vcenter/vm HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n')).status).toBe(401);
  });

  it('answers OPTIONS with 204 and Allow on a known path, 404 elsewhere', async () => {
    const r = await raw(server, 'OPTIONS /api/vcenter/vm/vm-1072 HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    expect(r.status).toBe(204);
    expect(headerValue(r, 'allow')).toBe('GET, HEAD, POST, DELETE, OPTIONS');
    expect((await raw(server, 'OPTIONS /api/nothing HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n')).status).toBe(404);
  });
});
