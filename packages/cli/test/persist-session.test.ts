import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockServer } from '@vsphere-kit/mock-server';
import { describe, expect, it } from 'vitest';
import { afterHttpWarning, credsEnv, PASSWORD, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

// --persist-session (default on): a command run with a user name and password keeps its session in
// <config>/vsphere-kit/sessions.json for the next command, as govc does, instead of logging in and out each time.

const cli = useCliMock();

const LIST = ['vcenter', 'vm', 'list', '-o', 'json'];

function sessionFile(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME as string, 'vsphere-kit', 'sessions.json');
}

function keptIds(env: NodeJS.ProcessEnv): string[] {
  const file = JSON.parse(readFileSync(sessionFile(env), 'utf8')) as { sessions: Record<string, { sessionId: string }> };
  return Object.values(file.sessions).map((s) => s.sessionId);
}

describe('--persist-session', () => {
  it('keeps the session of the first command in a 0600 file and reuses it: no login, no logout on the next', async () => {
    const env = credsEnv(cli.url);
    const before = cli.mock.core.sessions.size;
    const first = await vsphere([...LIST, '--debug'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(afterHttpWarning(first.stderr)).toContain('debug: logged in');
    // Not logged out: the session is still open on the server, and kept.
    expect(cli.mock.core.sessions.size).toBe(before + 1);
    expect(statSync(sessionFile(env)).mode & 0o777).toBe(0o600);
    expect(statSync(join(env.XDG_CONFIG_HOME as string, 'vsphere-kit')).mode & 0o777).toBe(0o700);
    const text = readFileSync(sessionFile(env), 'utf8');
    expect(text).not.toContain(PASSWORD);
    const [id] = keptIds(env);
    expect(id).toBeTruthy();
    // The id is a secret: --debug and the output never show it.
    expect(first.stderr + first.stdout).not.toContain(id);

    const second = await vsphere([...LIST, '--debug'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toContain('debug: using the session from the session cache file');
    expect(second.stderr).not.toContain('debug: logged in');
    expect(second.stderr).not.toContain(id);
    expect(cli.mock.core.sessions.size).toBe(before + 1);
    expect(keptIds(env)).toEqual([id]);

    // --trace shows the kept session masked, as any other.
    const traced = await vsphere([...LIST, '--trace'], env);
    expect(traced.code).toBe(0);
    expect(traced.stderr).toMatch(/\n> vmware-api-session-id: \*{8}\n/);
    expect(traced.stderr).not.toContain(id);
    expect(traced.stderr).not.toContain('/api/session');

    // Bound to the server and user, as govc's: used whatever the password while it lives (logout ends it).
    const otherPassword = await vsphere(LIST, { ...env, VSPHERE_PASSWORD: 'not-the-password' });
    expect(otherPassword.code).toBe(0);
  });

  it('logs in again, once and silently, when the kept session has expired, and keeps the new one', async () => {
    const env = credsEnv(cli.url);
    expect((await vsphere(LIST, env)).code).toBe(0);
    const [old] = keptIds(env);
    expect(cli.mock.faults.expireSessions()).toBeGreaterThan(0);
    const r = await vsphere([...LIST, '--debug'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
    expect(r.stderr).toContain('logging in again');
    const [renewed] = keptIds(env);
    expect(renewed).toBeTruthy();
    expect(renewed).not.toBe(old);
  });

  it('is off with --no-persist-session or VSPHERE_PERSIST_SESSION=0: the command logs out and keeps nothing', async () => {
    for (const [args, extra] of [
      [['--no-persist-session'], {}],
      [[], { VSPHERE_PERSIST_SESSION: '0' }],
    ] as const) {
      const env = credsEnv(cli.url, extra);
      const before = cli.mock.core.sessions.size;
      const r = await vsphere([...LIST, ...args], env);
      expect(r.code, r.stderr).toBe(0);
      expect(cli.mock.core.sessions.size).toBe(before);
      expect(() => statSync(sessionFile(env))).toThrow();
    }
    const bad = await vsphere(LIST, credsEnv(cli.url, { VSPHERE_PERSIST_SESSION: 'maybe' }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('VSPHERE_PERSIST_SESSION=maybe: expected 1, true, yes, on or 0, false, no, off');
  });

  it('keeps one session per server and user: another user logs in for itself', async () => {
    const env = credsEnv(cli.url);
    expect((await vsphere(LIST, env)).code).toBe(0);
    const other = await vsphere([...LIST, '--debug'], { ...env, VSPHERE_USERNAME: 'someone@vsphere.local' });
    // The mock accepts only its own user: the point is that the kept session was not taken for another user.
    expect(other.stderr).not.toContain('using the session from the session cache file');
    expect(keptIds(env)).toHaveLength(1);
  });

  it('vsphere logout ends the kept session on the server and removes it from the file', async () => {
    const env = credsEnv(cli.url);
    expect((await vsphere(LIST, env)).code).toBe(0);
    const before = cli.mock.core.sessions.size;
    // No password needed to end it.
    const r = await vsphere(['logout'], { ...env, VSPHERE_PASSWORD: undefined });
    expect(r.code, r.stderr).toBe(0);
    expect(afterHttpWarning(r.stderr)).toBe(`Logged out of ${cli.url} (the session kept for administrator@vsphere.local).\n`);
    // The kept session went over plain http to end it: said first.
    expect(r.stderr).toMatch(/^warning: plain http to 127\.0\.0\.1:\d+: credentials travel unencrypted/);
    expect(cli.mock.core.sessions.size).toBe(before - 1);
    expect(keptIds(env)).toEqual([]);
    // Nothing kept any more: nothing to end, so no word about plain http either.
    const again = await vsphere(['logout'], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe("Not logged in (profile 'default').\n");
  });

  it('a session cache file edited by hand is named in one warning and replaced; its session id is never sent', async () => {
    const env = credsEnv(cli.url);
    expect((await vsphere(LIST, env)).code).toBe(0);
    const file = sessionFile(env);
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { sessions: Record<string, { sessionId: string }> };
    for (const entry of Object.values(kept.sessions)) entry.sessionId = 'abc\r\nx-evil: 1';
    writeFileSync(file, JSON.stringify(kept));
    const r = await vsphere(LIST, env);
    expect(r.code, r.stderr).toBe(0);
    expect(afterHttpWarning(r.stderr)).toBe(
      `warning: session cache file ${file}: the session kept for ${cli.url} as administrator@vsphere.local is no usable session id; logging in instead\n`,
    );
    expect(keptIds(env)).toEqual([expect.stringMatching(/^[0-9a-f]+$/)]);
  });

  it('vsphere logout forgets the kept session even when the server cannot be reached, and says so', async () => {
    const gone = await startMockServer({ port: 0 });
    const env = credsEnv(gone.url);
    expect((await vsphere(LIST, env)).code).toBe(0);
    expect(keptIds(env)).toHaveLength(1);
    await gone.close();
    const r = await vsphere(['logout'], { ...env, VSPHERE_PASSWORD: undefined });
    expect(r.code).toBe(1);
    expect(afterHttpWarning(r.stderr)).toMatch(
      /^The session kept for administrator@vsphere\.local is forgotten here; ending it on http:\/\/127\.0\.0\.1:\d+ failed:\nerror: .*refused/,
    );
    expect(keptIds(env)).toEqual([]);
  });
});
