import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VsphereClient, NotFoundError, AlreadyInDesiredStateError } from '../src/index.js';
import { ADMIN, startMock, type MockServer } from './helpers/mock.js';

describe('end to end against the mock vCenter', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('logs in, lists, creates, powers on and off, deletes and logs out through the generated services', async () => {
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN });
    const sessionId = await client.session.create();
    expect(typeof sessionId).toBe('string');
    const vms = await client.vcenter.vm.list();
    expect(vms.length).toBeGreaterThan(0);
    const folders = await client.vcenter.folder.list({ type: 'VIRTUAL_MACHINE' });
    const hosts = await client.vcenter.host.list();
    const datastores = await client.vcenter.datastore.list();
    const vm = await client.vcenter.vm.create({
      name: 'kit-smoke-1',
      guest_OS: 'OTHER_LINUX_64',
      placement: { folder: folders[0].folder, host: hosts[0].host, datastore: datastores[0].datastore },
    } as never);
    expect(typeof vm).toBe('string');
    expect((await client.vcenter.vm.list({ names: ['kit-smoke-1'] })).map((v) => v.vm)).toEqual([vm]);
    await client.vcenter.vm.power.start(vm);
    expect((await client.vcenter.vm.power.get(vm)).state).toBe('POWERED_ON');
    await expect(client.vcenter.vm.power.start(vm)).rejects.toBeInstanceOf(AlreadyInDesiredStateError);
    await client.vcenter.vm.power.stop(vm);
    expect((await client.vcenter.vm.power.get(vm)).state).toBe('POWERED_OFF');
    await client.vcenter.vm.delete(vm);
    const err = await client.vcenter.vm.get(vm).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).status).toBe(404);
    expect((err as NotFoundError).operation).toMatchObject({ id: 'vcenter.vm.get', method: 'GET', path: `/api/vcenter/vm/${vm}` });
    await client.close();
    expect(mock.core.sessions.size).toBe(0);
  });

  it('types and runs the low-level request by route key', async () => {
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN });
    const list = await client.request('GET /api/vcenter/vm', { params: { query: { power_states: ['POWERED_ON'] } } });
    expect(list.every((v) => v.power_state === 'POWERED_ON')).toBe(true);
    const first = list[0];
    const power = await client.request('GET /api/vcenter/vm/{vm}/power', { params: { path: { vm: first.vm } } });
    expect(power.state).toBe('POWERED_ON');
    await client.close();
  });
});
