// Contract tests the way a user of the mock writes them: run client code against the mock, then
// assert on what the client SENT (the mock's request journal), not only on what came back.
import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VsphereClient } from '../src/index.js';
import { ADMIN } from './helpers/mock.js';

describe('what the client sends, read from the mock journal', () => {
  let mock: MockServer;
  let client: VsphereClient;
  beforeAll(async () => {
    mock = await startMockServer({ toolsStartMs: 0, journalHeaders: true });
    client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 } });
  });
  beforeEach(() => {
    mock.faults.clear();
    mock.clearRequests();
  });
  afterAll(async () => {
    await client?.close();
    await mock?.close();
  });

  it('logs in once with Basic, then sends the session header; list filters go out as repeated query parameters', async () => {
    await client.vcenter.vm.list({ names: ['web-01', 'web-02'], power_states: ['POWERED_ON'] });
    const [login, list, ...rest] = mock.requests();
    expect(rest).toEqual([]);
    expect(login).toMatchObject({ operation: 'session.create', method: 'POST', status: 201 });
    expect(login!.headers?.authorization).toBe('[REDACTED]');
    expect(list).toMatchObject({
      operation: 'vcenter.vm.list',
      method: 'GET',
      path: '/api/vcenter/vm',
      query: { names: ['web-01', 'web-02'], power_states: 'POWERED_ON' },
      status: 200,
    });
    expect(list!.headers?.['vmware-api-session-id']).toBe('[REDACTED]');
    expect(JSON.stringify(mock.requests())).not.toContain(ADMIN.password);
  });

  it('retries a GET after a 503 but sends a POST once', async () => {
    mock.faults.error('SERVICE_UNAVAILABLE', 'vcenter.vm.get', { times: 1 });
    await client.vcenter.vm.get('vm-1072');
    expect(mock.requests({ operation: 'vcenter.vm.get' }).map((r) => r.status)).toEqual([503, 200]);

    mock.faults.error('SERVICE_UNAVAILABLE', 'vcenter.vm.power.stop', { times: 1 });
    await expect(client.vcenter.vm.power.stop('vm-1072')).rejects.toThrow();
    expect(mock.requests({ operation: 'vcenter.vm.power.stop' }).map((r) => [r.method, r.path, r.query, r.status])).toEqual([
      ['POST', '/api/vcenter/vm/vm-1072/power', { action: 'stop' }, 503],
    ]);
  });

  it('sends the body it was given, the guest password masked in the journal', async () => {
    const credentials = { interactive_session: false, type: 'USERNAME_PASSWORD' as const, user_name: 'root', password: 'VMware1!' };
    await client.vcenter.vm.guest.processes.create('vm-1072', { credentials, spec: { path: '/usr/bin/sleep', arguments: '1' } });
    const [sent] = mock.requests({ operation: 'vcenter.vm.guest.processes.create' });
    expect(sent!.body).toEqual({ credentials: { ...credentials, password: '[REDACTED]' }, spec: { path: '/usr/bin/sleep', arguments: '1' } });
    expect(sent!.headers?.['content-type']).toMatch(/^application\/json/);
    expect(sent!.status).toBe(201);
  });
});
