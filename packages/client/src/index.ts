/**
 * @vsphere-kit/client — typed client for the VMware vSphere Automation REST API.
 *
 * Hand-written runtime (sessions, transport, TLS, retries, tasks, errors,
 * federation, listAll) plus the generated services and schema types.
 */
export { VsphereClient, type VsphereClientOptions, type FederatedLoginOptions, type RequestArgs, type RouteKey } from './core/client.js';
export {
  VsphereCore,
  type VsphereCoreOptions,
  type RetryOptions,
  type VsphereLogger,
  type CloseOptions,
  type AuthenticateContext,
} from './core/core.js';
export type { Caller, CallArgs, RequestOptions } from './core/caller.js';
export { routeKey, type RouteDef, type HttpMethod, type QueryParamDef, type TaskMode } from './core/route.js';
export type { TaskHandle, TaskSnapshot, TaskStatus, TaskProgress, TaskWaitOptions } from './core/task-handle.js';
export { VsphereTaskHandle, type TaskPollingOptions, type VsphereTaskWaitOptions } from './core/tasks.js';
export * from './core/errors.js';
export { redactText, redactHeaders, redactValue, SecretRegistry, REDACTED } from './core/redact.js';
export { normalizeThumbprint, formatThumbprint, type TlsOptions } from './core/tls.js';
export type { TransportOptions, RequestDispatcher } from './core/transport.js';
export { NodeHttpDispatcher, type NodeHttpDispatcherOptions } from './lib/node-http-dispatcher.js';
export { assertOriginForm, buildTarget, formEncode } from './core/url.js';
export * from './lib/federation/index.js';
export { listAll, type ListAllOptions, type VmListFilter, type VmSummaryLike, type SplitDimension } from './lib/list-all.js';
export * from './generated/index.gen.js';
