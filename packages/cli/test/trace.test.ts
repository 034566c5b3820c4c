/**
 * `--trace`: each request and answer on stderr (method, URL, headers, body, status, time),
 * with every secret masked. A loopback server plants the secrets a command handles (the
 * password and its Basic header, the session id it hands out, a guest password) in its
 * answers and headers; none may reach the output. The mock vCenter shows a real exchange.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { baseEnv, credsEnv, readJson, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

const USER = 'tracer@vsphere.local';
const PASSWORD = 'Trace-Pl4nted-Passw0rd';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const SESSION = 'trace-planted-session-8a7b6c5d4e';
const GUEST_PASSWORD = 'Guest-Pl4nted-Secret';
const PLANTED = [PASSWORD, encodeURIComponent(PASSWORD), BASIC, SESSION, GUEST_PASSWORD];

const cli = useCliMock();
let peer: ReturnType<typeof createServer>;
let peerUrl: string;

function reply(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers }).end(text);
}

/** A vCenter that echoes back everything it was sent, secrets included. */
async function planter(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += chunk;
  if (req.method === 'POST' && req.url === '/api/session') {
    if (req.headers.authorization !== `Basic ${BASIC}`) return reply(res, 401, { error_type: 'UNAUTHENTICATED', messages: [] });
    return reply(res, 201, SESSION, { 'set-cookie': `vmware-api-session-id=${SESSION}; Path=/api` });
  }
  if (req.method === 'DELETE' && req.url === '/api/session') return reply(res, 204);
  // The echo is in fields not named like secrets: only the registered values can mask it.
  return reply(res, 200, [{ pid: 1, name: 'echo', command: `${body} ${JSON.stringify(req.headers)}`, owner: req.headers['vmware-api-session-id'] }], {
    'x-echo-session': String(req.headers['vmware-api-session-id']),
  });
}

beforeAll(async () => {
  peer = createServer((req, res) => void planter(req, res));
  await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
  peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  peer?.closeAllConnections();
  await new Promise((r) => peer?.close(r));
});

describe('--trace', () => {
  it('prints each request and answer of a command on stderr, and nothing extra on stdout', async () => {
    // --no-persist-session: the login and the logout are in the trace too.
    const r = await vsphere(['vcenter', 'vm', 'list', '-o', 'ids', '--trace', '--no-persist-session'], credsEnv(cli.url));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('vm-1072\nvm-1073\nvm-1074\nvm-1075\nvm-1076\n');
    const t = r.stderr;
    expect(t).toContain(`> POST ${cli.url}/api/session\n`);
    expect(t).toMatch(/\n> authorization: \*{8}\n/);
    expect(t).toMatch(/\n< 201 Created \(\d+ ms\)\n/);
    expect(t).toContain(`> GET ${cli.url}/api/vcenter/vm\n`);
    expect(t).toMatch(/\n> vmware-api-session-id: \*{8}\n/);
    expect(t).toMatch(/\n< 200 OK \(\d+ ms\)\n< content-type: application\/json/);
    expect(t).toContain('    "vm": "vm-1072",\n    "name": "web-01",');
    expect(t).toContain(`> DELETE ${cli.url}/api/session\n`);
    expect(t).toMatch(/\n< 204 No Content \(\d+ ms\)\n/);
  });

  it('masks every planted secret: password, Basic header, session id (header, cookie, body), guest credentials', async () => {
    const spec = JSON.stringify({ credentials: { type: 'USERNAME_PASSWORD', user_name: 'root', password: GUEST_PASSWORD, interactive_session: false } });
    const r = await vsphere(
      ['vcenter', 'vm', 'guest', 'processes', 'list', '--vm', 'vm-1', '--spec', '-', '-o', 'json', '--trace'],
      credsEnv(peerUrl, { VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD }),
      spec,
    );
    expect(r.code).toBe(0);
    const t = r.stderr;
    // The exchange is there, with the request body as sent (secrets masked).
    expect(t).toContain(`> POST ${peerUrl}/api/vcenter/vm/vm-1/guest/processes?action=list\n`);
    expect(t).toContain('"user_name": "root",\n    "password": "********"');
    expect(t).toMatch(/\n< set-cookie: \*{8}\n/);
    expect(t).toMatch(/\n< x-echo-session: \*{8}\n/);
    expect(t).toMatch(/\n< 201 Created \(\d+ ms\)\n(?:< [^\n]*\n)*"\*{8}"\n/);
    for (const secret of PLANTED) {
      expect(t, secret).not.toContain(secret);
      expect(r.stdout, secret).not.toContain(secret);
    }
  });

  it('shows a request that got no answer, and why', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '--trace'], credsEnv('http://127.0.0.1:9'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/> POST http:\/\/127\.0\.0\.1:9\/api\/session\n(?:> [^\n]*\n)*< no answer after \d+ ms: connect ECONNREFUSED/);
    expect(r.stderr).not.toContain(PASSWORD);
  });
});

describe('--trace through the federated OIDC login', () => {
  const CLIENT_SECRET = 'vsphere-kit-secret';
  const ADMIN = 'administrator@vsphere.local';
  const ADMIN_PASSWORD = 'VMware1!';

  /** What no trace of a login may show: the password, the client secret (also as its Basic form), tokens (JWTs), a SAML token, the session id. */
  function expectNoSecrets(t: string, sessionId: string): void {
    for (const secret of [
      ADMIN_PASSWORD,
      encodeURIComponent(ADMIN_PASSWORD),
      CLIENT_SECRET,
      Buffer.from(`vsphere-kit:${CLIENT_SECRET}`).toString('base64'),
      sessionId,
    ]) {
      expect(t, secret).not.toContain(secret);
    }
    expect(t).not.toMatch(/eyJ[\w-]{8,}/);
    // a SAML token, as XML, base64 ("<saml", "<?xml ") or gzipped as the SIGN header carries it
    expect(t).not.toMatch(/<saml|PHNhbW|PD94bWwg|H4sI/);
  }

  it('traces discovery, the token grant, the token exchange and the SIGN login, every secret masked', async () => {
    const env = baseEnv({ VSPHERE_CLIENT_SECRET: CLIENT_SECRET });
    const r = await vsphere(
      ['login', '--server', cli.url, '--oidc-issuer', `${cli.url}/idp`, '--client-id', 'vsphere-kit', '--username', ADMIN, '--password-stdin', '--trace'],
      env,
      `${ADMIN_PASSWORD}\n`,
    );
    expect(r.code).toBe(0);
    const t = r.stderr;
    expect(t).toContain(`> GET ${cli.url}/idp/.well-known/openid-configuration\n`);
    expect(t).toContain(`  "token_endpoint": "${cli.url}/idp/token",`);
    expect(t).toMatch(new RegExp(`> POST ${cli.url}/idp/token\\n(?:> [^\\n]*\\n)*> authorization: \\*{8}\\n`));
    expect(t).toContain(`grant_type=password&username=${ADMIN}&password=********&scope=openid\n`);
    expect(t).toContain('  "access_token": "********",');
    expect(t).toContain('  "id_token": "********",');
    expect(t).toContain(`> POST ${cli.url}/api/vcenter/authentication/token\n`);
    expect(t).toMatch(/&subject_token=\*{8}&/);
    expect(t).toMatch(/&actor_token=\*{8}&/);
    expect(t).toMatch(new RegExp(`> POST ${cli.url}/api/session\\n(?:> [^\\n]*\\n)*> authorization: \\*{8}\\n< 201 Created`));
    const cfg = readJson(join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json'));
    expectNoSecrets(t, cfg.profiles.default.sessionId);
    expectNoSecrets(r.stdout, cfg.profiles.default.sessionId);
  });

  it('traces the device flow with the device code masked in the answer and in the polls', async () => {
    const env = baseEnv({ VSPHERE_CLIENT_SECRET: CLIENT_SECRET });
    const login = vsphere(['login', '--server', cli.url, '--oidc-issuer', `${cli.url}/idp`, '--client-id', 'vsphere-kit', '--device', '--trace'], env);
    const idp = cli.mock.core.ensureIdp();
    let codes: string[] = [];
    for (let i = 0; i < 200 && codes.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      codes = idp.pendingDeviceCodes();
    }
    expect(codes).toHaveLength(1);
    expect((await fetch(`${cli.url}/idp/device?user_code=${encodeURIComponent(codes[0]!)}`)).status).toBe(200);
    const r = await login;
    expect(r.code).toBe(0);
    const t = r.stderr;
    expect(t).toContain(`> POST ${cli.url}/idp/device_authorization\n`);
    expect(t).toContain('client_id=vsphere-kit&client_secret=********');
    expect(t).toContain('  "device_code": "********",');
    expect(t).toContain(`  "user_code": "${codes[0]}",`);
    expect(t).toMatch(/grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=\*{8}\n/);
    const cfg = readJson(join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json'));
    expectNoSecrets(t, cfg.profiles.default.sessionId);
  });
});
