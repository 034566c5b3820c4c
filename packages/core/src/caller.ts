import type { RouteDef } from './route.js';
import type { TaskHandle } from './task-handle.js';

/** Per-call options every generated method accepts as its last argument. */
export interface RequestOptions {
  /** Abort the call (and, for task waits, the wait). */
  readonly signal?: AbortSignal;
  /** Per-request timeout; overrides the client's default. */
  readonly timeoutMs?: number;
  /** Extra headers for this call only. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The arguments of one call, already split by where they go on the wire. */
export interface CallArgs {
  readonly path?: Readonly<Record<string, string | number>>;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

/**
 * What generated service classes need from the runtime. `VsphereCore`
 * implements it; tests and users may wrap it.
 */
export interface Caller {
  /** Runs the operation synchronously and resolves with the decoded success body. */
  call<T>(route: RouteDef, args: CallArgs, options?: RequestOptions): Promise<T>;
  /** Runs the operation with `vmw-task=true` and resolves with a handle on the task. */
  callTask<T>(route: RouteDef, args: CallArgs, options?: RequestOptions): Promise<TaskHandle<T>>;
}
