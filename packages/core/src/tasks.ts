/**
 * The task model the client and the CLI share: task states, one poll turned
 * into a snapshot, and waiting with progress, a timeout and cancel-on-abort.
 * It reaches the server only through {@link TaskEndpoints}, so it does not
 * depend on how the calls are made.
 */
import type { RequestOptions } from './caller.js';
import { TaskTimeoutError, VsphereAbortError, VsphereError, errorFromTask, type OperationRef } from './errors.js';
import type { TaskHandle, TaskProgress, TaskSnapshot, TaskStatus, TaskWaitOptions } from './task-handle.js';
import { redactError, redactText, redactValue } from './secrets.js';

/** The two calls a task handle makes (`GET /api/cis/tasks/{task}`, `POST /api/cis/tasks/{task}?action=cancel`). */
export interface TaskEndpoints {
  get(taskId: string, options?: RequestOptions): Promise<unknown>;
  cancel(taskId: string, options?: RequestOptions): Promise<void>;
  /**
   * The caller's secret registry: a task's error and progress texts, which the
   * server writes, may repeat the password or the session id. Without it only
   * well-known secret shapes are removed.
   */
  redact?(text: string): string;
}

/** How `wait()` polls. */
export interface TaskPollingOptions {
  /** Delay after the first poll (default 250 ms). The first poll is immediate. */
  readonly initialDelayMs?: number;
  /** Longest delay between polls (default 2 000 ms). */
  readonly maxDelayMs?: number;
  /** Growth factor of the delay (default 1.5). */
  readonly multiplier?: number;
}

/** `TaskWaitOptions` plus the knobs this runtime adds. */
export interface VsphereTaskWaitOptions extends TaskWaitOptions {
  /** Try `POST /api/cis/tasks/{task}?action=cancel` when `signal` aborts and the task is cancelable (default true). */
  readonly cancelOnAbort?: boolean;
  readonly polling?: TaskPollingOptions;
}

export const TASK_STATUSES: readonly TaskStatus[] = ['PENDING', 'RUNNING', 'BLOCKED', 'SUCCEEDED', 'FAILED'];

/** Whether a task in this state has ended. */
export function isTaskDone(status: TaskStatus): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED';
}

/**
 * Turns a `CisTaskInfo` answer into a snapshot. The texts the server wrote
 * (progress message, error) pass through `redact`; the result is left as is.
 */
export function toSnapshot<T>(id: string, raw: unknown, redact: (text: string) => string = redactText): TaskSnapshot<T> {
  const info = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const status = (TASK_STATUSES as readonly string[]).includes(info.status as string) ? (info.status as TaskStatus) : 'RUNNING';
  let progress: TaskProgress | undefined;
  const p = info.progress as Record<string, unknown> | undefined;
  if (p && typeof p === 'object') {
    const msg = p.message as { default_message?: unknown } | undefined;
    progress = {
      total: Number(p.total ?? 0),
      completed: Number(p.completed ?? 0),
      ...(msg && typeof msg.default_message === 'string' ? { message: redact(msg.default_message) } : {}),
    };
  }
  const clean =
    info.error !== undefined || p !== undefined
      ? {
          ...info,
          ...(info.error !== undefined ? { error: redactValue(info.error, redact) } : {}),
          ...(p !== undefined ? { progress: redactValue(p, redact) } : {}),
        }
      : raw;
  return {
    id,
    status,
    ...(progress ? { progress } : {}),
    ...(info.result !== undefined ? { result: info.result as T } : {}),
    raw: clean,
  };
}

/**
 * A vCenter task. `wait()` polls `GET /api/cis/tasks/{task}` — immediately, then
 * with a growing, capped delay — and settles on the very poll that shows the end:
 *
 * - `SUCCEEDED`: resolves with the task's `result`;
 * - `FAILED`: rejects with the task's error as its typed class (`NotFoundError`, ...);
 * - `BLOCKED`: the task waits for something outside itself (another task, a
 *   question to answer). `wait()` keeps polling and reports the state through
 *   `onProgress`; pass `timeoutMs` or a `signal` to bound the wait;
 * - `timeoutMs` elapsed: rejects with `TaskTimeoutError`; the task keeps running;
 * - `signal` aborted: stops waiting, asks vCenter to cancel the task when its
 *   last poll said it is `cancelable`, and rejects with `VsphereAbortError`
 *   (`cancelRequested` tells whether the cancel was accepted).
 */
export class VsphereTaskHandle<T> implements TaskHandle<T> {
  readonly id: string;
  readonly #endpoints: TaskEndpoints;
  readonly #operation?: OperationRef;
  readonly #defaults: TaskPollingOptions;

  constructor(endpoints: TaskEndpoints, id: string, operation?: OperationRef, polling: TaskPollingOptions = {}) {
    this.#endpoints = endpoints;
    this.id = id;
    this.#operation = operation;
    this.#defaults = polling;
  }

  /** The operation that started the task. */
  get operation(): OperationRef | undefined {
    return this.#operation;
  }

  async status(options?: RequestOptions): Promise<TaskSnapshot<T>> {
    const raw = await this.#endpoints.get(this.id, options);
    return toSnapshot<T>(this.id, raw, this.#redact);
  }

  readonly #redact = (text: string): string => (this.#endpoints.redact ? this.#endpoints.redact(text) : redactText(text));

  /** Asks vCenter to cancel the task. */
  async cancel(options?: RequestOptions): Promise<void> {
    await this.#endpoints.cancel(this.id, options);
  }

  async wait(options: VsphereTaskWaitOptions = {}): Promise<T> {
    const polling = { ...this.#defaults, ...options.polling };
    const initial = polling.initialDelayMs ?? 250;
    const cap = polling.maxDelayMs ?? 2_000;
    const factor = polling.multiplier ?? 1.5;
    const userSignal = options.signal;
    const timeoutMs = options.timeoutMs;

    // One signal for the whole wait: the caller's abort, or our deadline.
    const controller = new AbortController();
    const deadlineReason = Symbol('deadline');
    const timer = timeoutMs !== undefined ? setTimeout(() => controller.abort(deadlineReason), timeoutMs) : undefined;
    const onUserAbort = (): void => controller.abort(userSignal!.reason);
    if (userSignal?.aborted) controller.abort(userSignal.reason);
    else userSignal?.addEventListener('abort', onUserAbort, { once: true });
    const signal = controller.signal;

    let last: TaskSnapshot<T> | undefined;
    let lastKey = '';
    let delay = initial;
    try {
      for (;;) {
        if (signal.aborted) throw signal.reason;
        let snap: TaskSnapshot<T>;
        try {
          snap = await this.status({ signal, headers: options.headers });
        } catch (err) {
          if (signal.aborted) throw signal.reason;
          throw err;
        }
        last = snap;
        if (snap.status === 'SUCCEEDED') return snap.result as T;
        if (snap.status === 'FAILED') {
          const error = (snap.raw as { error?: unknown } | undefined)?.error;
          throw redactError(errorFromTask(this.id, error, this.#operation), this.#redact);
        }
        const key = `${snap.status}|${snap.progress?.completed}|${snap.progress?.total}|${snap.progress?.message ?? ''}`;
        if (key !== lastKey) {
          lastKey = key;
          options.onProgress?.(snap as TaskSnapshot<unknown>);
        }
        await sleepOn(delay, signal);
        delay = Math.min(cap, Math.max(1, Math.round(delay * factor)));
      }
    } catch (err) {
      if (signal.aborted && (err === deadlineReason || signal.reason === deadlineReason) && !userSignal?.aborted) {
        throw new TaskTimeoutError(this.id, timeoutMs ?? 0, last?.status);
      }
      if (userSignal?.aborted && !(err instanceof VsphereError && !(err instanceof VsphereAbortError))) {
        let cancelRequested = false;
        const cancelable = (last?.raw as { cancelable?: unknown } | undefined)?.cancelable === true;
        if (cancelable && options.cancelOnAbort !== false) {
          try {
            await this.cancel({ timeoutMs: 10_000, headers: options.headers });
            cancelRequested = true;
          } catch {
            cancelRequested = false;
          }
        }
        const abortError = new VsphereAbortError(
          `stopped waiting for task ${this.id}${cancelRequested ? '; cancel requested' : cancelable ? '; cancel failed' : ' (the task is not cancelable and keeps running)'}`,
          { operation: this.#operation, cause: userSignal.reason },
        );
        Object.defineProperty(abortError, 'cancelRequested', { value: cancelRequested, enumerable: true });
        Object.defineProperty(abortError, 'taskId', { value: this.id, enumerable: true });
        throw abortError;
      }
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
    }
  }
}

function sleepOn(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
