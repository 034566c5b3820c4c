import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ResourceBusyError, TaskTimeoutError, VsphereAbortError, VsphereClient, VsphereCore, type TaskSnapshot } from '../src/index.js';
import type { RouteDef } from '@vsphere-kit/core/route';
import { ADMIN, startMock, type MockServer } from './helpers/mock.js';
import { json, startPeer, vapiError, withLogin, type Peer } from './helpers/peer.js';

const polling = { initialDelayMs: 20, maxDelayMs: 80 };

describe('tasks against the mock', () => {
  let mock: MockServer;
  let client: VsphereClient;
  let source: string;
  beforeAll(async () => {
    mock = await startMock({ taskMs: 300 });
    client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, taskPolling: polling });
    source = (await client.vcenter.vm.list({ power_states: ['POWERED_OFF'] }))[0].vm;
  });
  afterAll(async () => {
    await client?.close();
    await mock?.close();
  });

  it('waits for SUCCEEDED and returns the typed result, reporting progress', async () => {
    const task = await client.vcenter.vm.cloneTask({ source, name: 'kit-clone-1' } as never);
    expect(typeof task.id).toBe('string');
    const seen: TaskSnapshot<unknown>[] = [];
    const vm = await task.wait({ onProgress: (s) => seen.push(s) });
    expect(typeof vm).toBe('string');
    expect(vm).toMatch(/^vm-/);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.status !== 'SUCCEEDED' && s.status !== 'FAILED')).toBe(true);
    const done = await task.status();
    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toBe(vm);
  });

  it('throws the task error as its typed class on FAILED', async () => {
    mock.faults.add({ operation: 'vcenter.vm.clone', errorType: 'RESOURCE_BUSY', onTask: true, times: 1 });
    const task = await client.vcenter.vm.cloneTask({ source, name: 'kit-clone-2' } as never);
    const err = await task.wait().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceBusyError);
    expect((err as ResourceBusyError).taskId).toBe(task.id);
    expect((err as ResourceBusyError).operation?.id).toBe('vcenter.vm.clone');
  });

  it('gives up with TaskTimeoutError while the task keeps running', async () => {
    const task = await client.vcenter.vm.cloneTask({ source, name: 'kit-clone-3' } as never);
    const err = await task.wait({ timeoutMs: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskTimeoutError);
    expect((err as TaskTimeoutError).taskId).toBe(task.id);
    expect(typeof (await task.wait())).toBe('string');
  });

  it('stops waiting on abort without cancelling a task that is not cancelable', async () => {
    const task = await client.vcenter.vm.cloneTask({ source, name: 'kit-clone-4' } as never);
    const ac = new AbortController();
    const waiting = task.wait({ signal: ac.signal });
    ac.abort();
    const err = await waiting.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereAbortError);
    expect((err as { cancelRequested?: boolean }).cancelRequested).toBe(false);
    expect(typeof (await task.wait())).toBe('string');
  });

  it('maps NOT_FOUND for an unknown task id', async () => {
    await expect(client.core.task('no-such-task:com.vmware.vcenter.vm').status()).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('BLOCKED and cancel against a scripted peer', () => {
  let peer: Peer;
  let polls = 0;
  let cancelled = false;
  beforeAll(async () => {
    peer = await startPeer(
      withLogin((req, res) => {
        if (req.method === 'POST' && req.url === '/api/things?vmw-task=true') return json(res, 202, 'task-blocked');
        if (req.method === 'POST' && req.url === '/api/cis/tasks/task-blocked?action=cancel') {
          cancelled = true;
          res.writeHead(204).end();
          return;
        }
        if (req.method === 'GET' && req.url === '/api/cis/tasks/task-blocked') {
          polls++;
          const status = cancelled ? 'FAILED' : polls < 3 ? 'RUNNING' : 'BLOCKED';
          return json(res, 200, {
            status,
            cancelable: true,
            description: { id: 'd', default_message: 'do', args: [] },
            service: 's',
            operation: 'o',
            progress: {
              total: 10,
              completed: Math.min(polls, 5),
              message: { id: 'm', default_message: status === 'BLOCKED' ? 'waiting for an answer' : 'working', args: [] },
            },
            ...(cancelled ? { error: vapiError('CANCELED', 'canceled by user') } : {}),
          });
        }
        return json(res, 404, vapiError('NOT_FOUND'));
      }),
    );
  });
  afterAll(async () => {
    await peer?.close();
  });

  it('keeps polling through BLOCKED, reports it, and cancels on abort', async () => {
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'secret-pw', taskPolling: polling });
    const route: RouteDef = {
      id: 'things.create',
      method: 'POST',
      path: '/api/things',
      pathParams: [],
      queryParams: [],
      successStatus: 201,
      responseBody: true,
      task: 'both',
      rest: false,
      auth: 'session',
    };
    const task = await core.callTask<string>(route, {});
    expect(task.id).toBe('task-blocked');
    const ac = new AbortController();
    const statuses: string[] = [];
    const err = await task
      .wait({
        signal: ac.signal,
        onProgress: (s) => {
          statuses.push(s.status);
          if (s.status === 'BLOCKED') {
            expect(s.progress?.message).toBe('waiting for an answer');
            ac.abort();
          }
        },
      })
      .catch((e: unknown) => e);
    expect(statuses).toContain('RUNNING');
    expect(statuses.at(-1)).toBe('BLOCKED');
    expect(err).toBeInstanceOf(VsphereAbortError);
    expect((err as { cancelRequested?: boolean }).cancelRequested).toBe(true);
    expect(cancelled).toBe(true);
    expect(peer.requests.some((r) => r.url === '/api/cis/tasks/task-blocked?action=cancel')).toBe(true);
    await core.close();
  });
});
