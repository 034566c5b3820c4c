/**
 * The request pipeline: route → faults → auth → body → validation → task or
 * behaviour → answer. Independent of the transport (http/https) so that the
 * same core serves both and tests can drive it.
 */
import { routeKey } from '@vsphere-kit/core/route';
import { cameAfter, type VsphereRelease } from '@vsphere-kit/core/vsphere-version';
import { IncomingMessage, type ServerResponse } from 'node:http';
import { Inventory } from '../state/inventory.js';
import type { StateData } from '../state/types.js';
import { genericHandler } from '../behaviours/generic.js';
import type { BehaviourServices, OpContext, OpHandler, OpResult } from '../behaviours/types.js';
import { behaviourTable } from '../families/index.js';
import { TaskRunner } from '../families/tasks/tasks.js';
import { discardBody } from './discard-body.js';
import type { AdminGuardOptions } from './admin-guard.js';
import { AccountLockout, type LockoutPolicy } from './lockout.js';
import { ERROR_STATUS, ErrorAnswer, errorAnswerOf, isErrorAnswer, restErrorBody, VapiError, vapiErrorBody, type VapiErrorBody } from './errors.js';
import { Faults, type FaultHit } from './faults.js';
import { parseJsonInput } from './json-input.js';
import { MAX_HEADER_COUNT, MAX_URL_BYTES } from './http-limits.js';
import { Router } from './router.js';
import type { MockRouteDef } from './route-types.js';
import { accessLogLine } from './access-log.js';
import { RequestJournal, RequestRecord, MAX_JOURNALED_BODY } from './request-journal.js';
import { requestSessionId, SessionStore } from './sessions.js';
import { SpecValidator } from './validator.js';
import { IdentityProvider, type IdpOptions } from '../idp/provider.js';
import type { LaneStats, PipelineRequest, PipelineResponse } from './pipeline-http.js';

export interface CoreOptions {
  users: Record<string, string>;
  sessionIdleMs: number;
  taskMs: number;
  /** How long VMware Tools take to report after a guest boots (ms). */
  toolsStartMs: number;
  /** How long finished tasks stay readable (ms). */
  taskRetentionMs: number;
  bodyLimit: number;
  validateResponses: boolean;
  prism: boolean;
  idp?: IdpOptions;
  /** SSO account lockout after failed logins (lockout.ts). */
  lockout: LockoutPolicy;
  /** Who may call /__mock/… (admin-guard.ts). */
  admin: AdminGuardOptions;
  /** The vCenter release emulated: operations that came later are not routed (they answer as unknown paths). */
  release: VsphereRelease;
  /** Debug mode: log where each error answer was thrown (VapiErrors then capture stacks; errors.ts). */
  errorStacks?: boolean;
  log: (line: string) => void;
  /** How many requests the journal keeps (request-journal.ts); 0: no journal. */
  journalSize: number;
  /** The journal keeps each request's headers too. */
  journalHeaders: boolean;
  /** Takes the access-log line of each answered request (access-log.ts). */
  requestLog?: (line: string) => void;
}

export interface ResponseViolation {
  operation: string;
  status: number;
  message: string;
  body: unknown;
}

interface QueryParamRuntime {
  name: string;
  array: boolean;
  itemType: string;
  required: boolean;
  schema: string;
}

interface RouteRuntime {
  key: string;
  handler: OpHandler;
  query: QueryParamRuntime[];
  /** `type`: the schema type; a path carries text, so numbers are checked as the numbers they spell. */
  path: { name: string; schema: string; type: string }[];
}

/** What the pipeline knows about a call between its (possibly asynchronous) steps. */
interface Call {
  req: PipelineRequest;
  res: PipelineResponse;
  method: string;
  route: MockRouteDef;
  params: Record<string, string>;
  search: string;
  sp: URLSearchParams | undefined;
  rt: RouteRuntime;
  hit: FaultHit | undefined;
  user: string;
  sessionId: string | undefined;
  seen: Seen;
}

/** What the pipeline learns about a request as it goes (its route, its body); the journal keeps it. */
type Seen = RequestRecord;

const noQuery = (): string | null => null;

/**
 * A route beside the operations (admin, IdP, ...) that owns the paths under `prefix`
 * and needs node:http's full request and response. `serve` may still answer `false`
 * for a path it does not know; the operations then answer it.
 */
export interface ExtraRoute {
  prefix: string;
  serve(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): boolean | Promise<boolean>;
}

/** The key of a route in the behaviour tables: the shared route key. */
export const routeKeyOf = routeKey;

export class MockCore {
  readonly router: Router;
  readonly validator: SpecValidator;
  readonly sessions: SessionStore;
  readonly faults: Faults;
  readonly tasks: TaskRunner;
  readonly lockout: AccountLockout;
  /** The latest requests, for tests to assert on (undefined when journalSize is 0). */
  readonly journal: RequestJournal | undefined;
  state: Inventory;
  readonly responseViolations: ResponseViolation[] = [];
  private readonly handlers: Map<string, OpHandler>;
  private readonly runtimes = new Map<MockRouteDef, RouteRuntime>();
  /**
   * Builds the state reset() goes back to, afresh each time: the seed is rebuilt from what it came
   * from (the default inventory, a seed file's text, generated VMs) rather than kept as a second copy
   * of the inventory next to the live one (at 100,000 VMs that copy cost a second of start-up and
   * half the heap).
   */
  private seed: () => Inventory;
  /** What behaviours may use besides the live state (one object, shared by every call). */
  private readonly services: BehaviourServices;
  /** Set by the server once the IdP is created (lazily). */
  idp?: IdentityProvider;
  /** Hooks the server fills in: IdP and admin routes. */
  extraRoutes: ExtraRoute[] = [];
  /** The fast lane's counters, when the server runs one. */
  fastLane?: LaneStats;
  /** Where the server listens (for the IdP issuer and redirects). */
  baseUrl = '';

  constructor(
    readonly spec: unknown,
    readonly routes: readonly MockRouteDef[],
    state: Inventory,
    readonly options: CoreOptions,
    seed: () => Inventory,
  ) {
    this.router = new Router(routes.filter((r) => !cameAfter(r.since, options.release)));
    this.validator = new SpecValidator(spec);
    this.sessions = new SessionStore(options.sessionIdleMs);
    const operationIds = new Set(routes.map((r) => r.id));
    this.faults = new Faults((id) => this.sessions.expire(id), operationIds);
    this.journal = options.journalSize > 0 ? new RequestJournal(options.journalSize, operationIds) : undefined;
    this.tasks = new TaskRunner(this);
    this.lockout = new AccountLockout(options.lockout, (user) => Object.hasOwn(options.users, user));
    this.state = state;
    this.seed = seed;
    this.handlers = new Map(Object.entries(behaviourTable()) as [string, OpHandler][]);
    this.services = {
      schemas: { spec, routes, validator: this.validator, prism: options.prism },
      tasks: this.tasks,
      sessions: this.sessions,
      server: {
        users: options.users,
        baseUrl: () => this.baseUrl,
        idp: () => this.ensureIdp(),
        startedIdp: () => this.idp,
        lockout: this.lockout,
        toolsStartMs: options.toolsStartMs,
        startedAt: Date.now(),
        release: options.release,
      },
    };
  }

  /** Restores the seed state (inventory, generic objects, tasks) and clears faults and account lockouts; sessions stay. */
  reset(): void {
    this.lockout.clear();
    const onChange = this.state.onChange;
    this.state = this.seed();
    this.state.onChange = onChange;
    this.faults.clear();
    this.tasks.reset();
    this.state.changed();
  }

  /**
   * Makes `state` the live state (snapshot restores): timers of the old tasks stop, unsettled
   * tasks of the new state go on, account lockouts clear, and a state file follows. Sessions stay.
   */
  replaceState(state: Inventory): void {
    this.lockout.clear();
    this.tasks.reset();
    state.onChange = this.state.onChange;
    this.state = state;
    this.tasks.resume();
    this.state.changed();
  }

  /** Drops idle sessions and tasks finished longer ago than the retention (run by the server's pruning timer). */
  prune(now = Date.now()): { sessions: number; tasks: number } {
    return { sessions: this.sessions.prune(now), tasks: this.tasks.prune(this.options.taskRetentionMs, now) };
  }

  /** Replaces the state that reset() goes back to. */
  setSeed(data: StateData): void {
    const json = JSON.stringify(data);
    this.seed = () => Inventory.fromData(JSON.parse(json) as StateData);
  }

  /** The built-in OIDC provider, created on first use (RSA key generation is not free). */
  ensureIdp(): IdentityProvider {
    return (this.idp ??= new IdentityProvider(() => this.baseUrl, this.options.users, this.options.idp));
  }

  // ---------------------------------------------------------------- pipeline

  /**
   * The one entry point of the mock: answers one request, from node:http or from a lane
   * (server/lanes/). The pipeline runs synchronously as long as nothing in it is
   * asynchronous (an extra route that claims the path, injected latency, a request body,
   * an async behaviour); only then does it continue on promises. Same order of checks
   * either way.
   *
   * Extra routes (admin, IdP) need node:http's full request and response: a lane hands
   * the paths they own (ownsExtraPath) to node:http instead of calling this.
   */
  handle(req: PipelineRequest, res: PipelineResponse): Promise<void> | void {
    const seen: Seen = new RequestRecord(req.method ?? 'GET', req.url ?? '/', this.options.journalHeaders ? req.headers : undefined);
    // The admin endpoints are the test's own calls (reading the journal among them), not the code's under test.
    if (this.journal !== undefined && !seen.url.startsWith(ADMIN_PREFIX)) this.journal.add(seen);
    let pending: Promise<void> | void;
    try {
      pending = this.dispatch(req, res, seen);
      if (pending !== undefined) pending = pending.then(undefined, (err: unknown) => this.fail(req, res, seen, err));
    } catch (err) {
      pending = this.fail(req, res, seen, err);
    }
    if (pending === undefined) return this.answered(seen, res);
    return pending.then(() => this.answered(seen, res));
  }

  /** Notes the answer of a request (status, time) for the journal and the access log. */
  private answered(seen: Seen, res: PipelineResponse): void {
    seen.status = res.headersSent ? res.statusCode : 0;
    seen.end = Date.now();
    const log = this.options.requestLog;
    if (log === undefined) return;
    try {
      log(accessLogLine(seen));
    } catch (err) {
      // A failing log sink must not take the answer (or the process) down with it.
      this.options.log(`the request log failed: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  /** True when an extra route (admin, IdP, ...) owns `pathname`: such requests need node:http. */
  ownsExtraPath(pathname: string): boolean {
    const extras = this.extraRoutes;
    for (let i = 0; i < extras.length; i++) if (pathname.startsWith(extras[i]!.prefix)) return true;
    return false;
  }

  private fail(req: PipelineRequest, res: PipelineResponse, seen: Seen, err: unknown): Promise<void> | void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const known = errorAnswerOf(err);
    const e = known ?? new ErrorAnswer('INTERNAL_SERVER_ERROR', 'Internal error in the mock server.');
    if (!known) this.options.log(`internal error: ${(err as Error)?.stack ?? String(err)}`);
    else this.logErrorAnswer(req, known);
    const send = (): void => this.answerError(req, res, seen.route, e.status, e.toBody());
    if (e.status === 413) {
      // The client may still be sending the body: read it (and drop it) before answering and closing.
      res.setHeader('connection', 'close');
      const discarded = discardBody(req);
      if (discarded) return discarded.then(send);
    }
    send();
  }

  /** Debug mode (errorStacks): logs where an error answer was made. */
  private logErrorAnswer(req: PipelineRequest, e: ErrorAnswer): void {
    if (this.options.errorStacks) this.options.log(`error answer ${e.status} ${e.errorType} to ${req.method} ${(req.url ?? '').slice(0, 200)}: ${e.stack}`);
  }

  /**
   * Sends a vSphere error body: in the /rest wire form for /rest operations (and unknown /rest
   * paths). The pipeline's own refusals (unknown route, 405, 401) come here directly, with no
   * Error built: they are as common as answers and should cost no more.
   */
  private answerError(req: PipelineRequest, res: PipelineResponse, route: MockRouteDef | undefined, status: number, body: VapiErrorBody): void {
    const rest = route ? route.rest : (req.url ?? '').startsWith('/rest/');
    this.sendJson(res, status, rest ? restErrorBody(body) : body, route?.id);
  }

  /** Records the route in `seen` once known (errors are answered in its wire form and validated against it). */
  private dispatch(req: PipelineRequest, res: PipelineResponse, seen: Seen): Promise<void> | void {
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    const pathname = qi < 0 ? url : url.slice(0, qi);
    const search = qi < 0 ? '' : url.slice(qi + 1);

    if (url.length > MAX_URL_BYTES) {
      throw new VapiError(
        'INVALID_REQUEST',
        `The request target is longer than ${MAX_URL_BYTES} bytes.`,
        [String(MAX_URL_BYTES)],
        'com.vmware.mock.http.uri_too_long',
        414,
      );
    }
    // A lane takes only heads it has checked for both (lanes/fast/simple-request.ts).
    if (req instanceof IncomingMessage) checkHeaderCount(req);
    const cl = req.headers['content-length'];
    if (cl !== undefined && Number(cl) > this.options.bodyLimit) {
      throw new VapiError(
        'INVALID_REQUEST',
        `Request body exceeds the limit of ${this.options.bodyLimit} bytes.`,
        [String(this.options.bodyLimit)],
        'com.vmware.mock.body_too_large',
        413,
      );
    }

    const extras = this.extraRoutes;
    for (let i = 0; i < extras.length; i++) {
      const extra = extras[i]!;
      if (!pathname.startsWith(extra.prefix)) continue;
      // Lanes hand these paths to node:http (see handle()); a lane that does not is a bug, not a request to serve.
      if (!(req instanceof IncomingMessage)) throw new Error(`a lane passed '${pathname.slice(0, 100)}', which only node:http may serve`);
      const claimed = extra.serve(req, res as ServerResponse, pathname, search);
      if (claimed === false) continue;
      if (claimed === true) return;
      return this.afterExtra(claimed, i + 1, req, res as ServerResponse, seen, pathname, search);
    }
    return this.route(req, res, seen, pathname, search);
  }

  /** An extra route answered with a promise: wait for it, then try the remaining ones and the operations. */
  private async afterExtra(
    claimed: Promise<boolean>,
    next: number,
    req: IncomingMessage,
    res: ServerResponse,
    seen: Seen,
    pathname: string,
    search: string,
  ): Promise<void> {
    if (await claimed) return;
    const extras = this.extraRoutes;
    for (let i = next; i < extras.length; i++) if (pathname.startsWith(extras[i]!.prefix) && (await extras[i]!.serve(req, res, pathname, search))) return;
    return this.route(req, res, seen, pathname, search);
  }

  private route(req: PipelineRequest, res: PipelineResponse, seen: Seen, pathname: string, search: string): Promise<void> | void {
    // HEAD is GET without the body (node:http leaves it out; the fast lane does not take HEAD).
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    if (search?.includes('%')) checkQueryEncoding(search);
    let sp: URLSearchParams | undefined;
    const m = this.router.match(method, pathname, search ? (k: string): string | null => (sp ??= new URLSearchParams(search)).get(k) : noQuery);
    if (m.kind !== 'ok') return this.unmatched(req, res, method, pathname, m.kind === 'bad-path');
    const { route, params } = m.match;
    seen.route = route;
    const call: Call = { req, res, method, route, params, search, sp, rt: this.runtime(route), hit: undefined, user: '', sessionId: undefined, seen };

    const hit = this.faults.active ? this.faults.match(route.id) : undefined;
    if (hit) {
      call.hit = hit;
      if (hit.latencyMs) {
        return new Promise<void>((r) => setTimeout(r, hit.latencyMs)).then(() => {
          if (hit.error) throw hit.error;
          return this.authorized(call);
        });
      }
      if (hit.error) throw hit.error;
    }
    return this.authorized(call);
  }

  /** A request no operation takes: OPTIONS and other methods on a known path (204 / 405 with Allow), else vCenter's 404. */
  private unmatched(req: PipelineRequest, res: PipelineResponse, method: string, pathname: string, badPath: boolean): void {
    if (badPath) {
      throw new VapiError('INVALID_REQUEST', 'The request path is not valid percent-encoded UTF-8.', [pathname.slice(0, 200)], 'com.vmware.mock.http.bad_path');
    }
    const asked = req.method ?? method;
    const methods = this.router.methodsAt(pathname);
    // A method the path takes (with an action it does not know) stays a 404.
    if (methods.length && !methods.includes(method)) {
      const allow = METHOD_ORDER.filter((m) => methods.includes(m === 'HEAD' ? 'GET' : m) || m === 'OPTIONS').join(', ');
      if (method === 'OPTIONS') {
        res.writeHead(204, ['allow', allow]);
        res.end();
        return;
      }
      res.setHeader('allow', allow);
      const body = vapiErrorBody(
        'OPERATION_NOT_FOUND',
        `Operation '${asked} ${pathname.slice(0, 200)}' does not exist; the path takes ${allow}.`,
        [asked, pathname.slice(0, 200)],
        'vapi.method.input.invalid.operation',
      );
      return this.answerError(req, res, undefined, 405, body);
    }
    // What vCenter answers for a path none of its operations takes, also one of a later release.
    this.answerError(req, res, undefined, ERROR_STATUS.NOT_FOUND, UNKNOWN_PATH_BODY);
  }

  /** Auth, then the body (when the operation has one), then validation and the behaviour. */
  private authorized(call: Call): Promise<void> | void {
    const { route, req } = call;
    if (route.auth === 'session') {
      const s = this.sessions.use(requestSessionId(req.headers, route.rest));
      if (!s) {
        // The commonest refusal: its body and JSON are built once (frozen), in both wire forms.
        const answer = route.rest ? UNAUTHENTICATED_REST : UNAUTHENTICATED;
        return this.sendPayload(call.res, ERROR_STATUS.UNAUTHENTICATED, answer.json, answer.body, route.id);
      }
      call.user = s.user;
      call.sessionId = s.id;
    }
    if (route.body) return this.readBody(req, route.body.contentType, call.seen).then((body) => this.run(call, body));
    return this.run(call, undefined);
  }

  private run(call: Call, body: unknown): Promise<void> | void {
    const { route, rt, search, params } = call;
    const query: Record<string, unknown> = {};
    const qps = rt.query;
    for (let i = 0; i < qps.length; i++) {
      const p = qps[i]!;
      let value: unknown;
      if (search) {
        const raw = (call.sp ??= new URLSearchParams(search)).getAll(p.name);
        if (raw.length) value = p.array ? raw.map((v) => coerce(v, p.itemType)) : coerce(raw[0]!, p.itemType);
      }
      if (value === undefined) {
        if (p.required)
          throw new VapiError('INVALID_ARGUMENT', `Missing value for required parameter '${p.name}'.`, [p.name], 'vapi.bindings.typeconverter.missing.field');
        continue;
      }
      this.validator.check(p.schema, value, p.name);
      query[p.name] = value;
    }
    for (const p of rt.path) this.validator.check(p.schema, p.type === 'string' ? params[p.name] : coerce(params[p.name]!, p.type), p.name);

    if (route.body) {
      if (body === undefined) {
        if (route.body.required) throw new VapiError('INVALID_ARGUMENT', 'The request body is missing.', [], 'vapi.bindings.typeconverter.missing.body');
      } else if (route.requestSchema) {
        this.validator.check(route.requestSchema, body, 'spec');
      }
    }

    const ctx = this.context(route, params, query, body, call.user, call.req.headers, false, call.sessionId);

    if (!isWrite(call.method)) return this.behave(call, ctx);
    // A write: the state notes what it changes, and answer() journals it before the answer goes out.
    const state = this.state;
    state.beginChange();
    let pending: Promise<void> | void;
    try {
      pending = this.behave(call, ctx);
    } catch (err) {
      state.endChange();
      throw err;
    }
    if (pending === undefined) return state.endChange();
    return pending.finally(() => state.endChange());
  }

  private behave(call: Call, ctx: OpContext): Promise<void> | void {
    const { route, rt } = call;
    if (route.task === 'only' || (route.task === 'both' && ctx.query['vmw-task'] === true)) {
      const taskId = this.tasks.create(ctx, { block: call.hit?.blockTask === true });
      this.state.changed();
      this.sendJson(call.res, 202, taskId, route.id);
      return;
    }

    const result = rt.handler(ctx);
    if (result instanceof Promise) return result.then((r) => this.answer(call, r));
    this.answer(call, result);
  }

  private answer(call: Call, result: OpResult | ErrorAnswer | void): void {
    const { route, res } = call;
    if (isErrorAnswer(result)) {
      // A refusal, returned rather than thrown: answered as fail() would, for no unwinding.
      this.logErrorAnswer(call.req, result);
      if (route.rest) return this.answerError(call.req, res, route, result.status, result.toBody());
      // The /api form goes out from its JSON; the body object is built only to check it.
      return this.sendPayload(res, result.status, result.toJson(), this.options.validateResponses ? result.toBody() : undefined, route.id);
    }
    const r = result ?? {};
    const status = r.status ?? route.successStatus;
    if (isWrite(call.method)) this.state.changed();
    if (r.headers) for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v);
    if (status === 204 || r.body === undefined) {
      res.writeHead(status);
      res.end();
      if (this.options.validateResponses) this.checkResponse(route.id, status, undefined);
    } else if (r.json !== undefined) {
      this.sendPayload(res, status, r.json, r.body, route.id);
    } else {
      this.sendJson(res, status, r.body, route.id);
    }
  }

  /** Runs an operation's behaviour as a task at its completion (no headers, no session of its own). */
  async invokeAsTask(
    route: MockRouteDef,
    call: { params: Record<string, string>; query: Record<string, unknown>; body: unknown },
    user: string,
  ): Promise<OpResult | ErrorAnswer> {
    const ctx = this.context(route, call.params, call.query, call.body, user, {}, true, undefined);
    return (await this.runtime(route).handler(ctx)) ?? {};
  }

  /** The context a behaviour runs with: the call, the live state and the shared services. */
  private context(
    route: MockRouteDef,
    params: Record<string, string>,
    query: Record<string, unknown>,
    body: unknown,
    user: string,
    headers: OpContext['headers'],
    asTask: boolean,
    sessionId: string | undefined,
  ): OpContext {
    const { schemas, tasks, sessions, server } = this.services;
    return { schemas, tasks, sessions, server, state: this.state, route, params, query, body, user, sessionId, headers, asTask };
  }

  sendJson(res: PipelineResponse, status: number, body: unknown, operation?: string): void {
    this.sendPayload(res, status, JSON.stringify(body), body, operation);
  }

  /** Sends `payload` (the JSON of `body`). */
  private sendPayload(res: PipelineResponse, status: number, payload: string, body: unknown, operation?: string): void {
    // A flat [name, value, ...] list goes straight to the header block when no header was
    // set before (no headers object is built); with setHeader() calls before, Node merges.
    res.writeHead(status, ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(payload))]);
    res.end(payload);
    if (this.options.validateResponses && operation) this.checkResponse(operation, status, body);
  }

  /** Records a violation when `body` does not match the operation's response schema for `status`. */
  checkResponse(operation: string, status: number, body: unknown): void {
    const route = this.router.get(operation);
    if (!route) return;
    const def = route.responses[String(status)];
    if (!def) {
      if (!HTTP_LAYER_STATUSES.has(status) && !this.faults.active) this.responseViolations.push({ operation, status, message: 'status not declared', body });
      return;
    }
    if (!def.schema) {
      if (body !== undefined) this.responseViolations.push({ operation, status, message: 'body on a response without content', body });
      return;
    }
    const fn = this.validator.get(def.schema);
    if (!fn(body)) this.responseViolations.push({ operation, status, message: this.validator.describe(fn.errors), body });
  }

  private runtime(route: MockRouteDef): RouteRuntime {
    let rt = this.runtimes.get(route);
    if (rt) return rt;
    const key = routeKeyOf(route);
    const query: QueryParamRuntime[] = [];
    const path: RouteRuntime['path'] = [];
    for (const p of route.parameters) {
      if (p.in === 'query') {
        const array = p.type === 'array';
        query.push({ name: p.name, array, itemType: (array ? p.itemType : p.type) ?? 'string', required: p.required, schema: p.schema });
      } else {
        path.push({ name: p.name, schema: p.schema, type: p.type ?? 'string' });
      }
    }
    rt = { key, handler: this.handlers.get(key) ?? genericHandler, query, path };
    this.runtimes.set(route, rt);
    return rt;
  }

  private readBody(req: PipelineRequest, contentType: string, seen: Seen): Promise<unknown> {
    const limit = this.options.bodyLimit;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      req.on('data', (c: Buffer) => {
        if (failed) return;
        size += c.length;
        if (size > limit) {
          failed = true;
          reject(new VapiError('INVALID_REQUEST', `Request body exceeds the limit of ${limit} bytes.`, [String(limit)], 'com.vmware.mock.body_too_large', 413));
          return;
        }
        chunks.push(c);
      });
      req.on('error', (e) => {
        if (!failed) {
          failed = true;
          reject(e);
        }
      });
      req.on('end', () => {
        if (failed) return;
        try {
          const bytes = Buffer.concat(chunks);
          if (bytes.length === 0) return resolve(undefined);
          seen.bodyBytes = bytes.length;
          const ct = req.headers['content-type'];
          if (ct !== undefined && !acceptsContentType(ct, contentType)) {
            const shown = ct.slice(0, 100);
            throw new VapiError(
              'INVALID_REQUEST',
              `Unsupported content type '${shown}'; expected ${contentType} (UTF-8).`,
              [shown],
              'vapi.protocol.server.request.content_type',
              415,
            );
          }
          const text = decodeUtf8(bytes);
          // A reference to text made anyway: the journal parses and masks it only when read.
          if (bytes.length <= MAX_JOURNALED_BODY) {
            seen.bodyText = text;
            seen.contentType = ct;
          }
          if (text.trim() === '') return resolve(undefined);
          resolve(
            contentType === 'application/x-www-form-urlencoded' ? Object.fromEntries(new URLSearchParams(text)) : parseJsonInput(text, 'the request body'),
          );
        } catch (e) {
          reject(e);
        }
      });
    });
  }
}

/** The 401 answer (body and its JSON) in the /api and the /rest wire forms, one frozen object for every refused call. */
/** vCenter's 404 for a path none of its operations takes: always the same body. */
const UNKNOWN_PATH_BODY = deepFreeze(vapiErrorBody('NOT_FOUND', 'Not found.', [], 'com.vmware.vapi.rest.httpNotFound'));
const UNAUTHENTICATED_BODY = deepFreeze(vapiErrorBody('UNAUTHENTICATED', 'This method requires authentication.', [], 'vapi.method.authentication.required'));
const UNAUTHENTICATED = { body: UNAUTHENTICATED_BODY, json: JSON.stringify(UNAUTHENTICATED_BODY) };
const UNAUTHENTICATED_REST_BODY = deepFreeze(restErrorBody(UNAUTHENTICATED_BODY));
const UNAUTHENTICATED_REST = { body: UNAUTHENTICATED_REST_BODY, json: JSON.stringify(UNAUTHENTICATED_REST_BODY) };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(Object.freeze(value))) deepFreeze(v);
  return value;
}

/** Where the admin endpoints live (admin.ts). */
const ADMIN_PREFIX = '/__mock/';

/** The order of methods in an Allow header (HEAD wherever GET is, OPTIONS always). */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Statuses the HTTP layer answers for any operation (limits, methods, media types); the specs do not list them. */
const HTTP_LAYER_STATUSES = new Set([405, 408, 413, 414, 415, 431]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text; invalid UTF-8 is refused rather than stored with U+FFFD in place. */
function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new VapiError('INVALID_REQUEST', 'The request body is not valid UTF-8.', [], 'com.vmware.mock.http.invalid_utf8');
  }
}

/** True for `expected` (JSON: application/json or any `+json` type), with no charset other than UTF-8. */
function acceptsContentType(header: string, expected: string): boolean {
  const [type = '', ...params] = header
    .toLowerCase()
    .split(';')
    .map((p) => p.trim());
  const ok = expected === 'application/json' ? type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json')) : type === expected;
  if (!ok) return false;
  for (const p of params) {
    if (p.startsWith('charset=') && !/^charset="?utf-8"?$/.test(p)) return false;
  }
  return true;
}

/** Percent-escapes in the query must spell UTF-8 (URLSearchParams would put U+FFFD in their place). */
function checkQueryEncoding(search: string): void {
  try {
    decodeURIComponent(search);
  } catch {
    throw new VapiError('INVALID_REQUEST', 'The query string is not valid percent-encoded UTF-8.', [search.slice(0, 200)], 'com.vmware.mock.http.bad_query');
  }
}

/** node:http keeps one header line past MAX_HEADER_COUNT (see start.ts) and drops the rest: refuse such a request. */
function checkHeaderCount(req: IncomingMessage): void {
  if (req.rawHeaders.length > 2 * MAX_HEADER_COUNT) {
    throw new VapiError(
      'INVALID_REQUEST',
      `The request has more than ${MAX_HEADER_COUNT} header lines.`,
      [String(MAX_HEADER_COUNT)],
      'com.vmware.mock.http.too_many_headers',
      431,
    );
  }
}

/** Methods whose calls may change the state (their changes are journaled before the answer). */
function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

function coerce(v: string, type: string): unknown {
  switch (type) {
    case 'integer':
    case 'number': {
      if (v.trim() === '') return v;
      const n = Number(v);
      return Number.isFinite(n) ? n : v;
    }
    case 'boolean':
      return v === 'true' ? true : v === 'false' ? false : v;
    case 'object':
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    default:
      return v;
  }
}
