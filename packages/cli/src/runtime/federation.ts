import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { FederationGrant, IdpHttpOptions, VsphereCoreOptions } from '@vsphere-kit/client';
import { isOn, lastValue } from './args.js';
import type { Ctx } from './cli.js';
import { keepNewSession } from './builtins.js';
import { connectionOptions, createClient, noteConnection, traceStreamOf, warnAboutConnection, withKnownHost, type Settings } from './connection.js';
import { secrets } from './secrets.js';
import { CliError, UsageError } from './errors.js';
import { secretSetting, textSetting } from './flag-sources.js';
import { flagWithTwin } from './flag-table.js';
import { loadClientApi } from './lazy.js';
import { sleep } from './tasks.js';

type ClientApi = Awaited<ReturnType<typeof loadClientApi>>;

const LOGIN_TIMEOUT_MS = 5 * 60_000;

/** Opens a URL in the user's browser: $BROWSER, else open / xdg-open. Failures are ignored (the URL is printed too). */
function openBrowser(url: string, env: NodeJS.ProcessEnv): void {
  const cmd = env.BROWSER || (process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open');
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true, env });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // printed URL is the fallback
  }
}

/** Authorization code flow with PKCE and a loopback redirect (RFC 8252). */
async function browserFlow(ctx: Ctx, api: ClientApi, idp: IdpHttpOptions, issuer: string, clientId: string, scope: string): Promise<FederationGrant> {
  const meta = await api.discoverOidc(issuer, idp);
  if (!meta.authorization_endpoint) throw new CliError(`the identity provider at ${issuer} has no authorization endpoint: use --device or a password`);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const request = api.createAuthorizationRequest({ authorizationEndpoint: meta.authorization_endpoint, clientId, redirectUri, scope });
  try {
    const code = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new CliError('login timed out waiting for the browser')), LOGIN_TIMEOUT_MS);
      timer.unref();
      server.on('request', (req, res) => {
        const url = new URL(req.url ?? '/', redirectUri);
        if (url.pathname !== '/callback') {
          res.writeHead(404).end();
          return;
        }
        try {
          const { code } = api.parseAuthorizationResponse(url, request.state);
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Logged in to vSphere. You can close this window.\n');
          clearTimeout(timer);
          resolve(code);
        } catch (err) {
          res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Login failed. See the terminal.\n');
          clearTimeout(timer);
          reject(err);
        }
      });
      ctx.io.stderr.write(`Opening your browser to log in. If it does not open, visit:\n  ${request.url}\n`);
      openBrowser(request.url, ctx.io.env);
    });
    secrets.add(code);
    return { type: 'authorization_code', code, redirectUri, codeVerifier: request.codeVerifier };
  } finally {
    server.close();
  }
}

/** Device authorization grant (RFC 8628). */
async function deviceFlow(
  ctx: Ctx,
  api: ClientApi,
  idp: IdpHttpOptions,
  issuer: string,
  clientId: string,
  clientSecret: string | undefined,
  scope: string,
): Promise<FederationGrant> {
  const meta = await api.discoverOidc(issuer, idp);
  const endpoint = meta.device_authorization_endpoint;
  if (typeof endpoint !== 'string') {
    throw new CliError(`the identity provider at ${issuer} does not offer the device flow (no device_authorization_endpoint): use --browser`);
  }
  const oauth = { ...idp, tokenEndpoint: meta.token_endpoint, clientId, clientSecret };
  let body: Awaited<ReturnType<ClientApi['deviceAuthorizationRequest']>>;
  try {
    // The client's id and secret go in the form there, as providers' device endpoints take them.
    body = await api.deviceAuthorizationRequest({ ...oauth, clientAuth: 'post' }, endpoint, { scope });
  } catch (err) {
    if (err instanceof api.OAuthError) throw new CliError(`device authorization failed: ${err.error}${err.description ? `: ${err.description}` : ''}`);
    throw err;
  }
  secrets.add(body.device_code);
  const verify = String(body.verification_uri_complete ?? body.verification_uri ?? '');
  ctx.io.stderr.write(`To log in, open ${verify}${body.user_code ? ` and enter the code ${String(body.user_code)}` : ''}\n`);
  let interval = Math.max(1, Number(body.interval ?? 5)) * 1000;
  const deadline = Date.now() + Math.min(Number(body.expires_in ?? 600) * 1000, LOGIN_TIMEOUT_MS * 3);
  while (Date.now() < deadline) {
    await sleep(interval);
    try {
      const t = await api.tokenRequest(oauth, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: body.device_code });
      secrets.add(t.access_token, t.id_token, t.refresh_token);
      return { type: 'tokens', accessToken: t.access_token, idToken: t.id_token, refreshToken: t.refresh_token };
    } catch (err) {
      const e = err as { error?: string };
      if (e.error === 'authorization_pending') continue;
      if (e.error === 'slow_down') {
        interval += 5000;
        continue;
      }
      throw err;
    }
  }
  throw new CliError('login timed out: the device code expired');
}

/** `vsphere login --oidc-issuer URL --client-id ID [--browser | --device]`. */
export async function federatedLogin(ctx: Ctx, given: Settings): Promise<number> {
  const env = ctx.io.env;
  // The vCenter end is pinned by the known-hosts file like any other connection (the identity provider is not: it has its own CA).
  const settings = await withKnownHost(given);
  noteConnection(settings, { storedSessionOnly: false, passwordLogin: false });
  const issuer = textSetting('oidc-issuer', ctx.flags, env).value;
  const clientId = textSetting('client-id', ctx.flags, env).value;
  if (!issuer) throw new UsageError(`federated login needs ${flagWithTwin('oidc-issuer')}`);
  if (!clientId) throw new UsageError(`federated login needs ${flagWithTwin('client-id')}`);
  const browser = isOn(ctx.flags, 'browser');
  const device = isOn(ctx.flags, 'device');
  if (browser && device) throw new UsageError('choose one of --browser and --device');
  if (isOn(ctx.flags, 'client-secret-stdin') && isOn(ctx.flags, 'password-stdin')) {
    throw new UsageError('--client-secret-stdin and --password-stdin cannot both read stdin');
  }
  const clientSecret = secretSetting('client-secret-stdin', ctx.flags, env).value;
  if (clientSecret) secrets.add(clientSecret);
  const scope = lastValue(ctx.flags, 'scope') ?? 'openid';
  const api = await loadClientApi();
  // --trace covers the identity provider's exchanges as well as vCenter's (the token exchange and the SIGN login).
  const trace = traceStreamOf();
  const tracer = trace ? await import('./trace.js') : undefined;
  const idp: IdpHttpOptions = tracer ? { onExchange: tracer.idpTracer(trace!) } : {};
  let authenticate: NonNullable<VsphereCoreOptions['authenticate']> | undefined;
  // Created before any identity-provider step, so that connection settings the client
  // refuses (plain http, a bad thumbprint) fail before a browser opens.
  const core = createClient(settings, () => {
    const connection = connectionOptions(settings);
    const node = new api.NodeHttpDispatcher(connection);
    const dispatcher = tracer ? tracer.tracedDispatcher(node, trace!) : node;
    return new api.VsphereCore({ ...connection, dispatcher, secrets, authenticate: (context) => authenticate!(context) });
  });
  warnAboutConnection(settings, ctx.io.stderr);
  try {
    let grant: FederationGrant;
    let username: string | undefined;
    if (browser) grant = await browserFlow(ctx, api, idp, issuer, clientId, scope);
    else if (device) grant = await deviceFlow(ctx, api, idp, issuer, clientId, clientSecret, scope);
    else if (settings.username && settings.password) {
      grant = { type: 'password', username: settings.username, password: settings.password };
      username = settings.username;
    } else if (clientSecret) grant = { type: 'client_credentials' };
    else throw new UsageError('federated login: add --browser or --device (or a user name and password for the password grant)');
    authenticate = api.createFederatedAuthenticator({ issuer, clientId, clientSecret, scope, grant, idp });
    await keepNewSession(ctx, settings, await core.login(), username, 'oidc');
  } finally {
    await core.close({ logout: false });
  }
  ctx.io.stderr.write(`Logged in to ${settings.baseUrl} through ${issuer} (profile '${settings.profileName}').\n`);
  return 0;
}
