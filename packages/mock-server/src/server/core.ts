/**
 * The request pipeline: route → faults → auth → body → validation → task or
 * behaviour → answer. Independent of the transport (http/https) so that the
 * same core serves both and tests can drive it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inventory } from '../state/inventory.js';
import type { StateData } from '../state/types.js';
import { buildHandlers, genericHandler } from '../behaviours/index.js';
import type { OpContext, OpHandler, OpResult } from '../behaviours/types.js';
import { TaskRunner } from '../behaviours/tasks.js';
import { VapiError } from './errors.js';
import { Faults } from './faults.js';
import { Router } from './router.js';
import type { MockRouteDef } from './route-types.js';
import { SessionStore } from './sessions.js';
import { derefSchema, resolvePointer, SpecValidator } from './validator.js';
import { IdentityProvider, type IdpOptions } from '../idp/provider.js';

export interface CoreOptions {
  users: Record<string, string>;
  sessionIdleMs: number;
  taskMs: number;
  bodyLimit: number;
  validateResponses: boolean;
  prism: boolean;
  idp?: IdpOptions;
  log: (line: string) => void;
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
  path: { name: string; schema: string }[];
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

export function routeKeyOf(r: Pick<MockRouteDef, 'method' | 'path' | 'action' | 'actionKey'>): string {
  return `${r.method} ${r.path}${r.action ? `?${r.actionKey ?? 'action'}=${r.action}` : ''}`;
}

export class MockCore {
  readonly router: Router;
  readonly validator: SpecValidator;
  readonly sessions: SessionStore;
  readonly faults: Faults;
  readonly tasks: TaskRunner;
  state: Inventory;
  readonly responseViolations: ResponseViolation[] = [];
  private readonly handlers: Map<string, OpHandler>;
  private readonly runtimes = new Map<MockRouteDef, RouteRuntime>();
  private seedData: StateData;
  /** Set by the server once the IdP is created (lazily). */
  idp?: IdentityProvider;
  /** Hooks the server fills in: IdP and admin routes. */
  extraRoutes: ((req: IncomingMessage, res: ServerResponse, pathname: string, search: string) => Promise<boolean>)[] = [];
  /** Where the server listens (for the IdP issuer and redirects). */
  baseUrl = '';

  constructor(
    readonly spec: unknown,
    readonly routes: readonly MockRouteDef[],
    state: Inventory,
    readonly options: CoreOptions,
  ) {
    this.router = new Router(routes);
    this.validator = new SpecValidator(spec);
    this.sessions = new SessionStore(options.sessionIdleMs);
    this.faults = new Faults((id) => this.sessions.expire(id));
    this.tasks = new TaskRunner(this);
    this.state = state;
    this.seedData = structuredClone(state.toData());
    this.handlers = new Map(Object.entries(buildHandlers()));
  }

  /** Restores the seed state (inventory, generic objects, tasks) and clears faults; sessions stay. */
  reset(): void {
    const onChange = this.state.onChange;
    this.state = Inventory.fromData(structuredClone(this.seedData));
    this.state.onChange = onChange;
    this.faults.clear();
    this.tasks.reset();
    this.state.changed();
  }

  /** Replaces the state that reset() goes back to. */
  setSeed(data: StateData): void {
    this.seedData = structuredClone(data);
  }

  /** The built-in OIDC provider, created on first use (RSA key generation is not free). */
  ensureIdp(): IdentityProvider {
    return (this.idp ??= new IdentityProvider(() => this.baseUrl, this.options.users, this.options.idp));
  }

  // ---------------------------------------------------------------- pipeline

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const seen: { route?: MockRouteDef } = {};
    try {
      await this.dispatch(req, res, seen);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const e = err instanceof VapiError ? err : new VapiError('INTERNAL_SERVER_ERROR', 'Internal error in the mock server.');
      if (!(err instanceof VapiError)) this.options.log(`internal error: ${(err as Error)?.stack ?? String(err)}`);
      if (e.status === 413) res.setHeader('connection', 'close');
      // /rest operations (and unknown /rest paths) answer in the /rest wire form.
      const rest = seen.route ? seen.route.rest : (req.url ?? '').startsWith('/rest/');
      this.sendJson(res, e.status, rest ? e.toRestBody() : e.toBody(), seen.route?.id);
    }
  }

  /** Records the route in `seen` once known (errors are answered in its wire form and validated against it). */
  private async dispatch(req: IncomingMessage, res: ServerResponse, seen: { route?: MockRouteDef }): Promise<string> {
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    const pathname = qi < 0 ? url : url.slice(0, qi);
    const search = qi < 0 ? '' : url.slice(qi + 1);
    let sp: URLSearchParams | undefined;
    const getQuery = (k: string): string | null => (sp ??= new URLSearchParams(search)).get(k);

    const len = Number(req.headers['content-length'] ?? 0);
    if (len > this.options.bodyLimit) {
      throw new VapiError('INVALID_REQUEST', `Request body exceeds the limit of ${this.options.bodyLimit} bytes.`, [String(this.options.bodyLimit)], 'com.vmware.mock.body_too_large', 413);
    }

    if (pathname.startsWith('/__mock/') || pathname.startsWith('/idp/') || this.extraRoutes.length) {
      for (const extra of this.extraRoutes) if (await extra(req, res, pathname, search)) return '';
    }

    const method = req.method ?? 'GET';
    const m = this.router.match(method, pathname, search ? getQuery : () => null);
    if (m.kind !== 'ok') {
      throw new VapiError('OPERATION_NOT_FOUND', `Operation '${method} ${pathname.slice(0, 200)}' does not exist.`, [method, pathname.slice(0, 200)], 'vapi.method.input.invalid.operation');
    }
    const { route, params } = m.match;
    seen.route = route;
    const rt = this.runtime(route);

    const hit = this.faults.active ? this.faults.match(route.id) : undefined;
    if (hit) {
      if (hit.latencyMs) await new Promise((r) => setTimeout(r, hit.latencyMs));
      if (hit.error) throw hit.error;
    }

    let user = '';
    let sessionId: string | undefined;
    if (route.auth === 'session') {
      const header = req.headers['vmware-api-session-id'];
      const s = this.sessions.use(typeof header === 'string' ? header : undefined);
      if (!s) throw new VapiError('UNAUTHENTICATED', 'This method requires authentication.', [], 'vapi.method.authentication.required');
      user = s.user;
      sessionId = s.id;
    }

    const body = route.body ? await this.readBody(req, route.body.contentType) : undefined;

    const query: Record<string, unknown> = {};
    if (rt.query.length) {
      for (const p of rt.query) {
        let value: unknown;
        if (search) {
          sp ??= new URLSearchParams(search);
          const raw = sp.getAll(p.name);
          if (raw.length) value = p.array ? raw.map((v) => coerce(v, p.itemType)) : coerce(raw[0]!, p.itemType);
        }
        if (value === undefined) {
          if (p.required) throw new VapiError('INVALID_ARGUMENT', `Missing value for required parameter '${p.name}'.`, [p.name], 'vapi.bindings.typeconverter.missing.field');
          continue;
        }
        this.validator.check(p.schema, value, p.name);
        query[p.name] = value;
      }
    }
    for (const p of rt.path) this.validator.check(p.schema, params[p.name], p.name);

    if (route.body) {
      if (body === undefined) {
        if (route.body.required) throw new VapiError('INVALID_ARGUMENT', 'The request body is missing.', [], 'vapi.bindings.typeconverter.missing.body');
      } else if (route.requestSchema) {
        this.validator.check(route.requestSchema, body, 'spec');
      }
    }

    const ctx: OpContext = { core: this, route, params, query, body, user, ...(sessionId ? { sessionId } : {}), headers: req.headers, asTask: false };

    if (route.task === 'only' || (route.task === 'both' && query['vmw-task'] === true)) {
      const taskId = this.tasks.create(ctx, { block: hit?.blockTask === true });
      this.sendJson(res, 202, taskId, route.id);
      return route.id;
    }

    const result = (await rt.handler(ctx)) ?? {};
    const status = result.status ?? route.successStatus;
    if (method !== 'GET') this.state.changed();
    if (result.headers) for (const [k, v] of Object.entries(result.headers)) res.setHeader(k, v);
    if (status === 204 || result.body === undefined) {
      res.writeHead(status);
      res.end();
      if (this.options.validateResponses) this.checkResponse(route.id, status, undefined);
    } else {
      this.sendJson(res, status, result.body, route.id);
    }
    return route.id;
  }

  /** Runs an operation's behaviour (used by tasks at completion). */
  async invoke(ctx: OpContext): Promise<OpResult> {
    return (await this.runtime(ctx.route).handler(ctx)) ?? {};
  }

  sendJson(res: ServerResponse, status: number, body: unknown, operation?: string): void {
    const payload = JSON.stringify(body);
    res.writeHead(status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
    if (this.options.validateResponses && operation) this.checkResponse(operation, status, body);
  }

  /** Records a violation when `body` does not match the operation's response schema for `status`. */
  checkResponse(operation: string, status: number, body: unknown): void {
    const route = this.router.get(operation);
    if (!route) return;
    const def = route.responses[String(status)];
    if (!def) {
      if (status !== 413 && !this.faults.active) this.responseViolations.push({ operation, status, message: 'status not declared', body });
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
    const path: { name: string; schema: string }[] = [];
    for (const p of route.parameters) {
      if (p.in === 'query') {
        const s = derefSchema(this.spec, resolvePointer(this.spec, p.schema));
        const array = s?.type === 'array' || (Array.isArray(s?.type) && s.type.includes('array'));
        const item = array ? derefSchema(this.spec, s.items) : s;
        const itemType = typeof item?.type === 'string' ? item.type : Array.isArray(item?.type) ? item.type.find((t: string) => t !== 'null') : 'string';
        query.push({ name: p.name, array, itemType: itemType ?? 'string', required: p.required, schema: p.schema });
      } else if (p.in === 'path') {
        path.push({ name: p.name, schema: p.schema });
      }
    }
    rt = { key, handler: this.handlers.get(key) ?? genericHandler, query, path };
    this.runtimes.set(route, rt);
    return rt;
  }

  private readBody(req: IncomingMessage, contentType: string): Promise<unknown> {
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
        const text = Buffer.concat(chunks).toString('utf8');
        if (text.trim() === '') return resolve(undefined);
        const ct = String(req.headers['content-type'] ?? '').toLowerCase();
        try {
          if (contentType === 'application/x-www-form-urlencoded') {
            if (ct && !ct.includes('application/x-www-form-urlencoded')) throw new Error('content type');
            resolve(Object.fromEntries(new URLSearchParams(text)));
            return;
          }
          if (ct && !ct.includes('json')) throw new Error('content type');
        } catch {
          return reject(new VapiError('INVALID_REQUEST', `Unsupported content type '${ct.slice(0, 100)}'; expected ${contentType}.`, [ct.slice(0, 100)], 'vapi.protocol.server.request.content_type'));
        }
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new VapiError('INVALID_REQUEST', 'The request body is not valid JSON.', [], 'vapi.bindings.typeconverter.json.parse'));
        }
      });
    });
  }
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
