import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CanceledError, NotFoundError, TaskTimeoutError, UnsupportedError, VsphereAbortError, VsphereClient, type TaskSnapshot } from '../src/index.js';
import { ADMIN } from './helpers/mock.js';

const polling = { initialDelayMs: 10, maxDelayMs: 40 };

/** Resolves once `cond()` holds (polls every 5 ms); the vitest timeout bounds it. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

/** Log lines of the client that show one poll of the task. */
const pollsOf = (lines: string[], taskId: string): number =>
  lines.filter((l) => l.startsWith(`GET /api/cis/tasks/${encodeURIComponent(taskId)} -> 200`)).length;

describe('BLOCKED tasks, abort and cancel against the mock (blockTask fault)', () => {
  let mock: MockServer;
  let client: VsphereClient;
  let source: string;
  const lines: string[] = [];
  let n = 0;

  beforeAll(async () => {
    mock = await startMockServer({ port: 0, host: '127.0.0.1', taskMs: 200 });
    client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, taskPolling: polling, logger: { debug: (l) => lines.push(l) } });
    source = (await client.vcenter.vm.list({ power_states: ['POWERED_OFF'] }))[0].vm;
  });
  afterEach(() => mock.faults.clear());
  afterAll(async () => {
    await client?.close();
    await mock?.close();
  });

  const blockedClone = async () => {
    mock.faults.add({ operation: 'vcenter.vm.clone', blockTask: true, times: 1 });
    const name = `kit-blocked-${++n}`;
    const task = await client.vcenter.vm.cloneTask({ source, name } as never);
    return { task, name };
  };

  it('keeps polling through BLOCKED, reports it through onProgress, and completes after release', async () => {
    const { task, name } = await blockedClone();
    const statuses: string[] = [];
    let settled = false;
    const waiting = task.wait({ onProgress: (s: TaskSnapshot<unknown>) => statuses.push(s.status) }).finally(() => {
      settled = true;
    });
    await until(() => statuses.includes('BLOCKED'));
    // wait() neither settles nor stops on BLOCKED: it goes on polling.
    const mark = pollsOf(lines, task.id);
    await until(() => pollsOf(lines, task.id) >= mark + 3);
    expect(settled).toBe(false);
    expect((await task.status()).status).toBe('BLOCKED');

    mock.core.tasks.release(task.id);
    const vm = await waiting;
    expect(typeof vm).toBe('string');
    expect(statuses.indexOf('BLOCKED')).toBeGreaterThanOrEqual(0);
    expect(statuses).not.toContain('SUCCEEDED');
    expect((await task.status()).status).toBe('SUCCEEDED');
    const created = await client.vcenter.vm.get(vm as string);
    expect(created.name).toBe(name);
  });

  it('bounds a BLOCKED task with timeoutMs (TaskTimeoutError, last status BLOCKED); the task stays parked', async () => {
    const { task } = await blockedClone();
    const statuses: string[] = [];
    const err = await task.wait({ timeoutMs: 150, onProgress: (s) => statuses.push(s.status) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskTimeoutError);
    expect((err as TaskTimeoutError).taskId).toBe(task.id);
    expect(statuses).toContain('BLOCKED');
    expect((await task.status()).status).toBe('BLOCKED');
    mock.core.tasks.release(task.id);
    expect(typeof (await task.wait())).toBe('string');
  });

  it('abort while BLOCKED: VsphereAbortError at once, cancel requested through POST /api/cis/tasks/{task}?action=cancel, task ends CANCELED', async () => {
    const { task, name } = await blockedClone();
    const ac = new AbortController();
    const waiting = task.wait({
      signal: ac.signal,
      onProgress: (s) => {
        if (s.status === 'BLOCKED') ac.abort();
      },
    });
    const err = await waiting.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereAbortError);
    expect((err as { cancelRequested?: boolean }).cancelRequested).toBe(true);
    expect((err as { taskId?: string }).taskId).toBe(task.id);
    expect(lines.some((l) => l.startsWith(`POST /api/cis/tasks/${encodeURIComponent(task.id)}?action=cancel -> 204`))).toBe(true);
    const snap = await task.status();
    expect(snap.status).toBe('FAILED');
    const final = await task.wait().catch((e: unknown) => e);
    expect(final).toBeInstanceOf(CanceledError);
    // the operation never ran: no clone with that name
    expect((await client.vcenter.vm.list({ names: [name] })).length).toBe(0);
  });

  it('abort with cancelOnAbort: false only stops waiting; the task stays BLOCKED and can still finish', async () => {
    const { task } = await blockedClone();
    const ac = new AbortController();
    const before = lines.length;
    // cancelOnAbort is an option of VsphereTaskHandle (what client.core.task(id) returns)
    const err = await client.core
      .task(task.id)
      .wait({
        signal: ac.signal,
        cancelOnAbort: false,
        onProgress: (s) => {
          if (s.status === 'BLOCKED') ac.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereAbortError);
    expect((err as { cancelRequested?: boolean }).cancelRequested).toBe(false);
    expect(lines.slice(before).some((l) => l.includes('action=cancel'))).toBe(false);
    expect((await task.status()).status).toBe('BLOCKED');
    mock.core.tasks.release(task.id);
    expect(typeof (await task.wait())).toBe('string');
  });

  it('an abort before the first poll rejects without polling and without cancelling', async () => {
    const { task } = await blockedClone();
    const before = pollsOf(lines, task.id);
    const err = await task.wait({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereAbortError);
    expect((err as { cancelRequested?: boolean }).cancelRequested).toBe(false);
    expect(pollsOf(lines, task.id)).toBe(before);
    mock.core.tasks.cancel(task.id);
  });

  it('cancel() on a handle cancels a parked task; cancelling it again is refused with a typed error', async () => {
    const { task } = await blockedClone();
    const handle = client.core.task(task.id);
    await handle.cancel();
    expect((await handle.status()).status).toBe('FAILED');
    await expect(handle.wait()).rejects.toBeInstanceOf(CanceledError);
    const again = await handle.cancel().catch((e: unknown) => e);
    expect(again).toBeInstanceOf(UnsupportedError); // the mock, like vCenter: a settled task is not cancelable
    await expect(client.core.task('no-such-task:com.vmware.vcenter.vm').cancel()).rejects.toBeInstanceOf(NotFoundError);
  });
});
