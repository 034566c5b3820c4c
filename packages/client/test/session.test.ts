import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
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

  it('retries a re-login that answered 503 once: all 100 waiting calls succeed through one login sequence', async () => {
    mock.faults.clear();
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, connections: 32 });
    const first = await client.core.login();
    mock.faults.expireSessions();
    // The re-login's first POST /api/session answers 503; a second, effect-free fault counts every POST /api/session.
    const unavailable = mock.faults.add({ operation: 'session.create', errorType: 'SERVICE_UNAVAILABLE', times: 1 });
    const counter = mock.faults.add({ operation: 'session.create', latencyMs: 0 });
    try {
      const settled = await Promise.allSettled(Array.from({ length: 100 }, () => client.vcenter.vm.list()));
      const failed = settled.filter((r) => r.status === 'rejected');
      expect(failed.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      expect(settled.every((r) => r.status === 'fulfilled' && Array.isArray(r.value) && r.value.length > 0)).toBe(true);
      // One shared login sequence after the expiry: two attempts on the wire (503, then 201), one login for the client.
      expect(client.core.loginCount).toBe(2);
      const hits = new Map(mock.faults.list().map((f) => [f.id, f.hits]));
      expect(hits.get(unavailable)).toBe(1);
      expect(hits.get(counter)).toBe(2);
      expect(client.core.sessionId).not.toBe(first);
    } finally {
      mock.faults.clear();
      await client.close();
    }
  });

  it('gives up on a login after the retries (or at once with retry: false), failing the waiting calls with the 503', async () => {
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, retry: { maxRetries: 2, baseDelayMs: 1 }, connections: 32 });
    const once = new VsphereClient({ baseUrl: mock.url, ...ADMIN, retry: false });
    try {
      await client.core.login();
      mock.faults.expireSessions();
      const unavailable = mock.faults.add({ operation: 'session.create', errorType: 'SERVICE_UNAVAILABLE' });
      const settled = await Promise.allSettled(Array.from({ length: 10 }, () => client.vcenter.vm.list()));
      expect(settled.every((r) => r.status === 'rejected' && (r.reason as Error).name === 'ServiceUnavailableError')).toBe(true);
      const hits = (): number | undefined => mock.faults.list().find((f) => f.id === unavailable)?.hits;
      // One login: the first attempt and two retries.
      const before = hits()!;
      await expect(client.core.login()).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
      expect(hits()! - before).toBe(3);
      await expect(once.core.login()).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
      expect(hits()! - before).toBe(4);
    } finally {
      mock.faults.clear();
      await client.close();
      await once.close();
    }
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

  it('rest.cis.session.delete ends the shared session too: the next call logs in again without a 401 round trip', async () => {
    const debug: string[] = [];
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, logger: { debug: (m: string) => debug.push(m) } });
    await client.vcenter.vm.list();
    const first = client.core.sessionId!;
    expect((await client.rest.cis.session.get()).user).toBe('VSPHERE.LOCAL\\administrator');
    await client.rest.cis.session.delete();
    expect(mock.core.sessions.use(first)).toBeUndefined();
    expect(client.core.sessionId).toBeUndefined();
    expect((await client.vcenter.vm.list()).length).toBeGreaterThan(0);
    expect(client.core.loginCount).toBe(2);
    expect(debug.filter((m) => m.includes('session expired'))).toEqual([]);
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

  it('a hand-edited or broken cache file is named in a warning and replaced by a fresh login, never sent as it is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vsk-cache-'));
    const file = join(dir, 'sessions.json');
    const key = `${mock.url}|${ADMIN.username}`;
    const cases: [string, string][] = [
      [JSON.stringify({ version: 1, sessions: { [key]: { sessionId: 'abc\r\nx-evil: 1' } } }), 'is no usable session id'],
      [JSON.stringify({ version: 1, sessions: { [key]: { sessionId: 42 } } }), 'is no usable session id'],
      [JSON.stringify({ version: 1, sessions: { [key]: null } }), 'is no usable session id'],
      ['{not json', 'is not a session cache'],
      [JSON.stringify({ version: 1, sessions: [] }), 'is not a session cache'],
    ];
    for (const [content, problem] of cases) {
      await writeFile(file, content);
      const warnings: string[] = [];
      // (the mock is plain http: its own warning is left out)
      const logger = { warn: (l: string) => void (l.startsWith('plain http') || warnings.push(l)) };
      const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, sessionCacheFile: file, logger });
      expect(await client.vcenter.vm.list(), content).toHaveLength(5);
      expect(client.core.loginCount, content).toBe(1);
      expect(warnings, content).toEqual([expect.stringContaining(`session cache file ${file}`)]);
      expect(warnings[0], content).toContain(problem);
      expect(warnings[0], content).not.toContain('x-evil');
      // The fresh session replaced the entry.
      const kept = JSON.parse(await readFile(file, 'utf8')) as { sessions: Record<string, { sessionId: string }> };
      expect(kept.sessions[key]?.sessionId, content).toBe(client.core.sessionId);
      await client.close({ logout: true });
    }
    // An entry named __proto__ is one more key: it reaches no prototype and does not stand for this client.
    await writeFile(file, '{"version":1,"sessions":{"__proto__":{"sessionId":"p"}}}');
    const client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, sessionCacheFile: file });
    await client.vcenter.vm.list();
    expect(client.core.sessionId).not.toBe('p');
    expect(({} as { sessionId?: unknown }).sessionId).toBeUndefined();
    const kept = JSON.parse(await readFile(file, 'utf8')) as { sessions: Record<string, unknown> };
    expect(Object.keys(kept.sessions)).toEqual(['__proto__', key]);
    await client.close({ logout: true });
  });

  it('a logout that fails leaves no session in the cache file for the next process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vsk-cache-'));
    const file = join(dir, 'sessions.json');
    const a = new VsphereClient({ baseUrl: mock.url, ...ADMIN, sessionCacheFile: file });
    await a.vcenter.vm.list();
    const sid = a.core.sessionId!;
    expect(await readFile(file, 'utf8')).toContain(sid);
    mock.faults.error('ERROR', 'session.delete', { times: 1 });
    await expect(a.core.logout()).rejects.toMatchObject({ errorType: 'ERROR' });
    expect(await readFile(file, 'utf8')).not.toContain(sid);
    await a.close();
  });
});
