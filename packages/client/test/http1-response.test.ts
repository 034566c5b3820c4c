import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { NodeHttpDispatcher } from '../src/index.js';
import { HttpFramingError, MAX_HEAD_BYTES, ResponseReader, type ResponseHead } from '../src/lib/http1-response.js';

/** Feeds `raw` to a reader in pieces of `step` bytes; returns the head, the body and any bytes past the end. */
function read(raw: string, step = raw.length, noBody = false) {
  let head: ResponseHead | undefined;
  const reader = new ResponseReader(noBody, (h) => (head = h));
  const bytes = Buffer.from(raw, 'latin1');
  let extra: Buffer | undefined;
  for (let i = 0; i < bytes.length && !extra; i += step) extra = reader.push(bytes.subarray(i, i + step));
  return { head, reader, body: reader.text(), extra: extra?.toString('latin1') };
}

describe('ResponseReader (HTTP/1.1 framing)', () => {
  const chunked =
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n4;ext=1\r\n[1,2\r\n3\r\n,3]\r\n0\r\nX-Trailer: t\r\n\r\n';

  it('reads a Content-Length body, whole or a byte at a time', () => {
    const raw = 'HTTP/1.1 201 Created\r\nContent-Length: 8\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-A: 1\r\nx-a: 2\r\n\r\n"héllo"';
    for (const step of [raw.length, 1, 5]) {
      const latin = Buffer.from(raw, 'utf8').toString('latin1');
      const { head, reader, body } = read(latin, step);
      expect(head).toEqual({ statusCode: 201, headers: { 'content-length': '8', 'set-cookie': ['a=1', 'b=2'], 'x-a': '1, 2' }, keepAlive: true });
      expect(reader.done).toBe(true);
      expect(body).toBe('"héllo"');
    }
  });

  it('reads chunked bodies with extensions and trailers, in any split', () => {
    for (const step of [chunked.length, 1, 3, 7]) {
      const { reader, body } = read(chunked, step);
      expect(reader.done).toBe(true);
      expect(body).toBe('[1,2,3]');
    }
  });

  it('skips 1xx answers, and knows the answers that have no body', () => {
    const { head, body } = read('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    expect(head?.statusCode).toBe(200);
    expect(body).toBe('ok');
    expect(read('HTTP/1.1 204 No Content\r\n\r\n').reader.done).toBe(true);
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n', undefined, true).reader.done).toBe(true);
  });

  it('reads to the end of the connection when nothing frames the body, and does not keep that connection', () => {
    const { head, reader } = read('HTTP/1.0 200 OK\r\n\r\npart one, ');
    expect(head?.keepAlive).toBe(false);
    expect(reader.done).toBe(false);
    reader.push(Buffer.from('part two'));
    reader.end();
    expect(reader.text()).toBe('part one, part two');
  });

  it('keeps headers named __proto__ or constructor as plain entries, reaching no prototype', () => {
    const { head } = read('HTTP/1.1 200 OK\r\n__proto__: {"polluted":1}\r\nconstructor: x\r\nContent-Length: 0\r\n\r\n');
    expect(Object.getPrototypeOf(head!.headers)).toBeNull();
    expect(Object.keys(head!.headers).sort()).toEqual(['__proto__', 'constructor', 'content-length']);
    expect(Object.getOwnPropertyDescriptor(head!.headers, '__proto__')?.value).toBe('{"polluted":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('honours Connection: close and HTTP/1.0 keep-alive', () => {
    expect(read('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').head?.keepAlive).toBe(false);
    expect(read('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n').head?.keepAlive).toBe(true);
  });

  it('returns bytes a server sent past the end of the response', () => {
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200').extra).toBe('HTTP/1.1 200');
  });

  it.each([
    ['a bad status line', 'HTTP/2 200 OK\r\n\r\n', /status line/],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', /header line/],
    ['conflicting Content-Length values', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n', /Content-Length/],
    ['a negative Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /Content-Length/],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /chunk size/],
    ['chunk data longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n', /longer than its size/],
    ['an unrequested protocol switch', 'HTTP/1.1 101 Switching Protocols\r\n\r\n', /101/],
  ])('refuses %s', (_what, raw, message) => {
    const error = (() => {
      try {
        read(raw);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(HttpFramingError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses an oversized head and a response cut short', () => {
    expect(() => read(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(MAX_HEAD_BYTES)}`)).toThrow(/longer than/);
    const { reader } = read('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
    expect(() => reader.end()).toThrow(/before the end of the body/);
  });
});

describe('NodeHttpDispatcher on raw sockets', () => {
  /** A TCP server answering each request with `answer(requestText)`; records connections and requests. */
  async function server(answer: (request: string) => string) {
    const requests: string[] = [];
    let connections = 0;
    const sockets = new Set<Socket>();
    const srv = createServer((socket) => {
      connections++;
      sockets.add(socket);
      let buf = '';
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => {
        buf += d;
        for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
          const head = buf.slice(0, end + 4);
          const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
          if (buf.length < head.length + length) return;
          const request = buf.slice(0, head.length + length);
          buf = buf.slice(request.length);
          requests.push(request);
          socket.write(answer(request));
        }
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    return {
      origin: `http://127.0.0.1:${port}`,
      requests,
      connections: () => connections,
      close: () => {
        for (const s of sockets) s.destroy();
        return new Promise<void>((r) => srv.close(() => r()));
      },
    };
  }

  it('sends one request at a time over one kept-alive socket, with Host and Content-Length', async () => {
    const peer = await server((req) => {
      const body = `echo ${req.split('\r\n')[0]}`;
      return `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    });
    const dispatcher = new NodeHttpDispatcher();
    const first = await dispatcher.request({ origin: peer.origin, path: '/api/a?x=1', method: 'GET', headers: { accept: 'application/json' } });
    expect(await first.body.text()).toBe('echo GET /api/a?x=1 HTTP/1.1');
    const second = await dispatcher.request({ origin: peer.origin, path: '/api/b', method: 'POST', body: '{"ü":1}' });
    expect(second.statusCode).toBe(200);
    expect(await second.body.text()).toBe('echo POST /api/b HTTP/1.1');
    expect(peer.connections()).toBe(1);
    expect(peer.requests[0]).toMatch(/^GET \/api\/a\?x=1 HTTP\/1\.1\r\nhost: 127\.0\.0\.1:\d+\r\naccept: application\/json\r\n\r\n$/);
    expect(Buffer.from(peer.requests[1]!, 'latin1').toString('utf8')).toMatch(/\r\ncontent-length: 8\r\n\r\n\{"ü":1\}$/);
    await dispatcher.close();
    await peer.close();
  });

  it('refuses header text that would split the request, before connecting', async () => {
    const peer = await server(() => 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    const dispatcher = new NodeHttpDispatcher();
    await expect(dispatcher.request({ origin: peer.origin, path: '/x', method: 'GET', headers: { 'x-a': 'v\r\nx-injected: 1' } })).rejects.toThrow(
      /invalid HTTP header "x-a"/,
    );
    await expect(dispatcher.request({ origin: peer.origin, path: '//evil/x', method: 'GET' })).rejects.toThrow();
    expect(peer.connections()).toBe(0);
    await dispatcher.close();
    await peer.close();
  });

  it('fails a request whose answer breaks the framing, and opens a new socket for the next one', async () => {
    let n = 0;
    const peer = await server(() => (++n === 1 ? 'HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n' : 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    const dispatcher = new NodeHttpDispatcher();
    await expect(dispatcher.request({ origin: peer.origin, path: '/x', method: 'GET' })).rejects.toThrow(/malformed HTTP response.*Content-Length/);
    const again = await dispatcher.request({ origin: peer.origin, path: '/x', method: 'GET' });
    expect(await again.body.text()).toBe('ok');
    expect(peer.connections()).toBe(2);
    await dispatcher.close();
    await peer.close();
  });
});
