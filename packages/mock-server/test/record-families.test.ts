// Record and replay, family by family: a mock seeded with a rich inventory stands in for the real
// vCenter (VMs with every kind of device, storage policies with compliance results, content
// libraries with files, tags attached to objects); the recording is replayed by a second mock,
// which must answer every GET of those families as the first did. Then values the seed cannot
// hold, planted in the answers, are named with where they were, and the VM list past vCenter's
// 4,000 limit goes through the client's listAll.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, UnableToAllocateResourceError, VsphereCore } from '@vsphere-kit/client';
import type { CallArgs, Caller } from '@vsphere-kit/core/caller';
import type { RouteDef } from '@vsphere-kit/core/route';
import { listAll } from '@vsphere-kit/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInventory } from '../src/record/record.js';
import { AnswerChecker } from '../src/record/spec-check.js';
import { defaultSeed, loadGenerated, startMockServer, type MockServer } from '../src/index.js';
import type { StateData, Vm } from '../src/state/types.js';
import { runBin } from './helpers/bin.js';
import { call, login } from './helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'vsphere-record-families-'));
const CREDS = { ...process.env, VSPHERE_USERNAME: 'administrator@vsphere.local', VSPHERE_PASSWORD: 'VMware1!' };
const GOLD = 'aa11bb22-0000-4000-8000-000000000001';
const TIER = 'urn:vmomi:InventoryServiceCategory:00000000-0000-4000-8000-0000000000aa:GLOBAL';
const TAG = (n: number) => `urn:vmomi:InventoryServiceTag:00000000-0000-4000-8000-00000000000${n}:GLOBAL`;
const PRODUCTION = 'urn:vmomi:InventoryServiceTag:a8d0d278-edd1-4a79-86ac-fa9384595062:GLOBAL';

/** A VM with a device of every family, non-default hardware settings and NICs whose state differs from their start setting. */
const RICH_VM: Vm = {
  id: 'vm-1090',
  name: 'rich-01',
  guest_OS: 'UBUNTU_64',
  power_state: 'POWERED_ON',
  cpu_count: 4,
  cores_per_socket: 2,
  cpu_hot_add_enabled: true,
  cpu_hot_remove_enabled: true,
  memory_size_MiB: 8192,
  memory_hot_add_enabled: true,
  hardware_version: 'VMX_19',
  hardware_upgrade: { policy: 'AFTER_CLEAN_SHUTDOWN', version: 'VMX_21', status: 'PENDING' },
  datacenter: 'datacenter-1001',
  folder: 'group-v1007',
  resource_pool: 'resgroup-1056',
  host: 'host-1062',
  cluster: 'domain-c1055',
  datastore: 'datastore-1067',
  bios_uuid: '4209a9c4-7d4c-4b0f-a4a8-000000001090',
  instance_uuid: '5009b1d2-31e1-4e57-8f0b-000000001090',
  boot_type: 'EFI',
  boot: { delay: 3000, retry: true, retry_delay: 5000, enter_setup_mode: true, efi_legacy_boot: false, network_protocol: 'IPV6' },
  boot_devices: [{ type: 'CDROM' }, { type: 'DISK', disks: ['32000'] }],
  disks: {
    '32000': { label: 'Hard disk 1', type: 'NVME', nvme: { bus: 0, unit: 0 }, vmdk_file: '[vsanDatastore] rich-01/rich-01.vmdk', capacity: 34359738368 },
    '32001': { label: 'Hard disk 2', type: 'NVME', nvme: { bus: 0, unit: 1 }, vmdk_file: '[datastore1] rich-01/rich-01_1.vmdk', capacity: 1073741824 },
  },
  nics: {
    '4000': { label: 'Network adapter 1', network: 'dvportgroup-1071', type: 'VMXNET3', distributed_port: '12', start_connected: true, connected: false },
    '4001': {
      label: 'Network adapter 2',
      network: 'network-1070',
      type: 'E1000E',
      mac_type: 'MANUAL',
      mac_address: '00:50:56:3f:00:01',
      start_connected: false,
      allow_guest_control: false,
      connected: true,
    },
  },
  cdroms: {
    '16000': {
      label: 'CD/DVD drive 1',
      type: 'SATA',
      sata: { bus: 0, unit: 0 },
      backing: { type: 'ISO_FILE', iso_file: '[nfs-isos] ubuntu-24.04.iso' },
      start_connected: true,
    },
  },
  floppies: { '8000': { label: 'Floppy drive 1', backing: { type: 'IMAGE_FILE', image_file: '[datastore1] rich-01/boot.flp' } } },
  parallel_ports: {},
  serial_ports: {
    '9000': { label: 'Serial port 1', yield_on_poll: true, backing: { type: 'NETWORK_SERVER', network_location: 'telnet://:7001' }, start_connected: true },
  },
  sata_adapters: { '15000': { label: 'SATA controller 0', type: 'AHCI', bus: 0, pci_slot_number: 33 } },
  scsi_adapters: {},
  nvme_adapters: { '31000': { label: 'NVME controller 0', bus: 0, pci_slot_number: 256 } },
};

/** The default inventory without edge-gw, with the rich VM, a VMFS-only policy, a second tag category and attached tags. */
function richSeed(): StateData {
  const s = defaultSeed();
  s.vms = [...s.vms.filter((v) => v.id !== 'vm-1076'), RICH_VM];
  s.storage_policies.push({ id: GOLD, name: 'vmfs-gold', description: 'Fast local disks', datastore_types: ['VMFS'] });
  const nfs = s.datastores.find((d) => d.name === 'nfs-isos')!;
  nfs.multiple_host_access = false;
  s.datastores.find((d) => d.name === 'datastore1')!.default_policy = GOLD;
  const rules = s.rules!;
  rules.guests = {
    ...rules.guests,
    // Customized: its own host name, domain and DNS; Tools installed by hand, upgraded at each power cycle.
    'vm-1090': {
      host_name: 'rich',
      domain_name: 'corp.example',
      dns_servers: ['10.0.0.53'],
      tools: { install_type: 'MSI', version_number: 12352, upgrade_policy: 'UPGRADE_AT_POWER_CYCLE', install_attempt_count: 2 },
    },
    // Running without Tools: guest calls are unavailable.
    'vm-1072': { tools: { version_number: 0 } },
  };
  rules.vm_storage_policies = {
    ...rules.vm_storage_policies,
    // Checked while the home was on nfs-isos: it reads OUT_OF_DATE now.
    'vm-1073': { vm_home: { policy: GOLD, status: 'COMPLIANT', check_time: '2026-01-02T03:04:05.000Z', datastore: nfs.id }, disks: {} },
    'vm-1090': {
      disks: { '32001': { policy: GOLD, status: 'COMPLIANT', check_time: '2026-01-02T03:04:05.000Z', datastore: 'datastore-1061' } },
    },
  };
  rules.tag_categories![TIER] = {
    id: TIER,
    name: 'tier',
    description: 'Service tier',
    cardinality: 'MULTIPLE',
    associable_types: ['VirtualMachine', 'HostSystem'],
    used_by: ['backup-service'],
  };
  rules.tags![TAG(1)] = { id: TAG(1), name: 'gold', description: 'Gold tier', category_id: TIER };
  rules.tags![TAG(2)] = { id: TAG(2), name: 'silver', description: '', category_id: TIER, used_by: ['backup-service'] };
  rules.tag_associations = {
    [TAG(1)]: [
      { type: 'VirtualMachine', id: 'vm-1072' },
      { type: 'HostSystem', id: 'host-1062' },
    ],
    [PRODUCTION]: [{ type: 'VirtualMachine', id: 'vm-1090' }],
  };
  return s;
}

let real: MockServer;
let replay: MockServer;
const seedFile = join(dir, 'seed.json');
let stdout = '';

beforeAll(async () => {
  real = await startMockServer({ port: 0, seed: richSeed() as never, seedMode: 'replace' });
  const r = await runBin(['--record-from', real.url, '--out', seedFile], CREDS);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  stdout = r.stdout;
  // No --seed-mode: the seed says it is a recording, so it replaces the default inventory.
  replay = await startMockServer({ port: 0, seed: seedFile, validateResponses: true });
}, 60_000);
afterAll(async () => {
  await real?.close();
  await replay?.close();
});

describe('a recording replayed by a second mock', () => {
  let sessions: [string, string];
  beforeAll(async () => {
    sessions = [await login(real), await login(replay)];
  });

  /** The same request to both mocks: the replay answers as the recorded one did. */
  const same = async (method: string, path: string, body?: unknown) => {
    const [x, y] = [await call(real, method, path, { session: sessions[0], body }), await call(replay, method, path, { session: sessions[1], body })];
    expect(x.status, `${method} ${path} on the recorded mock`).toBe(200);
    expect({ status: y.status, body: y.body }, `${method} ${path}`).toEqual({ status: x.status, body: x.body });
    return x.body as never;
  };

  it('counts every family it recorded and finds every answer in the specs', () => {
    expect(stdout).toMatch(
      /^recorded 2 datacenters, 11 folders, 3 clusters, 4 hosts, 3 datastores, 3 networks, 5 resource pools, 5 VMs, 3 VM templates, 5 storage policies, 3 content libraries with 5 items, 2 tag categories with 3 tags in \d+ read-only calls to /,
    );
    expect(stdout).toContain('every answer matches the specs\n');
    // The template GET describes the current version only: the earlier one is recorded with its hardware, and said so.
    expect(stdout).toMatch(
      /\n1 value the seed cannot hold as recorded:\n {2}vcenter\.vmTemplate\.libraryItems\.versions\.list d2c6a0f4-5b1e-4c3a-9f7d-8e2b1a6c4d90 \/0: version 1 \(template 'vm-1079'\) is recorded with the current version's hardware: the API does not describe earlier versions\n$/,
    );
  });

  it('sent the recorded vCenter read-only calls only: GETs and the two actions that only read', () => {
    const sent = real.requests();
    expect(sent.length).toBeGreaterThan(100);
    expect(sent.length).toBeLessThan(1000); // the journal holds them all
    // Besides its own session: the login and the logout at the end.
    const writes = sent.filter((q) => q.method !== 'GET' && q.operation !== 'session.create' && q.operation !== 'session.delete');
    expect(sent.filter((q) => q.operation === 'session.delete')).toHaveLength(1);
    expect([...new Set(writes.map((q) => `${q.method} ${q.operation}`))].sort()).toEqual([
      'POST cis.tagging.tagAssociation.listAttachedObjects',
      'POST vcenter.storage.policies.checkCompatibility',
    ]);
    expect(
      sent
        .filter((q) => !(q.status === 200 || q.status === 201 || q.status === 204 || (q.status === 503 && /\/guest\//.test(q.path))))
        .map((q) => `${q.status} ${q.method} ${q.path}`),
    ).toEqual([]);
  });

  it('marks the seed as a recording, naming the server only', () => {
    const seed = JSON.parse(readFileSync(seedFile, 'utf8')) as StateData;
    expect(seed.recorded).toEqual({ from: new URL(real.url).origin, vcenter_version: '8.0.2.00000', build: '22385739', time: expect.any(String) });
    expect(readFileSync(seedFile, 'utf8')).not.toContain('VMware1!');
  });

  it('answers every VM GET alike: hardware, boot, CPU, memory and every device', async () => {
    const vms = (await same('GET', '/api/vcenter/vm')) as { vm: string }[];
    expect(vms.map((v) => v.vm)).toContain('vm-1090');
    for (const { vm } of vms) {
      await same('GET', `/api/vcenter/vm/${vm}`);
      for (const family of ['disk', 'ethernet', 'cdrom', 'floppy', 'serial', 'parallel', 'adapter/sata', 'adapter/scsi', 'adapter/nvme', 'boot/device'])
        await same('GET', `/api/vcenter/vm/${vm}/hardware/${family}`);
    }
    // The device states a running VM shows: a NIC disconnected though it starts connected, and the reverse.
    const rich = (await same('GET', '/api/vcenter/vm/vm-1090')) as { nics: Record<string, { state: string }> };
    expect([rich.nics['4000']!.state, rich.nics['4001']!.state]).toEqual(['NOT_CONNECTED', 'CONNECTED']);
  });

  it('answers the storage policy GETs alike: policies, datastore defaults, VM policies and compliance', async () => {
    const policies = (await same('GET', '/api/vcenter/storage/policies')) as { policy: string }[];
    const datastores = (await same('GET', '/api/vcenter/datastore')) as { datastore: string }[];
    for (const { datastore } of datastores) {
      await same('GET', `/api/vcenter/datastore/${datastore}`);
      await same('GET', `/api/vcenter/datastore/${datastore}/default-policy`);
    }
    for (const { policy } of policies) {
      await same('GET', `/api/vcenter/storage/policies/${policy}/vm`);
      await same('POST', `/api/vcenter/storage/policies/${policy}?action=check-compatibility`, { datastores: datastores.map((d) => d.datastore) });
    }
    for (const vm of ['vm-1072', 'vm-1073', 'vm-1074', 'vm-1090']) {
      await same('GET', `/api/vcenter/vm/${vm}/storage/policy`);
      await same('GET', `/api/vcenter/vm/${vm}/storage/policy/compliance`);
    }
    const all = 'status=COMPLIANT&status=NON_COMPLIANT&status=UNKNOWN_COMPLIANCE&status=NOT_APPLICABLE&status=OUT_OF_DATE';
    const byVm = (await same('GET', `/api/vcenter/storage/policies/compliance/vm?${all}`)) as Record<string, { vm_home?: string }>;
    expect(byVm['vm-1073']?.vm_home).toBe('OUT_OF_DATE');
  });

  it('answers the content library GETs alike: libraries, items and their files', async () => {
    const libraries = (await same('GET', '/api/content/library')) as string[];
    expect(libraries.length).toBe(3);
    for (const library of libraries) {
      await same('GET', `/api/content/library/${library}`);
      for (const item of (await same('GET', `/api/content/library/item?library_id=${library}`)) as string[]) {
        await same('GET', `/api/content/library/item/${item}`);
        await same('GET', `/api/content/library/item/${item}/file`);
        await same('GET', `/api/content/library/item/${item}/storage`);
      }
    }
  });

  it('answers the VM template GETs alike: templates, their versions and check-outs', async () => {
    let templates = 0;
    for (const library of (await same('GET', '/api/content/library')) as string[]) {
      for (const item of (await same('GET', `/api/content/library/item?library_id=${library}`)) as string[]) {
        const { type } = (await same('GET', `/api/content/library/item/${item}`)) as { type: string };
        if (type !== 'vm-template') continue;
        templates++;
        const base = `/api/vcenter/vm-template/library-items/${item}`;
        await same('GET', base);
        for (const { version } of (await same('GET', `${base}/versions`)) as { version: string }[]) await same('GET', `${base}/versions/${version}`);
        for (const { vm } of (await same('GET', `${base}/check-outs`)) as { vm: string }[]) await same('GET', `${base}/check-outs/${vm}`);
      }
    }
    expect(templates).toBe(2);
    expect(replay.state.templates.size).toBe(3);
  });

  it('answers the Tools and guest GETs alike, unavailable where the guest has no Tools', async () => {
    for (const { vm } of (await same('GET', '/api/vcenter/vm')) as { vm: string }[]) {
      await same('GET', `/api/vcenter/vm/${vm}/tools`);
      for (const part of ['identity', 'networking', 'networking/interfaces']) {
        const path = `/api/vcenter/vm/${vm}/guest/${part}`;
        const [x, y] = [await call(real, 'GET', path, { session: sessions[0] }), await call(replay, 'GET', path, { session: sessions[1] })];
        expect({ status: y.status, body: y.body }, path).toEqual({ status: x.status, body: x.body });
      }
    }
    const rich = (await same('GET', '/api/vcenter/vm/vm-1090/guest/networking')) as { dns_values: unknown };
    expect(rich.dns_values).toEqual({ host_name: 'rich', domain_name: 'corp.example' });
    expect((await call(replay, 'GET', '/api/vcenter/vm/vm-1072/guest/identity', { session: sessions[1] })).status).toBe(503);
  });

  it('answers the tagging GETs alike: categories, tags and the objects they are attached to', async () => {
    for (const category of (await same('GET', '/api/cis/tagging/category')) as string[]) await same('GET', `/api/cis/tagging/category/${category}`);
    const tags = (await same('GET', '/api/cis/tagging/tag')) as string[];
    expect(tags).toHaveLength(3);
    for (const tag of tags) {
      await same('GET', `/api/cis/tagging/tag/${tag}`);
      await same('POST', `/api/cis/tagging/tag-association/${tag}?action=list-attached-objects`);
    }
    const onVm = (await same('POST', '/api/cis/tagging/tag-association?action=list-attached-tags', {
      object_id: { type: 'VirtualMachine', id: 'vm-1090' },
    })) as string[];
    expect(onVm).toEqual([PRODUCTION]);
  });

  it('replaces the default inventory unless told to extend it, and its answers fit the specs', async () => {
    // edge-gw is in the default inventory, not in the recorded one.
    expect((await call(replay, 'GET', '/api/vcenter/vm/vm-1076', { session: sessions[1] })).status).toBe(404);
    const extended = await startMockServer({ port: 0, seed: seedFile, seedMode: 'extend' });
    try {
      expect((await call(extended, 'GET', '/api/vcenter/vm/vm-1076', { session: await login(extended) })).status).toBe(200);
    } finally {
      await extended.close();
    }
    expect(replay.core.responseViolations).toEqual([]);
  });
});

describe('recording values the seed cannot hold', () => {
  it('names each with its operation, object and pointer, leaves it out, and writes a seed that loads', async () => {
    const { spec, routes } = await loadGenerated();
    const core = new VsphereCore({ baseUrl: real.url, username: 'administrator@vsphere.local', password: 'VMware1!' });
    let refusedWholeList = 0;
    let reading = 0;
    const inFlight: number[] = [];
    /** The recorded mock, with answers a vCenter could give that the mock cannot model, and a VM list over the limit. */
    const planting: Caller = {
      async call<T>(route: RouteDef, args: CallArgs) {
        const query = (args.query ?? {}) as Record<string, unknown>;
        if (route.id === 'vcenter.vm.list' && Object.keys(query).length === 0) {
          refusedWholeList++;
          throw new UnableToAllocateResourceError({ status: 500, errorType: 'UNABLE_TO_ALLOCATE_RESOURCE' });
        }
        // A vCenter without storage policy management: the family is named and left empty, the rest recorded.
        if (route.id === 'vcenter.storage.policies.list') throw new NotFoundError({ status: 404, errorType: 'NOT_FOUND' });
        // The VMs are read a few at once: db-01's answer comes last, and the report keeps the list's order all the same.
        if (route.id === 'vcenter.vm.get') inFlight.push(++reading);
        if (route.id === 'vcenter.vm.get' && args.path?.vm === 'vm-1074') await new Promise((done) => setTimeout(done, 50));
        const body = (await core.call<Record<string, unknown>>(route, args).finally(() => {
          if (route.id === 'vcenter.vm.get') reading--;
        })) as Record<string, Record<string, unknown>>;
        if (route.id === 'vcenter.vm.get' && args.path?.vm === 'vm-1072') {
          body.disks!['16001'] = { label: 'Hard disk 9', type: 'SATA', sata: { bus: 0, unit: 1 }, backing: { type: 'RAW_DEVICE' } };
          body.nics!['4009'] = { label: 'Network adapter 9', type: 'VMXNET3', backing: { type: 'STANDARD_PORTGROUP', network: 'network-404' } };
          body.cdroms!['3002'] = { label: 'CD/DVD drive 9', type: 'NVME', backing: { type: 'ISO_FILE' } };
        }
        // Missing fields: the memory size comes from the VM list; a CPU count from nowhere is named.
        if (route.id === 'vcenter.vm.get' && args.path?.vm === 'vm-1073') delete body.memory;
        if (route.id === 'vcenter.vm.get' && args.path?.vm === 'vm-1074') delete body.cpu;
        if (route.id === 'vcenter.vm.list') for (const row of body as unknown as Record<string, unknown>[]) if (row.vm === 'vm-1074') delete row.cpu_count;
        if (route.id === 'cis.tagging.tag.get' && args.path?.tag_id === TAG(2)) body.category_id = 'urn:nowhere' as never;
        // Off-spec answers of the newly recorded families: the spec check names them as it does for the inventory's.
        if (route.id === 'cis.tagging.tag.get' && args.path?.tag_id === TAG(1)) body.description = 42 as never;
        if (route.id === 'content.library.get') body.mirror_of = 'elsewhere' as never;
        return body as T;
      },
      callTask: () => Promise.reject(new Error('no tasks here')),
    };
    try {
      await core.login();
      const recording = await recordInventory(planting, routes, new AnswerChecker(spec), { listAll, from: real.url });
      // In the order listAll's split lists the VMs (db-01's folder first).
      expect(recording.misfits).toEqual([
        { operation: 'vcenter.vm.get', object: 'vm-1074', pointer: '/cpu/count', message: 'no CPU count here or in the VM list: recorded as 1' },
        {
          operation: 'vcenter.vm.get',
          object: 'vm-1072',
          pointer: '/disks/16001/backing',
          message: 'disk backed by "RAW_DEVICE" without a vmdk file, which the mock does not model: left out',
        },
        {
          operation: 'vcenter.vm.get',
          object: 'vm-1072',
          pointer: '/nics/4009/backing/network',
          message: "network 'network-404' is not in the recorded inventory: left out",
        },
        {
          operation: 'vcenter.vm.get',
          object: 'vm-1072',
          pointer: '/cdroms/3002/type',
          message: 'CD-ROM drive on bus "NVME", which the mock does not model: left out',
        },
        { operation: 'storage policies', object: '', pointer: '', message: 'not recorded: NOT_FOUND: HTTP 404' },
        {
          operation: 'vcenter.vmTemplate.libraryItems.versions.list',
          object: 'd2c6a0f4-5b1e-4c3a-9f7d-8e2b1a6c4d90',
          pointer: '/0',
          message: "version 1 (template 'vm-1079') is recorded with the current version's hardware: the API does not describe earlier versions",
        },
        {
          operation: 'cis.tagging.tag.get',
          object: TAG(2),
          pointer: '/category_id',
          message: 'category "urn:nowhere" is not among the recorded ones: the tag is left out',
        },
      ]);
      expect(recording.differences).toEqual(
        expect.arrayContaining([
          { operation: 'cis.tagging.tag.get', pointer: '/description', expected: 'type string', received: '42' },
          { operation: 'content.library.get', pointer: '/mirror_of', expected: 'no such field', received: '"elsewhere"' },
          { operation: 'vcenter.vm.get', pointer: '/memory', expected: 'a value (required)', received: 'nothing' },
          { operation: 'vcenter.vm.get', pointer: '/cdroms/3002/type', expected: expect.stringMatching(/^one of IDE, SATA/), received: '"NVME"' },
        ]),
      );
      expect(Math.max(...inFlight)).toBeGreaterThan(1);
      // The whole list was refused as over the limit; listAll split it, and every VM is there.
      expect(refusedWholeList).toBeGreaterThan(0);
      expect(recording.seed.vms.map((v) => v.id).sort()).toEqual(['vm-1072', 'vm-1073', 'vm-1074', 'vm-1075', 'vm-1090']);
      const byId = new Map(recording.seed.vms.map((v) => [v.id, v]));
      expect([byId.get('vm-1073')?.memory_size_MiB, byId.get('vm-1074')?.cpu_count]).toEqual([
        richSeed().vms.find((v) => v.id === 'vm-1073')!.memory_size_MiB,
        1,
      ]);
      const vm = recording.seed.vms.find((v) => v.id === 'vm-1072')!;
      expect(Object.keys(vm.disks!)).toEqual(['2000']);
      expect([recording.seed.storage_policies, recording.seed.rules?.vm_storage_policies]).toEqual([[], {}]);
      // The seed loads, and the VM reads as the recorded one did without the planted devices.
      const loaded = await startMockServer({ port: 0, seed: recording.seed as never });
      try {
        const got = await call(loaded, 'GET', '/api/vcenter/vm/vm-1072', { session: await login(loaded) });
        const want = await call(real, 'GET', '/api/vcenter/vm/vm-1072', { session: await login(real) });
        expect(got.body).toEqual(want.body);
      } finally {
        await loaded.close();
      }
    } finally {
      await core.close();
    }
  }, 30_000);
});
