/**
 * What the CLI says when a connection or a login fails: one line naming the server for a
 * refused port, a host name that does not resolve, a server that never answers (--timeout)
 * and http/https mixed up; the thumbprint and the flag that pins it for an untrusted
 * certificate; wrong credentials and an expired stored session told apart. The built bundle
 * runs as a subprocess against the mock vCenter (self-signed TLS and plain http) and small
 * loopback servers.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, USER, afterHttpWarning, baseEnv, credsEnv, readJson, transcript, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

const tls = useCliMock({ tls: true });
// No account lockout: the wrong-password cases must not lock out the others.
const plain = useCliMock({ lockout: { maxFailures: 0 } });
/** Accepts connections and never answers. */
let silent: Server;
let silentUrl: string;
const silentSockets: Socket[] = [];
let closedUrl: string;
/** Closes every connection as soon as it is made. */
let hangUp: Server;
let hangUpUrl: string;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  silent = createServer((socket) => silentSockets.push(socket));
  silentUrl = `http://127.0.0.1:${await listen(silent)}`;
  hangUp = createServer((socket) => socket.destroy());
  hangUpUrl = `http://127.0.0.1:${await listen(hangUp)}`;
  const closed = createServer();
  closedUrl = `http://127.0.0.1:${await listen(closed)}`;
  await new Promise((r) => closed.close(r));
});
afterAll(async () => {
  for (const s of silentSockets) s.destroy();
  await Promise.all([new Promise((r) => silent?.close(r)), new Promise((r) => hangUp?.close(r))]);
});

const host = (url: string) => new URL(url).host;

describe('an untrusted certificate', () => {
  it('prints its SHA-256 thumbprint and the exact --thumbprint that pins it, with --ca-file as the alternative', async () => {
    const env = credsEnv(tls.url);
    const r = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`error: the certificate of ${host(tls.url)} is not trusted: it is self-signed`);
    expect(lines[1]).toBe(`SHA-256 thumbprint: ${tls.mock.thumbprint}`);
    expect(lines).toContain(`  --thumbprint ${tls.mock.thumbprint}`);
    expect(r.stderr).toContain('--ca-file FILE');
    expect(r.stderr).not.toMatch(/TLS failure|SSL routines|\n\s+at /);
    // The flag as printed is the one that works.
    const pin = lines
      .find((l) => l.startsWith('  --thumbprint '))!
      .trim()
      .split(' ');
    const pinned = await vsphere(['vcenter', 'host', 'list', '-o', 'ids', ...pin], env);
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toContain('host-1062');
  });
});

describe('http and https mixed up', () => {
  it('https:// to a plain-http server says so in one line, without OpenSSL text', async () => {
    const url = plain.url.replace('http:', 'https:');
    const r = await vsphere(['vcenter', 'host', 'list'], credsEnv(url));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: ${host(url)} does not speak TLS (it answers like a plain-HTTP server): check the port, or use http://${host(url)} if it serves plain HTTP\n`,
    );
  });

  it('http:// to an https server says to use https://', async () => {
    const url = tls.url.replace('https:', 'http:');
    const r = await vsphere(['vcenter', 'host', 'list'], credsEnv(url));
    expect(r.code).toBe(1);
    expect(afterHttpWarning(r.stderr)).toBe(`error: ${host(url)} speaks HTTPS, not plain HTTP: use https://${host(url)}\n`);
  });
});

describe('unreachable servers: one line each, naming the server', () => {
  it('a closed port', async () => {
    const r = await vsphere(['vcenter', 'host', 'list'], credsEnv(closedUrl));
    expect(r.code).toBe(1);
    expect(afterHttpWarning(r.stderr)).toBe(
      `error: cannot connect to ${host(closedUrl)}: connection refused (is the server running, and is the port right?)\n`,
    );
  });

  it('a host name that does not resolve, naming where the server came from', async () => {
    const r = await vsphere(['vcenter', 'host', 'list'], credsEnv('https://vcenter.invalid'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: cannot find the server vcenter.invalid: the name does not resolve (check VSPHERE_SERVER)\n');
  });

  it('a server that never answers ends after --timeout, VSPHERE_TIMEOUT or the profile timeout, without retrying', async () => {
    const before = silentSockets.length;
    const flag = await vsphere(['vcenter', 'host', 'list', '--timeout', '700ms'], credsEnv(silentUrl));
    expect(flag.code).toBe(1);
    expect(afterHttpWarning(flag.stderr)).toBe(
      `error: ${host(silentUrl)} did not answer within 700ms (--timeout); give a longer --timeout for slow operations\n`,
    );
    // One connection: a timed-out login is not sent again (each retry would wait as long).
    expect(silentSockets.length - before).toBe(1);
    const env = await vsphere(['vcenter', 'host', 'list'], credsEnv(silentUrl, { VSPHERE_TIMEOUT: '1s' }));
    expect(afterHttpWarning(env.stderr)).toBe(
      `error: ${host(silentUrl)} did not answer within 1s (VSPHERE_TIMEOUT); give a longer --timeout for slow operations\n`,
    );
    const profileEnv = baseEnv({ VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD });
    const dir = join(profileEnv.XDG_CONFIG_HOME!, 'vsphere-kit');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ current: 'lab', profiles: { lab: { server: silentUrl, timeout: '0.5s' } } }), { mode: 0o600 });
    const fromProfile = await vsphere(['vcenter', 'host', 'list'], profileEnv);
    expect(afterHttpWarning(fromProfile.stderr)).toBe(
      `error: ${host(silentUrl)} did not answer within 500ms (profile 'lab'); give a longer --timeout for slow operations\n`,
    );
  });

  it('a TLS handshake that never completes is a connect timeout', async () => {
    const url = silentUrl.replace('http:', 'https:');
    const r = await vsphere(['vcenter', 'host', 'list', '--timeout', '700ms'], credsEnv(url));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: cannot connect to ${host(url)}: no answer within 700ms (--timeout); is the address right, or is a firewall dropping the packets?\n`,
    );
  });

  it('a server that hangs up without answering', async () => {
    const r = await vsphere(['vcenter', 'host', 'list'], credsEnv(hangUpUrl));
    expect(r.code).toBe(1);
    expect(afterHttpWarning(r.stderr)).toBe(`error: ${host(hangUpUrl)} closed the connection without answering (is it a vCenter, and is the port right?)\n`);
  });

  it('a timeout that is not a duration is a usage error naming its source', async () => {
    const flag = await vsphere(['vcenter', 'host', 'list', '--timeout', 'soon'], credsEnv(plain.url));
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe("error: invalid timeout 'soon' (from --timeout): expected a duration such as 30s, 2m, 1m30s or 500ms\n");
    const env = await vsphere(['vcenter', 'host', 'list'], credsEnv(plain.url, { VSPHERE_TIMEOUT: '-3s' }));
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("invalid timeout '-3s' (from VSPHERE_TIMEOUT)");
  });

  it('a generous --timeout lets a normal command through, and login stores it with the profile', async () => {
    const env = baseEnv();
    const login = await vsphere(['login', '--server', plain.url, '--username', USER, '--password-stdin', '--timeout', '2m'], env, PASSWORD);
    expect(login.code).toBe(0);
    expect(readJson(join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json')).profiles.default.timeout).toBe('2m');
    const list = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('host-1062');
  });
});

describe('credentials and sessions', () => {
  const WRONG = 'Not-The-Pa55word';

  it('a wrong password says so, from a command and from vsphere login, naming the user, the server and the password source', async () => {
    const command = await vsphere(['vcenter', 'host', 'list'], credsEnv(plain.url, { VSPHERE_PASSWORD: WRONG }));
    expect(command.code).toBe(1);
    expect(afterHttpWarning(command.stderr)).toBe(
      `error: wrong user name or password: ${host(plain.url)} refused the login of ${USER} (password from VSPHERE_PASSWORD) ("Invalid user name or password.")\n`,
    );
    const login = await vsphere(['login', '--server', plain.url, '--username', USER, '--password-stdin'], baseEnv(), WRONG);
    expect(login.code).toBe(1);
    expect(afterHttpWarning(login.stderr)).toBe(
      `error: wrong user name or password: ${host(plain.url)} refused the login of ${USER} (password from --password-stdin) ("Invalid user name or password.")\n`,
    );
    expect(command.stderr + login.stderr).not.toContain('expired');
  });

  it('an expired stored session says to log in again; with a password at hand the CLI logs in again, and a wrong one is named as such', async () => {
    const env = baseEnv();
    const login = await vsphere(['login', '--server', plain.url, '--username', USER, '--password-stdin', '--profile', 'lab'], env, PASSWORD);
    expect(login.code).toBe(0);
    const file = join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json');
    const config = readJson(file);
    // The server no longer knows the stored session (as after its idle timeout).
    await vsphere(['session', 'delete'], env);
    writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
    const expired = await vsphere(['vcenter', 'host', 'list', '--profile', 'lab'], env);
    expect(expired.code).toBe(1);
    expect(afterHttpWarning(expired.stderr)).toBe(
      "error: the session stored in profile 'lab' has expired or was ended: log in again with vsphere login --profile lab\n",
    );
    // The client logs in again on UNAUTHENTICATED: a wrong password there is not reported as an expiry.
    const wrong = await vsphere(['vcenter', 'host', 'list', '--profile', 'lab'], { ...env, VSPHERE_PASSWORD: WRONG });
    expect(wrong.code).toBe(1);
    expect(afterHttpWarning(wrong.stderr)).toMatch(/^error: wrong user name or password: /);
    const renewed = await vsphere(['vcenter', 'host', 'list', '--profile', 'lab', '-o', 'ids'], { ...env, VSPHERE_PASSWORD: PASSWORD });
    expect(renewed.code).toBe(0);
    expect(renewed.stdout).toContain('host-1062');
  });
});

describe('secrets', () => {
  it('no output showed the password', () => {
    for (const text of transcript) expect(text).not.toContain(PASSWORD);
  });
});
