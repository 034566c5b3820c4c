import type { CallArgs, Caller, RequestOptions } from '@vsphere-kit/core/caller';
import type { RouteDef } from '@vsphere-kit/core/route';
import type { TaskHandle } from '@vsphere-kit/core/task-handle';
import {
  VsphereAbortError,
  VsphereConnectionError,
  VsphereError,
  VsphereResponseError,
  VsphereTimeoutError,
  OperationNotInVersionError,
  errorFromBody,
  type OperationRef,
} from '@vsphere-kit/core/errors';
import { SecretRegistry } from '@vsphere-kit/core/secrets';
import { SESSION_HEADER, authorizationSecrets, basicAuthorization, samlSignAuthorization } from '@vsphere-kit/core/auth';
import { SessionCacheFile, SessionState } from './session.js';
import { VsphereTaskHandle, type TaskEndpoints, type TaskPollingOptions } from '@vsphere-kit/core/tasks';
import { RETRYABLE_CODES, Transport, mapTransportError, type RawResponse, type TransportOptions } from './transport.js';
import { buildTarget, formEncode } from '@vsphere-kit/core/target';
import { cameAfter, vsphereRelease, type VsphereRelease } from '@vsphere-kit/core/vsphere-version';
import { fullJitter, parseRetryAfter, raceAbort, sleep } from '../internal/async.js';
import { CIS_TASKS_CANCEL, CIS_TASKS_GET, REST_CIS_SESSION_DELETE, SESSION_CREATE, SESSION_DELETE } from '../internal/routes.js';

/** Automatic retries of idempotent requests (GET, HEAD, PUT, DELETE). POST and PATCH are never retried. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 turns retries off). */
  readonly maxRetries?: number;
  /** Base of the exponential backoff (default 200 ms). */
  readonly baseDelayMs?: number;
  /** Cap of one backoff delay (default 5 000 ms). */
  readonly maxDelayMs?: number;
  /** Longest `Retry-After` honoured; a longer one ends the retries (default 60 000 ms). */
  readonly maxRetryAfterMs?: number;
  /**
   * Retry after a timeout too (default true). Turn it off when `timeoutMs` is a deadline the
   * caller promised someone (a CLI's `--timeout`): each retry would wait that long again.
   */
  readonly timeouts?: boolean;
}

/** Receives log lines; every line is redacted before it gets here. */
export interface VsphereLogger {
  debug?(line: string): void;
  warn?(line: string): void;
}

/** What a custom login gets; it returns the `Authorization` header value for `POST /api/session`. */
export interface AuthenticateContext {
  readonly core: VsphereCore;
  /** 1 for the first login, 2 for the re-login after an expiry, ... */
  readonly attempt: number;
}

export interface VsphereCoreOptions extends TransportOptions {
  /** `https://vcenter.example.com` (a path prefix is kept). */
  readonly baseUrl: string;
  /** Basic login. */
  readonly username?: string;
  readonly password?: string;
  /** An existing session to use. Without credentials the client cannot re-login when it expires. */
  readonly sessionId?: string;
  /**
   * SAML bearer token login (`Authorization: SIGN token="..."`). Give the token
   * as the token exchange returned it (base64 of the XML) or as XML; the client
   * gzips and encodes it. Set `samlTokenEncoded: true` if it is already in SIGN form.
   */
  readonly samlToken?: string;
  readonly samlTokenEncoded?: boolean;
  /** Custom login: returns the Authorization header value for `POST /api/session` (used by federation). */
  readonly authenticate?: (context: AuthenticateContext) => Promise<string>;
  /** Keep the session id in this file (mode 0600) and reuse it across processes. */
  readonly sessionCacheFile?: string;
  /** Default per-request timeout (default 60 000 ms). */
  readonly timeoutMs?: number;
  /** Retry policy for idempotent requests, or `false` for none. */
  readonly retry?: RetryOptions | false;
  /** Default polling of `TaskHandle.wait()`. */
  readonly taskPolling?: TaskPollingOptions;
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly userAgent?: string;
  readonly logger?: VsphereLogger;
  /**
   * The registry of secrets to redact with; default: one of this client's own.
   * Pass a shared one to mask the same secrets elsewhere (a CLI masks its whole
   * output with it): the client adds every password, session id and token it handles.
   */
  readonly secrets?: SecretRegistry;
  /**
   * The vCenter release the client talks to (`7.0.3`; see `VSPHERE_RELEASES` of
   * `@vsphere-kit/core/vsphere-version`). Calls of operations a later release brought
   * (`x-vsphere-since`) are then refused with {@link OperationNotInVersionError} before
   * anything is sent. Default: none (every operation is sent).
   */
  readonly vsphereVersion?: string;
}

export interface CloseOptions {
  /**
   * Log the session out (`DELETE /api/session`). Default: true when this
   * client created the session itself and no session cache file is used.
   */
  readonly logout?: boolean;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const DEFAULT_TIMEOUT_MS = 60_000;

function hasHeader(headers: Readonly<Record<string, string>> | undefined, name: string): boolean {
  if (!headers) return false;
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name) return true;
  return false;
}

/**
 * The runtime behind every generated service: transport (undici), TLS,
 * sessions, retries, error mapping and tasks. Implements {@link Caller}.
 */
export class VsphereCore implements Caller {
  readonly baseUrl: string;
  readonly #transport: Transport;
  readonly #secrets: SecretRegistry;
  readonly #session: SessionState;
  readonly #cache?: SessionCacheFile;
  readonly #timeoutMs: number;
  readonly #retry: Required<RetryOptions> | undefined;
  readonly #taskPolling: TaskPollingOptions;
  readonly #headers: Record<string, string>;
  readonly #logger?: VsphereLogger;
  readonly #authorize?: (attempt: number) => Promise<string>;
  #sessionHeadersCache: Record<string, string> | undefined;
  #sessionHeadersFor: string | undefined;
  #loginAttempts = 0;
  #cacheTried = false;
  #ownsSession = false;
  #closing: Promise<void> | undefined;
  /** The targeted release, when `vsphereVersion` is set; `#later` remembers the answer per since value. */
  readonly #release: VsphereRelease | undefined;
  readonly #later = new Map<string, boolean>();
  /** How task handles of this client poll and cancel: through this client's calls (session, retries). */
  readonly #taskEndpoints: TaskEndpoints = {
    get: (task, options) => this.call<unknown>(CIS_TASKS_GET, { path: { task } }, options),
    cancel: (task, options) => this.call<void>(CIS_TASKS_CANCEL, { path: { task } }, options),
    // A task's error and progress texts are the server's: they go through this client's registry.
    redact: (text) => this.#secrets.redact(text),
  };

  constructor(options: VsphereCoreOptions) {
    if (!options || typeof options.baseUrl !== 'string') throw new TypeError('baseUrl is required');
    this.#secrets = options.secrets ?? new SecretRegistry();
    this.#transport = new Transport(options.baseUrl, options);
    this.baseUrl = this.#transport.origin + this.#transport.basePath;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#release = options.vsphereVersion === undefined ? undefined : vsphereRelease(options.vsphereVersion);
    this.#retry =
      options.retry === false
        ? undefined
        : {
            maxRetries: options.retry?.maxRetries ?? 3,
            baseDelayMs: options.retry?.baseDelayMs ?? 200,
            maxDelayMs: options.retry?.maxDelayMs ?? 5_000,
            maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? 60_000,
            timeouts: options.retry?.timeouts ?? true,
          };
    this.#taskPolling = options.taskPolling ?? {};
    this.#logger = options.logger;
    if (this.#transport.channel !== 'tls') {
      this.#log('warn', `plain http to ${this.#transport.origin}: credentials and session ids travel unencrypted (use https:// for a real vCenter)`);
    }
    this.#headers = {
      accept: 'application/json',
      'user-agent': options.userAgent ?? `vsphere-kit/0.1 node/${process.versions.node}`,
      ...options.headers,
    };

    this.#secrets.add(options.password, options.sessionId, options.samlToken);
    if (options.username !== undefined && options.password !== undefined) {
      const basic = basicAuthorization(options.username, options.password);
      this.#secrets.add(basic, basic.slice(6));
      this.#authorize = async () => basic;
    } else if (options.samlToken !== undefined) {
      const header = samlSignAuthorization(options.samlToken, { encoded: options.samlTokenEncoded });
      this.#secrets.add(header, header.slice('SIGN token="'.length, -1));
      this.#authorize = async () => header;
    } else if (options.authenticate) {
      const authenticate = options.authenticate;
      this.#authorize = (attempt) => authenticate({ core: this, attempt });
    }
    if (options.sessionCacheFile) {
      const principal = options.username ?? (options.samlToken ? 'saml' : options.authenticate ? 'custom' : 'session');
      this.#cache = new SessionCacheFile(options.sessionCacheFile, `${this.baseUrl}|${principal}`);
    }
    this.#session = new SessionState(() => this.#performLogin(), options.sessionId);
  }

  /* ---------------- public API ---------------- */

  /** The vCenter release the client targets (`vsphereVersion`), if one was given. */
  get vsphereVersion(): string | undefined {
    return this.#release?.name;
  }

  /** Whether the client can (re-)login on its own. */
  get canLogin(): boolean {
    return this.#authorize !== undefined;
  }

  /** The current session id, if any (treat it as a secret). */
  get sessionId(): string | undefined {
    return this.#session.current;
  }

  /** How many logins this client has started (diagnostics). */
  get loginCount(): number {
    return this.#session.logins;
  }

  /** The undici dispatcher (Agent) of this client, e.g. for a raw request on the same connections. */
  get dispatcher(): TransportOptions['dispatcher'] {
    return this.#transport.dispatcher;
  }

  /** Logs in unless there is a session already, and returns the session id. */
  async login(options: RequestOptions = {}): Promise<string> {
    this.#assertOpen();
    return raceAbort(this.#session.get(), options.signal, () => new VsphereAbortError('login wait aborted'));
  }

  /** Ends the current session on the server (`DELETE /api/session`); a later call logs in again. */
  async logout(options?: RequestOptions): Promise<void> {
    try {
      await this.call<void>(SESSION_DELETE, {}, options);
    } catch (err) {
      // Whatever became of the request (the server unreachable, say), a session the caller logged out of is not
      // handed out by the session cache file again.
      const sid = this.#session.current;
      if (sid) await this.#cache?.remove(sid).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Makes `sessionId` the current session (e.g. one created by
   * `loginWithSamlToken`). With `owned: true` (default) `close()` logs it out.
   */
  adoptSession(sessionId: string, options: { owned?: boolean } = {}): void {
    this.#secrets.add(sessionId);
    this.#session.set(sessionId);
    this.#ownsSession = options.owned ?? true;
  }

  /** Deep copy of a JSON-like value with this client's secrets redacted. */
  redactValue<T>(value: T): T {
    return this.#secrets.redactValue(value);
  }

  /** Forgets the current session (without logging it out); the next call logs in again. */
  forgetSession(): void {
    this.#session.set(undefined);
  }

  /** Marks strings as secret: they are redacted from every error and log line of this client. */
  registerSecret(...values: (string | undefined)[]): void {
    this.#secrets.add(...values);
  }

  /** Redacts this client's secrets (and well-known secret shapes) from a text. */
  redact(text: string): string {
    return this.#secrets.redact(text);
  }

  // call() and callTask() are plain functions over one async #run(): every
  // extra async frame on the hot path costs a promise and a microtask turn.
  call<T>(route: RouteDef, args?: CallArgs, options?: RequestOptions): Promise<T> {
    if (route.auth === 'login' && !hasHeader(options?.headers, 'authorization')) {
      // session.create through the client: the client's own (shared) login.
      return this.login(options) as Promise<T>;
    }
    return this.#run(route, args, options, false) as Promise<T>;
  }

  callTask<T>(route: RouteDef, args?: CallArgs, options?: RequestOptions): Promise<TaskHandle<T>> {
    return this.#run(route, args, options, true) as Promise<TaskHandle<T>>;
  }

  /** A handle on an existing task, by id. */
  task<T = unknown>(taskId: string): VsphereTaskHandle<T> {
    return new VsphereTaskHandle<T>(this.#taskEndpoints, taskId, undefined, this.#taskPolling);
  }

  /**
   * Closes the client: logs the session out (see {@link CloseOptions.logout})
   * and closes the connection pool. Idempotent.
   */
  close(options: CloseOptions = {}): Promise<void> {
    this.#closing ??= this.#doClose(options);
    return this.#closing;
  }

  /* ---------------- internals ---------------- */

  #assertOpen(): void {
    if (this.#closing) throw new VsphereConnectionError('the client is closed', { code: 'ERR_CLIENT_CLOSED' });
  }

  async #doClose(options: CloseOptions): Promise<void> {
    await this.#session.settle();
    const sid = this.#session.current;
    const logout = options.logout ?? (this.#ownsSession && !this.#cache);
    if (logout && sid) {
      try {
        await this.#sendOnce('DELETE', SESSION_DELETE.path, { ...this.#headers, [SESSION_HEADER]: sid }, 10_000, this.#op(SESSION_DELETE, SESSION_DELETE.path));
      } catch (err) {
        this.#log('warn', `logout failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      await this.#cache?.remove(sid).catch(() => undefined);
    }
    this.#session.set(undefined);
    await this.#transport.close();
  }

  #cameLater(since: string): boolean {
    let later = this.#later.get(since);
    if (later === undefined) this.#later.set(since, (later = cameAfter(since, this.#release!)));
    return later;
  }

  #op(route: RouteDef, target: string): OperationRef {
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    return route.action ? { id: route.id, method: route.method, path, action: route.action } : { id: route.id, method: route.method, path };
  }

  /**
   * One call: the request, retries of idempotent methods (503, resets,
   * timeouts), one replay after a session expiry, then the decoded reply (or a
   * task handle). The OperationRef is built only when an error or a task needs it.
   */
  async #run(route: RouteDef, args: CallArgs | undefined, options: RequestOptions | undefined, task: boolean): Promise<unknown> {
    this.#assertOpen();
    // Every error of a call, whoever built it, leaves through this client's registry (a try costs nothing on success).
    try {
      if (this.#release !== undefined && route.since !== undefined && this.#cameLater(route.since)) {
        throw new OperationNotInVersionError(this.#op(route, route.path), route.since, this.#release.name);
      }
      const target = buildTarget(route, args, task);
      const extra = options?.headers;
      // Without per-call headers or a body, the shared per-session header object is sent as is.
      let headers: Record<string, string> | undefined;
      let body: string | undefined;
      if (args?.body !== undefined) {
        headers = { ...this.#headers, ...extra };
        if (route.body?.contentType === 'application/x-www-form-urlencoded') {
          body = formEncode(args.body);
          headers['content-type'] = 'application/x-www-form-urlencoded';
        } else {
          body = JSON.stringify(args.body);
          headers['content-type'] = 'application/json';
        }
      } else {
        if (route.body?.required && route.method !== 'GET') throw new TypeError(`${route.id}: a request body is required`);
        if (extra !== undefined) headers = { ...this.#headers, ...extra };
      }
      const useSession = route.auth === 'session' && !hasHeader(extra, SESSION_HEADER) && !hasHeader(extra, 'authorization');
      const method = route.method;
      const retry = IDEMPOTENT.has(method) ? this.#retry : undefined;
      const timeoutMs = options?.timeoutMs ?? this.#timeoutMs;
      const signal = options?.signal;
      let replayed = false;
      let sessionId: string | undefined;
      for (let attempt = 0; ; attempt++) {
        let sent = headers ?? this.#headers;
        if (useSession) {
          // Fast path: an established session needs no await (no extra turn per call).
          sessionId =
            this.#session.current ??
            (await raceAbort(
              this.#session.get(),
              signal,
              () => new VsphereAbortError('aborted while waiting for login', { operation: this.#op(route, target) }),
            ));
          if (headers) headers[SESSION_HEADER] = sessionId;
          else sent = this.#sessionHeaders(sessionId);
        }
        const started = this.#logger?.debug ? Date.now() : 0;
        let res: RawResponse;
        try {
          if (this.#transport.closed)
            throw new VsphereConnectionError('the client is closed', { code: 'ERR_CLIENT_CLOSED', operation: this.#op(route, target) });
          if (signal?.aborted) throw signal.reason;
          // Both awaits right here, as a raw undici caller would write them: no async frame in between.
          const reply = await this.#transport.request(method, target, sent, body, timeoutMs, signal);
          res = { status: reply.statusCode, headers: reply.headers, text: await reply.body.text() };
        } catch (raw) {
          const err = mapTransportError(raw, timeoutMs, signal, this.#op(route, target));
          const delay = retryDelayAfterError(err, attempt, retry);
          if (delay !== undefined) {
            this.#log('debug', `${method} ${this.#op(route, target).path} failed (${err.message}); retry ${attempt + 1}/${retry!.maxRetries} in ${delay} ms`);
            await this.#retrySleep(delay, signal, route, target);
            continue;
          }
          throw err;
        }
        if (started) this.#log('debug', `${method} ${target} -> ${res.status} (${Date.now() - started} ms)`);
        const delay503 = retryDelayAfter503(res, attempt, retry);
        if (delay503 !== undefined) {
          this.#log('debug', `${method} ${this.#op(route, target).path} answered 503; retry ${attempt + 1}/${retry!.maxRetries} in ${delay503} ms`);
          await this.#retrySleep(delay503, signal, route, target);
          continue;
        }
        if (res.status === 401 && useSession && !replayed && this.canLogin && this.#isUnauthenticated(res)) {
          // Session expired or was closed: drop it (once, even if 100 calls see it), log in again (shared), replay once
          // (with a fresh retry budget).
          replayed = true;
          attempt = -1;
          this.#log('debug', `session expired (${method} ${this.#op(route, target).path}); logging in again`);
          this.#session.invalidate(sessionId);
          if (sessionId) await this.#cache?.remove(sessionId).catch(() => undefined);
          continue;
        }
        if (task) return this.#taskHandle(route, target, res);
        const value = this.#decode(route, target, res);
        // A logout through either API (they share sessions) ends this client's session.
        if (method === 'DELETE' && (route.path === SESSION_DELETE.path || route.path === REST_CIS_SESSION_DELETE.path)) {
          this.#session.invalidate(sessionId);
          if (sessionId) await this.#cache?.remove(sessionId).catch(() => undefined);
        }
        return value;
      }
    } catch (err) {
      throw this.#secrets.redactError(err);
    }
  }

  /** Default headers plus the session id, rebuilt only when the session changes. */
  #sessionHeaders(sessionId: string): Record<string, string> {
    if (this.#sessionHeadersFor !== sessionId) {
      // Frozen: the same object goes to every request of this session.
      this.#sessionHeadersCache = Object.freeze({ ...this.#headers, [SESSION_HEADER]: sessionId });
      this.#sessionHeadersFor = sessionId;
    }
    return this.#sessionHeadersCache!;
  }

  #retrySleep(delay: number, signal: AbortSignal | undefined, route: RouteDef, target: string): Promise<void> {
    return sleep(delay, signal, () => new VsphereAbortError('aborted while waiting to retry', { operation: this.#op(route, target), cause: signal?.reason }));
  }

  #taskHandle(route: RouteDef, target: string, res: RawResponse): TaskHandle<unknown> {
    const operation = this.#op(route, target);
    if (res.status < 200 || res.status >= 300) throw this.#errorFrom(res, operation);
    const id = this.#parseJson(res, operation);
    const taskId = route.rest && id && typeof id === 'object' && 'value' in id ? (id as { value: unknown }).value : id;
    if (typeof taskId !== 'string' || taskId === '') {
      throw new VsphereResponseError('expected a task identifier', { status: res.status, body: res.text, operation });
    }
    return new VsphereTaskHandle<unknown>(this.#taskEndpoints, taskId, operation, this.#taskPolling);
  }

  /** One exchange outside a call (login, logout): no session replay. */
  async #sendOnce(method: string, target: string, headers: Record<string, string>, timeoutMs: number, operation: OperationRef): Promise<RawResponse> {
    const started = this.#logger?.debug ? Date.now() : 0;
    try {
      const res = await this.#transport.send({ method, target, headers, timeoutMs, operation });
      if (started) this.#log('debug', `${method} ${target} -> ${res.status} (${Date.now() - started} ms)`);
      return res;
    } catch (err) {
      throw this.#secrets.redactError(err);
    }
  }

  #isUnauthenticated(res: RawResponse): boolean {
    try {
      const body = JSON.parse(res.text) as { error_type?: unknown; type?: unknown };
      if (body && typeof body === 'object') {
        if (body.error_type !== undefined) return body.error_type === 'UNAUTHENTICATED';
        if (typeof body.type === 'string') return body.type.endsWith('.unauthenticated');
      }
    } catch {
      // a bare 401 without a vSphere body also means "log in again"
    }
    return true;
  }

  /** A login (first or after an expiry): every error, even one a custom `authenticate` built, leaves redacted. */
  async #performLogin(): Promise<string> {
    try {
      return await this.#loginOnce();
    } catch (err) {
      throw this.#secrets.redactError(err);
    }
  }

  /**
   * `POST /api/session`, retried by the rules of an idempotent call (503 with
   * `Retry-After`, resets, timeouts): a vCenter that is briefly busy during a
   * re-login must not fail every call that waits for that one shared login.
   */
  async #createSession(headers: Record<string, string>, operation: OperationRef): Promise<RawResponse> {
    const retry = this.#retry;
    for (let attempt = 0; ; attempt++) {
      let res: RawResponse;
      try {
        res = await this.#sendOnce('POST', SESSION_CREATE.path, headers, this.#timeoutMs, operation);
      } catch (err) {
        const delay = retryDelayAfterError(err, attempt, retry);
        if (delay === undefined) throw err;
        this.#log('debug', `login failed (${(err as Error).message}); retry ${attempt + 1}/${retry!.maxRetries} in ${delay} ms`);
        await sleep(delay);
        continue;
      }
      const delay = retryDelayAfter503(res, attempt, retry);
      if (delay === undefined) return res;
      this.#log('debug', `login answered 503; retry ${attempt + 1}/${retry!.maxRetries} in ${delay} ms`);
      await sleep(delay);
    }
  }

  async #loginOnce(): Promise<string> {
    if (this.#cache && !this.#cacheTried) {
      this.#cacheTried = true;
      const cached = await this.#cache.read().catch((e: unknown) => void this.#log('warn', e instanceof Error ? e.message : String(e)));
      if (cached) {
        this.#secrets.add(cached);
        this.#log('debug', 'using the session from the session cache file');
        return cached;
      }
    }
    if (!this.#authorize) {
      throw new VsphereError('cannot log in: no credentials (pass username/password, samlToken, authenticate or sessionId)');
    }
    const authorization = await this.#authorize(++this.#loginAttempts);
    this.#secrets.add(...authorizationSecrets(authorization));
    const operation = this.#op(SESSION_CREATE, SESSION_CREATE.path);
    const res = await this.#createSession({ ...this.#headers, authorization }, operation);
    if (res.status < 200 || res.status >= 300) throw this.#errorFrom(res, operation);
    const id = this.#parseJson(res, operation);
    if (typeof id !== 'string' || id === '') {
      throw new VsphereResponseError('expected a session identifier', { status: res.status, operation });
    }
    this.#secrets.add(id);
    this.#ownsSession = true;
    this.#log('debug', 'logged in');
    if (this.#cache) await this.#cache.write(id).catch((e: unknown) => this.#log('warn', `could not write the session cache file: ${String(e)}`));
    return id;
  }

  #parseJson(res: RawResponse, operation: OperationRef): unknown {
    try {
      return JSON.parse(res.text);
    } catch (cause) {
      throw this.#malformed(res, operation, cause);
    }
  }

  #malformed(res: RawResponse, operation: OperationRef, cause: unknown): VsphereResponseError {
    return new VsphereResponseError(isJson(res) ? 'malformed JSON in the reply' : 'the reply is not JSON', {
      status: res.status,
      contentType: contentType(res),
      body: this.#secrets.redact(res.text),
      operation,
      cause,
    });
  }

  #decode(route: RouteDef, target: string, res: RawResponse): unknown {
    if (res.status < 200 || res.status >= 300) throw this.#errorFrom(res, this.#op(route, target));
    if (res.status === 204 || res.text === '' || (!route.responseBody && res.text.trim() === '')) return undefined;
    if (!route.responseBody && !isJson(res)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(res.text);
    } catch (cause) {
      throw this.#malformed(res, this.#op(route, target), cause);
    }
    if (route.rest && value !== null && typeof value === 'object' && !Array.isArray(value) && 'value' in value) {
      return (value as { value: unknown }).value;
    }
    return value;
  }

  #errorFrom(res: RawResponse, operation: OperationRef): VsphereError {
    let body: unknown;
    let parsed = false;
    if (res.text !== '') {
      try {
        body = JSON.parse(res.text);
        parsed = true;
      } catch {
        parsed = false;
      }
    }
    if (parsed) {
      const mapped = errorFromBody(res.status, this.#secrets.redactValue(body), { operation });
      if (mapped) return mapped;
    }
    return new VsphereResponseError(parsed ? 'the error reply is not a vSphere error' : res.text === '' ? 'empty error reply' : 'the error reply is not JSON', {
      status: res.status,
      contentType: contentType(res),
      body: res.text === '' ? undefined : this.#secrets.redact(res.text),
      operation,
    });
  }

  #log(level: 'debug' | 'warn', line: string): void {
    const fn = this.#logger?.[level];
    if (fn) fn.call(this.#logger, this.#secrets.redact(line));
  }
}

/** The backoff before retrying after a failed exchange, or undefined when it must not be retried. */
function retryDelayAfterError(err: unknown, attempt: number, retry: Required<RetryOptions> | undefined): number | undefined {
  if (!retry || attempt >= retry.maxRetries || !isRetryable(err, retry)) return undefined;
  return fullJitter(attempt, retry.baseDelayMs, retry.maxDelayMs);
}

/** The wait before retrying a 503 (its `Retry-After`, else the backoff), or undefined when it must not be retried. */
function retryDelayAfter503(res: RawResponse, attempt: number, retry: Required<RetryOptions> | undefined): number | undefined {
  if (res.status !== 503 || !retry || attempt >= retry.maxRetries) return undefined;
  const retryAfter = parseRetryAfter(res.headers['retry-after']);
  if (retryAfter !== undefined && retryAfter > retry.maxRetryAfterMs) return undefined;
  return retryAfter ?? fullJitter(attempt, retry.baseDelayMs, retry.maxDelayMs);
}

function isRetryable(err: unknown, retry: Required<RetryOptions>): boolean {
  if (err instanceof VsphereAbortError) return false;
  if (err instanceof VsphereTimeoutError) return retry.timeouts;
  if (err instanceof VsphereConnectionError) return err.code !== undefined && RETRYABLE_CODES.has(err.code);
  return false;
}

function contentType(res: RawResponse): string | undefined {
  const ct = res.headers['content-type'];
  return Array.isArray(ct) ? ct[0] : ct;
}

function isJson(res: RawResponse): boolean {
  const ct = contentType(res);
  return ct !== undefined && /[/+]json\b/i.test(ct);
}
