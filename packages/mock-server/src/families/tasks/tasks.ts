/**
 * Tasks: `vmw-task=true` calls answer 202 with a task id; GET /api/cis/tasks/{task}
 * shows PENDING → RUNNING (progress) → SUCCEEDED (result) or FAILED (error) on the
 * configured clock. The operation itself runs when the task completes.
 *
 * BLOCKED: a task created while a `blockTask` fault matches its operation (or passed
 * `{ block: true }`) parks in BLOCKED after its PENDING tenth until `release(id)`; its
 * clock then resumes where it stopped. `cancel(id)` ends an unsettled task as FAILED
 * with a CANCELED error without running the operation: `POST /api/cis/tasks/{task}?action=cancel`,
 * or the admin endpoint's `POST /__mock/tasks/{id}?action=cancel`.
 */
import { randomUUID } from 'node:crypto';
import type { MockCore } from '../../server/core.js';
import { ErrorAnswer, errorAnswerOf, isErrorAnswer, notFound, VapiError } from '../../server/errors.js';
import { displayUser } from '../session/session.js';
import { vapiName } from '../vapi-metadata/naming.js';
import { resourceTypeOfParam } from '../vapi-metadata/resource-types.js';
import { dict } from '../../state/dict.js';
import type { TaskRecord } from '../../state/types.js';
import { checkTaskFilter, matchesStatus, matchesTask, MAX_LISTED_TASKS, type TaskFilterSpec, tooManyTasks } from './task-filter.js';
import type { HandlerTable, OpContext, RequestBody } from '../../behaviours/types.js';

export class TaskRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly core: MockCore) {}

  create(ctx: OpContext, opts: { block?: boolean } = {}): string {
    const { service, operation } = vapiName(ctx.route.id);
    const id = `${randomUUID()}:${service}`;
    const rec: TaskRecord = {
      id,
      route: ctx.route.id,
      service,
      operation,
      user: ctx.user,
      created: Date.now(),
      durationMs: this.core.options.taskMs,
      call: { params: ctx.params, query: ctx.query, body: ctx.body },
      ...(opts.block ? { blocked: true } : {}),
    };
    const firstParam = ctx.route.pathParams[0];
    if (firstParam && ctx.params[firstParam]) rec.target = { type: resourceTypeOfParam(firstParam) ?? firstParam, id: ctx.params[firstParam]! };
    this.core.state.tasks.set(id, rec);
    this.schedule(rec);
    return id;
  }

  reset(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Re-arms timers for unsettled tasks (after loading a state file). */
  resume(): void {
    for (const rec of this.core.state.tasks.values()) if (!rec.settled) this.schedule(rec);
  }

  /** Lets a BLOCKED task go on; its clock resumes where it stopped. */
  release(id: string): void {
    this.changing(() => this.releaseTask(id));
  }

  private releaseTask(id: string): void {
    const rec = this.get(id);
    if (!rec.blocked) throw new VapiError('NOT_ALLOWED_IN_CURRENT_STATE', `Task '${id}' is not blocked.`, [id]);
    const parkedAt = rec.created + this.pendingMs(rec);
    rec.heldMs = Math.max(0, Date.now() - parkedAt);
    delete rec.blocked;
    this.core.state.changed();
    this.schedule(rec);
  }

  /** Ends an unsettled task as FAILED with a CANCELED error; the operation does not run. */
  cancel(id: string): void {
    this.changing(() => this.cancelTask(id));
  }

  /** Runs `fn` as one change of the state (journaled with --state), also when called outside a request. */
  private changing<T>(fn: () => T): T {
    const state = this.core.state;
    state.beginChange();
    try {
      return fn();
    } finally {
      state.endChange();
    }
  }

  private cancelTask(id: string): void {
    const rec = this.get(id);
    // vCenter answers UNSUPPORTED for a task that can no longer be cancelled.
    if (rec.settled)
      throw new VapiError(
        'UNSUPPORTED',
        `Task '${id}' has already ${rec.settled.status === 'SUCCEEDED' ? 'succeeded' : 'failed'} and cannot be canceled.`,
        [id],
        'com.vmware.api.cis.task.not_cancelable',
      );
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
    delete rec.blocked;
    rec.settled = {
      status: 'FAILED',
      error: new VapiError('CANCELED', `Task '${id}' was canceled.`, [id], 'com.vmware.api.cis.task.canceled').toBody(),
      end: Date.now(),
    };
    this.core.state.changed();
  }

  /**
   * Forgets tasks that finished more than `retentionMs` ago (the pruning timer), as vCenter drops
   * finished tasks after a while: then they answer NOT_FOUND. Returns how many.
   */
  prune(retentionMs: number, now = Date.now()): number {
    const tasks = this.core.state.tasks;
    const old: string[] = [];
    for (const rec of tasks.values()) if (rec.settled && now - rec.settled.end > retentionMs) old.push(rec.id);
    if (old.length) {
      this.changing(() => {
        for (const id of old) tasks.delete(id);
      });
    }
    return old.length;
  }

  /**
   * The tasks matching `filter` (POST /api/cis/tasks?action=list), as task id → info; a task
   * whose clock ran out settles first, so the status filter sees its final state.
   */
  async query(filter: TaskFilterSpec, excludeResult: boolean): Promise<Record<string, Record<string, unknown>>> {
    checkTaskFilter(filter);
    const out = dict<Record<string, unknown>>();
    let count = 0;
    for (const rec of [...this.core.state.tasks.values()]) {
      if (!matchesTask(filter, rec)) continue;
      const info = await this.info(rec.id, excludeResult);
      if (!matchesStatus(filter, info.status)) continue;
      if (++count > MAX_LISTED_TASKS) throw tooManyTasks(count);
      out[rec.id] = info;
    }
    return out;
  }

  /** Every task, newest last (admin endpoint). */
  async list(): Promise<Record<string, unknown>[]> {
    const out = [];
    for (const id of this.core.state.tasks.keys()) out.push({ task: id, ...(await this.info(id, true)) });
    return out;
  }

  private get(id: string): TaskRecord {
    const rec = this.core.state.tasks.get(id);
    if (!rec) throw notFound('Task', id, 'com.vmware.api.cis.task.not_found');
    return rec;
  }

  private pendingMs(rec: TaskRecord): number {
    return Math.floor(rec.durationMs / 10);
  }

  private schedule(rec: TaskRecord): void {
    if (rec.blocked || rec.settled) return;
    const wait = Math.max(0, rec.created + (rec.heldMs ?? 0) + rec.durationMs - Date.now());
    const t = setTimeout(() => {
      this.timers.delete(rec.id);
      void this.settle(rec);
    }, wait);
    t.unref();
    this.timers.set(rec.id, t);
  }

  /** Runs the operation and records its outcome (once). */
  async settle(rec: TaskRecord): Promise<void> {
    if (rec.settled) return;
    const state = this.core.state;
    state.beginChange();
    // `rec` is changed below without a lookup: note it here.
    state.tasks.get(rec.id);
    try {
      await this.settleTask(rec);
    } finally {
      state.endChange();
    }
  }

  private async settleTask(rec: TaskRecord): Promise<void> {
    const route = this.core.router.get(rec.route);
    const finish = (s: TaskRecord['settled']) => {
      if (rec.settled) return;
      rec.settled = s;
      this.core.state.changed();
    };
    if (!route)
      return finish({ status: 'FAILED', error: new VapiError('OPERATION_NOT_FOUND', `Operation '${rec.route}' no longer exists.`).toBody(), end: Date.now() });
    try {
      const fault = this.core.faults.match(route.id, true);
      if (fault?.error) throw fault.error;
      const res = await this.core.invokeAsTask(route, rec.call, rec.user);
      if (isErrorAnswer(res)) return finish({ status: 'FAILED', error: res.toBody(), end: Date.now() });
      finish({ status: 'SUCCEEDED', ...(res.body !== undefined ? { result: res.body } : {}), end: Date.now() });
    } catch (err) {
      const e = errorAnswerOf(err) ?? new ErrorAnswer('ERROR', String((err as Error)?.message ?? err));
      finish({ status: 'FAILED', error: e.toBody(), end: Date.now() });
    }
  }

  async info(id: string, excludeResult: boolean): Promise<Record<string, unknown>> {
    const rec = this.get(id);
    const pending = this.pendingMs(rec);
    let elapsed = Date.now() - rec.created - (rec.heldMs ?? 0);
    if (rec.blocked) elapsed = Math.min(elapsed, pending);
    if (!rec.settled && !rec.blocked && elapsed >= rec.durationMs) await this.settle(rec);
    const base: Record<string, unknown> = {
      description: { id: `com.vmware.${rec.route}`, default_message: `Run ${rec.route}`, args: [] },
      service: rec.service,
      operation: rec.operation,
      ...(rec.target ? { target: rec.target } : {}),
      cancelable: !rec.settled,
      user: displayUser(rec.user),
    };
    const progressMsg = { id: `com.vmware.${rec.route}.progress`, default_message: `Running ${rec.route}`, args: [] };
    if (rec.settled) {
      return {
        ...base,
        status: rec.settled.status,
        progress: { total: 100, completed: 100, message: progressMsg },
        start_time: new Date(rec.created + Math.floor(rec.durationMs / 10)).toISOString(),
        end_time: new Date(rec.settled.end).toISOString(),
        ...(rec.settled.status === 'SUCCEEDED' && rec.settled.result !== undefined && !excludeResult ? { result: rec.settled.result } : {}),
        ...(rec.settled.status === 'FAILED' ? { error: rec.settled.error } : {}),
      };
    }
    // The first tenth of the duration the task is PENDING, then RUNNING (or BLOCKED while parked).
    if (elapsed < pending) return { ...base, status: 'PENDING' };
    return {
      ...base,
      status: rec.blocked ? 'BLOCKED' : 'RUNNING',
      progress: { total: 100, completed: Math.min(99, Math.floor((elapsed / rec.durationMs) * 100)), message: progressMsg },
      start_time: new Date(rec.created + Math.floor(rec.durationMs / 10)).toISOString(),
    };
  }
}

export const taskHandlers: HandlerTable = {
  'GET /api/cis/tasks/{task}': async ({ tasks, params, query }) => ({
    body: await tasks.info(params.task!, query.exclude_result === true),
  }),
  'POST /api/cis/tasks?action=list': async ({ tasks, body }) => {
    const { filter_spec, result_spec } = (body ?? {}) as RequestBody<'POST /api/cis/tasks?action=list'>;
    return { body: await tasks.query(filter_spec ?? {}, result_spec?.exclude_result === true) };
  },
  'POST /api/cis/tasks/{task}?action=cancel': ({ tasks, params }) => {
    tasks.cancel(params.task!);
    return { status: 204 };
  },
  // The /rest twin wraps the same info in `value`.
  'GET /rest/cis/tasks/{task}': async ({ tasks, params, query }) => ({
    body: { value: await tasks.info(params.task!, query['spec.exclude_result'] === true) },
  }),
};
