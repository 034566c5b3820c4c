import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { assertOriginForm } from '@vsphere-kit/core/target';
import { normalizeThumbprint, pinMismatch, tlsConnectOptions, warnInsecureOnce, type TlsOptions } from '../core/tls.js';
import type { RequestDispatcher } from '../core/transport.js';
import { ResponseReader, type ResponseHead } from './http1-response.js';
import { isToken, splitsHeaderLine } from '../internal/http-syntax.js';

export interface NodeHttpDispatcherOptions extends TlsOptions {
  /** TCP + TLS connect timeout (default 10 s). */
  readonly connectTimeoutMs?: number;
}

/** A kept-alive socket, and how to stop watching it when a request takes it. */
interface IdleSocket {
  readonly socket: Socket;
  forget(): void;
}

type RequestOptions = Parameters<RequestDispatcher['request']>[0];
type DispatchedResponse = Awaited<ReturnType<RequestDispatcher['request']>>;

/** Idle keep-alive sockets are closed after this long. */
const IDLE_MS = 4_000;

/**
 * A dispatcher on Node's net and tls sockets, speaking HTTP/1.1 itself, for short-lived
 * processes such as a CLI: loading undici (and compiling its WebAssembly HTTP parser), or even
 * node:http's client stack, costs more than the few requests such a process sends. It applies
 * the same TLS rules as the default undici connector: verification on unless `insecure`, `ca`
 * trusted, and a pinned `thumbprint` checked right after the handshake, before any byte of the
 * request is written. Sockets are kept alive per origin and reused one request at a time.
 * Pass it as `new VsphereCore({ dispatcher: new NodeHttpDispatcher(tls), ... })`.
 */
export class NodeHttpDispatcher implements RequestDispatcher {
  readonly #options: NodeHttpDispatcherOptions;
  readonly #pin: ReturnType<typeof normalizeThumbprint> | undefined;
  /** Idle keep-alive sockets per origin. */
  readonly #idle = new Map<string, IdleSocket[]>();
  readonly #open = new Set<Socket>();
  #closed = false;

  constructor(options: NodeHttpDispatcherOptions = {}) {
    this.#options = options;
    this.#pin = options.thumbprint ? normalizeThumbprint(options.thumbprint) : undefined;
    if (options.insecure && !this.#pin) warnInsecureOnce();
  }

  request(options: Parameters<RequestDispatcher['request']>[0]): ReturnType<RequestDispatcher['request']> {
    try {
      // `new URL('//other-host/x', origin)` would resolve to other-host and send it our headers.
      assertOriginForm(options.path);
      if (this.#closed) throw Object.assign(new Error('the dispatcher is closed'), { code: 'UND_ERR_CLOSED' });
      const origin = new URL(options.origin);
      if (origin.protocol !== 'http:' && origin.protocol !== 'https:') throw new TypeError(`unsupported protocol ${origin.protocol} in ${options.origin}`);
      const head = requestHead(options, origin.host);
      return this.#exchange(origin, head, options);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #exchange(origin: URL, head: string, options: RequestOptions): Promise<DispatchedResponse> {
    const timeoutMs = options.headersTimeout ?? 300_000;
    return new Promise((resolve, reject) => {
      const reused = this.#idle.get(origin.origin)?.pop();
      reused?.forget();
      const socket = reused?.socket ?? this.#connect(origin);
      socket.ref();
      let settled = false;
      let bodyDone: { resolve(text: string): void; reject(err: unknown): void } | undefined;
      const bodyText = new Promise<string>((res, rej) => {
        bodyDone = { resolve: res, reject: rej };
      });
      bodyText.catch(() => undefined); // read only if the caller asks for the body
      const fail = (err: unknown): void => {
        cleanup();
        socket.destroy();
        if (!settled) {
          settled = true;
          reject(err);
        } else bodyDone!.reject(err);
      };
      const reader = new ResponseReader(options.method === 'HEAD', (h: ResponseHead) => {
        clearTimeout(timer);
        settled = true;
        resolve({ statusCode: h.statusCode, headers: h.headers, body: { text: () => bodyText } });
      });
      const finish = (): void => {
        cleanup();
        bodyDone!.resolve(reader.text());
        if (reader.head?.keepAlive && !this.#closed && !socket.destroyed) this.#release(origin.origin, socket);
        else socket.destroy();
      };
      const onData = (chunk: Buffer): void => {
        try {
          const extra = reader.push(chunk);
          if (extra) throw new Error('bytes after the end of the response');
          if (reader.done) finish();
        } catch (err) {
          fail(err);
        }
      };
      const onEnd = (): void => {
        try {
          reader.end();
          finish();
        } catch (err) {
          fail(err);
        }
      };
      const onClose = (): void => fail(Object.assign(new Error('the server closed the connection'), { code: 'ECONNRESET' }));
      const onAbort = (): void => fail(Object.assign(new Error('the request was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
      // Running out of time before the connection is up (TLS handshake included) is a connect timeout.
      let connected = reused !== undefined;
      const timer = setTimeout(() => fail(connected ? headersTimeoutError(timeoutMs) : connectTimeoutError(timeoutMs)), timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        socket.off('data', onData).off('end', onEnd).off('error', fail).off('close', onClose);
        options.signal?.removeEventListener('abort', onAbort);
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      socket.on('data', onData).once('end', onEnd).once('error', fail).once('close', onClose);
      const send = (): void => {
        if (!socket.destroyed) socket.write(options.body ? head + options.body : head, 'utf8');
      };
      // A new socket: nothing is written before the connection is up and, over TLS, its certificate checked.
      if (reused) send();
      else {
        socket.once(origin.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
          connected = true;
          send();
        });
      }
    });
  }

  /** Opens a socket to `origin`; over TLS, a pinned thumbprint is checked first thing on 'secureConnect'. */
  #connect(origin: URL): Socket {
    const port = Number(origin.port) || (origin.protocol === 'https:' ? 443 : 80);
    const host = origin.hostname.startsWith('[') ? origin.hostname.slice(1, -1) : origin.hostname;
    const connectTimeoutMs = this.#options.connectTimeoutMs ?? 10_000;
    let socket: Socket;
    if (origin.protocol === 'https:') {
      const tls = process.getBuiltinModule('node:tls');
      const isIp = process.getBuiltinModule('node:net').isIP(host) !== 0;
      const tlsSocket = tls.connect({
        host,
        port,
        ...tlsConnectOptions(this.#options),
        servername: this.#options.servername ?? (isIp ? undefined : host),
      });
      if (this.#pin) {
        const pin = this.#pin;
        tlsSocket.once('secureConnect', () => {
          const mismatch = pinMismatch(tlsSocket as TLSSocket, pin);
          if (mismatch) tlsSocket.destroy(mismatch);
        });
      }
      socket = tlsSocket;
    } else {
      socket = process.getBuiltinModule('node:net').connect({ host, port });
    }
    socket.setNoDelay(true);
    // The connect timeout covers TCP and the TLS handshake only: a connected server that is slow
    // to answer runs into the request's own timeout.
    const connectTimer = setTimeout(() => socket.destroy(connectTimeoutError(connectTimeoutMs)), connectTimeoutMs);
    socket.once(origin.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    socket.once('close', () => {
      clearTimeout(connectTimer);
      this.#open.delete(socket);
    });
    this.#open.add(socket);
    return socket;
  }

  /** Keeps an answered socket for the next request to the same origin. */
  #release(origin: string, socket: Socket): void {
    let list = this.#idle.get(origin);
    if (!list) this.#idle.set(origin, (list = []));
    const entry: IdleSocket = {
      socket,
      forget: () => {
        socket.off('close', drop).off('error', drop).off('end', drop);
        clearTimeout(idleTimer);
      },
    };
    const drop = (): void => {
      const at = list!.indexOf(entry);
      if (at >= 0) list!.splice(at, 1);
      entry.forget();
      socket.destroy();
    };
    // An idle socket does not keep the process alive, and goes when the server closes it.
    const idleTimer = setTimeout(drop, IDLE_MS);
    idleTimer.unref();
    socket.unref();
    socket.once('close', drop).once('error', drop).once('end', drop);
    list.push(entry);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#idle.clear();
    for (const socket of this.#open) socket.destroy();
    this.#open.clear();
  }
}

/** The request line and headers, with a Content-Length for a body; refuses text that could split the request. */
function requestHead(options: RequestOptions, host: string): string {
  let head = `${options.method} ${options.path} HTTP/1.1\r\nhost: ${host}\r\n`;
  let hasLength = false;
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    // A name that is not a token, or a value with a line break or NUL, would split the request.
    if (!isToken(name) || splitsHeaderLine(String(value))) throw new TypeError(`invalid HTTP header ${JSON.stringify(name)}`);
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'transfer-encoding' || lower === 'connection') continue;
    if (lower === 'content-length') hasLength = true;
    head += `${name}: ${value}\r\n`;
  }
  if (options.body !== undefined && options.body !== null && !hasLength) head += `content-length: ${Buffer.byteLength(options.body)}\r\n`;
  else if (!hasLength && (options.method === 'POST' || options.method === 'PUT' || options.method === 'PATCH')) head += 'content-length: 0\r\n';
  return `${head}\r\n`;
}

function headersTimeoutError(ms: number): Error {
  return Object.assign(new Error(`no answer within ${ms} ms`), { code: 'UND_ERR_HEADERS_TIMEOUT' });
}

function connectTimeoutError(ms: number): Error {
  return Object.assign(new Error(`no connection within ${ms} ms`), { code: 'UND_ERR_CONNECT_TIMEOUT' });
}
