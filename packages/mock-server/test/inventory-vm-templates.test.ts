import { describe, expect, it } from 'vitest';
import { defaultSeed } from '../src/state/default-seed.js';
import { Inventory } from '../src/state/inventory.js';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

const ITEM = '8e5a1c2d-7b44-4f0e-9d3a-52c6f1e0b7a4';
const LIBRARY = '5c4b6a1e-7d3f-4f3c-9a51-2f8e0d6b1c77';
const BASE = '/api/vcenter/vm-template/library-items';

describe('inventory: VM templates in content libraries', () => {
  it('reads a template item from its template VM, devices included', async () => {
    const r = await api('GET', `${BASE}/${ITEM}`);
    expect(r.body).toEqual({
      guest_OS: 'RHEL_9_64',
      cpu: { count: 2, cores_per_socket: 1 },
      memory: { size_MiB: 4096 },
      vm_home_storage: { datastore: 'datastore-1061' },
      disks: { '2000': { capacity: 16 * 1024 ** 3, disk_storage: { datastore: 'datastore-1061' } } },
      nics: { '4000': { backing_type: 'STANDARD_PORTGROUP', mac_type: 'ASSIGNED', network: 'network-1070' } },
      vm_template: 'vm-1080',
    });
    const other = await api('GET', `${BASE}/9b1e4d7c-2f3a-4b5c-9d6e-7f8a9b0c1d2e`);
    expect([other.status, other.body.messages[0].args]).toEqual([404, ['9b1e4d7c-2f3a-4b5c-9d6e-7f8a9b0c1d2e']]);
  });

  it('creates a template item from a VM: a powered-off template copy, listed in the library', async () => {
    const r = await api('POST', BASE, { name: 'web-golden', library: LIBRARY, source_vm: 'vm-1072', placement: { folder: 'group-v1008' } });
    expect(r.status).toBe(201);
    expect((await api('GET', `/api/content/library/item?library_id=${LIBRARY}`)).body).toContain(r.body);
    const info = (await api('GET', `${BASE}/${r.body}`)).body;
    expect(info).toMatchObject({ guest_OS: 'RHEL_8_64', cpu: { count: 2 }, memory: { size_MiB: 4096 } });
    const template = mock.server.state.templates.get(info.vm_template)!;
    expect([template.name, template.folder, template.power_state]).toEqual(['web-golden', 'group-v1008', 'POWERED_OFF']);
    expect(mock.server.state.vms.has(info.vm_template)).toBe(false);
    const dup = await api('POST', BASE, { name: 'web-golden', library: LIBRARY, source_vm: 'vm-1073' });
    expect(dup.body).toMatchObject({ error_type: 'ALREADY_EXISTS', messages: [{ args: ['web-golden', LIBRARY] }] });
  });

  it('a taken item name is one error whichever way the name comes: item create, item rename, template capture', async () => {
    const taken = 'name-taken-once';
    const first = await api('POST', '/api/content/library/item', { library_id: LIBRARY, name: taken, type: 'iso' });
    expect(first.status).toBe(201);
    const other = (await api('POST', '/api/content/library/item', { library_id: LIBRARY, name: `${taken}-2`, type: 'iso' })).body;
    const refusals = [
      await api('POST', '/api/content/library/item', { library_id: LIBRARY, name: taken, type: 'iso' }),
      await api('PATCH', `/api/content/library/item/${other}`, { name: taken }),
      await api('POST', BASE, { name: taken, library: LIBRARY, source_vm: 'vm-1073' }),
    ];
    for (const r of refusals) {
      expect([r.status, r.body.error_type]).toEqual([400, 'ALREADY_EXISTS']);
      expect(r.body.messages).toEqual([
        {
          id: 'com.vmware.content.library.item.already_exists',
          default_message: `Library '${LIBRARY}' already has an item named '${taken}'.`,
          args: [taken, LIBRARY],
        },
      ]);
    }
  });

  it('refuses an unknown source VM or library, naming it, and adds nothing', async () => {
    const items = mock.server.state.libraryItems.size;
    const vm = await api('POST', BASE, { name: 'x', library: LIBRARY, source_vm: 'vm-404' });
    expect([vm.status, vm.body.messages[0].args]).toEqual([404, ['vm-404']]);
    const lib = await api('POST', BASE, { name: 'x', library: 'nope', source_vm: 'vm-1072' });
    expect([lib.status, lib.body.messages[0].args]).toEqual([404, ['nope']]);
    expect(mock.server.state.libraryItems.size).toBe(items);
  });

  it('deploys a VM from the template with the hardware customization, powered on when asked', async () => {
    const r = await api('POST', `${BASE}/${ITEM}?action=deploy`, {
      name: 'web-09',
      placement: { folder: 'group-v1007', host: 'host-1063' },
      hardware_customization: {
        cpu_update: { num_cpus: 4 },
        memory_update: { memory: 8192 },
        disks_to_update: { '2000': { capacity: 32 * 1024 ** 3 } },
        nics: { '4000': { network: 'dvportgroup-1071' } },
      },
      powered_on: true,
    });
    expect(r.status).toBe(200);
    const vm = (await api('GET', `/api/vcenter/vm/${r.body}`)).body;
    expect(vm).toMatchObject({ name: 'web-09', power_state: 'POWERED_ON', cpu: { count: 4 }, memory: { size_MiB: 8192 } });
    expect(vm.disks['2000'].capacity).toBe(32 * 1024 ** 3);
    expect(vm.nics['4000'].backing).toMatchObject({ type: 'DISTRIBUTED_PORTGROUP', network: 'dvportgroup-1071' });
    expect(mock.server.state.vms.get(r.body)).toMatchObject({ folder: 'group-v1007', host: 'host-1063' });
  });

  it('refuses a customization naming what the template lacks, before any VM is made', async () => {
    const vms = mock.server.state.vms.size;
    for (const [hw, arg] of [
      [{ nics: { '4009': { network: 'network-1070' } } }, '4009'],
      [{ nics: { '4000': { network: 'network-404' } } }, 'network-404'],
      [{ disks_to_remove: ['2009'] }, '2009'],
      [{ disks_to_update: { '2000': { capacity: 1 } } }, 'hardware_customization.disks_to_update.2000.capacity'],
    ] as const) {
      const r = await api('POST', `${BASE}/${ITEM}?action=deploy`, { name: 'bad', hardware_customization: hw });
      expect(r.body.error_type, JSON.stringify(hw)).toBe('INVALID_ARGUMENT');
      expect(r.body.messages[0].args).toContain(arg);
    }
    expect(mock.server.state.vms.size).toBe(vms);
  });
});

describe('inventory: VM template items in seeds and state files', () => {
  it('refuses an item whose template VM does not exist, naming both', () => {
    const seed = defaultSeed();
    seed.library_items.find((i) => i.id === ITEM)!.vm_template = 'vm-404';
    expect(() => Inventory.fromSeedData(seed, 'state.json')).toThrow(`library item '${ITEM}'): vm_template 'vm-404' does not exist (no template with that id`);
  });
});

describe('inventory: versions and check-outs of a VM template item', () => {
  const RHEL = `${BASE}/${ITEM}`;
  const WIN = `${BASE}/d2c6a0f4-5b1e-4c3a-9f7d-8e2b1a6c4d90`;

  it('checks a VM out and back in as the next version, the previous template staying as an earlier one', async () => {
    const vm = (await api('POST', `${WIN}/check-outs?action=check-out`, { name: 'win-edit', placement: { folder: 'group-v1008' } })).body;
    expect((await api('GET', `${WIN}/check-outs`)).body).toEqual([{ vm }]);
    expect((await api('GET', `${WIN}/check-outs/${vm}`)).body).toEqual({ time: expect.any(String), user: expect.stringContaining('administrator') });
    expect((await api('POST', `${WIN}/check-outs/${vm}?action=check-in`, { message: 'patched' })).body).toBe('3');
    expect((await api('GET', `${WIN}/check-outs`)).body).toEqual([]);
    expect((await api('GET', `${WIN}/versions`)).body).toEqual([
      { version: '1', vm_template: 'vm-1079' },
      { version: '2', vm_template: 'vm-1081' },
      { version: '3', vm_template: vm },
    ]);
    expect((await api('GET', WIN)).body.vm_template).toBe(vm);
    expect(mock.server.state.templates.has(vm) && !mock.server.state.vms.has(vm)).toBe(true);
  });

  it('rolls back to an earlier version as a new one, refused while a VM is checked out', async () => {
    expect((await api('POST', `${RHEL}/versions/1?action=rollback`, { message: 'back' })).body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    const v3 = (await api('POST', `${WIN}/versions/1?action=rollback`, { message: 'back' })).body;
    expect(v3).toBe('3');
    const copy = (await api('GET', `${WIN}/versions/3`)).body.vm_template;
    expect(copy).not.toBe('vm-1079');
    expect(mock.server.state.templates.get(copy)!.guest_OS).toBe('WINDOWS_9_SERVER_64');
  });

  it('refuses to delete the latest version or a powered-on check-out, and deletes an earlier version with its template', async () => {
    expect((await api('DELETE', `${WIN}/versions/2`)).body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    expect((await api('DELETE', `${WIN}/versions/1`)).status).toBe(204);
    expect(mock.server.state.templates.has('vm-1079')).toBe(false);
    expect((await api('GET', `${WIN}/versions/1`)).status).toBe(404);
    await api('POST', '/api/vcenter/vm/vm-1074/power?action=start');
    expect((await api('DELETE', `${RHEL}/check-outs/vm-1074`)).body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    expect((await api('POST', `${RHEL}/check-outs/vm-1074?action=check-in`, { message: 'm' })).body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    await api('POST', '/api/vcenter/vm/vm-1074/power?action=stop');
    expect((await api('DELETE', `${RHEL}/check-outs/vm-1074`)).status).toBe(204);
    expect(mock.server.state.vms.has('vm-1074')).toBe(false);
    expect((await api('GET', `${RHEL}/check-outs/vm-1072`)).body).toMatchObject({ error_type: 'INVALID_ARGUMENT', messages: [{ args: ['vm-1072', ITEM] }] });
  });
});
