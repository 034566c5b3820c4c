import { describe, expect, it } from 'vitest';
import { Inventory } from '../src/state/inventory.js';
import { defaultSeed } from '../src/state/default-seed.js';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

const ENCRYPTION = '4d5f673c-536f-11e6-beb8-9e71128cae77';
const VSAN_DEFAULT = 'aa6d5a82-1c88-45da-85d3-3d74b91a5bad';

describe('inventory: storage policies', () => {
  it('lists the policies of the state, filtered by id; an unknown id matches nothing', async () => {
    const all = (await api('GET', '/api/vcenter/storage/policies')).body;
    expect(all.map((p: { policy: string }) => p.policy)).toEqual([...mock.server.state.storagePolicies.keys()]);
    mock.server.state.storagePolicies.set('gold', { id: 'gold', name: 'Gold', description: 'Tag-based placement on fast storage' });
    expect((await api('GET', `/api/vcenter/storage/policies?policies=gold&policies=${ENCRYPTION}`)).body).toEqual([
      { policy: ENCRYPTION, name: 'VM Encryption Policy', description: expect.any(String) },
      { policy: 'gold', name: 'Gold', description: 'Tag-based placement on fast storage' },
    ]);
    expect((await api('GET', '/api/vcenter/storage/policies?policies=nope')).body).toEqual([]);
  });

  it('answers the default policy of a datastore, null where it has none, NOT_FOUND for an unknown one', async () => {
    expect((await api('GET', '/api/vcenter/datastore/datastore-1067/default-policy')).body).toBe(VSAN_DEFAULT);
    const none = await api('GET', '/api/vcenter/datastore/datastore-1061/default-policy');
    expect([none.status, none.body]).toEqual([200, null]);
    const unknown = await api('GET', '/api/vcenter/datastore/datastore-9/default-policy');
    expect([unknown.status, unknown.body.messages[0].args]).toEqual([404, ['datastore-9']]);
  });
});

describe('inventory: storage policies in seeds and state files', () => {
  it('refuses a VM storage policy or a datastore default that names no policy, with its pointer', () => {
    const seed = defaultSeed();
    seed.datastores[0]!.default_policy = 'missing-1';
    seed.rules!.vm_storage_policies!['vm-1072']!.disks['2000']!.policy = 'missing-2';
    expect(() => Inventory.fromSeedData(seed, 'state.json')).toThrow(
      /default_policy 'missing-1' does not exist[\s\S]*disks\.2000\.policy 'missing-2' does not exist/,
    );
  });
});

describe('inventory: a VM storage policy and its compliance', () => {
  it('reads the policies of a VM home and disks, and changes them with one PATCH', async () => {
    expect((await api('GET', '/api/vcenter/vm/vm-1072/storage/policy')).body).toEqual({ vm_home: ENCRYPTION, disks: { '2000': ENCRYPTION } });
    expect((await api('GET', '/api/vcenter/vm/vm-1073/storage/policy')).body).toEqual({ disks: {} });
    const r = await api('PATCH', '/api/vcenter/vm/vm-1073/storage/policy', {
      vm_home: { type: 'USE_SPECIFIED_POLICY', policy: VSAN_DEFAULT },
      disks: { '2000': { type: 'USE_SPECIFIED_POLICY', policy: ENCRYPTION } },
    });
    expect(r.status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1073/storage/policy')).body).toEqual({ vm_home: VSAN_DEFAULT, disks: { '2000': ENCRYPTION } });
    // The vSAN policy does not apply on a VMFS datastore; the encryption policy does.
    const c = (await api('GET', '/api/vcenter/vm/vm-1073/storage/policy/compliance')).body;
    expect(c).toMatchObject({
      overall_compliance: 'COMPLIANT',
      vm_home: { status: 'NOT_APPLICABLE', policy: VSAN_DEFAULT },
      disks: { '2000': { status: 'COMPLIANT', policy: ENCRYPTION, failure_cause: [] } },
    });
    // USE_DEFAULT_POLICY on a datastore without a default removes the policy.
    await api('PATCH', '/api/vcenter/vm/vm-1073/storage/policy', { vm_home: { type: 'USE_DEFAULT_POLICY' } });
    expect((await api('GET', '/api/vcenter/vm/vm-1073/storage/policy')).body).toEqual({ disks: { '2000': ENCRYPTION } });
  });

  it('refuses an unknown policy or disk naming it, and changes nothing', async () => {
    const bad = await api('PATCH', '/api/vcenter/vm/vm-1072/storage/policy', {
      vm_home: { type: 'USE_DEFAULT_POLICY' },
      disks: { '2000': { type: 'USE_SPECIFIED_POLICY', policy: 'nope' } },
    });
    expect(bad.body).toMatchObject({ error_type: 'INVALID_ARGUMENT', messages: [{ args: ['disks.2000.policy', 'nope'] }] });
    const disk = await api('PATCH', '/api/vcenter/vm/vm-1072/storage/policy', { disks: { '2999': { type: 'USE_DEFAULT_POLICY' } } });
    expect(disk.body).toMatchObject({ error_type: 'INVALID_ARGUMENT', messages: [{ args: ['disks', '2999'] }] });
    expect((await api('GET', '/api/vcenter/vm/vm-1072/storage/policy')).body).toEqual({ vm_home: ENCRYPTION, disks: { '2000': ENCRYPTION } });
    expect((await api('GET', '/api/vcenter/vm/vm-404/storage/policy')).status).toBe(404);
  });

  it('reads OUT_OF_DATE once the VM moved to another datastore, until a check', async () => {
    mock.server.state.vms.get('vm-1072')!.datastore = 'datastore-1067';
    const stale = (await api('GET', '/api/vcenter/vm/vm-1072/storage/policy/compliance')).body;
    expect([stale.overall_compliance, stale.vm_home.status]).toEqual(['OUT_OF_DATE', 'OUT_OF_DATE']);
    const checked = (await api('POST', '/api/vcenter/vm/vm-1072/storage/policy/compliance?action=check', { vm_home: true })).body;
    expect(checked.vm_home.status).toBe('COMPLIANT');
  });

  it('lists compliance by VM and entity with the status filter, and the VMs of a policy', async () => {
    expect((await api('GET', '/api/vcenter/storage/policies/compliance/vm?status=NOT_APPLICABLE')).body).toEqual({
      'vm-1074': { disks: { '2001': 'NOT_APPLICABLE' } },
    });
    expect((await api('GET', '/api/vcenter/storage/policies/compliance/vm?status=COMPLIANT&vms=vm-1074')).body).toEqual({});
    expect((await api('GET', '/api/vcenter/storage/policies/entities/compliance?status=COMPLIANT')).body).toEqual([
      { vm: 'vm-1072', vm_home: 'COMPLIANT', disks: { '2000': 'COMPLIANT' } },
    ]);
    expect((await api('GET', `/api/vcenter/storage/policies/${ENCRYPTION}/vm`)).body).toEqual({ 'vm-1072': { vm_home: true, disks: ['2000'] } });
    expect((await api('GET', '/api/vcenter/storage/policies/nope/vm')).status).toBe(404);
  });

  it('tells which datastores a policy can be applied to', async () => {
    const r = await api('POST', `/api/vcenter/storage/policies/${VSAN_DEFAULT}?action=check-compatibility`, {
      datastores: ['datastore-1061', 'datastore-1067'],
    });
    expect(r.body).toEqual({ compatible_datastores: [{ datastore: 'datastore-1067' }] });
    const unknown = await api('POST', `/api/vcenter/storage/policies/${VSAN_DEFAULT}?action=check-compatibility`, { datastores: ['datastore-9'] });
    expect([unknown.status, unknown.body.messages[0].args]).toEqual([404, ['datastore-9']]);
  });
});
