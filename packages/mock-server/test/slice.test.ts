import { describe, expect, it } from 'vitest';
import { BASIC, call, login, start, useMockServer } from './helpers/server.js';

const mock = useMockServer({ taskMs: 200 });

describe('routing and errors', () => {
  it("answers vCenter's NOT_FOUND for unknown paths and OPERATION_NOT_FOUND for a method the path does not take", async () => {
    for (const [m, p] of [
      ['GET', '/api/nope'],
      ['PUT', '/api/vcenter/vm'],
      ['POST', '/api/vcenter/vm/vm-1072/power?action=fly'],
      ['POST', '/api/vcenter/vm/vm-1072/power'],
    ]) {
      const r = await call(mock.server, m!, p!, { session: mock.sid });
      // A known path with a method it does not take: 405 (with Allow); anything else unknown: 404.
      expect(r.status, `${m} ${p}`).toBe(m === 'PUT' ? 405 : 404);
      if (m === 'PUT') {
        expect(r.body.error_type).toBe('OPERATION_NOT_FOUND');
        expect(r.body.messages[0]).toMatchObject({ id: expect.any(String), default_message: expect.any(String), args: expect.any(Array) });
      } else {
        // The body a real vCenter sends for a path none of its operations takes.
        expect(r.body).toEqual({ error_type: 'NOT_FOUND', messages: [{ id: 'com.vmware.vapi.rest.httpNotFound', default_message: 'Not found.', args: [] }] });
      }
    }
  });
});

describe('sessions', () => {
  it('logs in with Basic, refuses a wrong password, needs the header elsewhere', async () => {
    const bad = await call(mock.server, 'POST', '/api/session', {
      headers: { authorization: 'Basic ' + Buffer.from('administrator@vsphere.local:nope').toString('base64') },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error_type).toBe('UNAUTHENTICATED');
    const none = await call(mock.server, 'GET', '/api/vcenter/vm');
    expect(none.status).toBe(401);
    expect(none.body.error_type).toBe('UNAUTHENTICATED');
    const s = await call(mock.server, 'POST', '/api/session', { headers: { authorization: BASIC } });
    expect(s.status).toBe(201);
    expect(typeof s.body).toBe('string');
    const info = await call(mock.server, 'GET', '/api/session', { session: s.body });
    expect(info.status).toBe(200);
    expect(info.body.user).toBe('VSPHERE.LOCAL\\administrator');
    expect((await call(mock.server, 'DELETE', '/api/session', { session: s.body })).status).toBe(204);
    expect((await call(mock.server, 'GET', '/api/session', { session: s.body })).status).toBe(401);
  });

  it('expires idle sessions', async () => {
    const s2 = await start({ sessionIdleMs: 400 });
    try {
      const id = await login(s2);
      expect((await call(s2, 'GET', '/api/vcenter/vm', { session: id })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 700));
      expect((await call(s2, 'GET', '/api/vcenter/vm', { session: id })).status).toBe(401);
    } finally {
      await s2.close();
    }
  });
});

describe('vm', () => {
  it('lists with filters', async () => {
    const all = await call(mock.server, 'GET', '/api/vcenter/vm', { session: mock.sid });
    expect(all.status).toBe(200);
    expect(all.body.length).toBeGreaterThanOrEqual(5);
    const states = new Set(all.body.map((v: any) => v.power_state));
    expect(states).toEqual(new Set(['POWERED_ON', 'POWERED_OFF', 'SUSPENDED']));
    const on = await call(mock.server, 'GET', '/api/vcenter/vm?power_states=POWERED_ON', { session: mock.sid });
    expect(on.body.every((v: any) => v.power_state === 'POWERED_ON')).toBe(true);
    const two = await call(mock.server, 'GET', '/api/vcenter/vm?power_states=POWERED_OFF&power_states=SUSPENDED', { session: mock.sid });
    expect(two.body.length).toBe(all.body.length - on.body.length);
    const named = await call(mock.server, 'GET', '/api/vcenter/vm?names=web-01&hosts=host-1062&clusters=domain-c1055', { session: mock.sid });
    expect(named.body.map((v: any) => v.vm)).toEqual(['vm-1072']);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm?folders=group-v1007', { session: mock.sid })).body.length).toBe(2);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm?resource_pools=resgroup-1065', { session: mock.sid })).body.length).toBe(1);
    expect((await call(mock.server, 'GET', '/api/vcenter/vm?datacenters=datacenter-1001&vms=vm-1074&vms=vm-1075', { session: mock.sid })).body.length).toBe(2);
    const bad = await call(mock.server, 'GET', '/api/vcenter/vm?power_states=RUNNING', { session: mock.sid });
    expect(bad.status).toBe(400);
    expect(bad.body.error_type).toBe('INVALID_ARGUMENT');
  });

  it('refuses more than 4,000 matches', async () => {
    const big = await start({ vmCount: 4001 });
    try {
      const id = await login(big);
      const r = await call(big, 'GET', '/api/vcenter/vm', { session: id });
      expect(r.status).toBe(500);
      expect(r.body.error_type).toBe('UNABLE_TO_ALLOCATE_RESOURCE');
      const narrowed = await call(big, 'GET', '/api/vcenter/vm?power_states=SUSPENDED', { session: id });
      expect(narrowed.status).toBe(200);
      expect(big.core.responseViolations).toEqual([]);
    } finally {
      await big.close();
    }
  });

  it('walks the lifecycle: create, get, power on/off, delete', async () => {
    const spec = {
      name: 'demo-01',
      guest_OS: 'RHEL_8_64',
      placement: { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' },
      cpu: { count: 2 },
      memory: { size_MiB: 2048 },
    };
    const c = await call(mock.server, 'POST', '/api/vcenter/vm', { session: mock.sid, body: spec });
    expect(c.status).toBe(201);
    const vm = c.body as string;
    expect(vm).toMatch(/^vm-\d+$/);
    const listed = await call(mock.server, 'GET', `/api/vcenter/vm?vms=${vm}`, { session: mock.sid });
    expect(listed.body).toEqual([{ vm, name: 'demo-01', power_state: 'POWERED_OFF', cpu_count: 2, memory_size_MiB: 2048 }]);
    const info = await call(mock.server, 'GET', `/api/vcenter/vm/${vm}`, { session: mock.sid });
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ name: 'demo-01', guest_OS: 'RHEL_8_64', power_state: 'POWERED_OFF', cpu: { count: 2 }, memory: { size_MiB: 2048 } });
    expect((await call(mock.server, 'POST', `/api/vcenter/vm/${vm}/power?action=start`, { session: mock.sid })).status).toBe(204);
    expect((await call(mock.server, 'GET', `/api/vcenter/vm/${vm}/power`, { session: mock.sid })).body).toEqual({ state: 'POWERED_ON' });
    const again = await call(mock.server, 'POST', `/api/vcenter/vm/${vm}/power?action=start`, { session: mock.sid });
    expect([again.status, again.body.error_type]).toEqual([400, 'ALREADY_IN_DESIRED_STATE']);
    const del = await call(mock.server, 'DELETE', `/api/vcenter/vm/${vm}`, { session: mock.sid });
    expect([del.status, del.body.error_type]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
    expect((await call(mock.server, 'POST', `/api/vcenter/vm/${vm}/power?action=stop`, { session: mock.sid })).status).toBe(204);
    expect((await call(mock.server, 'GET', `/api/vcenter/vm/${vm}/power`, { session: mock.sid })).body).toEqual({
      state: 'POWERED_OFF',
      clean_power_off: false,
    });
    expect((await call(mock.server, 'DELETE', `/api/vcenter/vm/${vm}`, { session: mock.sid })).status).toBe(204);
    const gone = await call(mock.server, 'GET', `/api/vcenter/vm/${vm}`, { session: mock.sid });
    expect([gone.status, gone.body.error_type]).toEqual([404, 'NOT_FOUND']);
    expect((await call(mock.server, 'DELETE', `/api/vcenter/vm/${vm}`, { session: mock.sid })).status).toBe(404);
  });

  it('follows the power state machine', async () => {
    const p = (vm: string, a: string) => call(mock.server, 'POST', `/api/vcenter/vm/${vm}/power?action=${a}`, { session: mock.sid });
    const err = async (vm: string, a: string) => {
      const r = await p(vm, a);
      return r.status === 204 ? 'ok' : r.body.error_type;
    };
    // vm-1074 is POWERED_OFF, vm-1072 POWERED_ON, vm-1075 SUSPENDED
    expect(await err('vm-1074', 'stop')).toBe('ALREADY_IN_DESIRED_STATE');
    expect(await err('vm-1074', 'suspend')).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    expect(await err('vm-1074', 'reset')).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    expect(await err('vm-1072', 'reset')).toBe('ok');
    expect(await err('vm-1072', 'suspend')).toBe('ok');
    expect(await err('vm-1072', 'suspend')).toBe('ALREADY_IN_DESIRED_STATE');
    expect(await err('vm-1072', 'reset')).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    expect(await err('vm-1075', 'start')).toBe('ok');
    expect(await err('vm-1073', 'stop')).toBe('ok');
    expect(await err('vm-9999', 'start')).toBe('NOT_FOUND');
    const del = await call(mock.server, 'DELETE', '/api/vcenter/vm/vm-1075', { session: mock.sid });
    expect(del.body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
  });

  it('validates create bodies and placement', async () => {
    const post = (body: unknown, raw?: string, ct?: string) =>
      call(mock.server, 'POST', '/api/vcenter/vm', {
        session: mock.sid,
        ...(raw !== undefined ? { raw, headers: { 'content-type': ct ?? 'application/json' } } : { body }),
      });
    const place = { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' };
    expect((await post({ name: 'x', placement: place })).body.error_type).toBe('INVALID_ARGUMENT'); // missing guest_OS
    expect((await post({ guest_OS: 'NOT_AN_OS', placement: place })).body.error_type).toBe('INVALID_ARGUMENT');
    expect((await post({ guest_OS: 'RHEL_8_64', cpu: { count: 'two' }, placement: place })).body.error_type).toBe('INVALID_ARGUMENT');
    const unexpected = await post({ guest_OS: 'RHEL_8_64', placement: place, colour: 'red' });
    expect([unexpected.status, unexpected.body.error_type]).toEqual([400, 'UNEXPECTED_INPUT']);
    expect((await post({ guest_OS: 'RHEL_8_64', placement: { ...place, bogus: 1 } })).body.error_type).toBe('UNEXPECTED_INPUT');
    const malformed = await post(undefined, '{"guest_OS": ');
    expect([malformed.status, malformed.body.error_type]).toEqual([400, 'INVALID_REQUEST']);
    expect((await post(undefined, 'guest_OS=x', 'text/plain')).body.error_type).toBe('INVALID_REQUEST');
    expect((await post(undefined, '')).body.error_type).toBe('INVALID_ARGUMENT');
    const missingFolder = await post({ guest_OS: 'RHEL_8_64', placement: { ...place, folder: 'group-v999' } });
    expect([missingFolder.status, missingFolder.body.error_type]).toEqual([404, 'NOT_FOUND']);
    const missingDs = await post({ guest_OS: 'RHEL_8_64', placement: { ...place, datastore: 'datastore-9' } });
    expect(missingDs.status).toBe(404);
    const wrongKind = await post({ guest_OS: 'RHEL_8_64', placement: { ...place, folder: 'group-h1004' } });
    expect([wrongKind.status, wrongKind.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
    const noCompute = await post({ guest_OS: 'RHEL_8_64', placement: { folder: 'group-v1003', datastore: 'datastore-1061' } });
    expect([noCompute.status, noCompute.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
    const hostPlaced = await post({ guest_OS: 'RHEL_8_64', name: 'h1', placement: { folder: 'group-v1003', host: 'host-1064', datastore: 'datastore-1066' } });
    expect(hostPlaced.status).toBe(201);
    const dup = await post({ guest_OS: 'RHEL_8_64', name: 'h1', placement: { folder: 'group-v1003', host: 'host-1064', datastore: 'datastore-1066' } });
    expect(dup.body.error_type).toBe('ALREADY_EXISTS');
    const big = await call(mock.server, 'POST', '/api/vcenter/vm', {
      session: mock.sid,
      raw: JSON.stringify({ guest_OS: 'RHEL_8_64', name: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
  });
});

describe('placement lists', () => {
  it('lists folders, hosts, datastores and clusters with filters', async () => {
    const folders = await call(mock.server, 'GET', '/api/vcenter/folder?type=VIRTUAL_MACHINE', { session: mock.sid });
    expect(folders.body.map((f: any) => f.folder)).toContain('group-v1003');
    expect(folders.body.every((f: any) => f.type === 'VIRTUAL_MACHINE')).toBe(true);
    expect((await call(mock.server, 'GET', '/api/vcenter/folder?type=BOGUS', { session: mock.sid })).status).toBe(400);
    const hosts = await call(mock.server, 'GET', '/api/vcenter/host?clusters=domain-c1055', { session: mock.sid });
    // The cluster's two connected hosts and its disconnected one.
    expect(hosts.body.map((h: any) => h.host)).toEqual(['host-1062', 'host-1063', 'host-1068']);
    expect((await call(mock.server, 'GET', '/api/vcenter/host?standalone=true', { session: mock.sid })).body.map((h: any) => h.host)).toEqual(['host-1064']);
    expect((await call(mock.server, 'GET', '/api/vcenter/host?standalone=maybe', { session: mock.sid })).status).toBe(400);
    const ds = await call(mock.server, 'GET', '/api/vcenter/datastore?types=VMFS', { session: mock.sid });
    expect(ds.body.map((d: any) => d.datastore)).toEqual(['datastore-1061']);
    const cl = await call(mock.server, 'GET', '/api/vcenter/cluster?names=cluster-a', { session: mock.sid });
    expect(cl.body).toEqual([{ cluster: 'domain-c1055', name: 'cluster-a', ha_enabled: true, drs_enabled: true }]);
  });
});

describe('reset', () => {
  it('restores the seed state', async () => {
    await call(mock.server, 'POST', '/api/vcenter/vm/vm-1074/power?action=start', { session: mock.sid });
    mock.server.reset();
    expect((await call(mock.server, 'GET', '/api/vcenter/vm/vm-1074/power', { session: mock.sid })).body.state).toBe('POWERED_OFF');
  });
});
