// Listing tasks (cis Tasks.list) with each filter of its FilterSpec, and what a task says of its target.
import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer({ taskMs: 60_000 });
const api = mock.api;

/** Starts a relocate of `vm` as a task (it stays RUNNING: the task clock is a minute). */
async function relocate(vm: string): Promise<string> {
  const r = await api('POST', `/api/vcenter/vm/${vm}?action=relocate&vmw-task=true`, { placement: { host: 'host-1063', datastore: 'datastore-1061' } });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return r.body;
}

describe('a task', () => {
  it('names the object it works on as its target, by managed-object type', async () => {
    const id = await relocate('vm-1072');
    const info = await api('GET', `/api/cis/tasks/${encodeURIComponent(id)}`);
    expect(info.body.target).toEqual({ type: 'VirtualMachine', id: 'vm-1072' });
  });
});

describe('the task list', () => {
  async function list(filter_spec: Record<string, unknown>): Promise<Record<string, any>> {
    const r = await api('POST', '/api/cis/tasks?action=list', { filter_spec });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  }

  it('filters by task, service, operation, target and user, every given filter at once', async () => {
    const a = await relocate('vm-1072');
    const b = await relocate('vm-1073');
    expect(Object.keys(await list({}))).toEqual([a, b]);
    expect(Object.keys(await list({ tasks: [b] }))).toEqual([b]);
    expect(Object.keys(await list({ services: ['com.vmware.vcenter.vm'], operations: ['relocate'] }))).toEqual([a, b]);
    expect(Object.keys(await list({ services: ['com.vmware.vcenter.vm'], operations: ['clone'] }))).toEqual([]);
    expect(Object.keys(await list({ targets: [{ type: 'VirtualMachine', id: 'vm-1073' }] }))).toEqual([b]);
    expect(Object.keys(await list({ users: ['VSPHERE.LOCAL\\administrator'] }))).toEqual([a, b]);
    expect(Object.keys(await list({ users: ['administrator@vsphere.local'], tasks: [a] }))).toEqual([a]);
    expect(Object.keys(await list({ users: ['someone@vsphere.local'] }))).toEqual([]);
  });

  it('filters by the status a task has now', async () => {
    const a = await relocate('vm-1072');
    const b = await relocate('vm-1073');
    mock.server.core.tasks.cancel(a);
    expect(Object.keys(await list({ status: ['FAILED'] }))).toEqual([a]);
    expect(Object.keys(await list({ status: ['RUNNING', 'PENDING'] }))).toEqual([b]);
  });

  it('refuses operations without their services, naming the field', async () => {
    const r = await api('POST', '/api/cis/tasks?action=list', { filter_spec: { operations: ['relocate'] } });
    expect([r.status, r.body.error_type, r.body.messages[0].args]).toEqual([400, 'INVALID_ARGUMENT', ['filter_spec.operations']]);
  });

  it('leaves the results out when the result spec asks so', async () => {
    const started = await api('POST', '/api/vcenter/vm?action=clone&vmw-task=true', { source: 'vm-1074', name: 'listed-clone' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await mock.server.core.tasks.settle(mock.server.state.tasks.get(started.body)!);
    const listed = async (result_spec: Record<string, unknown>) =>
      (await api('POST', '/api/cis/tasks?action=list', { filter_spec: { tasks: [started.body] }, result_spec })).body[started.body];
    expect((await listed({})).result).toMatch(/^vm-/);
    const without = await listed({ exclude_result: true });
    expect(without.status).toBe('SUCCEEDED');
    expect(without.result).toBeUndefined();
  });

  it('lists every task when the filter is left out', async () => {
    const a = await relocate('vm-1072');
    expect(Object.keys((await api('POST', '/api/cis/tasks?action=list', {})).body)).toEqual([a]);
  });
});
