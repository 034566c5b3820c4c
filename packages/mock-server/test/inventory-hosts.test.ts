import { describe, expect, it } from 'vitest';
import { hostThumbprint } from '../src/families/inventory/hosts.js';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

const ADD = { hostname: 'esx-10.lab.local', user_name: 'root', password: 'VMware1!', folder: 'group-h1004', thumbprint_verification: 'NONE' };

describe('inventory: adding a host', () => {
  it('adds a connected standalone host with its own root resource pool, listed like the others', async () => {
    const r = await api('POST', '/api/vcenter/host', ADD);
    expect(r.status).toBe(201);
    const id = r.body as string;
    expect(id).toMatch(/^host-\d+$/);
    const listed = await api('GET', `/api/vcenter/host?hosts=${id}&standalone=true&folders=group-h1004&datacenters=datacenter-1001`);
    expect(listed.body).toEqual([{ host: id, name: 'esx-10.lab.local', connection_state: 'CONNECTED', power_state: 'POWERED_ON' }]);
    const pools = await api('GET', `/api/vcenter/resource-pool?hosts=${id}`);
    expect(pools.body).toEqual([{ resource_pool: expect.stringMatching(/^resgroup-\d+$/), name: 'Resources' }]);
  });

  it('checks the certificate thumbprint when asked, in any case and separator form', async () => {
    const spec = { ...ADD, thumbprint_verification: 'THUMBPRINT' };
    const wrong = await api('POST', '/api/vcenter/host', { ...spec, thumbprint: 'AA:BB' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error_type).toBe('UNVERIFIED_PEER');
    expect(wrong.body.messages[0].default_message).toContain(hostThumbprint('esx-10.lab.local'));
    const missing = await api('POST', '/api/vcenter/host', spec);
    expect(missing.body).toMatchObject({ error_type: 'INVALID_ARGUMENT', messages: [{ args: ['thumbprint'] }] });
    const right = await api('POST', '/api/vcenter/host', { ...spec, thumbprint: hostThumbprint('esx-10.lab.local').toLowerCase().replace(/:/g, '') });
    expect(right.status).toBe(201);
  });

  it('refuses a name already in the inventory, empty credentials and a bad port, and adds nothing', async () => {
    const before = (await api('GET', '/api/vcenter/host')).body;
    const dup = await api('POST', '/api/vcenter/host', { ...ADD, hostname: 'ESX-01.lab.local' });
    expect(dup.body).toMatchObject({ error_type: 'ALREADY_EXISTS', messages: [{ args: ['ESX-01.lab.local', 'host-1062'] }] });
    const login = await api('POST', '/api/vcenter/host', { ...ADD, password: '' });
    expect(login.status).toBe(401);
    expect(login.body.error_type).toBe('UNAUTHENTICATED');
    const port = await api('POST', '/api/vcenter/host', { ...ADD, port: 70000 });
    expect(port.body).toMatchObject({ error_type: 'INVALID_ARGUMENT', messages: [{ args: ['port', '70000'] }] });
    expect((await api('GET', '/api/vcenter/host')).body).toEqual(before);
  });

  it('refuses a folder that does not exist (NOT_FOUND) or holds no hosts (INVALID_ARGUMENT), naming the field', async () => {
    const missing = await api('POST', '/api/vcenter/host', { ...ADD, folder: 'group-h999' });
    expect(missing.status).toBe(404);
    expect(missing.body.messages[0].args).toEqual(['folder', 'group-h999']);
    const vmFolder = await api('POST', '/api/vcenter/host', { ...ADD, folder: 'group-v1003' });
    expect(vmFolder.body).toMatchObject({ error_type: 'INVALID_ARGUMENT', messages: [{ args: ['folder', 'group-v1003'] }] });
  });

  it('picks the only datacenter’s host folder when none is given, and asks for one when there are several', async () => {
    const { folder: _f, ...spec } = ADD;
    const several = await api('POST', '/api/vcenter/host', spec);
    expect(several.body).toMatchObject({ error_type: 'INVALID_ARGUMENT', messages: [{ args: ['folder'] }] });
    expect((await api('DELETE', '/api/vcenter/datacenter/datacenter-1090')).status).toBe(204);
    const id = (await api('POST', '/api/vcenter/host', spec)).body;
    expect(mock.server.state.hosts.get(id)).toMatchObject({ folder: 'group-h1004', datacenter: 'datacenter-1001' });
  });
});

describe('inventory: removing a host', () => {
  it('removes a standalone host with its VMs and resource pools', async () => {
    expect((await api('DELETE', '/api/vcenter/host/host-1064')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/host?hosts=host-1064')).body).toEqual([]);
    expect((await api('GET', '/api/vcenter/vm/vm-1076')).status).toBe(404);
    expect((await api('GET', '/api/vcenter/resource-pool?resource_pools=resgroup-1065')).body).toEqual([]);
    expect(mock.server.state.toData().resource_pools.some((p) => p.host === 'host-1064')).toBe(false);
  });

  it('refuses a cluster member with RESOURCE_IN_USE and an unknown host with NOT_FOUND naming it', async () => {
    const member = await api('DELETE', '/api/vcenter/host/host-1062');
    expect(member.body).toMatchObject({ error_type: 'RESOURCE_IN_USE', messages: [{ args: ['host-1062', 'domain-c1055'] }] });
    expect(mock.server.state.hosts.has('host-1062')).toBe(true);
    const unknown = await api('DELETE', '/api/vcenter/host/host-404');
    expect(unknown.status).toBe(404);
    expect(unknown.body.messages[0].args).toEqual(['host-404']);
  });
});

describe('inventory: connecting and disconnecting a host', () => {
  it('moves the connection state, and the list hides the power state of a disconnected host', async () => {
    expect((await api('POST', '/api/vcenter/host/host-1062?action=disconnect')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/host?hosts=host-1062')).body).toEqual([
      { host: 'host-1062', name: 'esx-01.lab.local', connection_state: 'DISCONNECTED' },
    ]);
    expect((await api('GET', '/api/vcenter/host?connection_states=DISCONNECTED')).body.map((h: { host: string }) => h.host)).toEqual([
      'host-1062',
      'host-1068',
    ]);
    expect((await api('POST', '/api/vcenter/host/host-1062?action=connect')).status).toBe(204);
    expect(mock.server.state.hosts.get('host-1062')!.connection_state).toBe('CONNECTED');
  });

  it('answers ALREADY_IN_DESIRED_STATE for a repeat and NOT_FOUND for an unknown host', async () => {
    const again = await api('POST', '/api/vcenter/host/host-1068?action=disconnect');
    expect(again.body).toMatchObject({ error_type: 'ALREADY_IN_DESIRED_STATE', messages: [{ args: ['host-1068'] }] });
    expect((await api('POST', '/api/vcenter/host/host-1062?action=connect')).body.error_type).toBe('ALREADY_IN_DESIRED_STATE');
    expect((await api('POST', '/api/vcenter/host/host-404?action=connect')).status).toBe(404);
  });
});
