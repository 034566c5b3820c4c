// SSO account lockout: after N failed logins the account is locked for a while, and login answers
// UNAUTHENTICATED even with the right password; /__mock/health shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../src/index.js';
import { BASIC, call, start } from './helpers/server.js';

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
const loginAs = (mock: MockServer, authorization: string) => call(mock, 'POST', '/api/session', { headers: { authorization } });
const ADMIN = 'administrator@vsphere.local';

describe('account lockout (default policy: 5 failures)', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start({ prism: false, users: { 'ops@vsphere.local': 'Ops-Pass1' } });
  });
  afterAll(() => mock.close());

  it('locks the account after 5 failed logins; the right password is refused while locked; others are not affected', async () => {
    for (let i = 0; i < 4; i++) expect((await loginAs(mock, basic(ADMIN, 'wrong'))).status).toBe(401);
    expect((await call(mock, 'GET', '/__mock/health')).body.lockout.accounts).toEqual([{ user: ADMIN, failures: 4, locked: false }]);
    const fifth = await loginAs(mock, basic(ADMIN, 'wrong'));
    expect(fifth.status).toBe(401);
    const locked = await loginAs(mock, BASIC);
    expect(locked.status).toBe(401);
    expect(locked.body.error_type).toBe('UNAUTHENTICATED');
    expect(locked.body.messages[0].default_message).toBe('The user account is locked.');
    const health = (await call(mock, 'GET', '/__mock/health')).body;
    expect(health.lockout).toMatchObject({ maxFailures: 5, failureWindowMs: 180_000, unlockMs: 300_000 });
    expect(health.lockout.accounts).toEqual([{ user: ADMIN, failures: 5, locked: true, lockedUntil: expect.any(String) }]);
    expect((await loginAs(mock, basic('ops@vsphere.local', 'Ops-Pass1'))).status).toBe(201);
    // reset() (test isolation) unlocks.
    mock.reset();
    expect((await loginAs(mock, BASIC)).status).toBe(201);
    expect((await call(mock, 'GET', '/__mock/health')).body.lockout.accounts).toEqual([]);
  });

  it('a successful login clears the count', async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect((await loginAs(mock, basic(ADMIN, `wrong-${i}`))).status).toBe(401);
      expect((await loginAs(mock, BASIC)).status).toBe(201);
    }
  });

  it('a burst of 300 wrong passwords meets the lock, and names that do not exist are not tracked', async () => {
    const statuses = await Promise.all(Array.from({ length: 300 }, (_, i) => loginAs(mock, basic(ADMIN, `guess-${i}`)).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect((await loginAs(mock, BASIC)).body.messages[0].default_message).toBe('The user account is locked.');
    for (let i = 0; i < 20; i++) await loginAs(mock, basic(`nobody-${i}@vsphere.local`, 'x'));
    expect((await call(mock, 'GET', '/__mock/health')).body.lockout.accounts.map((a: { user: string }) => a.user)).toEqual([ADMIN]);
    mock.reset();
  });
});

describe('account lockout, configured', () => {
  it('unlocks after unlockMs', async () => {
    const mock = await start({ prism: false, lockout: { maxFailures: 2, unlockMs: 50 } });
    try {
      for (let i = 0; i < 2; i++) await loginAs(mock, basic(ADMIN, 'wrong'));
      expect((await loginAs(mock, BASIC)).status).toBe(401);
      let status = 0;
      for (let i = 0; i < 200 && status !== 201; i++) {
        await new Promise((r) => setTimeout(r, 10));
        status = (await loginAs(mock, BASIC)).status;
      }
      expect(status).toBe(201);
    } finally {
      await mock.close();
    }
  });

  it('maxFailures: 0 turns it off; bad values are refused', async () => {
    const mock = await start({ prism: false, lockout: { maxFailures: 0 } });
    try {
      for (let i = 0; i < 30; i++) expect((await loginAs(mock, basic(ADMIN, 'wrong'))).status).toBe(401);
      expect((await loginAs(mock, BASIC)).status).toBe(201);
      expect((await call(mock, 'GET', '/__mock/health')).body.lockout).toMatchObject({ maxFailures: 0, accounts: [] });
    } finally {
      await mock.close();
    }
    await expect(start({ lockout: { maxFailures: -1 } })).rejects.toThrow('lockout.maxFailures must be a non-negative integer, got -1');
  });
});
