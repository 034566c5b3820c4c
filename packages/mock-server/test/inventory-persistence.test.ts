// The inventory's writes go through the journal: a second server on the same --state file (as
// after a kill -9 of the first) holds exactly the state the first one answered from.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { call, login } from './helpers/server.js';

describe('inventory writes in the state file', () => {
  it('replays datacenter, host, resource pool, storage policy and template writes to the same state', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vmock-inventory-')), 'state.json');
    const a = await startMockServer({ stateFile: file, prism: false });
    const sid = await login(a);
    const api = async (method: string, path: string, body?: unknown) => {
      const r = await call(a, method, path, { session: sid, ...(body !== undefined ? { body } : {}) });
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    await api('POST', '/api/vcenter/host', {
      hostname: 'esx-20.lab.local',
      user_name: 'root',
      password: 'x',
      folder: 'group-h1004',
      thumbprint_verification: 'NONE',
    });
    await api('DELETE', '/api/vcenter/host/host-1064');
    await api('POST', '/api/vcenter/host/host-1062?action=disconnect');
    await api('POST', '/api/vcenter/datacenter', { name: 'dc-east' });
    await api('DELETE', '/api/vcenter/datacenter/datacenter-1090');
    await api('POST', '/api/vcenter/resource-pool', { name: 'dev', parent: 'resgroup-1057', cpu_allocation: { limit: 100 } });
    await api('PATCH', '/api/vcenter/vm/vm-1073/storage/policy', {
      disks: { '2000': { type: 'USE_SPECIFIED_POLICY', policy: '4d5f673c-536f-11e6-beb8-9e71128cae77' } },
    });
    const item = await api('POST', '/api/vcenter/vm-template/library-items', {
      name: 'golden',
      library: '5c4b6a1e-7d3f-4f3c-9a51-2f8e0d6b1c77',
      source_vm: 'vm-1073',
    });
    await api('POST', `/api/vcenter/vm-template/library-items/${item}?action=deploy`, { name: 'from-golden', placement: { cluster: 'domain-c1055' } });
    const b = await startMockServer({ stateFile: file, prism: false });
    expect(JSON.parse(JSON.stringify(b.state.toData()))).toEqual(JSON.parse(JSON.stringify(a.state.toData())));
    await b.close();
    await a.close();
  });
});
