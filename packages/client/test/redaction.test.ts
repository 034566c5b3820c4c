import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED, SecretRegistry, isSecretKey, redactHeaders, redactText, redactValue, urlPasswords } from '@vsphere-kit/core/secrets';
import { VsphereClient, VsphereCore } from '../src/index.js';
import { startMock, type MockServer } from './helpers/mock.js';
import { json, startPeer, type Peer } from './helpers/peer.js';

const PASSWORD = 'Sup3r$ecret-Passw0rd';
const SESSION = 'b00b5e55ion1d0123456789abcdef';
const BASIC = Buffer.from(`admin:${PASSWORD}`).toString('base64');

function allForms(err: unknown): string {
  const e = err as Error & { toJSON?: () => unknown };
  return [e.message, e.stack, String(e), JSON.stringify(e), inspect(e, { depth: 5 })].join('\n');
}

describe('redaction helper', () => {
  it('removes well-known secret shapes', () => {
    const text = [
      `Authorization: Basic ${BASIC}`,
      `authorization: SIGN token="H4sIAAAAAAAA/xyz=="`,
      `vmware-api-session-id: ${SESSION}`,
      `{"password":"${PASSWORD}","access_token":"eyJhbGciOi.abc.def","user":"bob"}`,
      `grant_type=password&username=bob&password=${encodeURIComponent(PASSWORD)}&client_secret=cs-123`,
      `https://bob:${PASSWORD}@vc.example.com/api`,
      `Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig`,
    ].join('\n');
    const out = redactText(text);
    for (const secret of [BASIC, 'H4sIAAAAAAAA', SESSION, PASSWORD, encodeURIComponent(PASSWORD), 'eyJhbGciOi', 'cs-123']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('"user":"bob"');
    expect(out).toContain(REDACTED);
  });

  it('redacts headers, values and registered secrets', () => {
    expect(redactHeaders({ Authorization: 'Basic x', 'vmware-api-session-id': SESSION, accept: 'application/json' })).toEqual({
      Authorization: REDACTED,
      'vmware-api-session-id': REDACTED,
      accept: 'application/json',
    });
    expect(redactHeaders({ 'Set-Cookie': ['vmware-api-session-id=x'], 'content-type': 'application/json' }, '********')).toEqual({
      'Set-Cookie': '********',
      'content-type': 'application/json',
    });
    expect(redactValue({ nested: { password: 'x', list: [{ refresh_token: 'y' }] }, ok: 1 })).toEqual({
      nested: { password: REDACTED, list: [{ refresh_token: REDACTED }] },
      ok: 1,
    });
    // Names that end like a secret, with `_` or `-`, as JSON keys and as CLI flags.
    expect(redactValue({ backup_password: 'a', 'sso-admin-user-password': 'b', location: { passphrase: 'c' }, ssh_private_key: 'd', name: 'e' })).toEqual({
      backup_password: REDACTED,
      'sso-admin-user-password': REDACTED,
      location: { passphrase: REDACTED },
      ssh_private_key: REDACTED,
      name: 'e',
    });
    expect(['subject-token', 'client-secret', 'Location-Password', 'vmware-api-session-id', 'actor-token'].every(isSecretKey)).toBe(true);
    expect(['passwordless', 'password_policy', 'tokens', 'name'].some(isSecretKey)).toBe(false);
    // In place: message, stack, own fields and the cause chain; a frozen error is left as it is rather than replaced.
    const inner = new Error(`inner ${PASSWORD}`);
    const outer = Object.assign(new Error(`outer ${SESSION}`, { cause: inner }), { detail: { echo: PASSWORD }, list: [SESSION] });
    const registry = new SecretRegistry();
    registry.add(PASSWORD, SESSION);
    expect(registry.redactError(outer)).toBe(outer);
    const seen = [outer.message, outer.stack, inner.message, inner.stack, inspect(outer, { depth: 5 }), JSON.stringify(outer)].join('\n');
    expect(seen).not.toContain(PASSWORD);
    expect(seen).not.toContain(SESSION);
    expect(outer.detail).toEqual({ echo: REDACTED });
    const frozen = Object.freeze(new Error('frozen'));
    expect(registry.redactError(frozen)).toBe(frozen);
    expect(urlPasswords('copy to sftp://bk:p%40ss-1@files/x and https://host/a@b and ftp://:only-pw@h')).toEqual(['p%40ss-1', 'p@ss-1', 'only-pw']);
    const reg = new SecretRegistry();
    reg.add(PASSWORD, SESSION);
    expect(reg.redact(`the server said ${PASSWORD} and ${SESSION} and ${encodeURIComponent(PASSWORD)}`)).toBe(
      `the server said ${REDACTED} and ${REDACTED} and ${REDACTED}`,
    );
  });
});

describe('no secret in errors or logs', () => {
  let mock: MockServer;
  let peer: Peer;
  beforeAll(async () => {
    mock = await startMock({ users: { admin: PASSWORD } });
    // A careless server that echoes credentials back in its error messages.
    peer = await startPeer((req, res) => {
      if (req.url === '/api/session') {
        return json(res, 401, {
          error_type: 'UNAUTHENTICATED',
          messages: [{ id: 'x', default_message: `bad credentials ${req.headers.authorization} for {0}`, args: [PASSWORD] }],
          data: { password: PASSWORD, header: String(req.headers.authorization) },
        });
      }
      return json(res, 500, {
        error_type: 'ERROR',
        messages: [{ id: 'y', default_message: `session ${String(req.headers['vmware-api-session-id'])} failed`, args: [] }],
      });
    });
  });
  afterAll(async () => {
    await mock?.close();
    await peer?.close();
  });

  it('keeps the password and Basic credentials out of a failed login error', async () => {
    const client = new VsphereClient({ baseUrl: peer.url, username: 'admin', password: PASSWORD });
    const err = await client.vcenter.vm.list().catch((e: unknown) => e);
    const text = allForms(err);
    expect(text).toContain('UNAUTHENTICATED');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(BASIC);
    await client.close();
  });

  it('keeps a session id out of an error that echoes it', async () => {
    const core = new VsphereCore({ baseUrl: peer.url, sessionId: SESSION });
    const err = await core
      .call({ id: 't', method: 'GET', path: '/api/x', pathParams: [], queryParams: [], successStatus: 200, responseBody: true, rest: false, auth: 'session' })
      .catch((e: unknown) => e);
    const text = allForms(err);
    expect(text).toContain('failed');
    expect(text).not.toContain(SESSION);
    await core.close();
  });

  it('keeps session ids and passwords out of log lines through login, expiry and logout', async () => {
    const lines: string[] = [];
    const client = new VsphereClient({
      baseUrl: mock.url,
      username: 'admin',
      password: PASSWORD,
      logger: { debug: (l) => lines.push(l), warn: (l) => lines.push(l) },
    });
    await client.vcenter.vm.list();
    const first = client.core.sessionId!;
    mock.faults.expireSessions();
    await client.vcenter.vm.list();
    const second = client.core.sessionId!;
    await client.close();
    expect(lines.length).toBeGreaterThan(3);
    const all = lines.join('\n');
    for (const secret of [first, second, PASSWORD, BASIC]) expect(all).not.toContain(secret);
    expect(all).toContain('session expired');
  });

  it('does not leak the password of a refused login against the mock', async () => {
    const client = new VsphereClient({ baseUrl: mock.url, username: 'admin', password: `${PASSWORD}-wrong` });
    const err = await client.vcenter.vm.list().catch((e: unknown) => e);
    expect(allForms(err)).not.toContain(PASSWORD);
    await client.close();
  });
});
