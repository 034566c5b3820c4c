// The behaviours that were keyed by operations the specs lacked (datacenter and network
// lists, tag list/delete, tag detach) now run: each answers from the state, through the
// whole pipeline, with spec-valid bodies (useMockServer checks every answer).
import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const SECOND_DC = {
  id: 'datacenter-2001',
  name: 'Lab-East',
  folder: 'group-d1',
  vm_folder: 'group-v2003',
  host_folder: 'group-h2004',
  datastore_folder: 'group-s2005',
  network_folder: 'group-n2006',
};

const mock = useMockServer();
const { api } = mock;

describe('datacenters', () => {
  it('lists the datacenters of the state and filters by name and folder', async () => {
    mock.server.state.datacenters.set(SECOND_DC.id, SECOND_DC);
    const all = await api('GET', '/api/vcenter/datacenter');
    expect(all.status).toBe(200);
    expect(all.body).toEqual([
      { datacenter: 'datacenter-1001', name: 'Datacenter' },
      { datacenter: 'datacenter-1090', name: 'dr-site' },
      { datacenter: 'datacenter-2001', name: 'Lab-East' },
    ]);
    expect((await api('GET', '/api/vcenter/datacenter?names=Lab-East')).body).toEqual([{ datacenter: 'datacenter-2001', name: 'Lab-East' }]);
    expect((await api('GET', '/api/vcenter/datacenter?folders=group-nope')).body).toEqual([]);
  });

  it('answers one datacenter with its root folders, and NOT_FOUND for an unknown one', async () => {
    const dc = await api('GET', '/api/vcenter/datacenter/datacenter-1001');
    expect(dc.body).toEqual({
      name: 'Datacenter',
      datastore_folder: 'group-s1005',
      host_folder: 'group-h1004',
      network_folder: 'group-n1006',
      vm_folder: 'group-v1003',
    });
    const missing = await api('GET', '/api/vcenter/datacenter/datacenter-9');
    expect([missing.status, missing.body.error_type]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('networks', () => {
  it('lists the networks of the state and filters by type', async () => {
    expect((await api('GET', '/api/vcenter/network')).body).toEqual([
      { network: 'network-1070', name: 'VM Network', type: 'STANDARD_PORTGROUP' },
      { network: 'dvportgroup-1071', name: 'dvpg-prod', type: 'DISTRIBUTED_PORTGROUP' },
      { network: 'network-1077', name: 'nsx-segment-web', type: 'OPAQUE_NETWORK' },
    ]);
    expect((await api('GET', '/api/vcenter/network?types=DISTRIBUTED_PORTGROUP')).body).toEqual([
      { network: 'dvportgroup-1071', name: 'dvpg-prod', type: 'DISTRIBUTED_PORTGROUP' },
    ]);
    const bad = await api('GET', '/api/vcenter/network?types=BRIDGE');
    expect([bad.status, bad.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
  });
});

describe('tags', () => {
  it('lists, detaches and deletes tags', async () => {
    const cat = await api('POST', '/api/cis/tagging/category', { name: 'env', description: '', cardinality: 'MULTIPLE', associable_types: [] });
    const seeded = (await api('GET', '/api/cis/tagging/tag')).body as string[];
    const tag = await api('POST', '/api/cis/tagging/tag', { name: 'prod', description: '', category_id: cat.body });
    expect((await api('GET', '/api/cis/tagging/tag')).body).toEqual([...seeded, tag.body]);
    const vm = { object_id: { type: 'VirtualMachine', id: 'vm-1074' } };
    const at = (action: string) => `/api/cis/tagging/tag-association/${encodeURIComponent(tag.body)}?action=${action}`;
    expect((await api('POST', at('attach'), vm)).status).toBe(204);
    expect((await api('POST', at('list-attached-objects'))).body).toEqual([vm.object_id]);
    expect((await api('POST', at('detach'), vm)).status).toBe(204);
    expect((await api('POST', at('list-attached-objects'))).body).toEqual([]);
    expect((await api('POST', at('attach'), vm)).status).toBe(204);
    expect((await api('DELETE', `/api/cis/tagging/tag/${encodeURIComponent(tag.body)}`)).status).toBe(204);
    expect((await api('GET', '/api/cis/tagging/tag')).body).toEqual(seeded);
    expect((await api('POST', '/api/cis/tagging/tag-association?action=list-attached-tags', vm)).body).toEqual([]);
    const again = await api('DELETE', `/api/cis/tagging/tag/${encodeURIComponent(tag.body)}`);
    expect([again.status, again.body.error_type]).toEqual([404, 'NOT_FOUND']);
  });
});
