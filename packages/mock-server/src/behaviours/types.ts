/**
 * What a behaviour sees of the mock: the operation's inputs, the caller, and a narrow set of
 * services (state, schemas, tasks, sessions, server facts). Not the server itself, so that a
 * behaviour cannot reach the pipeline, the router or the faults by accident.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { VsphereRelease } from '@vsphere-kit/core/vsphere-version';
import type { operations } from '@vsphere-kit/core/api-types';
import type { OperationOfRoute, RouteKey } from '../generated/route-keys.gen.js';
import type { TaskRunner } from '../families/tasks/tasks.js';
import type { IdentityProvider } from '../idp/provider.js';
import type { AccountLockout } from '../server/lockout.js';
import type { MockRouteDef } from '../server/route-types.js';
import type { ErrorAnswer } from '../server/errors.js';
import type { SessionStore } from '../server/sessions.js';
import type { SpecValidator } from '../server/validator.js';
import type { Inventory } from '../state/inventory.js';

/** The bundled spec and what is derived from it: for behaviours that answer from schemas. */
export interface SpecSource {
  readonly spec: unknown;
  readonly routes: readonly MockRouteDef[];
  readonly validator: Pick<SpecValidator, 'get'>;
  /** Whether Prism may make samples (MockServerOptions.prism). */
  readonly prism: boolean;
}

/** Facts about the running server that some behaviours need. */
export interface ServerFacts {
  /** Login name → password. */
  readonly users: Readonly<Record<string, string>>;
  /** Where the server listens (`''` before it does). */
  baseUrl(): string;
  /** The built-in OIDC provider, created on first use. */
  idp(): IdentityProvider;
  /** The provider only when something already created it (verifying needs no new key pair). */
  startedIdp(): IdentityProvider | undefined;
  /** SSO account lockout after failed logins (the login behaviour counts them). */
  readonly lockout: AccountLockout;
  /** How long VMware Tools take to report after a guest boots (ms). */
  readonly toolsStartMs: number;
  /** When the mock started (epoch ms): the appliance's boot, which its uptime counts from. */
  readonly startedAt: number;
  /** The vCenter release the mock emulates (MockServerOptions.vsphereVersion). */
  readonly release: VsphereRelease;
}

/** The services every call shares; the core builds them once. */
export interface BehaviourServices {
  readonly schemas: SpecSource;
  readonly tasks: TaskRunner;
  readonly sessions: SessionStore;
  readonly server: ServerFacts;
}

/**
 * The call a behaviour answers. With the route key `K` (inside a HandlerTable), `params` has
 * exactly the operation's path parameters, so a misspelt one fails to compile.
 */
export interface OpContext<K extends RouteKey = RouteKey> extends BehaviourServices {
  /** The live state (reset() replaces it, so it is taken per call). */
  readonly state: Inventory;
  readonly route: MockRouteDef;
  readonly params: PathParams<K>;
  /** The query parameters given, coerced to their schema types (a misspelt name fails to compile inside a HandlerTable). */
  readonly query: QueryParams<K>;
  readonly body: unknown;
  /** The session's user ('' on login/none operations). */
  readonly user: string;
  readonly sessionId: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** True when the operation runs as a task (the handler is running at task completion). */
  readonly asTask: boolean;
}

/** The answer of a behaviour; status defaults to the operation's success status. */
export interface OpResult {
  status?: number;
  body?: unknown;
  /** `JSON.stringify(body)` when the behaviour has it already; sent as is (body is still what is validated). */
  json?: string;
  headers?: Record<string, string>;
}

/**
 * A behaviour: its answer, or the vSphere error answer it refuses with (`return notFound(...)`,
 * server/errors.ts), which costs no throw; `throw` is for faults of the mock itself.
 */
export type OpHandler<K extends RouteKey = RouteKey> = (ctx: OpContext<K>) => OpResult | ErrorAnswer | void | Promise<OpResult | ErrorAnswer | void>;

/**
 * Behaviours keyed by the route keys the specs define (`METHOD /path/template[?action=name]`):
 * a key that names no operation does not compile.
 */
export type HandlerTable = { readonly [K in RouteKey]?: OpHandler<K> };

type OperationOf<K extends RouteKey> = operations[OperationOfRoute[K]];

/** The request body an operation declares (what the validator has let through), by route key. */
export type RequestBody<K extends RouteKey> = OperationOf<K> extends { requestBody?: { content: infer C } } ? C[keyof C] : never;

/** The query parameters an operation declares, by route key. */
export type QueryOf<K extends RouteKey> = OperationOf<K> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The path parameters of the operation `K` (any string-keyed record when `K` is not one key). */
export type PathParams<K extends RouteKey> = string extends K
  ? Record<string, string>
  : [RouteKey] extends [K]
    ? Record<string, string>
    : OperationOf<K> extends { parameters: { path: infer P } }
      ? { readonly [N in keyof P]: string }
      : Record<string, never>;

/** The query parameters of the operation `K`, as the pipeline hands them over (any record when `K` is not one key). */
export type QueryParams<K extends RouteKey> = string extends K
  ? Record<string, unknown>
  : [RouteKey] extends [K]
    ? Record<string, unknown>
    : OperationOf<K> extends { parameters: { query?: infer Q } }
      ? [Q] extends [undefined]
        ? Record<string, never>
        : Readonly<NonNullable<Q>>
      : Record<string, never>;
