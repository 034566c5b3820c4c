import type { RequestOptions } from './caller.js';

export type TaskStatus = 'PENDING' | 'RUNNING' | 'BLOCKED' | 'SUCCEEDED' | 'FAILED';

export interface TaskProgress {
  readonly total: number;
  readonly completed: number;
  readonly message?: string;
}

export interface TaskSnapshot<T> {
  readonly id: string;
  readonly status: TaskStatus;
  readonly progress?: TaskProgress;
  readonly result?: T;
  readonly raw: unknown;
}

export interface TaskWaitOptions extends RequestOptions {
  /** Give up (TaskTimeoutError) after this long; the task keeps running on the server. */
  readonly timeoutMs?: number;
  /** Called on every poll that shows new progress. */
  readonly onProgress?: (snapshot: TaskSnapshot<unknown>) => void;
  /** On abort, ask vCenter to cancel the task when it is cancelable (default true). */
  readonly cancelOnAbort?: boolean;
}

/** A task that vCenter runs for an operation called with `vmw-task=true`. */
export interface TaskHandle<T> {
  readonly id: string;
  /** One poll of `GET /api/cis/tasks/{task}`. */
  status(options?: RequestOptions): Promise<TaskSnapshot<T>>;
  /** Polls with backoff until the task ends; resolves with its result or throws its error. */
  wait(options?: TaskWaitOptions): Promise<T>;
  /** `POST /api/cis/tasks/{task}?action=cancel`; UnsupportedError once the task has ended. */
  cancel(options?: RequestOptions): Promise<void>;
}
