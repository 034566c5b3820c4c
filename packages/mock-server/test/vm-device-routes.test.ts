// The device routes under /api/vcenter/vm/{vm}/hardware/<family> and the boot, boot order and
// hardware version routes, all on the VM's one device set. Seed: web-01 (vm-1072, powered on: disk
// 2000, NIC 4000 connected, CD-ROM 3000, serial 9000 connected, parallel 10000), db-01 (vm-1074,
// powered off: disks 2000/2001 on SCSI 0, NIC 4000, CD-ROM 3000, floppy 8000, serial 9000,
// parallel 10000, empty SATA 15000, SCSI 1001 and NVMe 31000 controllers), win-build (vm-1075, suspended).
import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

const vmInfo = async (vm: string) => (await api('GET', `/api/vcenter/vm/${vm}`)).body;
const expectError = (r: { status: number; body: any }, status: number, type: string, text?: string) => {
  expect([r.status, r.body?.error_type], JSON.stringify(r.body)).toEqual([status, type]);
  if (text) expect(r.body.messages[0].default_message).toContain(text);
};

/** Each family: its path, the id field of its summaries, its key in VcenterVMInfo, a device web-01 or db-01 has. */
const FAMILIES = [
  { path: 'disk', id: 'disk', info: 'disks', device: '2000' },
  { path: 'ethernet', id: 'nic', info: 'nics', device: '4000' },
  { path: 'cdrom', id: 'cdrom', info: 'cdroms', device: '3000' },
  { path: 'floppy', id: 'floppy', info: 'floppies', device: '8000' },
  { path: 'serial', id: 'port', info: 'serial_ports', device: '9000' },
  { path: 'parallel', id: 'port', info: 'parallel_ports', device: '10000' },
  { path: 'adapter/sata', id: 'adapter', info: 'sata_adapters', device: '15000' },
  { path: 'adapter/scsi', id: 'adapter', info: 'scsi_adapters', device: '1000' },
  { path: 'adapter/nvme', id: 'adapter', info: 'nvme_adapters', device: '31000' },
] as const;

describe('every device family reads the VM’s one device set', () => {
  it('list and get answer what GET /api/vcenter/vm/{vm} shows', async () => {
    const info = await vmInfo('vm-1074');
    for (const f of FAMILIES) {
      const list = (await api('GET', `/api/vcenter/vm/vm-1074/hardware/${f.path}`)).body;
      expect(list, f.path).toEqual(Object.keys(info[f.info]).map((id) => ({ [f.id]: id })));
      expect((await api('GET', `/api/vcenter/vm/vm-1074/hardware/${f.path}/${f.device}`)).body, f.path).toEqual(info[f.info][f.device]);
    }
  });

  it('an unknown VM or device is NOT_FOUND, naming it', async () => {
    for (const f of FAMILIES) {
      expectError(await api('GET', `/api/vcenter/vm/vm-404/hardware/${f.path}`), 404, 'NOT_FOUND', "'vm-404'");
      expectError(await api('GET', `/api/vcenter/vm/vm-1074/hardware/${f.path}/77777`), 404, 'NOT_FOUND', "'77777'");
      expectError(await api('DELETE', `/api/vcenter/vm/vm-1074/hardware/${f.path}/77777`), 404, 'NOT_FOUND', "'77777'");
      expectError(await api('GET', `/api/vcenter/vm/vm-1074/hardware/${f.path}/__proto__`), 404, 'NOT_FOUND');
    }
    for (const path of ['', '/boot', '/boot/device']) expectError(await api('GET', `/api/vcenter/vm/vm-404/hardware${path}`), 404, 'NOT_FOUND', "'vm-404'");
  });
});

describe('disks', () => {
  it('add a disk then list: the new disk is on the next SCSI unit, with its own file (the Ansible sequence)', async () => {
    const r = await api('POST', '/api/vcenter/vm/vm-1072/hardware/disk', { new_vmdk: { capacity: 320000 } });
    expect([r.status, r.body]).toEqual([201, '2001']);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/hardware/disk')).body).toEqual([{ disk: '2000' }, { disk: '2001' }]);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/hardware/disk/2001')).body).toEqual({
      label: 'Hard disk 2',
      type: 'SCSI',
      scsi: { bus: 0, unit: 1 },
      backing: { type: 'VMDK_FILE', vmdk_file: '[datastore1] web-01/web-01_1.vmdk' },
      capacity: 320000,
    });
  });

  it('a SATA disk gets a SATA controller and an id in the SATA range, as vCenter numbers it', async () => {
    const r = await api('POST', '/api/vcenter/vm/vm-1072/hardware/disk', { type: 'SATA', new_vmdk: { capacity: 320000 } });
    expect(r.body).toBe('16000');
    const info = await vmInfo('vm-1072');
    expect(info.disks['16000']).toMatchObject({ type: 'SATA', sata: { bus: 0, unit: 0 } });
    expect(info.sata_adapters).toEqual({ '15000': { label: 'SATA controller 0', type: 'AHCI', bus: 0, pci_slot_number: expect.any(Number) } });
  });

  it('removes a disk of a running VM (hot-pluggable); its file changes only powered off', async () => {
    expect((await api('DELETE', '/api/vcenter/vm/vm-1072/hardware/disk/2000')).status).toBe(204);
    expect((await vmInfo('vm-1072')).disks).toEqual({});
    expect(
      (await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/disk/2001', { backing: { type: 'VMDK_FILE', vmdk_file: '[datastore1] db-01/data.vmdk' } })).status,
    ).toBe(204);
    expect((await vmInfo('vm-1074')).disks['2001'].backing.vmdk_file).toBe('[datastore1] db-01/data.vmdk');
    await api('POST', '/api/vcenter/vm/vm-1074/power?action=start');
    expectError(
      await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/disk/2001', { backing: { type: 'VMDK_FILE', vmdk_file: '[datastore1] db-01/other.vmdk' } }),
      400,
      'NOT_ALLOWED_IN_CURRENT_STATE',
    );
  });

  it('refuses a file on an unknown datastore or a taken address, naming the field, and adds nothing', async () => {
    expectError(
      await api('POST', '/api/vcenter/vm/vm-1074/hardware/disk', { backing: { type: 'VMDK_FILE', vmdk_file: '[nowhere] x/x.vmdk' } }),
      400,
      'INVALID_ARGUMENT',
      'spec.backing.vmdk_file',
    );
    expectError(await api('POST', '/api/vcenter/vm/vm-1074/hardware/disk', { scsi: { bus: 0, unit: 1 }, new_vmdk: {} }), 400, 'INVALID_ARGUMENT', 'taken');
    expect(Object.keys((await vmInfo('vm-1074')).disks)).toEqual(['2000', '2001']);
  });
});

describe('drives, ports and controllers', () => {
  it('attach an ISO on a SATA CD-ROM of a powered-off VM (the Ansible example), read back by GET', async () => {
    const r = await api('POST', '/api/vcenter/vm/vm-1074/hardware/cdrom', {
      type: 'SATA',
      sata: { bus: 0, unit: 2 },
      start_connected: true,
      backing: { type: 'ISO_FILE', iso_file: '[nfs-isos] iso/fedora.iso' },
    });
    expect([r.status, r.body]).toEqual([201, '16002']);
    expect((await api('GET', '/api/vcenter/vm/vm-1074/hardware/cdrom/16002')).body).toEqual({
      type: 'SATA',
      label: 'CD/DVD drive 2',
      sata: { bus: 0, unit: 2 },
      backing: { type: 'ISO_FILE', iso_file: '[nfs-isos] iso/fedora.iso' },
      state: 'NOT_CONNECTED',
      start_connected: true,
      allow_guest_control: false,
    });
  });

  it('CD-ROMs, floppies, ports and controllers are added and removed only while powered off', async () => {
    for (const [path, body] of [
      ['cdrom', {}],
      ['floppy', {}],
      ['serial', {}],
      ['parallel', {}],
      ['adapter/sata', {}],
      ['adapter/scsi', {}],
      ['adapter/nvme', {}],
    ] as const) {
      expectError(await api('POST', `/api/vcenter/vm/vm-1072/hardware/${path}`, body), 400, 'NOT_ALLOWED_IN_CURRENT_STATE', 'powered off');
    }
    expectError(await api('DELETE', '/api/vcenter/vm/vm-1072/hardware/cdrom/3000'), 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
    expectError(await api('DELETE', '/api/vcenter/vm/vm-1072/hardware/serial/9000'), 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
    expect(Object.keys((await vmInfo('vm-1072')).serial_ports)).toEqual(['9000']);
    // Powered off, the same calls go through.
    expect((await api('POST', '/api/vcenter/vm/vm-1074/hardware/floppy', { allow_guest_control: true })).body).toBe('8001');
    expect((await api('DELETE', '/api/vcenter/vm/vm-1074/hardware/serial/9000')).status).toBe(204);
    expect((await api('POST', '/api/vcenter/vm/vm-1074/hardware/serial', {})).body).toBe('9000');
    expect((await vmInfo('vm-1074')).floppies['8001']).toMatchObject({ label: 'Floppy drive 2', allow_guest_control: true, state: 'NOT_CONNECTED' });
  });

  it('a suspended VM takes no device change', async () => {
    expectError(await api('POST', '/api/vcenter/vm/vm-1075/hardware/ethernet', {}), 400, 'NOT_ALLOWED_IN_CURRENT_STATE', 'suspended');
    expectError(await api('DELETE', '/api/vcenter/vm/vm-1075/hardware/disk/2000'), 400, 'NOT_ALLOWED_IN_CURRENT_STATE', 'suspended');
  });

  it('a controller with devices on it cannot be removed; an empty one can', async () => {
    expectError(await api('DELETE', '/api/vcenter/vm/vm-1074/hardware/adapter/scsi/1000'), 400, 'RESOURCE_IN_USE', "'2000'");
    for (const path of ['adapter/scsi/1001', 'adapter/sata/15000', 'adapter/nvme/31000']) {
      expect((await api('DELETE', `/api/vcenter/vm/vm-1074/hardware/${path}`)).status, path).toBe(204);
    }
    const info = await vmInfo('vm-1074');
    expect([Object.keys(info.scsi_adapters), info.sata_adapters, info.nvme_adapters]).toEqual([['1000'], {}, {}]);
  });

  it('new controllers take the next free bus and id; SCSI sharing changes only powered off', async () => {
    const r = await api('POST', '/api/vcenter/vm/vm-1074/hardware/adapter/scsi', { type: 'LSILOGIC', pci_slot_number: 35 });
    expect(r.body).toBe('1002');
    expect((await api('GET', '/api/vcenter/vm/vm-1074/hardware/adapter/scsi/1002')).body).toEqual({
      label: 'SCSI controller 2',
      type: 'LSILOGIC',
      scsi: { bus: 2, unit: 7 },
      pci_slot_number: 35,
      sharing: 'NONE',
    });
    expectError(await api('POST', '/api/vcenter/vm/vm-1074/hardware/adapter/sata', { pci_slot_number: 33 }), 400, 'INVALID_ARGUMENT', 'PCI slot 33');
    expect((await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/adapter/scsi/1002', { sharing: 'VIRTUAL' })).status).toBe(204);
    expect((await vmInfo('vm-1074')).scsi_adapters['1002'].sharing).toBe('VIRTUAL');
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1072/hardware/adapter/scsi/1000', { sharing: 'PHYSICAL' }), 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
  });
});

describe('connect and disconnect', () => {
  it('work only while the VM runs, and say when the device is so already', async () => {
    expect((await api('POST', '/api/vcenter/vm/vm-1072/hardware/ethernet/4000?action=disconnect')).status).toBe(204);
    expect((await vmInfo('vm-1072')).nics['4000'].state).toBe('NOT_CONNECTED');
    expectError(await api('POST', '/api/vcenter/vm/vm-1072/hardware/ethernet/4000?action=disconnect'), 400, 'ALREADY_IN_DESIRED_STATE');
    expect((await api('POST', '/api/vcenter/vm/vm-1072/hardware/ethernet/4000?action=connect')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/hardware/ethernet/4000')).body.state).toBe('CONNECTED');
    expect((await api('POST', '/api/vcenter/vm/vm-1072/hardware/parallel/10000?action=connect')).status).toBe(204);
    expect((await vmInfo('vm-1072')).parallel_ports['10000'].state).toBe('CONNECTED');
    expectError(await api('POST', '/api/vcenter/vm/vm-1074/hardware/serial/9000?action=connect'), 400, 'NOT_ALLOWED_IN_CURRENT_STATE', 'powered on');
    expectError(await api('POST', '/api/vcenter/vm/vm-1072/hardware/floppy/8000?action=connect'), 404, 'NOT_FOUND', "'8000'");
  });

  it('a power cycle from powered off connects devices again as start_connected says', async () => {
    await api('POST', '/api/vcenter/vm/vm-1072/hardware/ethernet/4000?action=disconnect');
    await api('POST', '/api/vcenter/vm/vm-1072/power?action=suspend');
    await api('POST', '/api/vcenter/vm/vm-1072/power?action=start');
    // A resume keeps the connection state; a start from powered off does not.
    expect((await vmInfo('vm-1072')).nics['4000'].state).toBe('NOT_CONNECTED');
    await api('POST', '/api/vcenter/vm/vm-1072/power?action=stop');
    await api('POST', '/api/vcenter/vm/vm-1072/power?action=start');
    expect((await vmInfo('vm-1072')).nics['4000'].state).toBe('CONNECTED');
  });
});

describe('NIC removal and the boot order', () => {
  it('a NIC is removed from a running VM, and boot order entries that named it go with it', async () => {
    expect(
      (
        await api('PUT', '/api/vcenter/vm/vm-1072/hardware/boot/device', {
          devices: [
            { type: 'ETHERNET', nic: '4000' },
            { type: 'DISK', disks: ['2000'] },
          ],
        })
      ).status,
    ).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/hardware/boot/device')).body).toEqual([
      { type: 'ETHERNET', nic: '4000' },
      { type: 'DISK', disks: ['2000'] },
    ]);
    expect((await api('DELETE', '/api/vcenter/vm/vm-1072/hardware/ethernet/4000')).status).toBe(204);
    expect((await vmInfo('vm-1072')).boot_devices).toEqual([{ type: 'DISK', disks: ['2000'] }]);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/hardware/ethernet')).body).toEqual([]);
  });

  it('boot order entries must name devices the VM has', async () => {
    expectError(
      await api('PUT', '/api/vcenter/vm/vm-1072/hardware/boot/device', { devices: [{ type: 'ETHERNET', nic: '4005' }] }),
      400,
      'INVALID_ARGUMENT',
      'spec.devices[0].nic',
    );
    expectError(
      await api('PUT', '/api/vcenter/vm/vm-1072/hardware/boot/device', { devices: [{ type: 'DISK' }] }),
      400,
      'INVALID_ARGUMENT',
      'spec.devices[0].disks',
    );
    expectError(
      await api('PUT', '/api/vcenter/vm/vm-1072/hardware/boot/device', { devices: [{ type: 'FLOPPY' }] }),
      400,
      'INVALID_ARGUMENT',
      'no floppy drive',
    );
    expect((await api('PUT', '/api/vcenter/vm/vm-1072/hardware/boot/device', { devices: [{ type: 'CDROM' }] })).status).toBe(204);
    expect((await vmInfo('vm-1072')).boot_devices).toEqual([{ type: 'CDROM' }]);
  });
});

describe('boot options and hardware version', () => {
  it('firmware changes only powered off; the delay any time; EFI-only options need EFI', async () => {
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1072/hardware/boot', { type: 'EFI' }), 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
    expect((await api('PATCH', '/api/vcenter/vm/vm-1072/hardware/boot', { delay: 3000, enter_setup_mode: true })).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/hardware/boot')).body).toEqual({
      type: 'BIOS',
      delay: 3000,
      retry: false,
      retry_delay: 10000,
      enter_setup_mode: true,
    });
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/boot', { efi_legacy_boot: true }), 400, 'INVALID_ARGUMENT', 'spec.efi_legacy_boot');
    expect((await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/boot', { type: 'EFI', efi_legacy_boot: true })).status).toBe(204);
    expect((await vmInfo('vm-1074')).boot).toMatchObject({ type: 'EFI', efi_legacy_boot: true, network_protocol: 'IPV4' });
    expectError(await api('PATCH', '/api/vcenter/vm/vm-1074/hardware/boot', { delay: -1 }), 400, 'INVALID_ARGUMENT', 'spec.delay');
  });

  it('upgrade: powered off only, never to an older version; a scheduled upgrade runs at the next power-on', async () => {
    expectError(await api('POST', '/api/vcenter/vm/vm-1072/hardware?action=upgrade', { version: 'VMX_21' }), 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
    expectError(await api('POST', '/api/vcenter/vm/vm-1074/hardware?action=upgrade', { version: 'VMX_13' }), 400, 'INVALID_ARGUMENT', 'older');
    expect((await api('POST', '/api/vcenter/vm/vm-1074/hardware?action=upgrade', { version: 'VMX_20' })).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1074/hardware')).body).toEqual({ version: 'VMX_20', upgrade_policy: 'NEVER', upgrade_status: 'NONE' });
    expectError(await api('POST', '/api/vcenter/vm/vm-1074/hardware?action=upgrade', { version: 'VMX_20' }), 400, 'ALREADY_IN_DESIRED_STATE');

    expectError(await api('PATCH', '/api/vcenter/vm/vm-1072/hardware', { upgrade_version: 'VMX_21' }), 400, 'INVALID_ARGUMENT', 'spec.upgrade_version');
    expect((await api('PATCH', '/api/vcenter/vm/vm-1072/hardware', { upgrade_policy: 'ALWAYS', upgrade_version: 'VMX_21' })).status).toBe(204);
    expect((await vmInfo('vm-1072')).hardware).toEqual({ version: 'VMX_19', upgrade_policy: 'ALWAYS', upgrade_version: 'VMX_21', upgrade_status: 'PENDING' });
    await api('POST', '/api/vcenter/vm/vm-1072/power?action=stop');
    await api('POST', '/api/vcenter/vm/vm-1072/power?action=start');
    expect((await vmInfo('vm-1072')).hardware).toMatchObject({ version: 'VMX_21', upgrade_status: 'SUCCESS' });
  });
});
