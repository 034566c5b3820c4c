/**
 * Tasks: `vmw-task=true` calls answer 202 with a task id; GET /api/cis/tasks/{task}
 * shows PENDING → RUNNING (progress) → SUCCEEDED (result) or FAILED (error) on the
 * configured clock. The operation itself runs when the task completes.
 */
import { randomUUID } from 'node:crypto';
import type { MockCore } from '../server/core.js';
import { notFound, VapiError } from '../server/errors.js';
import { displayUser } from './session.js';
import type { TaskRecord } from '../state/types.js';
import type { HandlerTable, OpContext } from './types.js';

export class TaskRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly core: MockCore) {}

  create(ctx: OpContext): string {
    const segs = ctx.route.id.split('.');
    const operation = segs.pop()!;
    const service = `com.vmware.${segs.join('.').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
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
    };
    const firstParam = ctx.route.pathParams[0];
    if (firstParam && ctx.params[firstParam]) rec.target = { type: firstParam, id: ctx.params[firstParam]! };
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

  private schedule(rec: TaskRecord): void {
    const wait = Math.max(0, rec.created + rec.durationMs - Date.now());
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
    const route = this.core.router.get(rec.route);
    const finish = (s: TaskRecord['settled']) => {
      if (rec.settled) return;
      rec.settled = s;
      this.core.state.changed();
    };
    if (!route) return finish({ status: 'FAILED', error: new VapiError('OPERATION_NOT_FOUND', `Operation '${rec.route}' no longer exists.`).toBody(), end: Date.now() });
    try {
      const fault = this.core.faults.match(route.id, true);
      if (fault?.error) throw fault.error;
      const res = await this.core.invoke({
        core: this.core, route, params: rec.call.params, query: rec.call.query, body: rec.call.body,
        user: rec.user, headers: {}, asTask: true,
      });
      finish({ status: 'SUCCEEDED', ...(res.body !== undefined ? { result: res.body } : {}), end: Date.now() });
    } catch (err) {
      const e = err instanceof VapiError ? err : new VapiError('ERROR', String((err as Error)?.message ?? err));
      finish({ status: 'FAILED', error: e.toBody(), end: Date.now() });
    }
  }

  async info(id: string, excludeResult: boolean): Promise<Record<string, unknown>> {
    const rec = this.core.state.tasks.get(id);
    if (!rec) throw notFound('Task', id, 'com.vmware.api.cis.task.not_found');
    const elapsed = Date.now() - rec.created;
    if (!rec.settled && elapsed >= rec.durationMs) await this.settle(rec);
    const base: Record<string, unknown> = {
      description: { id: `com.vmware.${rec.route}`, default_message: `Run ${rec.route}`, args: [] },
      service: rec.service,
      operation: rec.operation,
      ...(rec.target ? { target: rec.target } : {}),
      cancelable: false,
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
    // The first tenth of the duration the task is PENDING, then RUNNING.
    if (elapsed < rec.durationMs / 10) return { ...base, status: 'PENDING' };
    return {
      ...base,
      status: 'RUNNING',
      progress: { total: 100, completed: Math.min(99, Math.floor((elapsed / rec.durationMs) * 100)), message: progressMsg },
      start_time: new Date(rec.created + Math.floor(rec.durationMs / 10)).toISOString(),
    };
  }
}

export const taskHandlers: HandlerTable = {
  'GET /api/cis/tasks/{task}': async ({ core, params, query }) => ({
    body: await core.tasks.info(params.task!, query.exclude_result === true),
  }),
};
