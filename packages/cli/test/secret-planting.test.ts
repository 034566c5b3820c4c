/**
 * The secret-planting test of the CLI (#13 item 6): a hostile vCenter and
 * identity provider (a loopback server, so every text is under the test's
 * control) write each secret the `vsphere` process holds into every text it may
 * print: vAPI error messages and their arguments, HTML and redirect answers,
 * echoed request headers, response bodies printed as JSON or a table, task
 * errors and progress, login, token exchange and OAuth/device-flow error
 * descriptions. The built bundle runs as a subprocess with --debug (request
 * log and stacks) and --trace (every exchange whole); no secret may appear on its stdout or stderr. --dry-run of
 * a request carrying a password inside a URL is checked too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, ensureBundle, readJson, vsphere, type Result } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

const USER = 'planter@vsphere.local';
const PASSWORD = 'Cli-Pl4nted-Passw0rd-2024';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const SESSION = 'cli-planted-session-5150abcdef';
const CLIENT_ID = 'cli-planting';
const CLIENT_SECRET = 'cli-planted-client-secret-6060';
const ACCESS_TOKEN = 'cli-planted-access-token-1212';
const REFRESH_TOKEN = 'cli-planted-refresh-token-3434';
const ID_TOKEN = 'cli-planted-id-token-5656';
const SAML_TOKEN = Buffer.from('<saml2:Assertion ID="cli-planted-assertion-7878"><x/></saml2:Assertion>').toString('base64');
const DEVICE_CODE = 'cli-planted-device-code-9090';
const URL_PASSWORD = 'Cli-Url-Pa55-7070';
const URL_WITH_PASSWORD = `sftp://backup:${URL_PASSWORD}@files.example.com/vcsa`;
/** The CLI masks with `********`; the client's patterns inside an error it built may say `[REDACTED]`. */
const MASKED = /\*{8}|\[REDACTED\]/;

type Surface =
  | 'vapi message'
  | 'vapi message args'
  | 'vapi message params'
  | 'html error page'
  | 'redirect'
  | 'echoed request headers'
  | 'response body printed as JSON'
  | 'response body printed as a table'
  | 'task error (--wait)'
  | 'task progress (--wait)'
  | 'cis tasks get --wait error'
  | 'login error'
  | 'IdP error_description'
  | 'token exchange error'
  | 'device flow error_description';

let plant: { surface: Surface; text: string } | undefined;
let signValue = '';
let polls = 0;

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function vapi(res: ServerResponse, status: number, message: string, args: string[] = [], extra: Record<string, unknown> = {}): void {
  json(res, status, {
    error_type: status === 401 ? 'UNAUTHENTICATED' : 'INVALID_ARGUMENT',
    messages: [{ id: 'planted', default_message: message, args, ...extra }],
  });
}

function answer(base: string, req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', base);
  const p = plant;
  const text = p?.text ?? '';
  switch (url.pathname) {
    case '/idp/.well-known/openid-configuration':
      return json(res, 200, {
        issuer: `${base}/idp`,
        token_endpoint: `${base}/idp/token`,
        device_authorization_endpoint: `${base}/idp/device`,
        grant_types_supported: ['password', 'urn:ietf:params:oauth:grant-type:device_code'],
      });
    case '/idp/device':
      return json(res, 200, { device_code: DEVICE_CODE, user_code: 'WXYZ-1234', verification_uri: `${base}/idp/verify`, interval: 1, expires_in: 30 });
    case '/idp/token':
      if (p?.surface === 'IdP error_description') return json(res, 400, { error: 'invalid_grant', error_description: `rejected ${text}` });
      if (p?.surface === 'device flow error_description') return json(res, 400, { error: 'access_denied', error_description: `denied ${text}` });
      return json(res, 200, { access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN, id_token: ID_TOKEN, token_type: 'Bearer', expires_in: 300 });
    case '/api/vcenter/authentication/token':
      if (p?.surface === 'token exchange error') return vapi(res, 400, `The token {0} is not acceptable (${text}).`, [text]);
      return json(res, 200, { access_token: SAML_TOKEN, token_type: 'Bearer', issued_token_type: 'urn:ietf:params:oauth:token-type:saml2', expires_in: 600 });
    case '/api/session': {
      if (req.method === 'DELETE') {
        res.writeHead(204).end();
        return;
      }
      const auth = String(req.headers.authorization ?? '');
      if (auth.startsWith('SIGN ')) signValue = /token="([^"]*)"/.exec(auth)?.[1] ?? '';
      if (p?.surface === 'login error') return vapi(res, 401, `Login with ${auth} refused for {0}.`, [text]);
      return json(res, 201, SESSION);
    }
    case '/api/vcenter/vm':
      return json(res, 200, [{ vm: 'vm-1', name: `backup to ${text}`, power_state: 'POWERED_OFF', cpu_count: 1, memory_size_MiB: 512 }]);
    case '/api/cis/tasks/task-planted-1':
      polls++;
      if (p?.surface === 'task progress (--wait)') {
        if (polls === 1)
          return json(res, 200, {
            status: 'RUNNING',
            cancelable: false,
            progress: { total: 10, completed: 5, message: { id: 'p', default_message: `copying ${text}`, args: [] } },
          });
        return json(res, 200, { status: 'SUCCEEDED', cancelable: false, result: 'done' });
      }
      return json(res, 200, {
        status: 'FAILED',
        cancelable: false,
        error: { error_type: 'RESOURCE_BUSY', messages: [{ id: 't', default_message: `The task saw {0}: ${text}`, args: [text] }] },
      });
    case '/api/plant':
      if (url.searchParams.get('vmw-task') === 'true') return json(res, 201, 'task-planted-1');
      switch (p?.surface) {
        case 'vapi message':
          return vapi(res, 400, `The server repeats ${text}.`);
        case 'vapi message args':
          return vapi(res, 400, 'Value {0} is not allowed for {1}.', [text, 'spec']);
        case 'vapi message params':
          return vapi(res, 400, 'Value {value} is not allowed.', [], { params: { value: { s: text } } });
        case 'html error page':
          res.writeHead(502, { 'content-type': 'text/html' }).end(`<html><body><pre>${text}</pre></body></html>`);
          return;
        case 'redirect':
          res
            .writeHead(302, { location: `https://elsewhere.example.com/?echo=${encodeURIComponent(text)}`, 'content-type': 'text/plain' })
            .end(`Moved: ${text}`);
          return;
        case 'echoed request headers':
          return vapi(res, 400, `Rejected headers ${JSON.stringify(req.headers)}; x-echo: ${text}`);
        case 'response body printed as JSON':
          return json(res, 200, { note: `the server says ${text}`, nested: { echo: [text] } });
        default:
          return json(res, 500, { error_type: 'ERROR', messages: [] });
      }
    case '/api/appliance/recovery/backup/job':
      // A server that echoes the values it refused (a secret-named field's value among them), without their names.
      return vapi(res, 400, `Cannot use the backup settings ${Object.values(JSON.parse(body) as Record<string, unknown>).join(', ')}.`);
    default:
      return json(res, 404, { error_type: 'NOT_FOUND', messages: [] });
  }
}

let server: ReturnType<typeof createServer>;
let base = '';

beforeAll(async () => {
  ensureBundle();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(base, req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

/** The CLI run that shows one surface, and the exit code it must end with. */
function runFor(surface: Surface, withUrlArgument: boolean): { args: string[]; code: number; stdin?: string; env?: Record<string, string> } {
  const target = `/api/plant${withUrlArgument ? `?target=${encodeURIComponent(URL_WITH_PASSWORD)}` : ''}`;
  const taskTarget = `/api/plant?vmw-task=true${withUrlArgument ? `&target=${encodeURIComponent(URL_WITH_PASSWORD)}` : ''}`;
  const federated = ['login', '--oidc-issuer', `${base}/idp`, '--client-id', CLIENT_ID, '--client-secret-stdin'];
  switch (surface) {
    case 'response body printed as JSON':
      return { args: ['raw', 'GET', target, '-o', 'json'], code: 0 };
    case 'response body printed as a table':
      return { args: ['vcenter', 'vm', 'list', ...(withUrlArgument ? ['--names', URL_WITH_PASSWORD] : [])], code: 0 };
    case 'task error (--wait)':
      return { args: ['raw', 'POST', taskTarget, '--wait'], code: 1 };
    case 'task progress (--wait)':
      return { args: ['raw', 'POST', taskTarget, '--wait'], code: 0 };
    case 'cis tasks get --wait error':
      return { args: ['cis', 'tasks', 'get', '--task', 'task-planted-1', '--wait'], code: 1 };
    case 'login error':
      return { args: ['login', '--password-stdin'], code: 1, stdin: `${PASSWORD}\n`, env: { VSPHERE_PASSWORD: '' } };
    case 'IdP error_description':
    case 'token exchange error':
      return { args: federated, code: 1, stdin: `${CLIENT_SECRET}\n` };
    case 'device flow error_description':
      return { args: [...federated, '--device'], code: 1, stdin: `${CLIENT_SECRET}\n` };
    default:
      return { args: ['raw', 'GET', target], code: 1 };
  }
}

interface Cell {
  surface: Surface;
  secret: string;
  /** The text planted, and the forms of the secret that must not be printed. */
  planted: () => string;
  banned: () => string[];
  withUrlArgument: boolean;
}

const plain = (secret: string, value: () => string): Omit<Cell, 'surface'> => ({
  secret,
  planted: value,
  banned: () => [value(), encodeURIComponent(value())],
  withUrlArgument: false,
});
const BASIC_LOGIN_SECRETS = [plain('password', () => PASSWORD), plain('Basic credentials', () => BASIC), plain('session id', () => SESSION)];
const URL_SECRET: Omit<Cell, 'surface'> = {
  secret: 'password inside a URL argument',
  planted: () => URL_PASSWORD,
  banned: () => [URL_PASSWORD],
  withUrlArgument: true,
};

const API_SURFACES: readonly Surface[] = [
  'vapi message',
  'vapi message args',
  'vapi message params',
  'html error page',
  'redirect',
  'echoed request headers',
  'response body printed as JSON',
  'response body printed as a table',
  'task error (--wait)',
  'task progress (--wait)',
  'cis tasks get --wait error',
];

const cells: Cell[] = [];
for (const surface of API_SURFACES) {
  for (const s of BASIC_LOGIN_SECRETS) cells.push({ surface, ...s });
  // `cis tasks get` takes no argument that could carry a URL.
  if (surface !== 'cis tasks get --wait error') cells.push({ surface, ...URL_SECRET });
}
cells.push({ surface: 'login error', ...plain('password', () => PASSWORD) }, { surface: 'login error', ...plain('Basic credentials', () => BASIC) });
for (const s of [plain('password', () => PASSWORD), plain('OAuth client secret', () => CLIENT_SECRET)]) cells.push({ surface: 'IdP error_description', ...s });
const TOKENS = [
  plain('password', () => PASSWORD),
  plain('OAuth client secret', () => CLIENT_SECRET),
  plain('access token', () => ACCESS_TOKEN),
  plain('refresh token', () => REFRESH_TOKEN),
  plain('ID token', () => ID_TOKEN),
];
for (const s of TOKENS) cells.push({ surface: 'token exchange error', ...s });
for (const s of [...TOKENS, plain('SAML token', () => SAML_TOKEN), plain('SIGN token', () => signValue)]) {
  cells.push({ surface: 'login error', ...s, secret: `${s.secret} (federated login)` });
}
for (const s of [plain('OAuth client secret', () => CLIENT_SECRET), plain('device code', () => DEVICE_CODE)])
  cells.push({ surface: 'device flow error_description', ...s });

describe('CLI secret planting: no secret on stdout or stderr', () => {
  it('covers every secret the process holds in every surface', () => {
    expect(cells).toHaveLength(API_SURFACES.length * 4 - 1 + 2 + 2 + 5 + 7 + 2);
  });

  it.each(cells)('$surface: no $secret', async (cell) => {
    const federatedLogin = cell.secret.endsWith('(federated login)');
    if (federatedLogin && !signValue) {
      // The SIGN token exists once a federated login has gone through: run one first.
      const ok = await vsphere(
        runFor('token exchange error', false).args,
        baseEnv({ VSPHERE_SERVER: base, VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD }),
        `${CLIENT_SECRET}\n`,
      );
      expect(ok.code, ok.stderr).toBe(0);
    }
    const run = federatedLogin
      ? { args: runFor('token exchange error', false).args, code: 1, stdin: `${CLIENT_SECRET}\n` }
      : runFor(cell.surface, cell.withUrlArgument);
    const env = baseEnv({ VSPHERE_SERVER: base, VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD, ...run.env });
    plant = { surface: cell.surface, text: cell.planted() };
    polls = 0;
    let r: Result;
    try {
      // --trace too: every answer (planted secrets included) is also printed whole on stderr.
      r = await vsphere([...run.args, '--debug', '--trace'], env, run.stdin);
    } finally {
      plant = undefined;
    }
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.code, out).toBe(run.code);
    for (const form of cell.banned()) expect(out, `${cell.secret} printed`).not.toContain(form);
    // The planted text was printed, masked: the surface is real.
    expect(out).toMatch(MASKED);
  });
});

describe('CLI secret-named flags', () => {
  it('masks the value of --backup-password and --location-password when the server echoes the body', async () => {
    const env = baseEnv({ VSPHERE_SERVER: base, VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD });
    const [backup, location] = ['Backup-Pa55-4321', 'Location-Pa55-8765'];
    const args = [
      'appliance',
      'recovery',
      'backup',
      'job',
      'create',
      '--parts',
      'common',
      '--location-type',
      'SFTP',
      '--location',
      'sftp://files.example.com/vcsa',
    ];
    const r = await vsphere([...args, '--location-user', 'bk', '--location-password', location, '--backup-password', backup, '--debug'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Cannot use the backup settings');
    for (const secret of [backup, location, PASSWORD]) expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
  });
});

describe('CLI --dry-run with a password inside a URL', () => {
  it('masks it in the query, the body and a generated command flag', async () => {
    const env = baseEnv({ VSPHERE_SERVER: base, VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD });
    const raw = await vsphere(
      [
        'raw',
        'POST',
        `/api/appliance/recovery/backup/job?target=${URL_WITH_PASSWORD}`,
        '--dry-run',
        '--body',
        JSON.stringify({ location: URL_WITH_PASSWORD, note: `pw ${URL_PASSWORD}` }),
      ],
      env,
    );
    const flag = await vsphere(['vcenter', 'vm', 'list', '--names', URL_WITH_PASSWORD, '--dry-run'], env);
    for (const r of [raw, flag]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(MASKED);
      for (const secret of [URL_PASSWORD, encodeURIComponent(URL_PASSWORD), PASSWORD]) expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
    }
    expect(raw.stdout).toContain('files.example.com');
  });
});

describe('CLI secret planting through the mock: fault messages and FAILED tasks', () => {
  const cli = useCliMock({ users: { [USER]: PASSWORD }, taskMs: 20 });
  let env: NodeJS.ProcessEnv;
  let session = '';
  beforeAll(async () => {
    // A stored session (vsphere login), so the planted session id is the one every later command uses.
    env = cli.envWith({ VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD });
    const login = await vsphere(['login'], env);
    expect(login.code, login.stderr).toBe(0);
    session = readJson(`${env.XDG_CONFIG_HOME}/vsphere-kit/config.json`).profiles.default.sessionId;
    expect(session.length).toBeGreaterThan(8);
  });
  const SECRETS = ['password', 'session id', 'Basic credentials'] as const;
  const plantedValue = (name: (typeof SECRETS)[number]): string => (name === 'password' ? PASSWORD : name === 'session id' ? session : BASIC);

  it.each(SECRETS)('vAPI error message of an operation: no %s', async (name) => {
    const value = plantedValue(name);
    cli.mock.faults.add({ operation: 'vcenter.vm.list', errorType: 'RESOURCE_BUSY', message: `busy with ${value}`, times: 1 });
    const r = await vsphere(['vcenter', 'vm', 'list', '--debug'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^RESOURCE_BUSY: busy with \*{8}$/m);
    expect(`${r.stdout}${r.stderr}`).not.toContain(value);
  });

  it.each(SECRETS)('FAILED task error message (--wait): no %s', async (name) => {
    const value = plantedValue(name);
    cli.mock.faults.add({ operation: 'vcenter.vm.clone', errorType: 'RESOURCE_BUSY', message: `refused: ${value}`, onTask: true, times: 1 });
    const r = await vsphere(['vcenter', 'vm', 'clone', '--source', 'vm-1074', '--name', `planted-${name.replace(/ /g, '-')}`, '--wait', '--debug'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('RESOURCE_BUSY: refused: ********');
    expect(`${r.stdout}${r.stderr}`).not.toContain(value);
  });
});
