import type { Dispatcher } from 'undici';
import { VsphereAbortError, VsphereConnectionError, VsphereError, VsphereTimeoutError, VsphereTlsError, type OperationRef } from '@vsphere-kit/core/errors';
import { assertOriginForm, REQUEST_TARGET_ERROR, withoutTrailingSlashes } from '@vsphere-kit/core/target';
import { checkPlainHttp, type CredentialChannel } from './plain-http.js';
import { createConnector, isTlsErrorCode, normalizeThumbprint, warnInsecureOnce, type TlsOptions } from './tls.js';

export interface TransportOptions extends TlsOptions {
  /** Most sockets kept open to the server (default 16). */
  readonly connections?: number;
  /** TCP + TLS connect timeout (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** How long an idle keep-alive socket is kept (default 10 s; the server's Keep-Alive hint wins when shorter). */
  readonly keepAliveTimeoutMs?: number;
  /**
   * Use this dispatcher instead of creating an undici Agent (the client then
   * does not close it): an undici Dispatcher, or NodeHttpDispatcher.
   */
  readonly dispatcher?: RequestDispatcher;
  /**
   * Allow plain `http://` to a host other than this machine's loopback, although
   * the credentials and session ids then travel unencrypted. Off by default: such
   * a `baseUrl` is refused with a TypeError (code `ERR_VSPHERE_PLAIN_HTTP`) when
   * the client is created, before any connection. `http://127.0.0.1`, `http://[::1]`
   * and `http://localhost` (a local mock vCenter) need no permission; the client
   * then tells its logger once that nothing is encrypted.
   */
  readonly allowInsecureHttp?: boolean;
}

/** The part of undici's Dispatcher the transport uses; NodeHttpDispatcher implements it too. */
export interface RequestDispatcher {
  request(options: {
    origin: string;
    path: string;
    method: Dispatcher.HttpMethod;
    headers?: Record<string, string>;
    body?: string;
    headersTimeout?: number;
    bodyTimeout?: number;
    signal?: AbortSignal;
  }): Promise<{ statusCode: number; headers: Record<string, string | string[] | undefined>; body: { text(): Promise<string> } }>;
  close(): Promise<void>;
}

export interface RawRequest {
  readonly method: string;
  /** Path and query. */
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly operation?: OperationRef;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** Below this, request timeouts use a precise timer instead of undici's coarse one. */
const SUB_SECOND = 1000;

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Error codes after which an idempotent request is safe to send again. */
export const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', ...TIMEOUT_CODES]);

/**
 * One undici keep-alive Agent per client, a per-request timeout, AbortSignal
 * support, and the mapping of failures onto the connection error family.
 */
export class Transport {
  readonly origin: string;
  /** A path prefix of the base URL (usually empty). */
  readonly basePath: string;
  /** Whether credentials go over TLS or, to loopback or with permission, over plain HTTP. */
  readonly channel: CredentialChannel;
  #dispatcher: RequestDispatcher | undefined;
  #loading: Promise<RequestDispatcher> | undefined;
  readonly #ownsDispatcher: boolean;
  readonly #options: TransportOptions;
  #closed = false;

  constructor(baseUrl: string, options: TransportOptions = {}) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new TypeError('baseUrl must be an absolute http(s) URL, e.g. https://vcenter.example.com');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('baseUrl must use https: or http:');
    if (url.username || url.password) throw new TypeError('baseUrl must not carry credentials; use the username/password options');
    this.origin = url.origin;
    this.basePath = withoutTrailingSlashes(url.pathname);
    if (this.basePath.startsWith('//'))
      throw new TypeError(`baseUrl path ${JSON.stringify(this.basePath)} must not start with "//" (it would name another host)`);
    this.#options = options;
    // Validate and warn now; undici itself is loaded on the first request (keeps import time low).
    if (options.thumbprint) normalizeThumbprint(options.thumbprint);
    else if (options.insecure && !options.dispatcher) warnInsecureOnce();
    this.channel = checkPlainHttp(url, options);
    this.#dispatcher = options.dispatcher;
    this.#ownsDispatcher = !options.dispatcher;
  }

  /** The dispatcher, once created (the Agent is created on the first request). */
  get dispatcher(): RequestDispatcher | undefined {
    return this.#dispatcher;
  }

  #load(): Promise<RequestDispatcher> {
    this.#loading ??= import('undici').then((undici) => {
      const o = this.#options;
      this.#dispatcher = new undici.Agent({
        connections: o.connections ?? 16,
        keepAliveTimeout: o.keepAliveTimeoutMs ?? 10_000,
        keepAliveMaxTimeout: 60_000,
        connect: createConnector(undici.buildConnector, o, o.connectTimeoutMs ?? 10_000),
      });
      return this.#dispatcher;
    });
    return this.#loading;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** One exchange, with failures mapped onto the connection error family. */
  async send(req: RawRequest): Promise<RawResponse> {
    if (this.#closed) throw new VsphereConnectionError('the client is closed', { code: 'ERR_CLIENT_CLOSED', operation: req.operation });
    const userSignal = req.signal;
    if (userSignal?.aborted) throw toAbortError(userSignal, req.operation);
    try {
      return await this.exchange(req.method, req.target, req.headers, req.body, req.timeoutMs, userSignal);
    } catch (err) {
      throw mapTransportError(err, req.timeoutMs, userSignal, req.operation);
    }
  }

  /**
   * The hot path: starts one request and returns undici's own promise (no
   * async wrapper); it rejects with the dispatcher's error, which the caller
   * maps with {@link mapTransportError} (so no OperationRef is built for a call
   * that succeeds). Positional arguments: no request object per call.
   */
  request(
    method: string,
    target: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): ReturnType<RequestDispatcher['request']> {
    const path = this.basePath === '' ? target : this.basePath + target;
    // Whatever dispatcher is used, a `//host/x` target must never leave with this client's headers.
    assertOriginForm(path);
    const options = {
      origin: this.origin,
      path,
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      // The timeout is undici's own (headers, then body idle), not an AbortController
      // and a timer per request: those cost more than the rest of the call on loopback.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      // undici's timers tick about once a second; a sub-second timeout gets a
      // precise timer of its own (rare, so its cost does not matter).
      signal:
        timeoutMs < SUB_SECOND && this.#ownsDispatcher
          ? signal
            ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
            : AbortSignal.timeout(timeoutMs)
          : signal,
    };
    const dispatcher = this.#dispatcher;
    return dispatcher ? dispatcher.request(options) : this.#load().then((d) => d.request(options));
  }

  /** {@link request} plus the body as text. */
  async exchange(
    method: string,
    target: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    const res = await this.request(method, target, headers, body, timeoutMs, signal);
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher && this.#loading) await (await this.#loading).close();
  }
}

function toAbortError(signal: AbortSignal, operation?: OperationRef): VsphereAbortError {
  const reason: unknown = signal.reason;
  if (reason instanceof VsphereAbortError) return reason;
  const msg = reason instanceof Error && reason.name !== 'AbortError' ? `the operation was aborted: ${reason.message}` : 'the operation was aborted';
  return new VsphereAbortError(msg, { operation, cause: reason });
}

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    if (typeof code === 'string' && !(e as { cause?: unknown }).cause) return code;
    e = (e as { cause?: unknown }).cause;
  }
  const top = (err as { code?: unknown })?.code;
  return typeof top === 'string' ? top : undefined;
}

export function mapTransportError(err: unknown, timeoutMs: number, userSignal: AbortSignal | undefined, operation?: OperationRef): VsphereError | TypeError {
  if (userSignal?.aborted) return toAbortError(userSignal, operation);
  // A refused request target is the caller's mistake, not a connection failure: it stays a TypeError.
  if ((err as { code?: unknown })?.code === REQUEST_TARGET_ERROR) return err as TypeError;
  if (err instanceof VsphereTlsError) {
    return new VsphereTlsError(err.message, { operation, code: err.code, peerThumbprint: err.peerThumbprint, cause: err });
  }
  if (err instanceof VsphereError) return err;
  // The precise timer of a sub-second timeout (AbortSignal.timeout) fired.
  const e = err as { name?: unknown; cause?: { name?: unknown } } | undefined;
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return new VsphereTimeoutError(timeoutMs, { operation, cause: err });
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (isTlsErrorCode(code)) {
    return new VsphereTlsError(`TLS failure: ${message}`, { operation, code, cause: err });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new VsphereTimeoutError(timeoutMs, { operation, code, cause: err });
  }
  if (code && TIMEOUT_CODES.has(code)) {
    return new VsphereTimeoutError(undefined, { operation, code, cause: err });
  }
  return new VsphereConnectionError(`connection failed: ${message}`, { operation, code, cause: err });
}
