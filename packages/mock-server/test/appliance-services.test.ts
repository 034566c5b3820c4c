// Appliance services and vMon services: one state per service behind both APIs, start/stop/
// restart, startup types, NOT_FOUND naming an unknown service. Every answer is checked against the spec.
import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

describe('appliance services', () => {
  it('lists the appliance services, automatic ones running', async () => {
    const all = (await api('GET', '/api/appliance/services')).body;
    expect(all.vpxd.state).toBe('STARTED');
    expect(all.sshd.state).toBe('STARTED');
    expect(all.vcha.state).toBe('STOPPED');
  });

  it('stops and starts a service, and vMon sees the same state', async () => {
    expect((await api('POST', '/api/appliance/services/vpxd?action=stop')).status).toBe(204);
    expect((await api('GET', '/api/appliance/services/vpxd')).body.state).toBe('STOPPED');
    const vmon = (await api('GET', '/api/vcenter/services/vpxd')).body;
    expect(vmon.state).toBe('STOPPED');
    expect(vmon.health).toBeUndefined();
    expect((await api('POST', '/api/vcenter/services/vpxd?action=start')).status).toBe(204);
    expect((await api('GET', '/api/appliance/services/vpxd')).body.state).toBe('STARTED');
    expect((await api('GET', '/api/vcenter/services/vpxd')).body.health).toBe('HEALTHY');
  });

  it('restarts a stopped service into STARTED', async () => {
    expect((await api('POST', '/api/appliance/services/vcha?action=restart')).status).toBe(204);
    expect((await api('GET', '/api/appliance/services/vcha')).body.state).toBe('STARTED');
  });

  it('answers NOT_FOUND naming an unknown service, and a vMon NOT_FOUND for a service vMon does not manage', async () => {
    const r = await api('POST', '/api/appliance/services/nope?action=start');
    expect([r.status, r.body.error_type, r.body.messages[0].args]).toEqual([404, 'NOT_FOUND', ['nope']]);
    expect((await api('GET', '/api/vcenter/services/sshd')).status).toBe(404);
  });
});

describe('vMon services', () => {
  it('lists only vMon services with startup type and health', async () => {
    const all = (await api('GET', '/api/vcenter/services')).body;
    expect(all.vpxd).toMatchObject({ startup_type: 'AUTOMATIC', state: 'STARTED', health: 'HEALTHY', name_key: 'cis.vpxd.ServiceName' });
    expect(all.sshd).toBeUndefined();
  });

  it('changes the startup type, and refuses to start a DISABLED service', async () => {
    await api('POST', '/api/vcenter/services/vsan-health?action=stop');
    expect((await api('PATCH', '/api/vcenter/services/vsan-health', { startup_type: 'DISABLED' })).status).toBe(204);
    expect((await api('GET', '/api/vcenter/services/vsan-health')).body).toMatchObject({ startup_type: 'DISABLED', state: 'STOPPED' });
    const r = await api('POST', '/api/vcenter/services/vsan-health?action=start');
    expect([r.status, r.body.error_type]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
    expect((await api('GET', '/api/appliance/services/vsan-health')).body.state).toBe('STOPPED');
  });
});
