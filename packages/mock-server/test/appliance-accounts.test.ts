// Appliance local accounts and the password policy: create/get/list/update/set/delete, the
// password rules, ageing from the policy, passwords never shown. Every answer is checked against the spec.
import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

const PASSWORD = 'Str0ng!Pass';
const create = (username: string, config: Record<string, unknown> = {}) =>
  api('POST', '/api/appliance/local-accounts', { username, config: { password: PASSWORD, roles: ['operator'], ...config } });

describe('appliance local accounts', () => {
  it('has root on a fresh appliance', async () => {
    expect((await api('GET', '/api/appliance/local-accounts')).body).toEqual(['root']);
    expect((await api('GET', '/api/appliance/local-accounts/root')).body).toMatchObject({ roles: ['superAdmin'], enabled: true, has_password: true });
  });

  it('creates an account that reads back, its ageing from the global policy, its password never shown', async () => {
    expect((await api('PUT', '/api/appliance/local-accounts/global-policy', { max_days: 60, min_days: 1, warn_days: 5 })).status).toBe(204);
    expect((await create('ops', { full_name: 'Ops Team', email: 'ops@corp.example' })).status).toBe(204);
    expect((await api('GET', '/api/appliance/local-accounts')).body).toEqual(['ops', 'root']);
    const r = await api('GET', '/api/appliance/local-accounts/ops');
    expect(r.body).toMatchObject({
      fullname: 'Ops Team',
      email: 'ops@corp.example',
      roles: ['operator'],
      enabled: true,
      has_password: true,
      max_days_between_password_change: 60,
      min_days_between_password_change: 1,
      warn_days_before_password_expiration: 5,
    });
    expect(Date.parse(r.body.password_expires_at) - Date.parse(r.body.last_password_change)).toBe(60 * 86_400_000);
    expect(JSON.stringify(r.body)).not.toContain(PASSWORD);
  });

  it('refuses a weak password, naming the rule but not the password, and creates nothing', async () => {
    const r = await create('weak', { password: 'alllowercase1!' });
    expect([r.status, r.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(r.body.messages[0].default_message).toContain('upper-case');
    expect(JSON.stringify(r.body)).not.toContain('alllowercase1!');
    expect((await create('short', { password: 'Aa1!' })).body.messages[0].default_message).toContain('shorter than 8');
    expect((await api('GET', '/api/appliance/local-accounts')).body).toEqual(['root']);
  });

  it('refuses an existing user name and an unknown role', async () => {
    await create('ops');
    expect((await create('ops')).body.error_type).toBe('ALREADY_EXISTS');
    const role = await create('other', { roles: ['god'] });
    expect(role.body.messages[0].default_message).toContain('config.roles[0]');
  });

  it('updates some fields and keeps the others', async () => {
    await create('ops', { full_name: 'Ops' });
    expect((await api('PATCH', '/api/appliance/local-accounts/ops', { enabled: false, roles: ['admin'] })).status).toBe(204);
    expect((await api('GET', '/api/appliance/local-accounts/ops')).body).toMatchObject({ fullname: 'Ops', enabled: false, roles: ['admin'] });
  });

  it('replaces the whole configuration on set', async () => {
    await create('ops', { full_name: 'Ops', email: 'ops@corp.example' });
    expect((await api('PUT', '/api/appliance/local-accounts/ops', { password: 'N3w!Passw0rd', roles: ['admin'] })).status).toBe(204);
    const got = (await api('GET', '/api/appliance/local-accounts/ops')).body;
    expect(got.roles).toEqual(['admin']);
    expect(got.fullname).toBeUndefined();
    expect(got.email).toBeUndefined();
  });

  it('deletes an account and answers NOT_FOUND for it afterwards', async () => {
    await create('ops');
    expect((await api('DELETE', '/api/appliance/local-accounts/ops')).status).toBe(204);
    const gone = await api('GET', '/api/appliance/local-accounts/ops');
    expect([gone.status, gone.body.error_type, gone.body.messages[0].args]).toEqual([404, 'NOT_FOUND', ['ops']]);
    expect((await api('GET', '/api/appliance/local-accounts')).body).toEqual(['root']);
  });

  it('treats names like Object.prototype members as ordinary user names', async () => {
    expect((await api('GET', '/api/appliance/local-accounts/__proto__')).status).toBe(404);
    expect((await create('constructor')).status).toBe(204);
    expect((await api('GET', '/api/appliance/local-accounts')).body).toEqual(['constructor', 'root']);
    expect(({} as Record<string, unknown>).roles).toBeUndefined();
  });

  it('refuses a policy whose minimum exceeds its maximum and keeps the old one', async () => {
    const r = await api('PUT', '/api/appliance/local-accounts/global-policy', { max_days: 10, min_days: 20 });
    expect([r.status, r.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(r.body.messages[0].default_message).toContain('min_days');
    expect((await api('GET', '/api/appliance/local-accounts/global-policy')).body).toEqual({ max_days: 90, min_days: 0, warn_days: 7 });
  });
});
