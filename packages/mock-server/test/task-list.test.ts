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
  const list = (filter: Record<string, unknown>) => mock.server.core.tasks.query(filter, false);

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

  it('refuses operations without their services', async () => {
    await expect(list({ operations: ['relocate'] })).rejects.toMatchObject({ errorType: 'INVALID_ARGUMENT' });
  });
});
