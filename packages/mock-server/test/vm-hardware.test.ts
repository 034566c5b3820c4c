// VM hardware: every /api/vcenter/vm/{vm}/hardware* route reads and writes the VM's one model (the
// one GET /api/vcenter/vm/{vm} shows), with vCenter's rules. Seed: web-01 (vm-1072, powered on,
// RHEL, 2 CPUs, 4 GiB, CPU and memory hot add on), web-02 (vm-1073, the same without hot add), db-01 (vm-1074, powered off, 4 CPUs, 16 GiB), win-build (vm-1075,
// suspended), edge-gw (vm-1076, powered off, a NIC on dvportgroup-1071 port 12, serial port 9000).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { call, login, useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

const vmInfo = async (vm: string) => (await api('GET', `/api/vcenter/vm/${vm}`)).body;
const expectError = (r: { status: number; body: any }, status: number, type: string, text?: string) => {
  expect([r.status, r.body?.error_type], JSON.stringify(r.body)).toEqual([status, type]);
  if (text) expect(r.body.messages[0].default_message).toContain(text);
};
const placement = { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' };

describe('cpu and memory', () => {
  it('read the VM’s own sizes (a 16 GiB, 4-CPU VM reads back as such)', async () => {
    expect((await api('GET', '/api/vcenter/vm/vm-1074/hardware/cpu')).body).toEqual({
      count: 4,
      cores_per_socket: 1,
      hot_add_enabled: false,
      hot_remove_enabled: false,
    });
    expect((await api('GET', '/api/vcenter/vm/vm-1074/hardware/memory')).body).toEqual({ size_MiB: 16384, hot_add_enabled: false });
  });

  it('a PATCH on a powered-off VM changes what the VM, its list row and the sub-resource show', async () => {
    expect((await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/cpu', { count: 8, cores_per_socket: 2, hot_add_enabled: true })).status).toBe(204);
    expect((await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/memory', { size_MiB: 32768, hot_add_enabled: true })).status).toBe(204);
    const info = await vmInfo('vm-1074');
    expect(info.cpu).toEqual({ count: 8, cores_per_socket: 2, hot_add_enabled: true, hot_remove_enabled: false });
    expect(info.memory).toEqual({ size_MiB: 32768, hot_add_enabled: true });
    expect((await api('GET', '/api/vcenter/vm?vms=vm-1074')).body[0]).toMatchObject({ cpu_count: 8, memory_size_MiB: 32768 });
    expect((await api('GET', '/api/vcenter/vm/vm-1074/hardware/cpu')).body.count).toBe(8);
  });

  it('hot-adds CPUs to a running VM only when CPU hot add is enabled', async () => {
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1073/hardware/cpu', { count: 4 }), 400, 'NOT_ALLOWED_IN_CURRENT_STATE', 'CPU hot add is not enabled');
    expect((await vmInfo('vm-1073')).cpu.count).toBe(2);

    await api('POST', '/api/vcenter/vm/vm-1073/power?action=stop');
    expect((await api('PATCH', '/api/vcenter/vm/vm-1073/hardware/cpu', { hot_add_enabled: true })).status).toBe(204);
    await api('POST', '/api/vcenter/vm/vm-1073/power?action=start');
    expect((await api('PATCH', '/api/vcenter/vm/vm-1073/hardware/cpu', { count: 4 })).status).toBe(204);
    expect((await vmInfo('vm-1073')).cpu).toMatchObject({ count: 4, hot_add_enabled: true });
    // Upward only: removing CPUs needs hot remove.
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1073/hardware/cpu', { count: 2 }), 400, 'NOT_ALLOWED_IN_CURRENT_STATE', 'CPU hot remove is not enabled');
  });

  it('the hot-plug flags and the cores per socket change only while powered off', async () => {
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1073/hardware/cpu', { hot_add_enabled: true }), 400, 'NOT_ALLOWED_IN_CURRENT_STATE', 'powered off');
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1073/hardware/cpu', { cores_per_socket: 2 }), 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1073/hardware/memory', { hot_add_enabled: true }), 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
    expect((await vmInfo('vm-1073')).cpu).toEqual({ count: 2, cores_per_socket: 1, hot_add_enabled: false, hot_remove_enabled: false });
  });

  it('hot-adds memory upward only, and only when memory hot add is enabled', async () => {
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1073/hardware/memory', { size_MiB: 8192 }), 400, 'NOT_ALLOWED_IN_CURRENT_STATE', 'memory hot add');
    await api('POST', '/api/vcenter/vm/vm-1073/power?action=stop');
    await api('PATCH', '/api/vcenter/vm/vm-1073/hardware/memory', { hot_add_enabled: true });
    await api('POST', '/api/vcenter/vm/vm-1073/power?action=start');
    expect((await api('PATCH', '/api/vcenter/vm/vm-1073/hardware/memory', { size_MiB: 8192 })).status).toBe(204);
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1073/hardware/memory', { size_MiB: 4096 }), 400, 'NOT_ALLOWED_IN_CURRENT_STATE', 'cannot be removed');
    expect((await vmInfo('vm-1073')).memory).toEqual({ size_MiB: 8192, hot_add_enabled: true });
  });

  it('web-01, with hot add on, takes more CPUs and memory while it runs (the spec examples)', async () => {
    expect((await api('PATCH', '/api/vcenter/vm/vm-1072/hardware/cpu', { count: 4 })).status).toBe(204);
    expect((await api('PATCH', '/api/vcenter/vm/vm-1072/hardware/memory', { size_MiB: 8192 })).status).toBe(204);
    expect(await vmInfo('vm-1072')).toMatchObject({ power_state: 'POWERED_ON', cpu: { count: 4 }, memory: { size_MiB: 8192 } });
  });

  it('a suspended VM takes no change', async () => {
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1075/hardware/cpu', { count: 8 }), 400, 'NOT_ALLOWED_IN_CURRENT_STATE', 'suspended');
  });

  it('bad sizes answer INVALID_ARGUMENT naming the field, and change nothing', async () => {
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/cpu', { count: 6, cores_per_socket: 4 }), 400, 'INVALID_ARGUMENT', "'spec.count'");
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/cpu', { count: 0 }), 400, 'INVALID_ARGUMENT', "'spec.count'");
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/memory', { size_MiB: 0 }), 400, 'INVALID_ARGUMENT', "'spec.size_MiB'");
    expect((await vmInfo('vm-1074')).cpu.count).toBe(4);
  });

  it('an unknown VM is NOT_FOUND, naming it', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/vcenter/vm/vm-404/hardware/cpu'],
      ['PATCH', '/api/vcenter/vm/vm-404/hardware/cpu', { count: 2 }],
      ['GET', '/api/vcenter/vm/vm-404/hardware/memory'],
      ['PATCH', '/api/vcenter/vm/vm-404/hardware/memory', { size_MiB: 2048 }],
      ['GET', '/api/vcenter/vm/vm-404/hardware/ethernet'],
      ['POST', '/api/vcenter/vm/vm-404/hardware/ethernet', {}],
      ['GET', '/api/vcenter/vm/vm-404/hardware/ethernet/4000'],
    ] as const) {
      expectError(await api(method, path, body), 404, 'NOT_FOUND', "'vm-404'");
    }
  });
});

describe('VM create keeps the hardware it is given', () => {
  it('memory and CPU hot-add flags and boot options are kept', async () => {
    const r = await api('POST', '/api/vcenter/vm', {
      name: 'hot',
      guest_OS: 'DEBIAN_8_64',
      placement,
      memory: { size_MiB: 1024, hot_add_enabled: true },
      cpu: { count: 2, hot_add_enabled: true, hot_remove_enabled: true },
      boot: { type: 'EFI', delay: 2000, network_protocol: 'IPV6' },
    });
    expect(r.status).toBe(201);
    const info = await vmInfo(r.body);
    expect(info.memory).toEqual({ size_MiB: 1024, hot_add_enabled: true });
    expect(info.cpu).toEqual({ count: 2, cores_per_socket: 1, hot_add_enabled: true, hot_remove_enabled: true });
    expect(info.boot).toEqual({
      type: 'EFI',
      efi_legacy_boot: false,
      network_protocol: 'IPV6',
      delay: 2000,
      retry: false,
      retry_delay: 10000,
      enter_setup_mode: false,
    });
  });

  it('a create without disks gets the guest OS’s default disk and controller (Linux: PVSCSI, 16 GiB)', async () => {
    const r = await api('POST', '/api/vcenter/vm', { name: 'test_vm1', guest_OS: 'DEBIAN_8_64', placement });
    const info = await vmInfo(r.body);
    expect(info.disks).toEqual({
      '2000': {
        label: 'Hard disk 1',
        type: 'SCSI',
        scsi: { bus: 0, unit: 0 },
        backing: { type: 'VMDK_FILE', vmdk_file: '[datastore1] test_vm1/test_vm1.vmdk' },
        capacity: 17179869184,
      },
    });
    expect(info.scsi_adapters).toEqual({ '1000': { label: 'SCSI controller 0', type: 'PVSCSI', scsi: { bus: 0, unit: 7 }, sharing: 'NONE' } });
    expect([info.nics, info.cdroms]).toEqual([{}, {}]);
  });

  it('Windows gets LSI Logic SAS and 90 GiB; an empty disk list means no disk', async () => {
    const win = await vmInfo((await api('POST', '/api/vcenter/vm', { name: 'w', guest_OS: 'WINDOWS_9_SERVER_64', placement })).body);
    expect(win.scsi_adapters['1000'].type).toBe('LSILOGICSAS');
    expect(win.disks['2000'].capacity).toBe(90 * 1024 ** 3);
    const bare = await vmInfo((await api('POST', '/api/vcenter/vm', { name: 'b', guest_OS: 'DEBIAN_8_64', placement, disks: [] })).body);
    expect(bare.disks).toEqual({});
  });
});

describe('network adapters (hardware/ethernet)', () => {
  it('lists and reads the VM’s own NIC 4000', async () => {
    expect((await api('GET', '/api/vcenter/vm/vm-1072/hardware/ethernet')).body).toEqual([{ nic: '4000' }]);
    const nic = (await api('GET', '/api/vcenter/vm/vm-1072/hardware/ethernet/4000')).body;
    expect(nic).toEqual((await vmInfo('vm-1072')).nics['4000']);
  });

  it('a new NIC joins the VM’s device set: next id, label, an assigned unique MAC, read back by GET', async () => {
    const r = await api('POST', '/api/vcenter/vm/vm-1074/hardware/ethernet', { backing: { type: 'STANDARD_PORTGROUP', network: 'network-1070' } });
    expect([r.status, r.body]).toEqual([201, '4001']);
    const nic = (await api('GET', '/api/vcenter/vm/vm-1074/hardware/ethernet/4001')).body;
    expect(nic).toMatchObject({
      label: 'Network adapter 2',
      type: 'VMXNET3',
      mac_type: 'ASSIGNED',
      backing: { type: 'STANDARD_PORTGROUP', network: 'network-1070', network_name: 'VM Network' },
      state: 'NOT_CONNECTED',
      start_connected: false,
    });
    expect(nic.mac_address).toMatch(/^00:50:56:[89ab][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/);
    expect((await vmInfo('vm-1074')).nics['4001']).toEqual(nic);
    expect((await api('GET', '/api/vcenter/vm/vm-1074/hardware/ethernet')).body).toEqual([{ nic: '4000' }, { nic: '4001' }]);
    const second = (await api('POST', '/api/vcenter/vm/vm-1074/hardware/ethernet', {})).body;
    const macs = Object.values((await vmInfo('vm-1074')).nics).map((n: any) => n.mac_address);
    expect(second).toBe('4002');
    expect(new Set(macs).size).toBe(3);
  });

  it('a NIC on a distributed port group gets the switch UUID, a free port and a connection cookie', async () => {
    const r = await api('POST', '/api/vcenter/vm/vm-1076/hardware/ethernet', {
      pci_slot_number: 4,
      backing: { type: 'DISTRIBUTED_PORTGROUP', network: 'dvportgroup-1071' },
    });
    const nic = (await api('GET', `/api/vcenter/vm/vm-1076/hardware/ethernet/${r.body}`)).body;
    expect(nic.pci_slot_number).toBe(4);
    expect(nic.backing).toMatchObject({ type: 'DISTRIBUTED_PORTGROUP', network: 'dvportgroup-1071', connection_cookie: expect.any(Number) });
    expect(nic.backing.distributed_switch_uuid).toMatch(/^([0-9a-f]{2} ){7}[0-9a-f]{2}-([0-9a-f]{2} ){7}[0-9a-f]{2}$/);
    // Port 12 is edge-gw's other NIC's: each NIC on the group has its own port.
    expect(nic.backing.distributed_port).not.toBe('12');
    const other = (await api('POST', '/api/vcenter/vm/vm-1074/hardware/ethernet', { backing: { type: 'DISTRIBUTED_PORTGROUP', network: 'dvportgroup-1071' } }))
      .body;
    const otherNic = (await api('GET', `/api/vcenter/vm/vm-1074/hardware/ethernet/${other}`)).body;
    expect(otherNic.backing.distributed_port).not.toBe(nic.backing.distributed_port);
  });

  it('checks the backing against the inventory and adds nothing when it is refused', async () => {
    expectError(
      await api('POST', '/api/vcenter/vm/vm-1074/hardware/ethernet', { backing: { type: 'STANDARD_PORTGROUP', network: 'network-9999' } }),
      404,
      'NOT_FOUND',
      'network-9999',
    );
    expectError(
      await api('POST', '/api/vcenter/vm/vm-1074/hardware/ethernet', { backing: { type: 'STANDARD_PORTGROUP', network: 'dvportgroup-1071' } }),
      400,
      'INVALID_ARGUMENT',
      'spec.backing.type',
    );
    expectError(await api('POST', '/api/vcenter/vm/vm-1074/hardware/ethernet', { mac_type: 'MANUAL' }), 400, 'INVALID_ARGUMENT', 'spec.mac_address');
    expect((await api('GET', '/api/vcenter/vm/vm-1074/hardware/ethernet')).body).toEqual([{ nic: '4000' }]);
  });

  it('a NIC hot-added to a running VM gets its PCI slot at once and keeps MANUAL addresses', async () => {
    const r = await api('POST', '/api/vcenter/vm/vm-1072/hardware/ethernet', { mac_type: 'MANUAL', mac_address: '00:50:56:0A:0B:0C', start_connected: true });
    expect(r.status).toBe(201);
    const nic = (await api('GET', `/api/vcenter/vm/vm-1072/hardware/ethernet/${r.body}`)).body;
    expect(nic).toMatchObject({ mac_type: 'MANUAL', mac_address: '00:50:56:0a:0b:0c', pci_slot_number: expect.any(Number) });
    expect(nic.pci_slot_number).not.toBe(192); // NIC 4000's
  });

  it('PATCH changes the NIC in place; its MAC only while the VM is powered off', async () => {
    expect((await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/ethernet/4000', { start_connected: false, wake_on_lan_enabled: false })).status).toBe(204);
    expect((await vmInfo('vm-1074')).nics['4000']).toMatchObject({ start_connected: false, wake_on_lan_enabled: false });
    expectError(
      await api('PATCH', '/api/vcenter/vm/vm-1072/hardware/ethernet/4000', { mac_type: 'MANUAL', mac_address: '00:50:56:01:02:03' }),
      400,
      'NOT_ALLOWED_IN_CURRENT_STATE',
    );
    expect(
      (await api('PATCH', '/api/vcenter/vm/vm-1072/hardware/ethernet/4000', { backing: { type: 'DISTRIBUTED_PORTGROUP', network: 'dvportgroup-1071' } }))
        .status,
    ).toBe(204);
    expect((await vmInfo('vm-1072')).nics['4000'].backing).toMatchObject({ type: 'DISTRIBUTED_PORTGROUP', network: 'dvportgroup-1071' });
    expectError(
      await api('PATCH', '/api/vcenter/vm/vm-1072/hardware/ethernet/4000', {
        upt_compatibility_enabled: true,
        backing: { type: 'STANDARD_PORTGROUP', network: 'nope' },
      }),
      404,
      'NOT_FOUND',
    );
  });

  it('an unknown NIC is NOT_FOUND naming the NIC and the VM', async () => {
    for (const [method, body] of [['GET'], ['PATCH', { start_connected: true }]] as const) {
      const r = await api(method, '/api/vcenter/vm/vm-1072/hardware/ethernet/4999', body);
      expectError(r, 404, 'NOT_FOUND', "'4999'");
      expect(r.body.messages[0].default_message).toContain('vm-1072');
    }
    // A device id named like an Object.prototype member is just an unknown id.
    expectError(await api('GET', '/api/vcenter/vm/vm-1072/hardware/ethernet/constructor'), 404, 'NOT_FOUND');
  });
});

describe('serial and parallel ports', () => {
  it('PATCH changes edge-gw’s console port; unknown ports are NOT_FOUND', async () => {
    expect(
      (await api('PATCH', '/api/vcenter/vm/vm-1076/hardware/serial/9000', { backing: { type: 'FILE', file: '[datastore1] edge-gw/console.log' } })).status,
    ).toBe(204);
    expect((await vmInfo('vm-1076')).serial_ports['9000']).toMatchObject({
      label: 'Serial port 1',
      backing: { type: 'FILE', file: '[datastore1] edge-gw/console.log' },
    });
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1076/hardware/parallel/10000', { start_connected: true }), 404, 'NOT_FOUND', "'10000'");
    expectError(
      await api('PATCH', '/api/vcenter/vm/vm-1076/hardware/serial/9000', { backing: { type: 'PIPE_SERVER' } }),
      400,
      'INVALID_ARGUMENT',
      'spec.backing.pipe',
    );
  });
});

describe('state file and journal', () => {
  it('hardware writes are journaled: a second server on the same file answers the same VM', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vmock-hw-')), 'state.json');
    const a = await startMockServer({ stateFile: file, prism: false });
    const b = await (async () => {
      const sid = await login(a);
      expect((await call(a, 'PATCH', '/api/vcenter/vm/vm-1074/hardware/cpu', { session: sid, body: { count: 2, hot_add_enabled: true } })).status).toBe(204);
      const nic = await call(a, 'POST', '/api/vcenter/vm/vm-1074/hardware/ethernet', { session: sid, body: {} });
      expect(nic.status).toBe(201);
      // As after a kill -9 of the first: the journal is all the second one has of these writes.
      return startMockServer({ stateFile: file, prism: false });
    })();
    try {
      const [sa, sb] = [await login(a), await login(b)];
      const before = (await call(a, 'GET', '/api/vcenter/vm/vm-1074', { session: sa })).body as any;
      const after = (await call(b, 'GET', '/api/vcenter/vm/vm-1074', { session: sb })).body as any;
      expect(after).toEqual(before);
      expect([after.cpu.count, after.cpu.hot_add_enabled, Object.keys(after.nics)]).toEqual([2, true, ['4000', '4001']]);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
