import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOOPBACK_HTTP_WARNING, PASSWORD, USER, afterHttpWarning, baseEnv, credsEnv, readJson, tempDir, transcript, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

function writeConfig(env: NodeJS.ProcessEnv, config: unknown): void {
  const dir = join(env.XDG_CONFIG_HOME!, 'vsphere-kit');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config), { mode: 0o600 });
}

const tls = useCliMock({ tls: true });
const plain = useCliMock();
const sessionIds = new Set<string>();

describe('TLS settings', () => {
  it('refuses a self-signed certificate by default (exit 1, no stack)', async () => {
    const r = await vsphere(['vcenter', 'host', 'list'], credsEnv(tls.url));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: the certificate of 127\.0\.0\.1:\d+ is not trusted: it is self-signed\n/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--insecure, VSPHERE_INSECURE and a profile with insecure skip verification, and say so once on stderr', async () => {
    const said = (from: string) =>
      `warning: TLS certificate verification is off (${from}): anyone on the network path can pose as ${new URL(tls.url).host}. Pin it with --thumbprint or trust its CA with --ca-file\n`;
    const flag = await vsphere(['vcenter', 'host', 'list', '-o', 'ids', '--insecure'], credsEnv(tls.url));
    expect(flag.code).toBe(0);
    expect(flag.stdout).toContain('host-1062');
    expect(flag.stderr).toBe(said('--insecure'));
    const env = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], credsEnv(tls.url, { VSPHERE_INSECURE: 'true' }));
    expect(env.code).toBe(0);
    expect(env.stderr).toBe(said('VSPHERE_INSECURE'));
    const profileEnv = baseEnv({ VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD });
    writeConfig(profileEnv, { current: 'lab', profiles: { lab: { server: tls.url, insecure: true } } });
    const fromProfile = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], profileEnv);
    expect(fromProfile.code).toBe(0);
    expect(fromProfile.stderr).toBe(said("profile 'lab'"));
    // A login that replaces a stored session opens two connections: still one warning.
    const first = await vsphere(['login', '--profile', 'lab'], profileEnv);
    expect(first.code).toBe(0);
    sessionIds.add(readJson(join(profileEnv.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json')).profiles.lab.sessionId);
    const again = await vsphere(['login', '--profile', 'lab'], profileEnv);
    expect(again.code).toBe(0);
    sessionIds.add(readJson(join(profileEnv.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json')).profiles.lab.sessionId);
    expect(again.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual([said("profile 'lab'").trimEnd()]);
  });

  it('--no-insecure and VSPHERE_INSECURE=0 keep verification on over a profile that turns it off; a twin that is not a boolean exits 2', async () => {
    const env = baseEnv({ VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD });
    writeConfig(env, { current: 'lab', profiles: { lab: { server: tls.url, insecure: true } } });
    for (const r of [
      await vsphere(['vcenter', 'host', 'list', '--no-insecure'], env),
      await vsphere(['vcenter', 'host', 'list'], { ...env, VSPHERE_INSECURE: '0' }),
    ]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: the certificate of 127\.0\.0\.1:\d+ is not trusted/);
    }
    const bad = await vsphere(['vcenter', 'host', 'list'], { ...env, VSPHERE_INSECURE: 'maybe' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: VSPHERE_INSECURE=maybe: expected 1, true, yes, on or 0, false, no, off\n');
  });

  it('says nothing about verification when a thumbprint pins the certificate', async () => {
    const env = credsEnv(tls.url);
    const r = await vsphere(['vcenter', 'host', 'list', '-o', 'ids', '--insecure', '--thumbprint', tls.mock.thumbprint!], env);
    expect(r.code).toBe(0);
    // Only the note that the pin is remembered (known-hosts.test.ts): no word about verification.
    const knownHosts = join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'known_hosts');
    expect(r.stderr).toBe(`Remembered the certificate thumbprint of ${new URL(tls.url).host} in ${knownHosts}.\n`);
  });

  it('--thumbprint and VSPHERE_THUMBPRINT pin the certificate', async () => {
    expect(tls.mock.thumbprint).toBeTruthy();
    const flag = await vsphere(['vcenter', 'host', 'list', '-o', 'ids', '--thumbprint', tls.mock.thumbprint!], credsEnv(tls.url));
    expect(flag.code).toBe(0);
    const env = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], credsEnv(tls.url, { VSPHERE_THUMBPRINT: tls.mock.thumbprint! }));
    expect(env.code).toBe(0);
    const wrong = await vsphere(['vcenter', 'host', 'list', '--thumbprint', 'AA'.repeat(32)], credsEnv(tls.url));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error: the certificate of 127\.0\.0\.1:\d+ has CHANGED: it does not match the thumbprint pinned by --thumbprint\n/);
  });

  it('a malformed thumbprint is a usage error (exit 2) that names where it came from', async () => {
    const flag = await vsphere(['vcenter', 'host', 'list', '--thumbprint', 'AB:CD'], credsEnv(tls.url));
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: invalid thumbprint 'AB:CD' \(from --thumbprint\): expected a SHA-256/);
    const env = await vsphere(['vcenter', 'host', 'list'], credsEnv(tls.url, { VSPHERE_THUMBPRINT: 'zz'.repeat(32) }));
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('(from VSPHERE_THUMBPRINT)');
    const profileEnv = baseEnv({ VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD });
    writeConfig(profileEnv, { current: 'lab', profiles: { lab: { server: tls.url, thumbprint: '12345' } } });
    const fromProfile = await vsphere(['vcenter', 'host', 'list'], profileEnv);
    expect(fromProfile.code).toBe(2);
    expect(fromProfile.stderr).toContain("(from profile 'lab')");
  });

  it('--ca-file and VSPHERE_CA_FILE trust a CA', async () => {
    const ca = join(tempDir(), 'ca.pem');
    writeFileSync(ca, tls.mock.certificate!);
    const flag = await vsphere(['vcenter', 'host', 'list', '-o', 'ids', '--ca-file', ca], credsEnv(tls.url));
    expect(flag.stderr).toBe('');
    expect(flag.code).toBe(0);
    const env = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], credsEnv(tls.url, { VSPHERE_CA_FILE: ca }));
    expect(env.code).toBe(0);
    const missing = await vsphere(['vcenter', 'host', 'list', '--ca-file', '/nonexistent/ca.pem'], credsEnv(tls.url));
    expect(missing.code).toBe(2);
  });

  it('login stores the TLS settings with the profile', async () => {
    const env = baseEnv();
    const r = await vsphere(['login', '--server', tls.url, '--username', USER, '--password-stdin', '--thumbprint', tls.mock.thumbprint!], env, PASSWORD);
    expect(r.code).toBe(0);
    const cfg = readJson(join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json'));
    sessionIds.add(cfg.profiles.default.sessionId);
    expect(cfg.profiles.default.thumbprint).toBe(tls.mock.thumbprint);
    const list = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('host-1062');
  });
});

describe('plain http', () => {
  it('to the mock on 127.0.0.1 works, with one warning on stderr', async () => {
    const r = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], credsEnv(plain.url));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('host-1062');
    expect(r.stderr).toMatch(LOOPBACK_HTTP_WARNING);
    expect(afterHttpWarning(r.stderr)).toBe('');
  });

  it('to another host is refused before any connection (exit 2), from the flag, the environment or the profile', async () => {
    const profileEnv = baseEnv({ VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD });
    writeConfig(profileEnv, { current: 'far', profiles: { far: { server: 'http://192.0.2.1' } } });
    for (const r of [
      await vsphere(['vcenter', 'host', 'list', '--server', 'http://192.0.2.1'], credsEnv(plain.url)),
      await vsphere(['vcenter', 'host', 'list'], credsEnv('http://192.0.2.1:8080')),
      await vsphere(['vcenter', 'host', 'list'], profileEnv),
      await vsphere(['login', '--server', 'http://192.0.2.1', '--username', USER, '--password-stdin'], baseEnv(), PASSWORD),
    ]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^error: refusing plain http to 192\.0\.2\.1(:8080)?: the password and session id would travel unencrypted\. Use https:\/\/, or give --allow-http \(or VSPHERE_ALLOW_HTTP\) to accept that\n$/,
      );
    }
  });

  it('--allow-http, VSPHERE_ALLOW_HTTP and a profile that allows it are named in the warning', async () => {
    const flag = await vsphere(['vcenter', 'host', 'list', '-o', 'ids', '--allow-http'], credsEnv(plain.url));
    expect(flag.code).toBe(0);
    expect(flag.stderr).toBe(`warning: plain http to ${new URL(plain.url).host}: credentials travel unencrypted (allowed by --allow-http)\n`);
    const env = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], credsEnv(plain.url, { VSPHERE_ALLOW_HTTP: '1' }));
    expect(env.stderr).toContain('(allowed by VSPHERE_ALLOW_HTTP)');
    const login = baseEnv();
    const r = await vsphere(['login', '--server', plain.url, '--username', USER, '--password-stdin', '--allow-http', '--profile', 'lab'], login, PASSWORD);
    expect(r.code).toBe(0);
    const cfg = readJson(join(login.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json'));
    expect(cfg.profiles.lab.allowHttp).toBe(true);
    sessionIds.add(cfg.profiles.lab.sessionId);
    const later = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], login);
    expect(later.code).toBe(0);
    expect(later.stderr).toContain("(allowed by profile 'lab')");
  });

  it('with a thumbprint is a usage error (exit 2): there is no certificate to pin', async () => {
    const flag = await vsphere(['vcenter', 'host', 'list', '--thumbprint', 'AB'.repeat(32)], credsEnv(plain.url));
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe(
      `error: a thumbprint (from --thumbprint) pins a TLS certificate, but ${plain.url} is plain http: use https:// or drop the thumbprint\n`,
    );
    const env = await vsphere(['vcenter', 'host', 'list'], credsEnv(plain.url, { VSPHERE_THUMBPRINT: 'AB'.repeat(20) }));
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('(from VSPHERE_THUMBPRINT)');
  });

  it('federated login checks the connection settings before any identity-provider step', async () => {
    const dir = tempDir();
    const opened = join(dir, 'opened');
    const browser = join(dir, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\ntouch "${opened}"\n`);
    chmodSync(browser, 0o755);
    const r = await vsphere(
      ['login', '--server', plain.url, '--thumbprint', 'AB'.repeat(32), '--oidc-issuer', `${plain.url}/idp`, '--client-id', 'vsphere-kit', '--browser'],
      baseEnv({ BROWSER: browser }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: a thumbprint \(from --thumbprint\) pins a TLS certificate/);
    expect(r.stderr).not.toContain('Opening your browser');
    expect(existsSync(opened)).toBe(false);
  });

  it('a server URL that holds credentials is a usage error that does not echo them', async () => {
    const r = await vsphere(['vcenter', 'host', 'list', '--server', `http://root:${PASSWORD}@127.0.0.1:1`], baseEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must not hold credentials');
    expect(r.stderr).not.toContain(PASSWORD);
  });
});

describe('federated login', () => {
  it('--browser runs the authorization code flow through a loopback redirect and stores the session', async () => {
    const dir = tempDir();
    const browser = join(dir, 'browser.sh');
    // A "browser" that follows the IdP's redirect back to the CLI's loopback listener.
    writeFileSync(browser, `#!/bin/sh\nexec "${process.execPath}" -e "fetch(process.argv[1]).then((r) => r.text()).catch(() => {})" "$1"\n`);
    chmodSync(browser, 0o755);
    const env = baseEnv({ BROWSER: browser });
    const r = await vsphere(
      ['login', '--server', plain.url, '--oidc-issuer', `${plain.url}/idp`, '--client-id', 'vsphere-kit', '--browser', '--profile', 'sso'],
      env,
    );
    expect(r.stderr).toContain('/idp/authorize?');
    expect(r.code).toBe(0);
    const cfg = readJson(join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json'));
    expect(cfg.profiles.sso).toMatchObject({ server: plain.url, method: 'oidc' });
    sessionIds.add(cfg.profiles.sso.sessionId);
    const who = await vsphere(['session', 'get', '-o', 'json', '--profile', 'sso'], env);
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout).user).toMatch(/administrator/i);
  });

  it('--device prints the verification URL, waits for the user to approve, and stores the session', async () => {
    const env = baseEnv();
    const login = vsphere(
      ['login', '--server', plain.url, '--oidc-issuer', `${plain.url}/idp`, '--client-id', 'vsphere-kit', '--device', '--profile', 'dev'],
      env,
    );
    // The user opens the verification page in a browser while the CLI polls.
    const idp = plain.mock.core.ensureIdp();
    let codes: string[] = [];
    for (let i = 0; i < 200 && codes.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      codes = idp.pendingDeviceCodes();
    }
    expect(codes).toHaveLength(1);
    const page = await fetch(`${plain.url}/idp/device?user_code=${encodeURIComponent(codes[0]!)}`);
    expect(page.status).toBe(200);
    const r = await login;
    expect(r.stderr).toContain(`/idp/device?user_code=${encodeURIComponent(codes[0]!)}`);
    expect(r.stderr).toContain(codes[0]!);
    expect(r.code).toBe(0);
    const cfg = readJson(join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json'));
    expect(cfg.profiles.dev).toMatchObject({ server: plain.url, method: 'oidc' });
    sessionIds.add(cfg.profiles.dev.sessionId);
    const who = await vsphere(['session', 'get', '-o', 'json', '--profile', 'dev'], env);
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout).user).toMatch(/administrator/i);
  });

  it('--device with a client the IdP does not know fails clearly (exit 1)', async () => {
    const r = await vsphere(['login', '--server', plain.url, '--oidc-issuer', `${plain.url}/idp`, '--client-id', 'no-such-client', '--device'], baseEnv());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('device authorization failed: invalid_client');
  });

  it('federation flags without an issuer are a usage error', async () => {
    const r = await vsphere(['login', '--server', plain.url, '--client-id', 'x', '--browser'], baseEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--oidc-issuer');
  });
});

describe('secrets', () => {
  it('no output showed the password or a session id', () => {
    expect(sessionIds.size).toBe(6);
    for (const text of transcript) {
      expect(text).not.toContain(PASSWORD);
      for (const sid of sessionIds) expect(text).not.toContain(sid);
    }
  });
});
