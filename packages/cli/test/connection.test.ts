import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { PASSWORD, USER, baseEnv, credsEnv, readJson, tempDir, transcript, vsphere, ensureBundle } from './helpers/cli.js';

let tls: MockServer;
let plain: MockServer;
const sessionIds = new Set<string>();

beforeAll(async () => {
  ensureBundle();
  [tls, plain] = await Promise.all([startMockServer({ port: 0, tls: true }), startMockServer({ port: 0 })]);
});
afterAll(async () => {
  await Promise.all([tls?.close(), plain?.close()]);
});

describe('TLS settings', () => {
  it('refuses a self-signed certificate by default (exit 1, no stack)', async () => {
    const r = await vsphere(['vcenter', 'host', 'list'], credsEnv(tls.url));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: TLS error/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--insecure and VSPHERE_INSECURE skip verification', async () => {
    const flag = await vsphere(['vcenter', 'host', 'list', '-o', 'ids', '--insecure'], credsEnv(tls.url));
    expect(flag.code).toBe(0);
    expect(flag.stdout).toContain('host-1062');
    expect(flag.stderr).toBe('');
    const env = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], credsEnv(tls.url, { VSPHERE_INSECURE: 'true' }));
    expect(env.code).toBe(0);
  });

  it('--thumbprint and VSPHERE_THUMBPRINT pin the certificate', async () => {
    expect(tls.thumbprint).toBeTruthy();
    const flag = await vsphere(['vcenter', 'host', 'list', '-o', 'ids', '--thumbprint', tls.thumbprint!], credsEnv(tls.url));
    expect(flag.code).toBe(0);
    const env = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], credsEnv(tls.url, { VSPHERE_THUMBPRINT: tls.thumbprint! }));
    expect(env.code).toBe(0);
    const wrong = await vsphere(['vcenter', 'host', 'list', '--thumbprint', 'AA'.repeat(32)], credsEnv(tls.url));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error: TLS error/);
  });

  it('--ca-file and VSPHERE_CA_FILE trust a CA', async () => {
    const ca = join(tempDir(), 'ca.pem');
    writeFileSync(ca, tls.certificate!);
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
    const r = await vsphere(['login', '--server', tls.url, '--username', USER, '--password-stdin', '--thumbprint', tls.thumbprint!], env, PASSWORD);
    expect(r.code).toBe(0);
    const cfg = readJson(join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json'));
    sessionIds.add(cfg.profiles.default.sessionId);
    expect(cfg.profiles.default.thumbprint).toBe(tls.thumbprint);
    const list = await vsphere(['vcenter', 'host', 'list', '-o', 'ids'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('host-1062');
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
    const idp = plain.core.ensureIdp();
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
    const r = await vsphere(
      ['login', '--server', plain.url, '--oidc-issuer', `${plain.url}/idp`, '--client-id', 'no-such-client', '--device'],
      baseEnv(),
    );
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
    expect(sessionIds.size).toBe(3);
    for (const text of transcript) {
      expect(text).not.toContain(PASSWORD);
      for (const sid of sessionIds) expect(text).not.toContain(sid);
    }
  });
});
