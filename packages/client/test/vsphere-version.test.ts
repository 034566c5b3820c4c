// The target version: calls of operations a later release brought are refused before anything
// is sent, with an error naming the operation and the release that brought it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationNotInVersionError, VsphereClient } from '../src/index.js';
import { json, startPeer, withLogin, type Peer } from './helpers/peer.js';

let peer: Peer;
beforeAll(async () => {
  peer = await startPeer(withLogin((req, res) => json(res, 200, req.url?.startsWith('/api/appliance/system/version') ? { version: '7.0.3.00000' } : [])));
});
afterAll(() => peer.close());

const clientFor = (vsphereVersion?: string) =>
  new VsphereClient({ baseUrl: peer.url, username: 'administrator@vsphere.local', password: 'VMware1!', ...(vsphereVersion ? { vsphereVersion } : {}) });

describe('vsphereVersion', () => {
  it('refuses an 8.0 operation on a 7.0.3 target without sending it', async () => {
    const client = clientFor('7.0.3');
    try {
      const before = peer.requests.length;
      const err = await client.vcenter.vm.dataSets.list('vm-1072').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OperationNotInVersionError);
      expect(err).toMatchObject({
        since: '8.0.0',
        vsphereVersion: '7.0.3',
        operation: { id: 'vcenter.vm.dataSets.list', method: 'GET', path: '/api/vcenter/vm/{vm}/data-sets' },
        message: 'vcenter.vm.dataSets.list (GET /api/vcenter/vm/{vm}/data-sets) came with vSphere 8.0.0; the target vCenter is 7.0.3',
      });
      // An 8.0.1 operation and the typed low-level call are refused the same way.
      await expect(client.vcenter.host.entropy.externalPool.get('host-1')).rejects.toThrow('came with vSphere 8.0.1');
      await expect(client.request('GET /api/vcenter/vm/{vm}/data-sets', { params: { path: { vm: 'vm-1' } } })).rejects.toBeInstanceOf(
        OperationNotInVersionError,
      );
      expect(peer.requests.length).toBe(before);
      // Operations the release has are sent as usual.
      await client.appliance.system.version.get();
      expect(peer.requests.at(-1)?.url).toBe('/api/appliance/system/version');
      expect(client.core.vsphereVersion).toBe('7.0.3');
    } finally {
      await client.close();
    }
  });

  it('sends every operation to a target of that release or without a target', async () => {
    for (const version of ['8.0.0', undefined]) {
      const client = clientFor(version);
      try {
        await client.vcenter.vm.dataSets.list('vm-1072');
        expect(peer.requests.at(-1)?.url).toBe('/api/vcenter/vm/vm-1072/data-sets');
      } finally {
        await client.close();
      }
    }
  });

  it('refuses an unknown version when the client is made, naming the known ones', () => {
    expect(() => clientFor('7.0')).toThrow("vsphereVersion: unknown vSphere version '7.0'; known versions: 7.0.2, 7.0.3, 8.0.0, 8.0.1, 8.0.2");
  });
});
