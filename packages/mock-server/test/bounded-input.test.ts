// Bounded input (#13 item 7): a body over the limit gets a 413 that reaches the client,
// however the body is framed, and JSON nested deeper than the limit gets a 400, never a 500.
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../src/server/json-input.js';
import { call, useMockServer, type Res } from './helpers/server.js';

const mock = useMockServer();
let sent = 0;
let serverErrors = 0;
afterAll(() => console.log(`bounded-input: ${sent} requests, ${serverErrors} answers 5xx`));

/** A call with the session, counted. */
async function api(method: string, path: string, body?: unknown, raw?: string): Promise<Res> {
  sent++;
  const r = await call(mock.server, method, path, {
    session: mock.sid,
    ...(body !== undefined ? { body } : {}),
    ...(raw !== undefined ? { raw, headers: { 'content-type': 'application/json' } } : {}),
  });
  if (r.status >= 500) serverErrors++;
  return r;
}

interface RawAnswer {
  status: number;
  headers: string;
  body: any;
  /** The error the client's socket saw while sending, if any (EPIPE, ECONNRESET). */
  sendError?: string;
  /** Bytes of the body written before the answer was complete. */
  written: number;
}

/** Sends `head` then `bodySize` bytes in 64 KiB writes (chunked framing when `chunked`) on a raw socket; reads the answer. */
function rawSend(port: number, head: string, bodySize: number, chunked = false): Promise<RawAnswer> {
  sent++;
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let sendError: string | undefined;
    let written = 0;
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('error', (e: NodeJS.ErrnoException) => (sendError = e.code ?? e.message));
    sock.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const at = text.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      let body: unknown;
      try {
        body = JSON.parse(text.slice(at + 4));
      } catch {
        body = text.slice(at + 4);
      }
      if (status >= 500) serverErrors++;
      resolve({ status, headers: text.slice(0, at).toLowerCase(), body, written, ...(sendError ? { sendError } : {}) });
    });
    sock.write(head);
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const framed = chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
    const pump = (): void => {
      while (written < bodySize && !sock.destroyed) {
        written += piece.length;
        const more = sock.write(framed);
        if (written >= bodySize && chunked) sock.write('0\r\n\r\n');
        if (!more) {
          sock.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

const FIFTY_MB = 50 * 1024 * 1024;

describe('a body over the limit', () => {
  it('gets a 413 with a vSphere error body that reaches a client still sending 50 MB (Content-Length)', async () => {
    const head = `POST /api/vcenter/vm HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nvmware-api-session-id: ${mock.sid}\r\ncontent-length: ${FIFTY_MB}\r\n\r\n`;
    for (let round = 0; round < 3; round++) {
      const r = await rawSend(mock.server.port, head, FIFTY_MB);
      expect(r.sendError).toBeUndefined();
      expect(r.written).toBe(FIFTY_MB);
      expect(r.status).toBe(413);
      expect(r.headers).toContain('connection: close');
      expect(r.body.error_type).toBe('INVALID_REQUEST');
      expect(r.body.messages[0].id).toBe('com.vmware.mock.body_too_large');
      expect(r.body.messages[0].default_message).toContain('1048576 bytes');
    }
    // Nothing was created, and the mock still answers.
    expect((await api('GET', '/api/vcenter/vm')).body).toHaveLength(5);
  }, 60_000);

  it('gets the same 413 when the body comes chunked, without a length to judge it by up front', async () => {
    const head = `POST /api/vcenter/vm HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nvmware-api-session-id: ${mock.sid}\r\ntransfer-encoding: chunked\r\n\r\n`;
    const r = await rawSend(mock.server.port, head, 4 * 1024 * 1024, true);
    expect(r.sendError).toBeUndefined();
    expect(r.status).toBe(413);
    expect(r.body.messages[0].id).toBe('com.vmware.mock.body_too_large');
  }, 60_000);

  it('still gets its 413 when it sends less than the Content-Length it announced', async () => {
    const head = `POST /api/vcenter/vm HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nvmware-api-session-id: ${mock.sid}\r\ncontent-length: ${10 * 1024 * 1024}\r\n\r\n`;
    const r = await rawSend(mock.server.port, head, 64 * 1024);
    expect(r.sendError).toBeUndefined();
    expect(r.status).toBe(413);
  }, 60_000);

  it('reaches fetch (undici) as a 413', async () => {
    sent++;
    const r = await fetch(`${mock.server.url}/api/vcenter/vm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'vmware-api-session-id': mock.sid },
      body: Buffer.alloc(FIFTY_MB, 0x20),
    });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { error_type: string }).error_type).toBe('INVALID_REQUEST');
  }, 60_000);
});

describe('JSON nested deeper than the limit', () => {
  const nest = (levels: number): string => {
    let v = '1';
    for (let i = 0; i < levels; i++) v = `{"a":${v}}`;
    return v;
  };

  it('answers 400 for 2,000 levels inside a free-form map and stores nothing', async () => {
    // The seed's cluster-a runs a Supervisor, which namespaces need.
    expect((await api('GET', '/api/vcenter/namespace-management/clusters/domain-c1055')).status).toBe(200);
    const r = await api('POST', '/api/vcenter/namespaces/instances', undefined, `{"cluster":"domain-c1055","namespace":"deep","resource_spec":${nest(2000)}}`);
    expect(r.status).toBe(400);
    expect(r.body.error_type).toBe('INVALID_REQUEST');
    expect(r.body.messages[0].default_message).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    expect((await api('GET', '/api/vcenter/namespaces/instances/deep')).status).toBe(404);
  });

  it('answers 400 for 10,000 levels of objects or arrays, whole body or nested, and changes nothing else', async () => {
    // The seed's cluster-a runs a Supervisor, which namespaces need.
    expect((await api('GET', '/api/vcenter/namespace-management/clusters/domain-c1055')).status).toBe(200);
    const before = [(await api('GET', '/api/vcenter/namespaces/instances')).body, (await api('GET', '/api/vcenter/vm')).body];
    const arrays = '['.repeat(10_000) + ']'.repeat(10_000);
    const bodies: [string, string, string][] = [
      ['POST', '/api/vcenter/namespaces/instances', `{"cluster":"domain-c1055","namespace":"deeper","resource_spec":${nest(10_000)}}`],
      ['POST', '/api/vcenter/namespaces/instances', `{"cluster":"domain-c1055","namespace":"deeper","resource_spec":{"a":${arrays}}}`],
      ['POST', '/api/vcenter/vm', nest(10_000)],
      ['POST', '/api/vcenter/vm', arrays],
    ];
    for (const [method, path, body] of bodies) {
      const r = await api(method, path, undefined, body);
      expect(r.status, `${path} ${body.slice(0, 20)}`).toBe(400);
      expect(r.body.error_type).toBe('INVALID_REQUEST');
    }
    expect([(await api('GET', '/api/vcenter/namespaces/instances')).body, (await api('GET', '/api/vcenter/vm')).body]).toEqual(before);
  });

  it('accepts nesting up to the limit', async () => {
    // The seed's cluster-a runs a Supervisor, which namespaces need.
    expect((await api('GET', '/api/vcenter/namespace-management/clusters/domain-c1055')).status).toBe(200);
    // The body itself is one level, resource_spec the second.
    const r = await api('POST', '/api/vcenter/namespaces/instances', {
      cluster: 'domain-c1055',
      namespace: 'deep-ok',
      resource_spec: JSON.parse(nest(MAX_JSON_DEPTH - 2)),
    });
    expect(r.status).toBe(204);
    expect((await api('GET', '/api/vcenter/namespaces/instances/deep-ok')).status).toBe(200);
  });
});
