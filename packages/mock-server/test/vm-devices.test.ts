// Typed VM devices: GET /api/vcenter/vm/{vm} answers the per-family Info shapes (checked against the
// spec on every answer), and POST /api/vcenter/vm takes the per-family create specs and shows them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assignPciSlots } from '../src/families/vm/vm-devices.js';
import { Inventory } from '../src/state/inventory.js';
import type { Vm } from '../src/state/types.js';
import { call, login, start, useMockServer } from './helpers/server.js';

const mock = useMockServer();

const { api } = mock;
const placement = { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' };
const create = (extra: Record<string, unknown>, name = 'dev-test') => api('POST', '/api/vcenter/vm', { name, guest_OS: 'RHEL_9_64', placement, ...extra });

describe('seeded VMs', () => {
  it('web-01 answers what the spec example shows', async () => {
    const spec = JSON.parse(readFileSync(new URL('../src/generated/spec.gen.json', import.meta.url), 'utf8'));
    const example = spec.paths['/api/vcenter/vm/{vm}'].get.responses['200'].content['application/json'].example;
    const r = await api('GET', '/api/vcenter/vm/vm-1072');
    expect(r.status).toBe(200);
    for (const family of ['disks', 'nics', 'cdroms', 'floppies', 'parallel_ports', 'serial_ports', 'sata_adapters', 'scsi_adapters', 'nvme_adapters']) {
      expect(r.body[family], family).toEqual(example[family]);
    }
  });

  it('every seeded VM and template has typed devices (Windows: LSI Logic SAS, SATA CD-ROM; edge-gw: a distributed port and a console port)', async () => {
    for (const id of ['vm-1072', 'vm-1073', 'vm-1074', 'vm-1075', 'vm-1076']) expect((await api('GET', `/api/vcenter/vm/${id}`)).status).toBe(200);
    const win = (await api('GET', '/api/vcenter/vm/vm-1075')).body;
    expect(win.scsi_adapters['1000']).toMatchObject({ type: 'LSILOGICSAS', scsi: { bus: 0, unit: 7 } });
    expect(win.cdroms['16000']).toMatchObject({ type: 'SATA', sata: { bus: 0, unit: 0 } });
    expect(win.sata_adapters['15000']).toEqual({ label: 'SATA controller 0', type: 'AHCI', bus: 0, pci_slot_number: 32 });
    const db = (await api('GET', '/api/vcenter/vm/vm-1074')).body;
    expect(db.disks['2001']).toMatchObject({ scsi: { bus: 0, unit: 1 }, capacity: 107374182400, backing: { vmdk_file: '[datastore1] db-01/db-01_1.vmdk' } });
    expect(db.nics['4000'].state).toBe('NOT_CONNECTED'); // powered off
    const gw = (await api('GET', '/api/vcenter/vm/vm-1076')).body;
    expect(gw.nics['4001'].backing).toMatchObject({ type: 'DISTRIBUTED_PORTGROUP', network: 'dvportgroup-1071', distributed_port: '12' });
    expect(gw.nics['4001'].backing.distributed_switch_uuid).toMatch(/^([0-9a-f]{2} ){7}[0-9a-f]{2}-([0-9a-f]{2} ){7}[0-9a-f]{2}$/);
    expect(gw.serial_ports['9000']).toMatchObject({
      yield_on_poll: true,
      backing: { type: 'NETWORK_SERVER', network_location: 'telnet://:9001' },
      state: 'NOT_CONNECTED',
    });
    await api('POST', '/api/vcenter/vm/vm-1076/power?action=start');
    const on = (await api('GET', '/api/vcenter/vm/vm-1076')).body;
    expect([on.serial_ports['9000'].state, on.nics['4001'].state]).toEqual(['CONNECTED', 'CONNECTED']);
  });

  it('fills in what sparse device records (hand-written seeds, older state files) leave out', async () => {
    const seed = structuredClone(mock.server.core.state.toData());
    const vm = seed.vms.find((v) => v.id === 'vm-1072')!;
    vm.disks = { '2000': { label: 'Hard disk 1', capacity: 1024 }, '2001': {} };
    vm.nics = { '4000': { label: 'Network adapter 1', network: 'dvportgroup-1071' } };
    vm.cdroms = { '3000': {} };
    vm.serial_ports = { '9000': {} };
    delete vm.scsi_adapters;
    const inv = Inventory.fromData(seed);
    mock.server.core.state.vms.set('vm-1072', inv.vms.get('vm-1072')!);
    const info = (await api('GET', '/api/vcenter/vm/vm-1072')).body;
    expect(info.disks).toEqual({
      '2000': {
        label: 'Hard disk 1',
        type: 'SCSI',
        scsi: { bus: 0, unit: 0 },
        backing: { type: 'VMDK_FILE', vmdk_file: '[datastore1] web-01/web-01.vmdk' },
        capacity: 1024,
      },
      '2001': { label: 'Hard disk 2', type: 'SCSI', scsi: { bus: 0, unit: 1 }, backing: { type: 'VMDK_FILE', vmdk_file: '[datastore1] web-01/web-01_1.vmdk' } },
    });
    expect(info.nics['4000']).toMatchObject({ type: 'VMXNET3', mac_type: 'ASSIGNED', state: 'CONNECTED', backing: { type: 'DISTRIBUTED_PORTGROUP' } });
    expect(info.nics['4000'].mac_address).toMatch(/^00:50:56:[89ab][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/);
    expect(info.cdroms['3000']).toMatchObject({
      label: 'CD/DVD drive 1',
      type: 'IDE',
      ide: { primary: true, master: true },
      backing: { type: 'HOST_DEVICE', auto_detect: true },
    });
    expect(info.serial_ports['9000']).toMatchObject({ label: 'Serial port 1', yield_on_poll: false, backing: { type: 'HOST_DEVICE', auto_detect: true } });
    expect(info.scsi_adapters).toEqual({ '1000': { label: 'SCSI controller 0', type: 'PVSCSI', scsi: { bus: 0, unit: 7 }, sharing: 'NONE' } });
  });
});

describe('POST /api/vcenter/vm with typed device specs', () => {
  it('creates a disk from new_vmdk and shows it, with a SCSI controller added for it', async () => {
    const r = await create({ disks: [{ new_vmdk: { capacity: 10737418240 } }] });
    expect(r.status).toBe(201);
    const info = (await api('GET', `/api/vcenter/vm/${r.body}`)).body;
    expect(info.disks).toEqual({
      '2000': {
        label: 'Hard disk 1',
        type: 'SCSI',
        scsi: { bus: 0, unit: 0 },
        backing: { type: 'VMDK_FILE', vmdk_file: '[datastore1] dev-test/dev-test.vmdk' },
        capacity: 10737418240,
      },
    });
    expect(info.scsi_adapters).toEqual({ '1000': { label: 'SCSI controller 0', type: 'PVSCSI', scsi: { bus: 0, unit: 7 }, sharing: 'NONE' } });
    expect([info.nics, info.cdroms, info.sata_adapters, info.nvme_adapters]).toEqual([{}, {}, {}, {}]);
  });

  it('takes every device family and reflects it', async () => {
    const r = await create({
      scsi_adapters: [{ type: 'LSILOGIC', bus: 1, sharing: 'VIRTUAL' }],
      sata_adapters: [{}],
      nvme_adapters: [{ pci_slot_number: 256 }],
      disks: [
        { scsi: { bus: 1 }, new_vmdk: { name: 'data', capacity: 2147483648 } },
        { type: 'NVME', new_vmdk: {} },
        { sata: { bus: 0, unit: 3 }, backing: { type: 'VMDK_FILE', vmdk_file: '[datastore1] shared/shared.vmdk' } },
        { type: 'IDE', ide: { primary: false }, new_vmdk: { capacity: 1073741824 } },
      ],
      cdroms: [{ backing: { type: 'ISO_FILE', iso_file: '[nfs-isos] iso/rhel-9.4.iso' }, start_connected: true }, { type: 'SATA' }],
      floppies: [{ backing: { type: 'IMAGE_FILE', image_file: '[datastore1] floppy/drivers.flp' } }],
      parallel_ports: [{ backing: { type: 'FILE', file: '[datastore1] dev-test/lpt.out' } }],
      serial_ports: [{ yield_on_poll: true, backing: { type: 'NETWORK_SERVER', network_location: 'telnet://:9001' }, start_connected: true }],
      nics: [
        {
          type: 'E1000E',
          mac_type: 'MANUAL',
          mac_address: '00:50:56:AA:BB:01',
          backing: { type: 'DISTRIBUTED_PORTGROUP', network: 'dvportgroup-1071' },
          start_connected: true,
        },
        {},
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body as string;
    const info = (await api('GET', `/api/vcenter/vm/${id}`)).body;
    expect(info.scsi_adapters).toEqual({ '1000': { label: 'SCSI controller 1', type: 'LSILOGIC', scsi: { bus: 1, unit: 7 }, sharing: 'VIRTUAL' } });
    expect(info.sata_adapters).toEqual({ '15000': { label: 'SATA controller 0', type: 'AHCI', bus: 0 } });
    expect(info.nvme_adapters).toEqual({ '31000': { label: 'NVME controller 0', bus: 0, pci_slot_number: 256 } });
    // Disk and drive ids follow from their addresses, as vCenter numbers them.
    expect(Object.keys(info.disks).sort()).toEqual(['16003', '2016', '3002', '32000']);
    expect(info.disks['2016']).toMatchObject({
      type: 'SCSI',
      scsi: { bus: 1, unit: 0 },
      backing: { vmdk_file: '[datastore1] dev-test/data.vmdk' },
      capacity: 2147483648,
    });
    expect(info.disks['32000']).toMatchObject({
      type: 'NVME',
      nvme: { bus: 0, unit: 0 },
      backing: { vmdk_file: '[datastore1] dev-test/dev-test.vmdk' },
      capacity: 16 * 1024 ** 3,
    });
    expect(info.disks['16003']).toEqual({
      label: 'Hard disk 3',
      type: 'SATA',
      sata: { bus: 0, unit: 3 },
      backing: { type: 'VMDK_FILE', vmdk_file: '[datastore1] shared/shared.vmdk' },
    });
    expect(info.disks['3002']).toMatchObject({
      type: 'IDE',
      ide: { primary: false, master: true },
      backing: { vmdk_file: '[datastore1] dev-test/dev-test_1.vmdk' },
    });
    expect(info.cdroms['3000']).toMatchObject({
      type: 'IDE',
      ide: { primary: true, master: true },
      backing: { type: 'ISO_FILE', iso_file: '[nfs-isos] iso/rhel-9.4.iso' },
      state: 'NOT_CONNECTED',
      start_connected: true,
    });
    expect(info.cdroms['16000']).toMatchObject({
      type: 'SATA',
      sata: { bus: 0, unit: 0 },
      backing: { type: 'HOST_DEVICE', auto_detect: true, device_access_type: 'EMULATION' },
      start_connected: false,
      allow_guest_control: false,
    });
    expect(info.floppies['8000']).toMatchObject({ label: 'Floppy drive 1', backing: { type: 'IMAGE_FILE', image_file: '[datastore1] floppy/drivers.flp' } });
    expect(info.parallel_ports['10000']).toMatchObject({ label: 'Parallel port 1', backing: { type: 'FILE', file: '[datastore1] dev-test/lpt.out' } });
    expect(info.serial_ports['9000']).toMatchObject({
      label: 'Serial port 1',
      yield_on_poll: true,
      backing: { type: 'NETWORK_SERVER', network_location: 'telnet://:9001' },
    });
    expect(info.nics['4000']).toMatchObject({
      type: 'E1000E',
      mac_type: 'MANUAL',
      mac_address: '00:50:56:aa:bb:01',
      backing: { type: 'DISTRIBUTED_PORTGROUP', network: 'dvportgroup-1071' },
    });
    expect(info.nics['4000']).not.toHaveProperty('upt_compatibility_enabled');
    expect(info.nics['4001']).toMatchObject({
      type: 'VMXNET3',
      upt_compatibility_enabled: false,
      mac_type: 'ASSIGNED',
      backing: { type: 'STANDARD_PORTGROUP', network: 'network-1070', network_name: 'VM Network' },
    });

    // The first power-on hands out PCI slots and connects what starts connected.
    await api('POST', `/api/vcenter/vm/${id}/power?action=start`);
    const on = (await api('GET', `/api/vcenter/vm/${id}`)).body;
    expect(on.scsi_adapters['1000'].pci_slot_number).toBe(160);
    expect(on.nvme_adapters['31000'].pci_slot_number).toBe(256);
    expect(on.nics['4000'].pci_slot_number).toBeTypeOf('number');
    expect([on.cdroms['3000'].state, on.cdroms['16000'].state, on.nics['4000'].state, on.nics['4001'].state]).toEqual([
      'CONNECTED',
      'NOT_CONNECTED',
      'CONNECTED',
      'NOT_CONNECTED',
    ]);
  });

  it('a clone gets its own disk files and MAC addresses', async () => {
    const r = await api('POST', '/api/vcenter/vm?action=clone', { source: 'vm-1074', name: 'db-02', placement: { datastore: 'datastore-1067' } });
    expect(r.status).toBe(200);
    const info = (await api('GET', `/api/vcenter/vm/${r.body}`)).body;
    expect(Object.values(info.disks).map((d: any) => d.backing.vmdk_file)).toEqual(['[vsanDatastore] db-02/db-02.vmdk', '[vsanDatastore] db-02/db-02_1.vmdk']);
    const source = (await api('GET', '/api/vcenter/vm/vm-1074')).body;
    expect(info.nics['4000'].mac_address).not.toBe(source.nics['4000'].mac_address);
  });

  it('refuses impossible device specs', async () => {
    const refused: [Record<string, unknown>, string, string][] = [
      [{ disks: [{}] }, 'INVALID_ARGUMENT', 'exactly one of backing and new_vmdk'],
      [{ disks: [{ backing: { type: 'VMDK_FILE', vmdk_file: '[datastore1] a.vmdk' }, new_vmdk: {} }] }, 'INVALID_ARGUMENT', 'exactly one'],
      [{ disks: [{ backing: { type: 'VMDK_FILE' } }] }, 'INVALID_ARGUMENT', 'needs the path'],
      [{ disks: [{ scsi: { bus: 0, unit: 7 }, new_vmdk: {} }] }, 'INVALID_ARGUMENT', 'unit 7'],
      [
        {
          disks: [
            { scsi: { bus: 0, unit: 1 }, new_vmdk: {} },
            { scsi: { bus: 0, unit: 1 }, new_vmdk: {} },
          ],
        },
        'INVALID_ARGUMENT',
        'taken',
      ],
      [{ disks: [{ type: 'IDE', scsi: { bus: 0 }, new_vmdk: {} }] }, 'INVALID_ARGUMENT', 'does not fit'],
      [{ disks: Array.from({ length: 5 }, () => ({ type: 'IDE', new_vmdk: {} })) }, 'UNABLE_TO_ALLOCATE_RESOURCE', 'IDE slot'],
      [{ scsi_adapters: [{ bus: 2 }, { bus: 2 }] }, 'INVALID_ARGUMENT', 'used by another controller'],
      [{ scsi_adapters: [{ bus: 4 }] }, 'INVALID_ARGUMENT', 'does not exist'],
      [{ cdroms: [{ backing: { type: 'ISO_FILE' } }] }, 'INVALID_ARGUMENT', 'path of the image'],
      [{ nics: [{ backing: { type: 'STANDARD_PORTGROUP', network: 'dvportgroup-1071' } }] }, 'INVALID_ARGUMENT', 'is a DISTRIBUTED_PORTGROUP'],
      [{ nics: [{ backing: { type: 'STANDARD_PORTGROUP', network: 'network-9999' } }] }, 'NOT_FOUND', 'network-9999'],
      [{ nics: [{ mac_type: 'MANUAL' }] }, 'INVALID_ARGUMENT', 'needs the address'],
      [{ serial_ports: [{ backing: { type: 'PIPE_SERVER' } }] }, 'INVALID_ARGUMENT', 'name of the pipe'],
      [{ floppies: [{}, {}, {}] }, 'UNABLE_TO_ALLOCATE_RESOURCE', 'floppy drive'],
    ];
    for (const [extra, type, text] of refused) {
      const r = await create(extra);
      expect([r.body.error_type, r.body.messages?.[0]?.default_message], JSON.stringify(extra)).toEqual([type, expect.stringContaining(text)]);
    }
    // The request validator holds every device spec to its schema: no unknown fields, enums only.
    expect((await create({ disks: [{ new_vmdk: { capacity: 1 }, size: 3 }] })).body.error_type).toBe('UNEXPECTED_INPUT');
    expect((await create({ scsi_adapters: [{ type: 'VIRTIO' }] })).body.error_type).toBe('INVALID_ARGUMENT');
    expect((await create({ scsi_adapters: [{ bus: 'one' }] })).body.error_type).toBe('INVALID_ARGUMENT');
    expect((await api('GET', '/api/vcenter/vm?names=dev-test')).body).toEqual([]);
  });
});

describe('generated VMs (vmCount)', () => {
  it('a first power-on gives PCI slots to its own VM only, though generated VMs share device records', () => {
    const data = Inventory.defaults().toData();
    const template = data.vms[0]!;
    for (const family of [template.nics, template.scsi_adapters, template.sata_adapters, template.nvme_adapters]) {
      for (const device of Object.values(family ?? {})) delete (device as { pci_slot_number?: number }).pci_slot_number;
    }
    const inv = Inventory.fromData(data);
    inv.generateVms(2);
    const [first, second] = [...inv.vms.values()].filter((v) => v.name.startsWith('load-'));
    expect(second!.nics).toBe(first!.nics); // shared, not copied
    assignPciSlots(first!);
    const slots = (vm: Vm) => Object.values(vm.nics ?? {}).map((n) => n.pci_slot_number);
    expect(slots(first!).every((n) => typeof n === 'number')).toBe(true);
    expect(slots(second!).every((n) => n === undefined)).toBe(true);
  });

  it('answer per-VM values, and a power-on changes only its own VM', async () => {
    const server = await start({ vmCount: 8 });
    try {
      const sid = await login(server);
      const get = async (path: string) => (await call(server, 'GET', path, { session: sid })).body;
      const off = (await get('/api/vcenter/vm?power_states=POWERED_OFF&names=load-00001&names=load-00005')) as { vm: string }[];
      expect(off).toHaveLength(2);
      const [a, b] = off.map((v) => v.vm) as [string, string];
      const before = await get(`/api/vcenter/vm/${b}`);
      expect((await call(server, 'POST', `/api/vcenter/vm/${a}/power?action=start`, { session: sid })).status).toBe(204);
      const onInfo = await get(`/api/vcenter/vm/${a}`);
      // The other VM, which shares the records, is as it was.
      expect(await get(`/api/vcenter/vm/${b}`)).toEqual(before);
      // Per-VM values are derived from each VM, not shared.
      const macs = (info: any) => Object.values(info.nics).map((n: any) => n.mac_address);
      const files = (info: any) => Object.values(info.disks).map((d: any) => d.backing.vmdk_file);
      expect(macs(onInfo)).not.toEqual(macs(before));
      expect(files(onInfo)).not.toEqual(files(before));
      expect(server.core.responseViolations).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
