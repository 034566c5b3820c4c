/**
 * Error classes.
 *
 * - {@link VsphereApiError}: the server answered with a vSphere error body. One
 *   subclass per `error_type` (`NotFoundError`, `ResourceBusyError`, ...).
 * - {@link VsphereConnectionError}: the exchange itself failed (network,
 *   timeout, abort, TLS). Subclasses: {@link VsphereTimeoutError},
 *   {@link VsphereAbortError}, {@link VsphereTlsError}.
 * - {@link VsphereResponseError}: the server answered something that is not the
 *   JSON the API promises (an HTML proxy page, truncated JSON, ...).
 * - {@link TaskTimeoutError}: `TaskHandle.wait()` gave up; the task keeps running.
 *
 * Every message is redacted before it is stored, so neither `message`, `stack`,
 * `toString()` nor `toJSON()` can carry a password, session id or token.
 */
import {
  ERROR_TYPE_STATUS,
  errorTypeOfRestType,
  formatVapiMessage,
  isVsphereErrorType,
  joinVapiMessages,
  type VapiMessage,
  type VsphereErrorType,
} from './error-types.js';
import { redactText, redactValue } from './secrets.js';

export type { VapiMessage, VsphereErrorType };

/** The operation an error belongs to; never carries query values or credentials. */
export interface OperationRef {
  /** Public dotted name: `vcenter.vm.power.start`. */
  readonly id: string;
  readonly method: string;
  /** The resolved path, without the query: `/api/vcenter/vm/vm-42/power`. */
  readonly path: string;
  /** The action, for `?action=` operations. */
  readonly action?: string;
}

function describeOperation(op: OperationRef | undefined): string {
  if (!op) return '';
  return ` (${op.id}: ${op.method} ${op.path}${op.action ? ` action=${op.action}` : ''})`;
}

/** Root of every error this package throws. */
export class VsphereError extends Error {
  override name = 'VsphereError';
  /** The operation that failed, when there was one. */
  readonly operation?: OperationRef;

  constructor(message: string, options?: { cause?: unknown; operation?: OperationRef }) {
    // Redact before Error captures the stack: the stack's first line is the message.
    super(redactText(message), options?.cause !== undefined ? { cause: options.cause } : undefined);
    if (options?.operation) this.operation = options.operation;
  }

  override toString(): string {
    return redactText(`${this.name}: ${this.message}`);
  }

  /** A JSON form that is safe to log. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    if (this.operation) out.operation = this.operation;
    const cause = (this as { cause?: unknown }).cause;
    if (cause instanceof Error) out.cause = { name: cause.name, message: redactText(cause.message) };
    return out;
  }
}

export interface VsphereApiErrorInit {
  readonly status: number;
  readonly errorType: VsphereErrorType;
  readonly messages?: readonly VapiMessage[];
  readonly data?: unknown;
  readonly operation?: OperationRef;
  /** Set when the error is the outcome of a task. */
  readonly taskId?: string;
  /** The text the server sent when the task error was a plain string. */
  readonly text?: string;
}

/** The server answered with a vSphere error body (or a task failed with one). */
export class VsphereApiError extends VsphereError {
  override name = 'VsphereApiError';
  /** HTTP status (for task errors: the status vCenter uses for this error type). */
  readonly status: number;
  /** The vSphere `error_type`. */
  readonly errorType: VsphereErrorType;
  /** The messages stack, `default_message` with its arguments filled in. */
  readonly messages: readonly string[];
  /** The messages stack as the server sent it (redacted). */
  readonly localizableMessages: readonly VapiMessage[];
  /** Operation-specific detail (redacted). */
  readonly data?: unknown;
  /** The task that failed, when the error comes from `TaskHandle.wait()`. */
  readonly taskId?: string;

  constructor(init: VsphereApiErrorInit) {
    const raw = init.messages ?? [];
    const messages = raw.map((m) => redactText(formatVapiMessage(m)));
    if (messages.length === 0 && init.text) messages.push(redactText(init.text));
    const summary = messages.length ? joinVapiMessages(messages) : `HTTP ${init.status}`;
    super(`${init.errorType}: ${summary}${describeOperation(init.operation)}${init.taskId ? ` [task ${init.taskId}]` : ''}`, {
      operation: init.operation,
    });
    this.status = init.status;
    this.errorType = init.errorType;
    this.messages = messages;
    this.localizableMessages = redactValue(raw);
    if (init.data !== undefined) this.data = redactValue(init.data);
    if (init.taskId) this.taskId = init.taskId;
  }

  override toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      name: this.name,
      message: this.message,
      status: this.status,
      errorType: this.errorType,
      messages: this.messages,
    };
    if (this.data !== undefined) out.data = this.data;
    if (this.operation) out.operation = this.operation;
    if (this.taskId) out.taskId = this.taskId;
    return out;
  }
}

/* One class per error_type. `name` is set on the prototype-free instance field so it survives minification. */
export class AlreadyExistsError extends VsphereApiError {
  override name = 'AlreadyExistsError';
}
export class AlreadyInDesiredStateError extends VsphereApiError {
  override name = 'AlreadyInDesiredStateError';
}
export class CanceledError extends VsphereApiError {
  override name = 'CanceledError';
}
export class ConcurrentChangeError extends VsphereApiError {
  override name = 'ConcurrentChangeError';
}
/** `error_type: ERROR` — the generic vSphere error. */
export class VsphereGenericError extends VsphereApiError {
  override name = 'VsphereGenericError';
}
export class FeatureInUseError extends VsphereApiError {
  override name = 'FeatureInUseError';
}
export class InternalServerError extends VsphereApiError {
  override name = 'InternalServerError';
}
export class InvalidArgumentError extends VsphereApiError {
  override name = 'InvalidArgumentError';
}
export class InvalidElementConfigurationError extends VsphereApiError {
  override name = 'InvalidElementConfigurationError';
}
export class InvalidElementTypeError extends VsphereApiError {
  override name = 'InvalidElementTypeError';
}
export class InvalidRequestError extends VsphereApiError {
  override name = 'InvalidRequestError';
}
export class NotAllowedInCurrentStateError extends VsphereApiError {
  override name = 'NotAllowedInCurrentStateError';
}
export class NotFoundError extends VsphereApiError {
  override name = 'NotFoundError';
}
export class OperationNotFoundError extends VsphereApiError {
  override name = 'OperationNotFoundError';
}
export class ResourceBusyError extends VsphereApiError {
  override name = 'ResourceBusyError';
}
export class ResourceInaccessibleError extends VsphereApiError {
  override name = 'ResourceInaccessibleError';
}
export class ResourceInUseError extends VsphereApiError {
  override name = 'ResourceInUseError';
}
export class ServiceUnavailableError extends VsphereApiError {
  override name = 'ServiceUnavailableError';
}
export class TimedOutError extends VsphereApiError {
  override name = 'TimedOutError';
}
export class UnableToAllocateResourceError extends VsphereApiError {
  override name = 'UnableToAllocateResourceError';
}
export class UnauthenticatedError extends VsphereApiError {
  override name = 'UnauthenticatedError';
}
export class UnauthorizedError extends VsphereApiError {
  override name = 'UnauthorizedError';
}
export class UnexpectedInputError extends VsphereApiError {
  override name = 'UnexpectedInputError';
}
export class UnsupportedError extends VsphereApiError {
  override name = 'UnsupportedError';
}
export class UnverifiedPeerError extends VsphereApiError {
  override name = 'UnverifiedPeerError';
}

type ApiErrorClass = new (init: VsphereApiErrorInit) => VsphereApiError;

export const ERROR_CLASSES: Readonly<Record<VsphereErrorType, ApiErrorClass>> = {
  ALREADY_EXISTS: AlreadyExistsError,
  ALREADY_IN_DESIRED_STATE: AlreadyInDesiredStateError,
  CANCELED: CanceledError,
  CONCURRENT_CHANGE: ConcurrentChangeError,
  ERROR: VsphereGenericError,
  FEATURE_IN_USE: FeatureInUseError,
  INTERNAL_SERVER_ERROR: InternalServerError,
  INVALID_ARGUMENT: InvalidArgumentError,
  INVALID_ELEMENT_CONFIGURATION: InvalidElementConfigurationError,
  INVALID_ELEMENT_TYPE: InvalidElementTypeError,
  INVALID_REQUEST: InvalidRequestError,
  NOT_ALLOWED_IN_CURRENT_STATE: NotAllowedInCurrentStateError,
  NOT_FOUND: NotFoundError,
  OPERATION_NOT_FOUND: OperationNotFoundError,
  RESOURCE_BUSY: ResourceBusyError,
  RESOURCE_INACCESSIBLE: ResourceInaccessibleError,
  RESOURCE_IN_USE: ResourceInUseError,
  SERVICE_UNAVAILABLE: ServiceUnavailableError,
  TIMED_OUT: TimedOutError,
  UNABLE_TO_ALLOCATE_RESOURCE: UnableToAllocateResourceError,
  UNAUTHENTICATED: UnauthenticatedError,
  UNAUTHORIZED: UnauthorizedError,
  UNEXPECTED_INPUT: UnexpectedInputError,
  UNSUPPORTED: UnsupportedError,
  UNVERIFIED_PEER: UnverifiedPeerError,
};

const STATUS_FALLBACK: Readonly<Record<number, VsphereErrorType>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  409: 'CONCURRENT_CHANGE',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
  504: 'TIMED_OUT',
};

/**
 * Turns a decoded error body into the right class. Understands the `/api` form
 * (`{error_type, messages, data}`) and the `/rest` form
 * (`{type: "com.vmware.vapi.std.errors.not_found", value: {messages, ...}}`).
 * Returns undefined when the body is not a vSphere error.
 */
export function errorFromBody(status: number, body: unknown, extra?: { operation?: OperationRef; taskId?: string }): VsphereApiError | undefined {
  if (typeof body === 'string') {
    const errorType = STATUS_FALLBACK[status] ?? 'ERROR';
    return new ERROR_CLASSES[errorType]({ status, errorType, text: body, ...extra });
  }
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  let errorType: string | undefined;
  let inner: Record<string, unknown> = b;
  if (typeof b.error_type === 'string') {
    errorType = b.error_type;
  } else if (typeof b.type === 'string' && errorTypeOfRestType(b.type) !== undefined) {
    errorType = errorTypeOfRestType(b.type);
    if (b.value && typeof b.value === 'object') inner = b.value as Record<string, unknown>;
  } else {
    return undefined;
  }
  const known: VsphereErrorType = isVsphereErrorType(errorType) ? errorType : (STATUS_FALLBACK[status] ?? 'ERROR');
  const messages = Array.isArray(inner.messages) ? (inner.messages as VapiMessage[]) : [];
  return new ERROR_CLASSES[known]({
    status,
    errorType: known,
    messages,
    data: inner.data,
    operation: extra?.operation,
    taskId: extra?.taskId,
    text: known !== errorType ? `unrecognised error_type ${String(errorType)}` : undefined,
  });
}

/** The error a failed task carries (`error` is a vSphere error object or a string). */
export function errorFromTask(taskId: string, error: unknown, operation?: OperationRef): VsphereApiError {
  if (error && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    const t = isVsphereErrorType(e.error_type) ? e.error_type : 'ERROR';
    const mapped = errorFromBody(ERROR_TYPE_STATUS[t], error, { operation, taskId });
    if (mapped) return mapped;
  }
  const text = typeof error === 'string' ? error : 'the task failed without an error description';
  return new VsphereGenericError({ status: 500, errorType: 'ERROR', text, operation, taskId });
}

/* ---------- transport family ---------- */

export interface ConnectionErrorInit {
  readonly cause?: unknown;
  readonly operation?: OperationRef;
  /** A system or undici error code: `ECONNRESET`, `UND_ERR_SOCKET`, ... */
  readonly code?: string;
}

/** The HTTP exchange failed: no usable answer came back. */
export class VsphereConnectionError extends VsphereError {
  override name = 'VsphereConnectionError';
  readonly code?: string;
  constructor(message: string, init: ConnectionErrorInit = {}) {
    super(`${message}${describeOperation(init.operation)}`, { cause: init.cause, operation: init.operation });
    if (init.code) this.code = init.code;
  }
  override toJSON(): Record<string, unknown> {
    const out = super.toJSON();
    if (this.code) out.code = this.code;
    return out;
  }
}

/** The request took longer than its timeout. */
export class VsphereTimeoutError extends VsphereConnectionError {
  override name = 'VsphereTimeoutError';
  /** The client's per-request timeout that ran out (absent for socket-level timeouts). */
  readonly timeoutMs?: number;
  constructor(timeoutMs: number | undefined, init: ConnectionErrorInit = {}) {
    super(timeoutMs ? `request timed out after ${timeoutMs} ms` : `request timed out (${init.code ?? 'ETIMEDOUT'})`, { code: 'ETIMEDOUT', ...init });
    if (timeoutMs) this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted (AbortSignal). */
export class VsphereAbortError extends VsphereConnectionError {
  override name = 'VsphereAbortError';
  constructor(message = 'the operation was aborted', init: ConnectionErrorInit = {}) {
    super(message, { code: 'ABORT_ERR', ...init });
  }
}

/** The TLS handshake failed or the server's certificate was refused (CA or thumbprint). */
export class VsphereTlsError extends VsphereConnectionError {
  override name = 'VsphereTlsError';
  /** SHA-256 thumbprint of the certificate the server presented, when known (public information). */
  readonly peerThumbprint?: string;
  constructor(message: string, init: ConnectionErrorInit & { peerThumbprint?: string } = {}) {
    super(message, init);
    if (init.peerThumbprint) this.peerThumbprint = init.peerThumbprint;
  }
}

/** The server answered, but not with what the API promises (not JSON, malformed JSON, unexpected status). */
export class VsphereResponseError extends VsphereError {
  override name = 'VsphereResponseError';
  readonly status: number;
  readonly contentType?: string;
  /** The first characters of the body (redacted). */
  readonly bodySnippet?: string;
  constructor(message: string, init: { status: number; contentType?: string; body?: string; operation?: OperationRef; cause?: unknown }) {
    const snippet = init.body !== undefined ? redactText(init.body.slice(0, 200)) : undefined;
    super(
      `${message}: HTTP ${init.status}${init.contentType ? ` (${init.contentType})` : ''}${describeOperation(init.operation)}${snippet ? `: ${JSON.stringify(snippet)}` : ''}`,
      { operation: init.operation, cause: init.cause },
    );
    this.status = init.status;
    if (init.contentType) this.contentType = init.contentType;
    if (snippet !== undefined) this.bodySnippet = snippet;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, contentType: this.contentType };
  }
}

/** `TaskHandle.wait()` gave up after `timeoutMs`; the task keeps running on the server. */
export class TaskTimeoutError extends VsphereError {
  override name = 'TaskTimeoutError';
  readonly taskId: string;
  readonly timeoutMs: number;
  /** The last status seen. */
  readonly lastStatus?: string;
  constructor(taskId: string, timeoutMs: number, lastStatus?: string) {
    super(`task ${taskId} did not finish within ${timeoutMs} ms (last status ${lastStatus ?? 'unknown'}); it keeps running on the server`);
    this.taskId = taskId;
    this.timeoutMs = timeoutMs;
    if (lastStatus) this.lastStatus = lastStatus;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), taskId: this.taskId, timeoutMs: this.timeoutMs, lastStatus: this.lastStatus };
  }
}

/**
 * The client targets a vSphere release (`vsphereVersion`) that lacks the operation: it came with
 * a later one (`x-vsphere-since`). Thrown before anything is sent.
 */
export class OperationNotInVersionError extends VsphereError {
  override name = 'OperationNotInVersionError';
  /** The release that brought the operation. */
  readonly since: string;
  /** The release the client targets. */
  readonly vsphereVersion: string;
  constructor(operation: OperationRef, since: string, vsphereVersion: string) {
    super(`${operation.id} (${operation.method} ${operation.path}) came with vSphere ${since}; the target vCenter is ${vsphereVersion}`, {
      operation,
    });
    this.since = since;
    this.vsphereVersion = vsphereVersion;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), since: this.since, vsphereVersion: this.vsphereVersion };
  }
}

/** An OAuth 2.0 / OIDC endpoint refused a request (`{error, error_description}`). */
export class OAuthError extends VsphereError {
  override name = 'OAuthError';
  readonly status: number;
  readonly error: string;
  readonly description?: string;
  constructor(status: number, error: string, description?: string, endpoint?: string) {
    super(`OAuth error ${error}${description ? `: ${description}` : ''} (HTTP ${status}${endpoint ? ` from ${endpoint}` : ''})`);
    this.status = status;
    this.error = redactText(error);
    if (description) this.description = redactText(description);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, error: this.error, description: this.description };
  }
}
