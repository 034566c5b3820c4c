import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnauthenticatedError, VsphereClient, VsphereCore } from '../src/index.js';
import { ADMIN, startMock, type MockServer } from './helpers/mock.js';

describe('sessions against the mock', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('logs in lazily, once, for concurrent first calls', async () => {
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN });
    expect(client.core.loginCount).toBe(0);
    const lists = await Promise.all(Array.from({ length: 20 }, () => client.vcenter.vm.list()));
    expect(lists.every((l) => l.length > 0)).toBe(true);
    expect(client.core.loginCount).toBe(1);
    await client.close();
  });

  it('logout() ends the session on the server; the next call logs in again', async () => {
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN });
    const first = await client.core.login();
    expect(mock.core.sessions.use(first)).toBeDefined();
    await client.core.logout();
    expect(mock.core.sessions.use(first)).toBeUndefined();
    expect(client.core.sessionId).toBeUndefined();
    await client.vcenter.vm.list();
    expect(client.core.loginCount).toBe(2);
    expect(client.core.sessionId).not.toBe(first);
    await client.close();
  });

  it('re-logs in exactly once when 100 concurrent calls hit an expired session, and replays them', async () => {
    mock.faults.expireSessions();
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, connections: 32 });
    const first = await client.core.login();
    expect(mock.core.sessions.size).toBe(1);
    mock.faults.expireSessions();
    expect(mock.core.sessions.size).toBe(0);
    const results = await Promise.all(Array.from({ length: 100 }, () => client.vcenter.vm.list()));
    expect(results).toHaveLength(100);
    expect(results.every((r) => Array.isArray(r) && r.length > 0)).toBe(true);
    expect(client.core.loginCount).toBe(2);
    expect(mock.core.sessions.size).toBe(1);
    expect(client.core.sessionId).not.toBe(first);
    await client.close();
    expect(mock.core.sessions.size).toBe(0);
  });

  it('refuses bad credentials with UnauthenticatedError', async () => {
    const client = new VsphereClient({ baseUrl: mock.url, username: ADMIN.username, password: 'wrong-password-123' });
    const err = await client.vcenter.vm.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect(String(err)).not.toContain('wrong-password-123');
    await client.close();
  });

  it('uses an existing sessionId and leaves it open on close', async () => {
    const owner = new VsphereCore({ baseUrl: mock.url, ...ADMIN });
    const sid = await owner.login();
    const client = new VsphereClient({ baseUrl: mock.url, sessionId: sid });
    expect((await client.vcenter.vm.list()).length).toBeGreaterThan(0);
    expect(client.core.loginCount).toBe(0);
    await client.close();
    const still = new VsphereClient({ baseUrl: mock.url, sessionId: sid });
    expect((await still.session.get()).user).toBeTruthy();
    await still.close({ logout: true });
    const after = new VsphereClient({ baseUrl: mock.url, sessionId: sid });
    await expect(after.session.get()).rejects.toBeInstanceOf(UnauthenticatedError);
    await after.close();
    await owner.close({ logout: false });
  });

  it('session.delete through the client logs out, and the next call logs in again', async () => {
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN });
    await client.session.create();
    await client.session.delete();
    expect(client.core.sessionId).toBeUndefined();
    expect((await client.vcenter.vm.list()).length).toBeGreaterThan(0);
    expect(client.core.loginCount).toBe(2);
    await client.close();
  });

  it('shares a session across processes through a 0600 cache file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vsk-cache-'));
    const file = join(dir, 'sessions.json');
    const a = new VsphereClient({ baseUrl: mock.url, ...ADMIN, sessionCacheFile: file });
    await a.vcenter.vm.list();
    const sid = a.core.sessionId!;
    await a.close(); // keeps the session for the next process
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain(sid);

    const b = new VsphereClient({ baseUrl: mock.url, ...ADMIN, sessionCacheFile: file });
    await b.vcenter.vm.list();
    expect(b.core.sessionId).toBe(sid);
    expect(b.core.loginCount).toBe(1); // the "login" was served by the cache
    // a stale cached session is replaced transparently
    mock.faults.expireSessions(sid);
    await b.vcenter.vm.list();
    expect(b.core.sessionId).not.toBe(sid);
    expect(await readFile(file, 'utf8')).toContain(b.core.sessionId!);
    await b.close({ logout: true });
    expect(await readFile(file, 'utf8')).not.toContain(sid);
  });
});
