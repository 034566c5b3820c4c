import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnableToAllocateResourceError, VsphereClient, listAll } from '../src/index.js';
import { ADMIN, startMock, type MockServer } from './helpers/mock.js';
import { json, startPeer, vapiError, withLogin, type Peer } from './helpers/peer.js';

/** An inventory of 9,000 VMs: folder f1 holds 5,000 (on hosts h1 and h2), f2 3,000, f3 1,000. */
function inventory() {
  const vms: { vm: string; name: string; power_state: string; folder: string; host: string; cluster: string }[] = [];
  const add = (n: number, folder: string, host: string) => {
    for (let i = 0; i < n; i++) vms.push({ vm: `vm-${vms.length + 1}`, name: `n${vms.length}`, power_state: 'POWERED_ON', folder, host, cluster: 'c1' });
  };
  add(2500, 'f1', 'h1');
  add(2500, 'f1', 'h2');
  add(3000, 'f2', 'h1');
  add(1000, 'f3', 'h3');
  return vms;
}

describe('listAll past the 4,000-VM wall (scripted peer)', () => {
  let peer: Peer;
  const vms = inventory();
  beforeAll(async () => {
    peer = await startPeer(
      withLogin((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const all = (k: string) => url.searchParams.getAll(k);
        if (url.pathname === '/api/vcenter/folder') {
          expect(url.searchParams.get('type')).toBe('VIRTUAL_MACHINE');
          return json(
            res,
            200,
            ['f1', 'f2', 'f3'].map((folder) => ({ folder, name: folder, type: 'VIRTUAL_MACHINE' })),
          );
        }
        if (url.pathname === '/api/vcenter/host')
          return json(
            res,
            200,
            ['h1', 'h2', 'h3'].map((host) => ({ host, name: host })),
          );
        if (url.pathname === '/api/vcenter/cluster') return json(res, 200, [{ cluster: 'c1', name: 'c1' }]);
        if (url.pathname === '/api/vcenter/vm') {
          const f = all('folders');
          const h = all('hosts');
          const matches = vms.filter((v) => (f.length === 0 || f.includes(v.folder)) && (h.length === 0 || h.includes(v.host)));
          if (matches.length > 4000)
            return json(res, 500, vapiError('UNABLE_TO_ALLOCATE_RESOURCE', 'Too many virtual machines. Add more filter criteria to reduce the number.'));
          return json(
            res,
            200,
            matches.map(({ vm, name, power_state }) => ({ vm, name, power_state })),
          );
        }
        return json(res, 404, vapiError('NOT_FOUND'));
      }),
    );
  });
  afterAll(async () => {
    await peer?.close();
  });

  it('splits by folders, then hosts, and merges every VM exactly once', async () => {
    const client = new VsphereClient({ baseUrl: peer.url, username: 'u', password: 'secret-pw' });
    await expect(client.vcenter.vm.list()).rejects.toBeInstanceOf(UnableToAllocateResourceError);
    const splits: string[] = [];
    const result = await listAll(client, {}, { onSplit: (e) => splits.push(`${e.by}:${e.parts}:${JSON.stringify(e.filter)}`) });
    expect(result).toHaveLength(9000);
    expect(new Set(result.map((v) => v.vm)).size).toBe(9000);
    expect(splits).toEqual(['folders:3:{}', 'hosts:3:{"folders":["f1"]}']);
    const vmQueries = peer.requests.filter((r) => r.url.startsWith('/api/vcenter/vm')).map((r) => r.url);
    expect(vmQueries).toContain('/api/vcenter/vm?folders=f1&hosts=h2');
    await client.close();
  });

  it('splits a filter that already names several folders without enumerating', async () => {
    const client = new VsphereClient({ baseUrl: peer.url, username: 'u', password: 'secret-pw' });
    const before = peer.requests.filter((r) => r.url.startsWith('/api/vcenter/folder')).length;
    const result = await listAll(client.core, { folders: ['f2', 'f3'], hosts: ['h1', 'h3'] });
    expect(result).toHaveLength(4000);
    expect(peer.requests.filter((r) => r.url.startsWith('/api/vcenter/folder')).length).toBe(before);
    await client.close();
  });
});

describe('listAll against the mock', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('answers like list() when the filter is under the limit', async () => {
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN });
    const plain = await client.vcenter.vm.list({ power_states: ['POWERED_ON'] });
    const all = await listAll(client, { power_states: ['POWERED_ON'] });
    expect(all.map((v) => v.vm).sort()).toEqual(plain.map((v) => v.vm).sort());
    await client.close();
  });
});
