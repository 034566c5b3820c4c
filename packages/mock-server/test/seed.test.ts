// --seed inventory.yaml / startMockServer({ seed }): a valid custom seed loads (bin and API; here a whole
// lab of its own, so with seedMode 'replace': seed-extend.test.ts covers seeds laid over the default) and its
// VMs are listed; a bad seed is refused with a message that names the file, the object and the problem.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startMockServer } from '../src/index.js';
import { defaultSeed } from '../src/state/default-seed.js';
import { Inventory } from '../src/state/inventory.js';
import { SeedError, validateSeed } from '../src/state/seed.js';
import { runBin, startBin, stopBin } from './helpers/bin.js';
import { BASIC, call, login } from './helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'vmock-seed-'));
let n = 0;
function seedFile(doc: unknown, ext = 'yaml'): string {
  const file = join(dir, `seed-${++n}.${ext}`);
  writeFileSync(file, typeof doc === 'string' ? doc : ext === 'json' ? JSON.stringify(doc) : stringify(doc));
  return file;
}

/** A small lab: one datacenter, a cluster with one host, a datastore, a network and two VMs. */
function customSeed(): any {
  return {
    datacenters: [
      {
        id: 'datacenter-1',
        name: 'Lab',
        folder: 'group-d1',
        vm_folder: 'group-v2',
        host_folder: 'group-h3',
        datastore_folder: 'group-s4',
        network_folder: 'group-n5',
      },
    ],
    folders: [
      { id: 'group-d1', name: 'Datacenters', type: 'DATACENTER' },
      { id: 'group-v2', name: 'vm', type: 'VIRTUAL_MACHINE', parent: 'datacenter-1', datacenter: 'datacenter-1' },
      { id: 'group-h3', name: 'host', type: 'HOST', parent: 'datacenter-1', datacenter: 'datacenter-1' },
      { id: 'group-s4', name: 'datastore', type: 'DATASTORE', parent: 'datacenter-1', datacenter: 'datacenter-1' },
      { id: 'group-n5', name: 'network', type: 'NETWORK', parent: 'datacenter-1', datacenter: 'datacenter-1' },
    ],
    clusters: [
      {
        id: 'domain-c10',
        name: 'lab-cluster',
        datacenter: 'datacenter-1',
        folder: 'group-h3',
        ha_enabled: false,
        drs_enabled: true,
        resource_pool: 'resgroup-11',
      },
    ],
    hosts: [
      {
        id: 'host-12',
        name: 'esx-lab.local',
        datacenter: 'datacenter-1',
        folder: 'group-h3',
        cluster: 'domain-c10',
        connection_state: 'CONNECTED',
        power_state: 'POWERED_ON',
      },
    ],
    resource_pools: [{ id: 'resgroup-11', name: 'Resources', datacenter: 'datacenter-1', cluster: 'domain-c10' }],
    datastores: [{ id: 'datastore-13', name: 'lab-ds', type: 'VMFS', datacenter: 'datacenter-1', folder: 'group-s4', capacity: 1e12, free_space: 5e11 }],
    networks: [{ id: 'network-14', name: 'Lab Network', type: 'STANDARD_PORTGROUP', datacenter: 'datacenter-1', folder: 'group-n5' }],
    vms: [
      {
        id: 'vm-20',
        name: 'seeded-alpha',
        guest_OS: 'RHEL_9_64',
        power_state: 'POWERED_ON',
        cpu_count: 2,
        memory_size_MiB: 2048,
        datacenter: 'datacenter-1',
        folder: 'group-v2',
        resource_pool: 'resgroup-11',
        host: 'host-12',
        cluster: 'domain-c10',
        datastore: 'datastore-13',
        nics: { '4000': { label: 'Network adapter 1', network: 'network-14' } },
      },
      {
        id: 'vm-21',
        name: 'seeded-beta',
        guest_OS: 'UBUNTU_64',
        power_state: 'POWERED_OFF',
        cpu_count: 1,
        memory_size_MiB: 1024,
        datacenter: 'datacenter-1',
        folder: 'group-v2',
        resource_pool: 'resgroup-11',
        datastore: 'datastore-13',
      },
    ],
    generate: { vms: 3 },
  };
}

async function vmNames(url: string): Promise<string[]> {
  const s = await fetch(`${url}/api/session`, { method: 'POST', headers: { authorization: BASIC } });
  const sid = (await s.json()) as string;
  const r = await fetch(`${url}/api/vcenter/vm`, { headers: { 'vmware-api-session-id': sid } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { name: string }[]).map((v) => v.name).sort();
}

const EXPECTED = ['load-00000', 'load-00001', 'load-00002', 'seeded-alpha', 'seeded-beta'];

describe('a valid custom seed', () => {
  it('the default seed passes the validation unchanged in substance', () => {
    const doc = validateSeed(defaultSeed(), 'default');
    expect(doc.vms).toEqual(defaultSeed().vms);
  });

  it('loads through startMockServer({ seed: file }) (YAML and JSON), lists its VMs, and reset() goes back to it', async () => {
    for (const ext of ['yaml', 'json']) {
      const s = await startMockServer({ seed: seedFile(customSeed(), ext), seedMode: 'replace' });
      try {
        expect(await vmNames(s.url)).toEqual(EXPECTED);
        const sid = await login(s);
        const alpha = await call(s, 'GET', '/api/vcenter/vm/vm-20', { session: sid });
        expect(alpha.status).toBe(200);
        expect(alpha.body).toMatchObject({ name: 'seeded-alpha', power_state: 'POWERED_ON', cpu: { count: 2 } });
        // Defaults filled in for the short VM records.
        expect(s.state.vms.get('vm-21')).toMatchObject({ cores_per_socket: 1, hardware_version: 'VMX_19', clean_power_off: true });
        expect(s.state.vms.get('vm-21')!.bios_uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
        const del = await call(s, 'DELETE', '/api/vcenter/vm/vm-21', { session: sid });
        expect(del.status).toBe(204);
        s.reset();
        expect(await vmNames(s.url)).toEqual(EXPECTED);
      } finally {
        await s.close();
      }
    }
  });

  it('loads through the bin (--seed inventory.yaml) and its VMs are listed', async () => {
    const run = await startBin(['--port', '0', '--quiet', '--seed-mode', 'replace', '--seed', seedFile(customSeed())]);
    try {
      expect(await vmNames(run.url)).toEqual(EXPECTED);
    } finally {
      expect(await stopBin(run)).toEqual({ code: 0, signal: null });
    }
  });

  it('a seed given as data is validated the same way (Inventory.fromSeedData)', () => {
    const inv = Inventory.fromSeedData(customSeed(), 'inline seed');
    expect([...inv.vms.values()].map((v) => v.name).sort()).toEqual(EXPECTED);
    const bad = customSeed();
    bad.vms[0].folder = 'group-v404';
    expect(() => Inventory.fromSeedData(bad, 'inline seed')).toThrow("inline seed: invalid seed: vms[0] (VM 'vm-20'): folder 'group-v404' does not exist");
  });

  it('startMockServer({ seed: data }) validates the data before it serves anything', async () => {
    const bad = customSeed();
    bad.vms[0].folder = 'group-v404';
    await expect(startMockServer({ seed: bad, seedMode: 'replace', port: 0 })).rejects.toThrow(
      "the seed option: invalid seed: vms[0] (VM 'vm-20'): folder 'group-v404' does not exist",
    );
    const ok = await startMockServer({ seed: customSeed(), seedMode: 'replace', port: 0 });
    expect([...ok.state.vms.values()].map((v) => v.name).sort()).toEqual(EXPECTED);
    await ok.close();
  });
});

type Mutate = (d: any) => void;
const BAD: [string, Mutate, (string | RegExp)[]][] = [
  ['an unknown top-level key', (d) => (d.virtual_machines = []), ["unknown top-level key 'virtual_machines'"]],
  ['a VM without a required field', (d) => delete d.vms[1].datastore, ["vms[1] (VM 'vm-21'): missing required field 'datastore'"]],
  ['an object without an id', (d) => delete d.hosts[0].id, ["hosts[0]: missing required field 'id'"]],
  [
    "a VM's folder that does not exist",
    (d) => (d.vms[0].folder = 'group-v99'),
    ["vms[0] (VM 'vm-20'): folder 'group-v99' does not exist (no folder with that id in the seed)"],
  ],
  [
    "a VM's host that does not exist",
    (d) => (d.vms[0].host = 'host-99'),
    ["vms[0] (VM 'vm-20'): host 'host-99' does not exist (no host with that id in the seed)"],
  ],
  ["a VM's cluster that does not exist", (d) => (d.vms[0].cluster = 'domain-c99'), ["vms[0] (VM 'vm-20'): cluster 'domain-c99' does not exist"]],
  ["a VM's datastore that does not exist", (d) => (d.vms[1].datastore = 'datastore-99'), ["vms[1] (VM 'vm-21'): datastore 'datastore-99' does not exist"]],
  [
    "a VM's resource pool that does not exist",
    (d) => (d.vms[1].resource_pool = 'resgroup-99'),
    ["vms[1] (VM 'vm-21'): resource_pool 'resgroup-99' does not exist (no resource pool with that id in the seed)"],
  ],
  [
    "a VM NIC's network that does not exist",
    (d) => (d.vms[0].nics['4000'].network = 'network-99'),
    ["vms[0] (VM 'vm-20'): nics.4000.network 'network-99' does not exist"],
  ],
  ["a host's cluster that does not exist", (d) => (d.hosts[0].cluster = 'domain-c404'), ["hosts[0] (host 'host-12'): cluster 'domain-c404' does not exist"]],
  [
    "a cluster's resource pool that does not exist",
    (d) => (d.clusters[0].resource_pool = 'resgroup-404'),
    ["clusters[0] (cluster 'domain-c10'): resource_pool 'resgroup-404' does not exist"],
  ],
  [
    "a datacenter's VM folder that does not exist",
    (d) => (d.datacenters[0].vm_folder = 'group-v404'),
    ["datacenters[0] (datacenter 'datacenter-1'): vm_folder 'group-v404' does not exist"],
  ],
  [
    "a library item's library that does not exist",
    (d) => (d.library_items = [{ id: 'item-1', library: 'lib-404', name: 'x', type: 'iso', size: 1, creation_time: '2026-01-01T00:00:00Z' }]),
    ["library_items[0] (library item 'item-1'): library 'lib-404' does not exist"],
  ],
  [
    'a bad enum value',
    (d) => (d.vms[0].power_state = 'RUNNING'),
    ["vms[0] (VM 'vm-20'): 'power_state' is \"RUNNING\", expected one of POWERED_OFF, POWERED_ON, SUSPENDED"],
  ],
  ['a wrong field type', (d) => (d.vms[0].cpu_count = 'two'), ["vms[0] (VM 'vm-20'): 'cpu_count' must be an integer, got \"two\""]],
  ['a duplicate id', (d) => d.vms.push({ ...d.vms[1], name: 'again' }), ["vms[2] (VM 'vm-21'): duplicate id 'vm-21'"]],
  ['a collection that is not a list', (d) => (d.hosts = { id: 'host-12' }), ["'hosts' must be a list of host objects"]],
  ['a bad generate count', (d) => (d.generate = { vms: -1 }), ["'generate.vms' must be a non-negative integer, got -1"]],
  [
    'several problems at once',
    (d) => {
      d.vms[0].folder = 'group-v99';
      d.hosts[0].cluster = 'domain-c404';
    },
    [
      /invalid seed \(2 problems\):/,
      "  - vms[0] (VM 'vm-20'): folder 'group-v99' does not exist",
      "  - hosts[0] (host 'host-12'): cluster 'domain-c404' does not exist",
    ],
  ],
];

describe('a bad seed is refused with a clear message', () => {
  for (const [what, mutate, expected] of BAD) {
    it(`through the API: ${what}`, async () => {
      const doc = customSeed();
      mutate(doc);
      const file = seedFile(doc);
      const err = await startMockServer({ seed: file, seedMode: 'replace' }).then(
        async (s) => {
          await s.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SeedError);
      const msg = (err as Error).message;
      expect(msg.startsWith(`${file}: invalid seed`)).toBe(true);
      for (const e of expected) typeof e === 'string' ? expect(msg).toContain(e) : expect(msg).toMatch(e);
    });
  }

  it('a file that is not YAML, a list, a missing file', () => {
    const notYaml = seedFile('vms: [\n  { id: vm-1\n');
    expect(() => Inventory.fromSeedFile(notYaml)).toThrow(
      new RegExp(`^${notYaml.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid seed: not valid YAML or JSON: `),
    );
    const list = seedFile('- a\n- b\n');
    expect(() => Inventory.fromSeedFile(list)).toThrow(`${list}: invalid seed: the seed must be a mapping of datacenters`);
    const missing = join(dir, 'nope.yaml');
    expect(() => Inventory.fromSeedFile(missing)).toThrow(`${missing}: invalid seed: the seed file does not exist`);
  });

  it('through the bin: message on stderr (no stack trace), exit 2', async () => {
    const doc = customSeed();
    doc.vms[0].host = 'host-99';
    doc.extra = 1;
    const file = seedFile(doc);
    const r = await runBin(['--port', '0', '--seed-mode', 'replace', '--seed', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('listening');
    expect(r.stderr).toContain(`vsphere-mock: ${file}: invalid seed (2 problems):`);
    expect(r.stderr).toContain("unknown top-level key 'extra'");
    expect(r.stderr).toContain("vms[0] (VM 'vm-20'): host 'host-99' does not exist");
    expect(r.stderr).not.toMatch(/^\s+at /m);

    const missing = await runBin(['--port', '0', '--seed', join(dir, 'missing.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`vsphere-mock: ${join(dir, 'missing.yaml')}: invalid seed: the seed file does not exist`);
  });
});
