import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnableToAllocateResourceError, VsphereClient, listAll, type VmSummaryLike } from '../src/index.js';
import { ADMIN } from './helpers/mock.js';

// The mock's own 4,000 rule with 9,000 generated VMs (spread over folders, hosts
// and clusters) on top of the seed inventory: real splits, real merges.
describe('listAll against the mock past the 4,000-VM wall (vmCount: 9000)', () => {
  let mock: MockServer;
  let client: VsphereClient;
  let total: number;
  /** Every VM, read folder by folder (each folder holds at most 1,500). */
  let reference: VmSummaryLike[];

  beforeAll(async () => {
    mock = await startMockServer({ port: 0, host: '127.0.0.1', vmCount: 9000 });
    client = new VsphereClient({ baseUrl: mock.url, ...ADMIN });
    total = mock.state.vms.size;
    const folders = await client.vcenter.folder.list({ type: 'VIRTUAL_MACHINE' });
    const parts = await Promise.all(folders.map((f) => client.vcenter.vm.list({ folders: [f.folder] })));
    reference = parts.flat();
  });
  afterAll(async () => {
    await client?.close();
    await mock?.close();
  });

  it('has a folder-by-folder reference that covers the whole inventory', () => {
    expect(total).toBeGreaterThan(9000);
    expect(reference).toHaveLength(total);
    expect(new Set(reference.map((v) => v.vm)).size).toBe(total);
  });

  it('plain list() hits the wall with UnableToAllocateResourceError', async () => {
    const err = await client.vcenter.vm.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnableToAllocateResourceError);
    expect((err as UnableToAllocateResourceError).operation?.id).toBe('vcenter.vm.list');
  });

  it('listAll(client, {}) returns all 9,000 + seed VMs exactly once', async () => {
    const splits: string[] = [];
    const all = await listAll(client, {}, { onSplit: (e) => splits.push(e.by) });
    expect(splits[0]).toBe('folders');
    expect(all).toHaveLength(total);
    const ids = all.map((v) => v.vm);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(reference.map((v) => v.vm).sort());
  });

  it('listAll with a power_states filter matches the filtered folder-by-folder reference', async () => {
    const filter = { power_states: ['POWERED_ON'] };
    // the filter alone still matches more than 4,000 VMs
    await expect(client.vcenter.vm.list({ power_states: ['POWERED_ON'] })).rejects.toBeInstanceOf(UnableToAllocateResourceError);
    const expected = reference.filter((v) => v.power_state === 'POWERED_ON');
    expect(expected.length).toBeGreaterThan(4000);
    const got = await listAll(client, filter);
    expect(new Set(got.map((v) => v.vm)).size).toBe(got.length);
    expect(got.every((v) => v.power_state === 'POWERED_ON')).toBe(true);
    expect(got.map((v) => v.vm).sort()).toEqual(expected.map((v) => v.vm).sort());
  });

  it('splits by hosts or clusters too, with the same answer', async () => {
    const expected = reference.map((v) => v.vm).sort();
    const byHosts = await listAll(client.core, {}, { splitBy: ['hosts'] });
    expect(byHosts.map((v) => v.vm).sort()).toEqual(expected);
    const byClusters = await listAll(client, {}, { splitBy: ['clusters'] });
    expect(byClusters.map((v) => v.vm).sort()).toEqual(expected);
  });

  it('stops early with a limit: no sub-query starts once enough VMs are in hand', async () => {
    let lists = 0;
    const counting = {
      call: <T>(route: Parameters<typeof client.core.call>[0], args: Parameters<typeof client.core.call>[1]) => {
        if (route.id === 'vcenter.vm.list') lists++;
        return client.core.call<T>(route, args);
      },
      callTask: client.core.callTask.bind(client.core),
    };
    const few = await listAll(counting, {}, { limit: 10, concurrency: 1 });
    expect(few).toHaveLength(10);
    const limited = lists;
    lists = 0;
    const all = await listAll(counting, {}, { concurrency: 1 });
    expect(all).toHaveLength(total);
    // the seed's small folders come first; the limit stops at the first generated (full) folder
    expect(limited).toBeLessThan(lists);
    expect(limited).toBeLessThanOrEqual(lists - 2);
    expect(few.map((v) => v.vm)).toEqual(all.slice(0, 10).map((v) => v.vm));
    await expect(listAll(client, {}, { limit: -1 })).rejects.toThrow(RangeError);
  });
});
