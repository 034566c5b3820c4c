/**
 * @vsphere-kit/client — typed client for the VMware vSphere Automation REST API.
 *
 * The public surface: the client and its options, the runtime it runs on
 * (VsphereCore, for sharing one session between clients), the error classes,
 * the task handle, the federation helpers, listAll, and the generated services
 * and schema types. The plumbing (route definitions, request targets, secret
 * registry, error tables) lives in @vsphere-kit/core; api/client.api.md is the
 * committed report of this surface.
 */
export { VsphereClient, type VsphereClientOptions, type FederatedLoginOptions, type RequestArgs, type RouteKey } from './client.js';
export {
  VsphereCore,
  type VsphereCoreOptions,
  type RetryOptions,
  type VsphereLogger,
  type CloseOptions,
  type AuthenticateContext,
} from './core/core.js';
export type { RequestOptions } from '@vsphere-kit/core/caller';
export type { TaskHandle, TaskSnapshot, TaskStatus, TaskProgress, TaskWaitOptions } from '@vsphere-kit/core/task-handle';
export { VsphereTaskHandle, type TaskPollingOptions, type VsphereTaskWaitOptions } from '@vsphere-kit/core/tasks';
export {
  VsphereError,
  VsphereApiError,
  VsphereConnectionError,
  VsphereTimeoutError,
  VsphereAbortError,
  VsphereTlsError,
  VsphereResponseError,
  TaskTimeoutError,
  OperationNotInVersionError,
  OAuthError,
  AlreadyExistsError,
  AlreadyInDesiredStateError,
  CanceledError,
  ConcurrentChangeError,
  VsphereGenericError,
  FeatureInUseError,
  InternalServerError,
  InvalidArgumentError,
  InvalidElementConfigurationError,
  InvalidElementTypeError,
  InvalidRequestError,
  NotAllowedInCurrentStateError,
  NotFoundError,
  OperationNotFoundError,
  ResourceBusyError,
  ResourceInaccessibleError,
  ResourceInUseError,
  ServiceUnavailableError,
  TimedOutError,
  UnableToAllocateResourceError,
  UnauthenticatedError,
  UnauthorizedError,
  UnexpectedInputError,
  UnsupportedError,
  UnverifiedPeerError,
  type OperationRef,
  type VapiMessage,
  type VsphereErrorType,
} from '@vsphere-kit/core/errors';
export { normalizeThumbprint, formatThumbprint, type TlsOptions } from './core/tls.js';
export type { TransportOptions, RequestDispatcher } from './core/transport.js';
export { NodeHttpDispatcher, type NodeHttpDispatcherOptions } from './lib/node-http-dispatcher.js';
export * from './lib/federation/index.js';
export { listAll, type ListAllOptions, type VmListFilter, type VmSummaryLike, type SplitDimension } from './lib/list-all.js';
export {
  resolveObject,
  isObjectKind,
  looksLikeId,
  ObjectNotFoundError,
  AmbiguousObjectError,
  type ResolvedObject,
  type ObjectCandidate,
} from './lib/resolve-object.js';
export { INVENTORY_PATH_LAYOUT } from './lib/inventory-tree.js';
export type { ObjectKindDef } from './lib/object-kind.js';
export { OBJECT_KINDS, type ObjectKind } from './generated/object-kinds.gen.js';
export * from './generated/index.gen.js';
