// The appliance system as one model: version, clock and uptime, time zone and time sync,
// storage, access, scheduled shutdown and log forwarding. Every answer is checked against the spec.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { section } from '../src/families/appliance/config.js';
import { startMockServer } from '../src/index.js';
import { call, login, useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

describe('appliance version, clock and uptime', () => {
  it('reports vCenter Server 8.0 Update 2 with an embedded PSC', async () => {
    const r = await api('GET', '/api/appliance/system/version');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      version: '8.0.2.00000',
      product: 'VMware vCenter Server',
      type: 'vCenter Server with an embedded Platform Services Controller',
    });
  });

  it('counts the uptime up from the start of the mock', async () => {
    const first = (await api('GET', '/api/appliance/system/uptime')).body as number;
    await new Promise((r) => setTimeout(r, 20));
    const second = (await api('GET', '/api/appliance/system/uptime')).body as number;
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThan(first);
  });

  it('shows the clock in the configured time zone', async () => {
    expect((await api('PUT', '/api/appliance/system/time/timezone', { name: 'Asia/Tokyo' })).status).toBe(204);
    expect((await api('GET', '/api/appliance/system/time/timezone')).body).toBe('Asia/Tokyo');
    const t = (await api('GET', '/api/appliance/system/time')).body;
    expect(t.timezone).toBe('Asia/Tokyo');
    expect(t.date).toMatch(/^[A-Z][a-z]{2} \d\d-\d\d-\d{4}$/);
    expect(t.time).toMatch(/^\d\d:\d\d:\d\d [AP]M$/);
    const tokyo = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', day: '2-digit' }).format(t.seconds_since_epoch * 1000);
    expect(t.date.slice(7, 9)).toBe(tokyo);
  });

  it('refuses a time zone that does not exist or is misspelt, naming it, and keeps the old one', async () => {
    expect((await api('PUT', '/api/appliance/system/time/timezone', { name: 'utc' })).status).toBe(400);
    const r = await api('PUT', '/api/appliance/system/time/timezone', { name: 'Mars/Olympus' });
    expect(r.status).toBe(400);
    expect(r.body.error_type).toBe('INVALID_ARGUMENT');
    expect(r.body.messages[0].default_message).toContain('Mars/Olympus');
    expect((await api('GET', '/api/appliance/system/time/timezone')).body).toBe('UTC');
  });

  it('sets the time sync mode, and refuses NTP while no NTP server is set', async () => {
    expect((await api('PUT', '/api/appliance/timesync', { mode: 'HOST' })).status).toBe(204);
    expect((await api('GET', '/api/appliance/timesync')).body).toBe('HOST');
    expect((await api('PUT', '/api/appliance/ntp', { servers: [] })).status).toBe(204);
    const r = await api('PUT', '/api/appliance/timesync', { mode: 'NTP' });
    expect([r.status, r.body.error_type]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
    expect((await api('GET', '/api/appliance/timesync')).body).toBe('HOST');
  });
});

describe('appliance storage', () => {
  it('lists one partition per disk', async () => {
    const r = await api('GET', '/api/appliance/system/storage');
    expect(r.status).toBe(200);
    const partitions = r.body.map((p: { partition: string }) => p.partition);
    expect(partitions).toEqual(expect.arrayContaining(['log', 'db', 'seat', 'swap']));
    expect(new Set(r.body.map((p: { disk: string }) => p.disk)).size).toBe(r.body.length);
  });

  it('grows a partition to its grown disk, once', async () => {
    const storage = section(mock.server.state, 'storage');
    mock.server.state.rules.appliance.storage = {
      partitions: storage.partitions.map((p) => (p.partition === 'log' ? { ...p, disk_size_mib: p.size_mib * 2 } : p)),
    };
    const first = (await api('POST', '/api/appliance/system/storage?action=resize-ex')).body;
    expect(first.log.new_size).toBe(first.log.old_size * 2);
    expect(first.db.new_size).toBe(first.db.old_size);
    const again = (await api('POST', '/api/appliance/system/storage?action=resize-ex')).body;
    expect(again.log).toEqual({ old_size: first.log.new_size, new_size: first.log.new_size });
  });
});

describe('appliance access', () => {
  it('reads back ssh, dcui and consolecli as set', async () => {
    for (const what of ['ssh', 'dcui', 'consolecli']) {
      expect((await api('PUT', `/api/appliance/access/${what}`, { enabled: false })).status).toBe(204);
      expect((await api('GET', `/api/appliance/access/${what}`)).body).toBe(false);
      expect((await api('PUT', `/api/appliance/access/${what}`, { enabled: true })).status).toBe(204);
      expect((await api('GET', `/api/appliance/access/${what}`)).body).toBe(true);
    }
  });

  it('enables the shell for the timeout given, counting down', async () => {
    expect((await api('GET', '/api/appliance/access/shell')).body).toEqual({ enabled: false, timeout: 0 });
    expect((await api('PUT', '/api/appliance/access/shell', { enabled: true, timeout: 600 })).status).toBe(204);
    const shell = (await api('GET', '/api/appliance/access/shell')).body;
    expect(shell.enabled).toBe(true);
    expect(shell.timeout).toBeGreaterThan(0);
    expect(shell.timeout).toBeLessThanOrEqual(600);
    expect((await api('PUT', '/api/appliance/access/shell', { enabled: false, timeout: 0 })).status).toBe(204);
    expect((await api('GET', '/api/appliance/access/shell')).body).toEqual({ enabled: false, timeout: 0 });
  });

  it('refuses a shell timeout beyond one day, naming the field', async () => {
    const r = await api('PUT', '/api/appliance/access/shell', { enabled: true, timeout: 90_000 });
    expect([r.status, r.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(r.body.messages[0].default_message).toContain('timeout');
    expect((await api('GET', '/api/appliance/access/shell')).body.enabled).toBe(false);
  });
});

describe('appliance shutdown', () => {
  it('has nothing scheduled at first', async () => {
    expect((await api('GET', '/api/appliance/shutdown')).body).toEqual({ action: '', reason: '' });
  });

  it('schedules a reboot with its delay and reason, and cancels it', async () => {
    const before = Date.now();
    expect((await api('POST', '/api/appliance/shutdown?action=reboot', { delay: 10, reason: 'patching' })).status).toBe(204);
    const s = (await api('GET', '/api/appliance/shutdown')).body;
    expect(s).toMatchObject({ action: 'reboot', reason: 'patching' });
    expect(Date.parse(s.shutdown_time)).toBeGreaterThanOrEqual(before + 10 * 60_000);
    expect((await api('POST', '/api/appliance/shutdown?action=cancel')).status).toBe(204);
    expect((await api('GET', '/api/appliance/shutdown')).body).toEqual({ action: '', reason: '' });
  });

  it('reboots when a reboot comes due: nothing is pending and the uptime starts again', async () => {
    await new Promise((r) => setTimeout(r, 30));
    const before = (await api('GET', '/api/appliance/system/uptime')).body as number;
    expect((await api('POST', '/api/appliance/shutdown?action=reboot', { delay: 0, reason: 'kernel update' })).status).toBe(204);
    expect((await api('GET', '/api/appliance/shutdown')).body).toEqual({ action: '', reason: '' });
    expect((await api('GET', '/api/appliance/system/uptime')).body).toBeLessThan(before);
  });

  it('refuses a negative delay and keeps the pending schedule', async () => {
    await api('POST', '/api/appliance/shutdown?action=poweroff', { delay: 5, reason: 'move' });
    const r = await api('POST', '/api/appliance/shutdown?action=reboot', { delay: -1, reason: 'x' });
    expect([r.status, r.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(r.body.messages[0].default_message).toContain('delay');
    expect((await api('GET', '/api/appliance/shutdown')).body).toMatchObject({ action: 'poweroff', reason: 'move' });
  });
});

describe('appliance log forwarding', () => {
  const target = { hostname: 'syslog.vsphere.local', port: 514, protocol: 'UDP' };

  it('reads back the targets set and tests each', async () => {
    expect((await api('GET', '/api/appliance/logging/forwarding')).body).toEqual([]);
    expect((await api('PUT', '/api/appliance/logging/forwarding', { cfg_list: [target] })).status).toBe(204);
    expect((await api('GET', '/api/appliance/logging/forwarding')).body).toEqual([target]);
    const t = await api('POST', '/api/appliance/logging/forwarding?action=test', { send_test_message: true });
    expect(t.body).toEqual([{ hostname: 'syslog.vsphere.local', state: 'UP' }]);
  });

  it('shares the list with the legacy /rest form', async () => {
    expect((await api('PUT', '/rest/appliance/logging/forwarding', { cfg_list: [target] })).status).toBe(200);
    expect((await api('GET', '/api/appliance/logging/forwarding')).body).toEqual([target]);
    expect((await api('GET', '/rest/appliance/logging/forwarding')).body).toEqual({ value: [target] });
    const bad = await api('PUT', '/rest/appliance/logging/forwarding', { cfg_list: [{ ...target, hostname: 'not a host' }] });
    expect([bad.status, bad.body.type]).toEqual([400, 'com.vmware.vapi.std.errors.invalid_argument']);
  });

  it('refuses more than three targets and a bad port, leaving the list as it was', async () => {
    const four = await api('PUT', '/api/appliance/logging/forwarding', { cfg_list: [target, target, target, target] });
    expect([four.status, four.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
    const port = await api('PUT', '/api/appliance/logging/forwarding', { cfg_list: [{ ...target, port: 70_000 }] });
    expect(port.body.messages[0].default_message).toContain('cfg_list[0].port');
    expect((await api('GET', '/api/appliance/logging/forwarding')).body).toEqual([]);
  });
});

describe('appliance state in a state file', () => {
  it('keeps settings, accounts and service states across a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vmock-appliance-')), 'state.json');
    const a = await startMockServer({ stateFile: file, prism: false });
    const sid = await login(a);
    const send = (method: string, path: string, body?: unknown) => call(a, method, path, { session: sid, ...(body !== undefined ? { body } : {}) });
    await send('PUT', '/api/appliance/access/ssh', { enabled: false });
    await send('PUT', '/api/appliance/networking/interfaces/nic0/ipv4', { mode: 'STATIC', address: '10.1.2.3', prefix: 24, default_gateway: '10.1.2.1' });
    await send('POST', '/api/appliance/local-accounts', { username: 'ops', config: { password: 'Str0ng!Pass', roles: ['operator'], full_name: 'Ops' } });
    await send('POST', '/api/appliance/services/vpxd?action=stop');
    await a.close();

    const b = await startMockServer({ stateFile: file, prism: false });
    const sid2 = await login(b);
    const read = async (path: string) => (await call(b, 'GET', path, { session: sid2 })).body;
    expect(await read('/api/appliance/access/ssh')).toBe(false);
    expect((await read('/api/appliance/networking/interfaces/nic0/ipv4')).address).toBe('10.1.2.3');
    expect((await read('/api/appliance/local-accounts/ops')).fullname).toBe('Ops');
    expect((await read('/api/appliance/services/vpxd')).state).toBe('STOPPED');
    await b.close();
  });
});
