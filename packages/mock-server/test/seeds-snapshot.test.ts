// Seeds for contract tests: defaultSeed() exported, a partial seed laid over the default inventory
// (seedMode 'replace' for a seed of its own), and mock.snapshot()/restore() of the whole state for
// tests that share one server.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed, startMockServer, type MockServer, type SeedData, type SeedVm } from '../src/index.js';
import { runBin, startBin, stopBin } from './helpers/bin.js';
import { call, login } from './helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'vmock-extend-'));
const ENV_CATEGORY = 'urn:vmomi:InventoryServiceCategory:ce8902ef-b5e0-4aab-8ffa-ec67b15eb336:GLOBAL';

/** Two VMs in the default inventory's folders and hosts: one new, one that takes over vm-1074's id. */
function partialSeed(): SeedData & { vms: SeedVm[] } {
  const place = { folder: 'group-v1007', resource_pool: 'resgroup-1056', host: 'host-1062', cluster: 'domain-c1055', datastore: 'datastore-1061' };
  const base = { guest_OS: 'RHEL_9_64', cpu_count: 1, memory_size_MiB: 1024, datacenter: 'datacenter-1001', ...place } as const;
  return {
    vms: [
      { ...base, id: 'vm-5001', name: 'contract-01', power_state: 'POWERED_OFF' },
      { ...base, id: 'vm-1074', name: 'db-01-replaced', power_state: 'POWERED_ON' },
    ],
    rules: { tag_categories: { 'cat-contract': { id: 'cat-contract', name: 'contract', description: '', cardinality: 'MULTIPLE', associable_types: [] } } },
  };
}

async function names(mock: MockServer, sid: string): Promise<string[]> {
  return ((await call(mock, 'GET', '/api/vcenter/vm', { session: sid })).body as { name: string }[]).map((v) => v.name).sort();
}

describe('defaultSeed()', () => {
  it('is the default inventory, a fresh copy each call', () => {
    const a = defaultSeed();
    expect(a.vms.find((v) => v.id === 'vm-1072')?.name).toBe('web-01');
    a.vms.length = 0;
    expect(defaultSeed().vms.length).toBeGreaterThan(0);
  });
});

describe('a partial seed extends the default inventory', () => {
  let mock: MockServer;
  let sid: string;
  beforeAll(async () => {
    mock = await startMockServer({ seed: partialSeed(), validateResponses: true, prism: false });
    sid = await login(mock);
  });
  afterAll(() => mock.close());

  it('adds new objects, replaces those with the same id, keeps the rest (generic example objects too)', async () => {
    const defaults = defaultSeed().vms.map((v) => v.name);
    const listed = await names(mock, sid);
    expect(listed).toContain('contract-01');
    expect(listed).toContain('db-01-replaced');
    expect(listed).not.toContain('db-01');
    expect(listed).toHaveLength(defaults.length + 1);
    expect((await call(mock, 'GET', '/api/vcenter/vm/vm-5001', { session: sid })).body).toMatchObject({ name: 'contract-01', power_state: 'POWERED_OFF' });
    // rules merge entry by entry: the default category stays beside the seed's.
    const categories = (await call(mock, 'GET', '/api/cis/tagging/category', { session: sid })).body as string[];
    expect(categories).toEqual(expect.arrayContaining([ENV_CATEGORY, 'cat-contract']));
    // The spec examples' objects of the generic families are there as with no seed.
    const plain = await startMockServer({ prism: false });
    try {
      expect([...mock.state.generic.keys()].sort()).toEqual([...plain.state.generic.keys()].sort());
    } finally {
      await plain.close();
    }
  });

  it('reset() goes back to the extended inventory', async () => {
    expect((await call(mock, 'DELETE', '/api/vcenter/vm/vm-5001', { session: sid })).status).toBe(204);
    mock.reset();
    expect(await names(mock, sid)).toContain('contract-01');
  });

  it('names what a partial seed gets wrong, references to default objects being valid', async () => {
    const bad = partialSeed();
    bad.vms[0]!.folder = 'group-v404';
    await expect(startMockServer({ seed: bad })).rejects.toThrow("(VM 'vm-5001'): folder 'group-v404' does not exist");
    await expect(startMockServer({ seedMode: 'merge' as never })).rejects.toThrow("seedMode must be 'extend' or 'replace', got 'merge'");
  });

  it("seedMode 'replace' uses the seed alone", async () => {
    const alone = await startMockServer({ seed: defaultSeed(), seedMode: 'replace', prism: false });
    try {
      // Only the default seed's own generic objects, none of the examples' that extending adds.
      expect(alone.state.generic.size).toBe(Object.keys(defaultSeed().generic).length);
      expect(alone.state.generic.size).toBeLessThan(mock.state.generic.size);
    } finally {
      await alone.close();
    }
  });

  it("a seed marked as recorded replaces the default inventory unless seedMode says 'extend'; a bad marker is named", async () => {
    const recorded = { from: 'https://vc.example.com', vcenter_version: '8.0.2.00000', build: '22385739', time: '2026-01-02T03:04:05.000Z' };
    const seed = { ...defaultSeed(), recorded, vms: defaultSeed().vms.filter((v) => v.id !== 'vm-1076') };
    const alone = await startMockServer({ seed, prism: false });
    const both = await startMockServer({ seed, seedMode: 'extend', prism: false });
    try {
      expect(alone.state.vms.has('vm-1076')).toBe(false);
      expect(alone.state.generic.size).toBe(Object.keys(defaultSeed().generic).length);
      expect(both.state.vms.has('vm-1076')).toBe(true);
    } finally {
      await alone.close();
      await both.close();
    }
    await expect(startMockServer({ seed: { recorded: 'yesterday' } as never })).rejects.toThrow(
      '\'recorded\' must be a mapping like { from, vcenter_version, build, time }, got "yesterday"',
    );
    await expect(startMockServer({ seed: { recorded: { ...recorded, build: 22385739 } } as never })).rejects.toThrow(
      "'recorded': 'build' must be a string, got 22385739",
    );
  });

  it('the bin extends with --seed, and --seed-mode replace or a bad mode are as stated', async () => {
    const file = join(dir, 'partial.json');
    writeFileSync(file, JSON.stringify(partialSeed()));
    const run = await startBin(['--port', '0', '--quiet', '--seed', file]);
    try {
      const s = await login({ url: run.url } as MockServer);
      const listed = await names({ url: run.url } as MockServer, s);
      expect(listed).toEqual(expect.arrayContaining(['contract-01', 'web-01']));
    } finally {
      await stopBin(run);
    }
    const bad = await runBin(['--port', '0', '--seed', file, '--seed-mode', 'merge']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("vsphere-mock: --seed-mode takes extend or replace, got 'merge'");
  });
});

describe('snapshot() and restore()', () => {
  let mock: MockServer;
  let sid: string;
  beforeAll(async () => {
    mock = await startMockServer({ validateResponses: true, taskMs: 300, prism: false });
    sid = await login(mock);
  });
  afterAll(() => mock.close());

  it('puts back the inventory, rule state, generic objects and faults; sessions stay valid', async () => {
    // Fixtures a suite would set up once.
    const created = await call(mock, 'POST', '/api/cis/tagging/category', {
      session: sid,
      body: { name: 'fixture', description: '', cardinality: 'MULTIPLE', associable_types: [] },
    });
    expect(created.status).toBe(201);
    expect((await call(mock, 'POST', '/api/vcenter/vm/vm-1074/power?action=start', { session: sid })).status).toBe(204);
    mock.faults.error('SERVICE_UNAVAILABLE', 'vcenter.host.list', { times: 2 });
    const snap = mock.snapshot();
    const before = JSON.stringify(mock.state.toData());

    // A test then changes all of it.
    expect((await call(mock, 'POST', '/api/vcenter/vm/vm-1074/power?action=stop', { session: sid })).status).toBe(204);
    expect((await call(mock, 'DELETE', '/api/vcenter/vm/vm-1074', { session: sid })).status).toBe(204);
    expect((await call(mock, 'DELETE', `/api/cis/tagging/category/${created.body}`, { session: sid })).status).toBe(204);
    expect((await call(mock, 'GET', '/api/vcenter/host', { session: sid })).status).toBe(503);
    mock.faults.error('NOT_FOUND', 'vcenter.vm.get');

    mock.restore(snap);
    expect(JSON.stringify(mock.state.toData())).toBe(before);
    expect((await call(mock, 'GET', '/api/vcenter/vm/vm-1074/power', { session: sid })).body).toMatchObject({ state: 'POWERED_ON' });
    expect((await call(mock, 'GET', `/api/cis/tagging/category/${created.body}`, { session: sid })).status).toBe(200);
    // The faults as they were: the one-shot host fault has both of its calls left, the later one is gone.
    expect(mock.faults.list()).toEqual([expect.objectContaining({ operation: 'vcenter.host.list', remaining: 2, hits: 0 })]);
    expect((await call(mock, 'GET', '/api/vcenter/vm/vm-1072', { session: sid })).status).toBe(200);
    expect((await call(mock, 'GET', '/api/vcenter/host', { session: sid })).status).toBe(503);
    // A fault added after a restore gets an id of its own.
    const next = mock.faults.error('RESOURCE_BUSY', 'vcenter.vm.get');
    expect(mock.faults.list().map((f) => f.id)).toEqual([snap.faults[0]!.id, next]);
    mock.faults.clear();
  });

  it('is plain data: it survives JSON, and an unsettled task goes on after a restore', async () => {
    const started = await call(mock, 'POST', '/api/vcenter/vm/vm-1073?action=relocate&vmw-task=true', {
      session: sid,
      body: { placement: { host: 'host-1063' } },
    });
    expect(started.status).toBe(202);
    const snap = JSON.parse(JSON.stringify(mock.snapshot()));
    mock.reset();
    expect((await call(mock, 'GET', `/api/cis/tasks/${started.body}`, { session: sid })).status).toBe(404);
    mock.restore(snap);
    let status = '';
    for (let i = 0; i < 50 && status !== 'SUCCEEDED'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await call(mock, 'GET', `/api/cis/tasks/${started.body}`, { session: sid })).body.status;
    }
    expect(status).toBe('SUCCEEDED');
  });

  it('refuses what is not a snapshot, changing nothing', async () => {
    const before = JSON.stringify(mock.state.toData());
    expect(() => mock.restore({} as never)).toThrow(
      "restore() takes what snapshot() returned (format 'vsphere-kit-mock-snapshot/1'), got an object that is not a snapshot.",
    );
    expect(() => mock.restore(undefined as never)).toThrow('got undefined');
    const snap = mock.snapshot();
    expect(() => mock.restore({ ...snap, state: '{' })).toThrow("The snapshot's state is not JSON");
    expect(() => mock.restore({ ...snap, faults: [{ id: 'fault-9', hits: 0, operation: 'vcenter.vm.lsit' }] } as never)).toThrow(
      "unknown operation id 'vcenter.vm.lsit'",
    );
    expect(JSON.stringify(mock.state.toData())).toBe(before);
  });
});
