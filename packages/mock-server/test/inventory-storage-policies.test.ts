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
