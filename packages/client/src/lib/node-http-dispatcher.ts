import type { Agent as HttpAgent, IncomingHttpHeaders } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { VsphereTlsError } from '@vsphere-kit/core/errors';
import { formatThumbprint, normalizeThumbprint, warnInsecureOnce, type TlsOptions } from '../core/tls.js';
import type { RequestDispatcher } from '../core/transport.js';
import { assertOriginForm } from '@vsphere-kit/core/target';

export interface NodeHttpDispatcherOptions extends TlsOptions {
  /** TCP + TLS connect timeout (default 10 s). */
  readonly connectTimeoutMs?: number;
}

/**
 * A dispatcher on Node's built-in http/https modules, for short-lived
 * processes such as a CLI: loading undici (and compiling its WebAssembly HTTP
 * parser) costs more than the few requests such a process sends. It applies
 * the same TLS rules as the default undici connector: verification on unless
 * `insecure`, `ca` trusted, and a pinned `thumbprint` checked right after the
 * handshake, before any byte of the request is written.
 * Pass it as `new VsphereCore({ dispatcher: new NodeHttpDispatcher(tls), ... })`.
 */
export class NodeHttpDispatcher implements RequestDispatcher {
  readonly #options: NodeHttpDispatcherOptions;
  readonly #pin: ReturnType<typeof normalizeThumbprint> | undefined;
  #http: HttpAgent | undefined;
  #https: HttpsAgent | undefined;

  constructor(options: NodeHttpDispatcherOptions = {}) {
    this.#options = options;
    this.#pin = options.thumbprint ? normalizeThumbprint(options.thumbprint) : undefined;
    if (options.insecure && !this.#pin) warnInsecureOnce();
  }

  #agent(protocol: string): HttpAgent | HttpsAgent {
    if (protocol === 'http:') {
      this.#http ??= new (process.getBuiltinModule('node:http').Agent)({ keepAlive: true });
      return this.#http;
    }
    const o = this.#options;
    this.#https ??= new (process.getBuiltinModule('node:https').Agent)({
      keepAlive: true,
      rejectUnauthorized: !o.insecure && (!this.#pin || o.ca !== undefined),
      maxCachedSessions: this.#pin ? 0 : undefined,
      ...(o.ca !== undefined ? { ca: o.ca as string | Buffer | (string | Buffer)[] } : {}),
      ...(o.cert !== undefined ? { cert: o.cert } : {}),
      ...(o.key !== undefined ? { key: o.key } : {}),
      ...(o.servername !== undefined ? { servername: o.servername } : {}),
    });
    return this.#https;
  }

  request(options: Parameters<RequestDispatcher['request']>[0]): ReturnType<RequestDispatcher['request']> {
    // `new URL('//other-host/x', origin)` would resolve to other-host and send it our headers.
    try {
      assertOriginForm(options.path);
    } catch (err) {
      return Promise.reject(err);
    }
    const url = new URL(options.path, options.origin);
    const mod = process.getBuiltinModule(url.protocol === 'https:' ? 'node:https' : 'node:http');
    const timeoutMs = options.headersTimeout ?? 300_000;
    return new Promise((resolve, reject) => {
      const req = mod.request(url, {
        method: options.method,
        headers: options.headers as Record<string, string>,
        agent: this.#agent(url.protocol),
        ...(options.signal ? { signal: options.signal as AbortSignal } : {}),
      });
      // Until the socket is connected (TLS handshake included), running out of time is a connect timeout.
      let connected = false;
      const timer = setTimeout(() => req.destroy(connected ? timeoutError(timeoutMs) : connectTimeoutError(timeoutMs)), timeoutMs);
      // The connect timeout covers TCP and the TLS handshake only: a server that is slow to
      // answer a connected request runs into the request's own timeout (above), not this one.
      const connectMs = this.#options.connectTimeoutMs ?? 10_000;
      req.on('socket', (socket) => {
        if (!socket.connecting) {
          connected = true; // a kept-alive socket
          return;
        }
        const connectTimer = setTimeout(() => req.destroy(connectTimeoutError(connectMs)), connectMs);
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
          connected = true;
          clearTimeout(connectTimer);
        });
        socket.once('close', () => clearTimeout(connectTimer));
      });
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      if (this.#pin && url.protocol === 'https:') {
        req.on('socket', (socket) => {
          const check = (): void => {
            const cert = (socket as TLSSocket).getPeerCertificate();
            const seen = this.#pin!.algorithm === 'sha256' ? cert?.fingerprint256 : cert?.fingerprint;
            if (seen?.replace(/:/g, '').toUpperCase() !== this.#pin!.hex) {
              req.destroy(
                new VsphereTlsError(
                  `server certificate thumbprint ${cert?.fingerprint256 ?? '(none)'} does not match the pinned ${this.#pin!.algorithm.toUpperCase()} thumbprint ${formatThumbprint(this.#pin!.hex)}`,
                  { code: 'ERR_VSPHERE_THUMBPRINT_MISMATCH', peerThumbprint: cert?.fingerprint256 },
                ),
              );
            }
          };
          if ((socket as TLSSocket).authorized !== undefined && (socket as TLSSocket).getPeerCertificate?.()?.fingerprint256) check();
          else socket.once('secureConnect', check);
        });
      }
      req.on('response', (res) => {
        clearTimeout(timer);
        const chunks: Buffer[] = [];
        const text = new Promise<string>((done, fail) => {
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
          res.on('error', fail);
        });
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers as IncomingHttpHeaders, body: { text: () => text } });
      });
      req.end(options.body ?? undefined);
    });
  }

  async close(): Promise<void> {
    this.#http?.destroy();
    this.#https?.destroy();
  }
}

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`no answer within ${ms} ms`), { code: 'UND_ERR_HEADERS_TIMEOUT' });
}

function connectTimeoutError(ms: number): Error {
  return Object.assign(new Error(`no connection within ${ms} ms`), { code: 'UND_ERR_CONNECT_TIMEOUT' });
}
