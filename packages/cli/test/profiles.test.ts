import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, USER, baseEnv, hasScript, readJson, transcript, vsphere, vsphereTty, afterHttpWarning } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

const cli = useCliMock();
let env: NodeJS.ProcessEnv;
let configFile: string;
const sessionIds = new Set<string>();

/** Adds a profile that holds `sessionId`, to check whether the server still accepts it. */
function plantProfile(name: string, sessionId: string): void {
  const cfg = readJson(configFile);
  cfg.profiles[name] = { server: cli.url, sessionId };
  writeFileSync(configFile, JSON.stringify(cfg), { mode: 0o600 });
}

function stored(): any {
  const cfg = readJson(configFile);
  for (const p of Object.values(cfg.profiles) as { sessionId?: string }[]) if (p.sessionId) sessionIds.add(p.sessionId);
  return cfg;
}

beforeAll(async () => {
  env = baseEnv();
  configFile = join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json');
});

describe('login, profiles, logout', () => {
  it('login --password-stdin stores the session in a 0600 file in a 0700 folder', async () => {
    const r = await vsphere(['login', '--server', cli.url, '--username', USER, '--password-stdin'], env, `${PASSWORD}\n`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Logged in to ${cli.url}`);
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(env.XDG_CONFIG_HOME!, 'vsphere-kit')).mode & 0o777).toBe(0o700);
    const cfg = stored();
    expect(cfg.current).toBe('default');
    expect(cfg.profiles.default).toMatchObject({ server: cli.url, username: USER });
    expect(cfg.profiles.default.sessionId).toMatch(/\S{8,}/);
    expect(readFileSync(configFile, 'utf8')).not.toContain(PASSWORD);
  });

  it('later commands reuse the stored session without credentials', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '-o', 'ids'], env);
    expect(afterHttpWarning(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('vm-1072');
    const s = await vsphere(['session', 'get', '-o', 'json'], env);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout)).toHaveProperty('user');
  });

  it('login with VSPHERE_* env creates a second profile; profile list shows both without secrets', async () => {
    const r = await vsphere(['login', '--profile', 'lab'], { ...env, VSPHERE_SERVER: cli.url, VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD });
    expect(r.code).toBe(0);
    expect(stored().profiles.lab.sessionId).toBeTruthy();
    const list = await vsphere(['profile', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0].split(/\s+/)).toEqual(['NAME', 'CURRENT', 'SERVER', 'USERNAME', 'LOGGED_IN']);
    expect(list.stdout).toMatch(/^default\s+true\s/m);
    expect(list.stdout).toMatch(/^lab\s+false\s/m);
    const json = await vsphere(['profile', 'list', '-o', 'json'], env);
    expect(JSON.parse(json.stdout)).toEqual([
      { name: 'default', current: true, server: cli.url, username: USER, logged_in: true },
      { name: 'lab', current: false, server: cli.url, username: USER, logged_in: true },
    ]);
  });

  it('profile use switches the current profile; --profile and VSPHERE_PROFILE pick one per command', async () => {
    expect((await vsphere(['profile', 'use', 'lab'], env)).code).toBe(0);
    expect(stored().current).toBe('lab');
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect((await vsphere(['vcenter', 'host', 'list', '-o', 'ids', '--profile', 'default'], env)).code).toBe(0);
    expect((await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], { ...env, VSPHERE_PROFILE: 'default' })).code).toBe(0);
    const unknown = await vsphere(['profile', 'use', 'labb'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Did you mean 'lab'?");
    const missing = await vsphere(['vcenter', 'host', 'list', '--profile', 'nope'], env);
    expect(missing.code).toBe(2);
  });

  it('an expired stored session says to log in again (exit 1)', async () => {
    cli.mock.faults.expireSessions(stored().profiles.lab.sessionId);
    const r = await vsphere(['vcenter', 'vm', 'list'], env);
    expect(r.code).toBe(1);
    expect(afterHttpWarning(r.stderr)).toMatch(
      /^error: the session stored in profile 'lab' has expired or was ended: log in again with vsphere login --profile lab\n$/,
    );
    expect(r.stderr).toContain('vsphere login');
  });

  it('an expired stored session is renewed when a password is at hand, and the profile is updated', async () => {
    const before = stored().profiles.lab.sessionId;
    const r = await vsphere(['vcenter', 'vm', 'list', '-o', 'ids'], { ...env, VSPHERE_PASSWORD: PASSWORD });
    expect(r.code).toBe(0);
    const after = stored().profiles.lab.sessionId;
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect((await vsphere(['vcenter', 'vm', 'list', '-o', 'ids'], env)).code).toBe(0);
  });

  it('a new login ends the session it replaces', async () => {
    const before = stored().profiles.lab.sessionId;
    const r = await vsphere(['login', '--profile', 'lab', '--password-stdin'], env, PASSWORD);
    expect(r.code).toBe(0);
    const after = stored().profiles.lab.sessionId;
    expect(after).not.toBe(before);
    plantProfile('replaced', before);
    const old = await vsphere(['session', 'get', '--profile', 'replaced'], env);
    expect(old.code).toBe(1);
    expect(afterHttpWarning(old.stderr)).toMatch(/^error: the session stored in profile 'replaced' has expired or was ended: log in again/);
    expect((await vsphere(['session', 'get', '--profile', 'lab'], env)).code).toBe(0);
  });

  it('logout deletes the session on the server and forgets it', async () => {
    const sid = stored().profiles.default.sessionId;
    const r = await vsphere(['logout', '--profile', 'default'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Logged out');
    expect(stored().profiles.default.sessionId).toBeUndefined();
    expect(stored().profiles.default.server).toBe(cli.url);
    // The old session no longer works on the server.
    plantProfile('stale', sid);
    const reuse = await vsphere(['session', 'get', '--profile', 'stale'], env);
    expect(reuse.code).toBe(1);
    expect(afterHttpWarning(reuse.stderr)).toMatch(/^error: the session stored in profile 'stale' has expired or was ended: log in again/);
    const after = await vsphere(['vcenter', 'vm', 'list', '--profile', 'default'], env);
    expect(after.code).toBe(2);
    expect(after.stderr).toContain('no password');
  });

  it('a config file that cannot be read or is not JSON is named in one line, exit 1', async () => {
    const other = baseEnv();
    const dir = join(other.XDG_CONFIG_HOME!, 'vsphere-kit');
    const file = join(dir, 'config.json');
    mkdirSync(file, { recursive: true });
    const unreadable = await vsphere(['vcenter', 'vm', 'list'], other);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toBe(`error: cannot read ${file}: EISDIR\n`);
    rmSync(file, { recursive: true });
    writeFileSync(file, '{"profiles": ', { mode: 0o600 });
    const broken = await vsphere(['vcenter', 'vm', 'list'], other);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(`error: cannot read ${file}: not valid JSON (remove it and log in again)\n`);
  });

  it('logout when not logged in is harmless', async () => {
    const r = await vsphere(['logout', '--profile', 'default'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Not logged in');
  });

  it('login without a password on a non-terminal stdin is a usage error', async () => {
    const r = await vsphere(['login', '--server', cli.url, '--username', USER], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--password-stdin');
  });

  it('login on a terminal prompts for the password without echoing it', async () => {
    expect(hasScript()).toBe(true);
    const tty = baseEnv({ TERM: 'xterm' });
    const r = await vsphereTty(['login', '--server', cli.url, '--username', USER], tty, { prompt: 'Password for', answer: `${PASSWORD}\r` });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Password for ${USER} at ${cli.url}: `);
    expect(r.stdout).toContain('Logged in to');
    expect(r.stdout).not.toContain(PASSWORD);
    const cfg = readJson(join(tty.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json'));
    sessionIds.add(cfg.profiles.default.sessionId);
    expect(cfg.profiles.default.server).toBe(cli.url);
  });

  it('login with a wrong password stores nothing and exits 1', async () => {
    const fresh = baseEnv();
    const r = await vsphere(['login', '--server', cli.url, '--username', USER, '--password-stdin'], fresh, 'wrong-password-456\n');
    expect(r.code).toBe(1);
    // Said as what it is, not as an expired session (issue #12).
    expect(afterHttpWarning(r.stderr)).toMatch(/^error: wrong user name or password: 127\.0\.0\.1:\d+ refused the login of administrator@vsphere\.local /);
    expect(r.stderr).not.toContain('expired');
    expect(existsSync(join(fresh.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json'))).toBe(false);
    expect(r.stderr).not.toContain('wrong-password-456');
  });
});

describe('secrets', () => {
  it('no output ever showed the password or a session id', () => {
    expect(sessionIds.size).toBeGreaterThanOrEqual(3);
    expect(transcript.length).toBeGreaterThan(20);
    for (const text of transcript) {
      expect(text).not.toContain(PASSWORD);
      for (const sid of sessionIds) expect(text).not.toContain(sid);
    }
  });
});
