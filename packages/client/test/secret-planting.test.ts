/**
 * The secret-planting test (#13 item 6): a hostile vCenter and identity provider
 * write each secret the client holds into every text the server controls, and
 * no secret may come out of anything the client shows: an error's message,
 * stack, `String()`, `JSON.stringify()` and `util.inspect()`, task progress
 * snapshots, or a log line.
 *
 * The mock plants through its fault injection (vAPI error and FAILED task
 * messages); a loopback peer plays vCenter and the IdP for the shapes the mock
 * cannot produce (message arguments and parameters, `data`, the `/rest` form,
 * progress messages, HTML and malformed bodies, redirects, echoed headers,
 * login, token exchange and OAuth `error_description` answers).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '@vsphere-kit/core/route';
import { REDACTED } from '@vsphere-kit/core/secrets';
import { VsphereClient, VsphereCore, createFederatedAuthenticator, passwordGrant, refreshTokenGrant, type TaskSnapshot } from '../src/index.js';
import { startMock, type MockServer } from './helpers/mock.js';
import { json, peerGetRoute, startPeer, type Peer } from './helpers/peer.js';

const USER = 'planter@vsphere.local';
const PASSWORD = 'Pl4nted-Passw0rd-7731';
const CLIENT_ID = 'planting-client';
const CLIENT_SECRET = 'planted-client-secret-9911';
const ACCESS_TOKEN = 'planted-access-token-5511';
const REFRESH_TOKEN = 'planted-refresh-token-6611';
const ID_TOKEN = 'planted-id-token-3311';
const SAML_TOKEN = Buffer.from('<saml2:Assertion ID="planted-saml-assertion-4411"><x/></saml2:Assertion>').toString('base64');
const BASIC_SESSION = 'planted-basic-session-2211';
const FEDERATED_SESSION = 'planted-federated-session-1111';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const URL_PASSWORD = 'Url-Pa55word-8812';
const URL_WITH_PASSWORD = `sftp://backup:${URL_PASSWORD}@backup.example.com/vcsa`;

/** Renders everything a user could see of an error. */
function shown(err: unknown): string {
  if (!(err instanceof Error)) return `NOT AN ERROR: ${inspect(err)}`;
  return [err.message, err.stack, String(err), JSON.stringify(err), inspect(err, { depth: 10 })].join('\n');
}

/* ------------------------------------------------------------------ */
/* The hostile peer: vCenter and IdP in one loopback server.           */
/* ------------------------------------------------------------------ */

type VcenterSurface =
  | 'vapi message'
  | 'vapi message args'
  | 'vapi message params'
  | 'vapi error data'
  | '/rest error value'
  | 'task error message and args'
  | 'task progress message'
  | 'html error page'
  | 'malformed JSON body'
  | 'redirect'
  | 'echoed request headers';
type LoginSurface = 'login error' | 'token exchange error' | 'IdP error_description' | 'IdP html page';

const VCENTER_SURFACES: readonly VcenterSurface[] = [
  'vapi message',
  'vapi message args',
  'vapi message params',
  'vapi error data',
  '/rest error value',
  'task error message and args',
  'task progress message',
  'html error page',
  'malformed JSON body',
  'redirect',
  'echoed request headers',
];

let plant: { surface: VcenterSurface | LoginSurface; text: string } | undefined;
let signValue = '';

function vapi(res: ServerResponse, status: number, errorType: string, message: string, args: string[] = [], extra: Record<string, unknown> = {}): void {
  json(res, status, { error_type: errorType, messages: [{ id: 'planted.message', default_message: message, args, ...extra }] });
}

function vcenterAnswer(req: IncomingMessage, res: ServerResponse, text: string, surface: VcenterSurface): void {
  switch (surface) {
    case 'vapi message':
      return vapi(res, 400, 'INVALID_ARGUMENT', `The server repeats ${text} in its message.`);
    case 'vapi message args':
      return vapi(res, 400, 'INVALID_ARGUMENT', 'Value {0} is not allowed for {1}.', [text, 'spec']);
    case 'vapi message params':
      return vapi(res, 400, 'INVALID_ARGUMENT', 'Value {value} is not allowed.', [], { params: { value: { s: text } } });
    case 'vapi error data':
      return json(res, 500, { error_type: 'ERROR', messages: [], data: { detail: text, nested: [{ echo: text }] } });
    case '/rest error value':
      return json(res, 404, {
        type: 'com.vmware.vapi.std.errors.not_found',
        value: { messages: [{ id: 'x', default_message: `missing: ${text}`, args: [text] }] },
      });
    case 'html error page':
      res.writeHead(502, { 'content-type': 'text/html' }).end(`<html><body><h1>Bad gateway</h1><pre>${text}</pre></body></html>`);
      return;
    case 'malformed JSON body':
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"value": "${text}", "truncated`);
      return;
    case 'redirect':
      res
        .writeHead(302, { location: `https://elsewhere.example.com/login?echo=${encodeURIComponent(text)}`, 'content-type': 'text/plain' })
        .end(`Moved: ${text}`);
      return;
    case 'echoed request headers':
      return vapi(res, 400, 'INVALID_REQUEST', `Rejected headers ${JSON.stringify(req.headers)}; x-echo: ${text}`);
    default:
      throw new Error(`no vCenter answer for ${surface}`);
  }
}

async function handle(peer: { url: string }, req: IncomingMessage & { body: string }, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', peer.url);
  const p = plant;
  // --- identity provider ---
  if (url.pathname === '/idp/token') {
    if (p?.surface === 'IdP error_description') return json(res, 400, { error: 'invalid_grant', error_description: `rejected: ${p.text}` });
    if (p?.surface === 'IdP html page') {
      res.writeHead(500, { 'content-type': 'text/html' }).end(`<html><body>Login broke for ${p.text}</body></html>`);
      return;
    }
    return json(res, 200, { access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN, id_token: ID_TOKEN, token_type: 'Bearer', expires_in: 300 });
  }
  // --- vCenter ---
  if (url.pathname === '/api/vcenter/authentication/token') {
    if (p?.surface === 'token exchange error') return vapi(res, 400, 'INVALID_ARGUMENT', `The token ${p.text} is not acceptable.`, [p.text]);
    return json(res, 200, { access_token: SAML_TOKEN, token_type: 'Bearer', issued_token_type: 'urn:ietf:params:oauth:token-type:saml2', expires_in: 600 });
  }
  if (url.pathname === '/api/session' && req.method === 'POST') {
    const auth = String(req.headers.authorization ?? '');
    if (auth.startsWith('SIGN ')) signValue = /token="([^"]*)"/.exec(auth)?.[1] ?? '';
    if (p?.surface === 'login error') {
      return json(res, 401, {
        error_type: 'UNAUTHENTICATED',
        messages: [{ id: 'login', default_message: `Login with ${auth} failed for {0}`, args: [p.text] }],
        data: { tried: p.text, header: auth },
      });
    }
    return json(res, 201, auth.startsWith('Basic ') ? BASIC_SESSION : FEDERATED_SESSION);
  }
  if (url.pathname === '/api/session' && req.method === 'DELETE') {
    res.writeHead(204).end();
    return;
  }
  if (!p) return json(res, 500, { error_type: 'ERROR', messages: [] });
  if (url.pathname === '/api/plant' && url.searchParams.get('vmw-task') === 'true') return json(res, 201, 'task-planted-1');
  if (url.pathname === '/api/cis/tasks/task-planted-1') {
    if (p.surface === 'task progress message') {
      return json(res, 200, {
        status: 'RUNNING',
        cancelable: false,
        progress: { total: 100, completed: 50, message: { id: 'p', default_message: `copying with ${p.text}`, args: [p.text] } },
      });
    }
    return json(res, 200, {
      status: 'FAILED',
      cancelable: false,
      error: {
        error_type: 'NOT_ALLOWED_IN_CURRENT_STATE',
        messages: [{ id: 't', default_message: `The task saw ${p.text} and {0}`, args: [p.text] }],
        data: { p: p.text },
      },
    });
  }
  return vcenterAnswer(req, res, p.text, p.surface as VcenterSurface);
}

/* ------------------------------------------------------------------ */
/* Routes and surfaces from the client's side.                          */
/* ------------------------------------------------------------------ */

const PLANT_GET = peerGetRoute('planted.get', '/api/plant');
const PLANT_TASK: RouteDef = { ...PLANT_GET, id: 'planted.task', method: 'POST', successStatus: 202, task: 'only' };

/** Runs one surface against `core` and returns everything it showed. */
async function showSurface(core: VsphereCore, surface: VcenterSurface | LoginSurface, logs: string[]): Promise<string> {
  const before = logs.length;
  let out: string;
  if (surface === 'task error message and args') {
    const handle = await core.callTask<unknown>(PLANT_TASK, {});
    out = shown(
      await handle.wait().then(
        () => new Error('the task did not fail'),
        (e: unknown) => e,
      ),
    );
  } else if (surface === 'task progress message') {
    const handle = await core.callTask<unknown>(PLANT_TASK, {});
    const snapshots: TaskSnapshot<unknown>[] = [];
    const controller = new AbortController();
    const err = await handle
      .wait({
        signal: controller.signal,
        onProgress: (s) => {
          snapshots.push(s);
          if (snapshots.length >= 1) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    snapshots.push(await handle.status());
    expect(snapshots.length).toBeGreaterThan(1);
    out = `${JSON.stringify(snapshots)}\n${inspect(snapshots, { depth: 10 })}\n${shown(err)}`;
  } else if (surface === 'login error' || surface === 'token exchange error' || surface === 'IdP error_description' || surface === 'IdP html page') {
    core.forgetSession();
    out = shown(
      await core.login().then(
        () => new Error('the login did not fail'),
        (e: unknown) => e,
      ),
    );
  } else {
    out = shown(
      await core.call(PLANT_GET, {}).then(
        () => new Error('the call did not fail'),
        (e: unknown) => e,
      ),
    );
  }
  expect(out).not.toContain('did not fail');
  return `${out}\n${logs.slice(before).join('\n')}`;
}

interface Cell {
  client: 'basic' | 'federated' | 'standalone IdP call' | 'mock';
  surface: string;
  secret: string;
  value: string;
}

const BASIC_SECRETS: Record<string, string> = {
  password: PASSWORD,
  'Basic credentials': BASIC,
  'session id': BASIC_SESSION,
  'password inside a URL': URL_WITH_PASSWORD,
};
const FEDERATED_SECRETS: Record<string, string> = {
  password: PASSWORD,
  'OAuth client secret': CLIENT_SECRET,
  'access token': ACCESS_TOKEN,
  'refresh token': REFRESH_TOKEN,
  'ID token': ID_TOKEN,
  'SAML token': SAML_TOKEN,
  'session id': FEDERATED_SESSION,
  'password inside a URL': URL_WITH_PASSWORD,
};
const LOGIN_SURFACES: readonly LoginSurface[] = ['login error', 'token exchange error', 'IdP error_description', 'IdP html page'];

const cells: Cell[] = [];
for (const surface of [...VCENTER_SURFACES, 'login error'] as const) {
  for (const [secret, value] of Object.entries(BASIC_SECRETS)) cells.push({ client: 'basic', surface, secret, value });
}
for (const surface of [...VCENTER_SURFACES, ...LOGIN_SURFACES]) {
  for (const [secret, value] of Object.entries(FEDERATED_SECRETS)) cells.push({ client: 'federated', surface, secret, value });
  // The SIGN header's token (known once the first federated login went through).
  cells.push({ client: 'federated', surface, secret: 'SIGN token', value: '' });
}

/** What a secret looks like where it is planted, and the forms of it that must not come out. */
function forms(cell: Cell): { planted: string; banned: string[] } {
  const value = cell.secret === 'SIGN token' ? signValue : cell.value;
  if (cell.secret === 'password inside a URL') return { planted: value, banned: [URL_PASSWORD] };
  return { planted: value, banned: [value, encodeURIComponent(value)] };
}

describe('secret planting: every server-controlled text, every secret', () => {
  let peer: Peer;
  let basic: VsphereCore;
  let federated: VsphereCore;
  const logs: string[] = [];
  const logger = { debug: (l: string) => logs.push(l), warn: (l: string) => logs.push(l) };

  beforeAll(async () => {
    const holder = { url: '' };
    peer = await startPeer((req, res) => handle(holder, req, res));
    holder.url = peer.url;
    const retry = { maxRetries: 0 };
    const taskPolling = { initialDelayMs: 1 };
    basic = new VsphereCore({ baseUrl: peer.url, username: USER, password: PASSWORD, retry, logger, taskPolling });
    federated = new VsphereCore({
      baseUrl: peer.url,
      retry,
      logger,
      taskPolling,
      authenticate: createFederatedAuthenticator({
        tokenEndpoint: `${peer.url}/idp/token`,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        grant: { type: 'password', username: USER, password: PASSWORD },
      }),
    });
    expect(await basic.login()).toBe(BASIC_SESSION);
    expect(await federated.login()).toBe(FEDERATED_SESSION);
    expect(signValue.length).toBeGreaterThan(20);
  });
  afterAll(async () => {
    await basic?.close({ logout: false });
    await federated?.close({ logout: false });
    await peer?.close();
  });

  it('covers every secret in every surface of each client', () => {
    expect(cells).toHaveLength((VCENTER_SURFACES.length + 1) * 4 + (VCENTER_SURFACES.length + LOGIN_SURFACES.length) * 9);
  });

  it.each(cells)('$client client, $surface: no $secret', async (cell) => {
    const { planted, banned } = forms(cell);
    plant = { surface: cell.surface as VcenterSurface | LoginSurface, text: planted };
    try {
      const out = await showSurface(cell.client === 'basic' ? basic : federated, plant.surface, logs);
      for (const form of banned) expect(out, `${cell.secret} shown`).not.toContain(form);
      // The planted text did reach the output, redacted: the surface is real.
      expect(out).toContain(REDACTED);
    } finally {
      plant = undefined;
    }
  });

  it.each(['token exchange error', 'login error', 'vapi message'] as const)('refresh-token grant, %s: no refresh token the caller gave', async (surface) => {
    // The IdP rotates refresh tokens: the one the caller gave is never in an IdP answer, yet vCenter may echo it.
    const given = 'caller-given-refresh-token-0101';
    const core = new VsphereCore({
      baseUrl: peer.url,
      retry: { maxRetries: 0 },
      authenticate: createFederatedAuthenticator({
        tokenEndpoint: `${peer.url}/idp/token`,
        clientId: CLIENT_ID,
        grant: { type: 'refresh_token', refreshToken: given },
      }),
    });
    try {
      if (surface === 'vapi message') await core.login();
      plant = { surface, text: given };
      const out = await showSurface(core, surface, []);
      expect(out).not.toContain(given);
      expect(out).toContain(REDACTED);
    } finally {
      plant = undefined;
      await core.close({ logout: false });
    }
  });

  it.each([
    ['IdP error_description', 'password', PASSWORD],
    ['IdP error_description', 'OAuth client secret', CLIENT_SECRET],
    ['IdP error_description', 'refresh token', REFRESH_TOKEN],
    ['IdP html page', 'password', PASSWORD],
    ['IdP html page', 'OAuth client secret', CLIENT_SECRET],
    ['IdP html page', 'refresh token', REFRESH_TOKEN],
  ] as const)('standalone IdP call, %s: no %s', async (surface, _secret, value) => {
    plant = { surface, text: value };
    try {
      const client = { tokenEndpoint: `${peer.url}/idp/token`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, clientAuth: 'post' as const };
      const err =
        value === REFRESH_TOKEN
          ? await refreshTokenGrant(client, { refreshToken: REFRESH_TOKEN }).catch((e: unknown) => e)
          : await passwordGrant(client, { username: USER, password: PASSWORD }).catch((e: unknown) => e);
      const out = shown(err);
      expect(out).toMatch(/OAuthError|VsphereResponseError/);
      expect(out).not.toContain(value);
      expect(out).toContain(REDACTED);
    } finally {
      plant = undefined;
    }
  });
});

describe('secret planting through the mock: fault messages and FAILED tasks', () => {
  let mock: MockServer;
  let client: VsphereClient;
  let session = '';
  let source = '';
  beforeAll(async () => {
    mock = await startMock({ users: { [USER]: PASSWORD }, taskMs: 20 });
    client = new VsphereClient({ baseUrl: mock.url, username: USER, password: PASSWORD, retry: false, taskPolling: { initialDelayMs: 5 } });
    session = await client.core.login();
    source = (await client.vcenter.vm.list())[0]!.vm;
  });
  afterAll(async () => {
    await client?.close();
    await mock?.close();
  });

  const SECRETS = ['password', 'session id', 'Basic credentials', 'password inside a URL'] as const;
  /** The value that must not come out, and the text the fault plants. */
  const planted = (name: (typeof SECRETS)[number]): { value: string; text: string } => {
    if (name === 'password inside a URL') return { value: URL_PASSWORD, text: `copy to ${URL_WITH_PASSWORD} failed` };
    const value = name === 'password' ? PASSWORD : name === 'session id' ? session : BASIC;
    return { value, text: `the server repeats ${value}` };
  };

  it.each(SECRETS)('vAPI error message of an operation: no %s', async (name) => {
    const { value, text } = planted(name);
    mock.faults.add({ operation: 'vcenter.vm.list', errorType: 'RESOURCE_BUSY', message: text, times: 1 } as never);
    const err = await client.vcenter.vm.list().catch((e: unknown) => e);
    expect((err as Error).name).toBe('ResourceBusyError');
    expect(shown(err)).not.toContain(value);
    expect(shown(err)).toContain(REDACTED);
  });

  it.each(SECRETS)('FAILED task error message: no %s', async (name) => {
    const { value, text } = planted(name);
    mock.faults.add({ operation: 'vcenter.vm.clone', errorType: 'NOT_ALLOWED_IN_CURRENT_STATE', message: text, onTask: true, times: 1 } as never);
    const task = await client.vcenter.vm.cloneTask({ source, name: `planted-${SECRETS.indexOf(name)}` } as never);
    const err = await task.wait().catch((e: unknown) => e);
    expect((err as Error).name).toBe('NotAllowedInCurrentStateError');
    expect(shown(err)).not.toContain(value);
    expect(shown(err)).toContain(REDACTED);
  });
});
