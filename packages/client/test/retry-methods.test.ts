import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ServiceUnavailableError, VsphereClient, VsphereCore, VsphereResponseError } from '../src/index.js';
import type { RouteDef } from '@vsphere-kit/core/route';
import { ADMIN } from './helpers/mock.js';
import { json, startPeer, vapiError, withLogin } from './helpers/peer.js';

const fast = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 };

/** Status codes the client logged for `METHOD target`, in order. */
const statuses = (lines: string[], prefix: string): string[] =>
  lines.filter((l) => l.startsWith(`${prefix} -> `)).map((l) => l.slice(prefix.length + 4).split(' ')[0]!);

describe('which methods are retried on 503 SERVICE_UNAVAILABLE (generated operations against the mock)', () => {
  let mock: MockServer;
  let client: VsphereClient;
  const lines: string[] = [];
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, host: '127.0.0.1' });
    client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, retry: fast, logger: { debug: (l) => lines.push(l) } });
    await client.core.login();
  });
  afterEach(() => mock.faults.clear());
  afterAll(async () => {
    await client?.close();
    await mock?.close();
  });

  it('retries a PUT (appliance.system.globalFips.set) and applies it', async () => {
    const before = (await client.appliance.system.globalFips.get()).enabled;
    mock.faults.error('SERVICE_UNAVAILABLE', 'appliance.system.globalFips.set', { times: 1 });
    const mark = lines.length;
    await client.appliance.system.globalFips.set({ enabled: !before });
    expect(statuses(lines.slice(mark), 'PUT /api/appliance/system/global-fips')).toEqual(['503', '204']);
    expect((await client.appliance.system.globalFips.get()).enabled).toBe(!before);
  });

  it('retries a DELETE (vcenter.vm.delete) and the VM is gone', async () => {
    const vm = (await client.vcenter.vm.list({ power_states: ['POWERED_OFF'] }))[0].vm;
    mock.faults.error('SERVICE_UNAVAILABLE', 'vcenter.vm.delete', { times: 2 });
    const mark = lines.length;
    await client.vcenter.vm.delete(vm);
    expect(statuses(lines.slice(mark), `DELETE /api/vcenter/vm/${vm}`)).toEqual(['503', '503', '204']);
    await expect(client.vcenter.vm.get(vm)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('never retries a PATCH (vcenter.vm.hardware.memory.update)', async () => {
    const vm = (await client.vcenter.vm.list({ power_states: ['POWERED_OFF'] }))[0].vm;
    const id = mock.faults.error('SERVICE_UNAVAILABLE', 'vcenter.vm.hardware.memory.update', { times: 1 });
    const mark = lines.length;
    const err = await client.vcenter.vm.hardware.memory.update(vm, { size_MiB: 2048 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as ServiceUnavailableError).operation).toMatchObject({ id: 'vcenter.vm.hardware.memory.update', method: 'PATCH' });
    expect(statuses(lines.slice(mark), `PATCH /api/vcenter/vm/${vm}/hardware/memory`)).toEqual(['503']);
    expect(lines.slice(mark).some((l) => l.includes('retry'))).toBe(false);
    expect(mock.faults.list().find((f) => f.id === id)?.hits).toBe(1);
    // the single attempt used the fault up: the same call now goes through
    await client.vcenter.vm.hardware.memory.update(vm, { size_MiB: 2048 });
    expect((await client.vcenter.vm.hardware.memory.get(vm)).size_MiB).toBe(2048);
  });

  it('never retries a POST (cis.tagging.category.create): nothing is created twice', async () => {
    mock.faults.error('SERVICE_UNAVAILABLE', 'cis.tagging.category.create', { times: 1 });
    const spec = { name: 'kit-retry-category', description: 'x', cardinality: 'SINGLE' as const, associable_types: [] };
    const mark = lines.length;
    await expect(client.cis.tagging.category.create(spec)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(statuses(lines.slice(mark), 'POST /api/cis/tagging/category')).toEqual(['503']);
    const created = await client.cis.tagging.category.create(spec);
    expect(typeof created).toBe('string');
    const all = await client.cis.tagging.category.list();
    expect(all.filter((c) => c === created)).toHaveLength(1);
  });

  it('retry: false turns retries off for idempotent methods too', async () => {
    const strict = new VsphereClient({ baseUrl: mock.url, ...ADMIN, retry: false });
    await strict.core.login();
    const id = mock.faults.error('SERVICE_UNAVAILABLE', 'appliance.system.globalFips.set', { times: 1 });
    await expect(strict.appliance.system.globalFips.set({ enabled: true })).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(mock.faults.list().find((f) => f.id === id)?.hits).toBe(1);
    await strict.close();
  });
});

describe('HEAD is retried on 503 (no HEAD operation in specs/: a scripted peer)', () => {
  it('retries HEAD like GET', async () => {
    let n = 0;
    const peer = await startPeer(
      withLogin((req, res) => {
        if (req.method !== 'HEAD') return json(res, 404, vapiError('NOT_FOUND'));
        n++;
        if (n <= 2) return json(res, 503, vapiError('SERVICE_UNAVAILABLE'));
        res.writeHead(200, { 'content-type': 'application/json' }).end();
      }),
    );
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'secret-pw', retry: fast });
    const route = {
      id: 'test.head',
      method: 'HEAD',
      path: '/api/thing',
      pathParams: [],
      queryParams: [],
      successStatus: 200,
      responseBody: false,
      rest: false,
      auth: 'session',
    } as unknown as RouteDef;
    expect(await core.call(route)).toBeUndefined();
    expect(peer.requests.filter((r) => r.method === 'HEAD')).toHaveLength(3);

    // and gives up after maxRetries with the (bodiless) 503
    n = -10;
    const err = await core.call(route).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereResponseError);
    expect((err as VsphereResponseError).status).toBe(503);
    expect(peer.requests.filter((r) => r.method === 'HEAD')).toHaveLength(3 + 1 + fast.maxRetries);
    await core.close();
    await peer.close();
  });
});
