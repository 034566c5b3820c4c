import type { RouteDef } from '@vsphere-kit/core/route';
import { isOn, lastValue } from './args.js';
import type { Ctx } from './cli.js';
import { DEFAULT_PROFILE, loadConfig, saveConfig, type Profile } from './config.js';
import { openApi, profileFields, resolveSettings, setDebugStream, setTraceStream, warnAboutConnection, type Api, type Settings } from './connection.js';
import { textSetting } from './flag-sources.js';
import { flagWithTwin, flagsIn } from './flag-table.js';
import { flagLines } from './help.js';
import { CliError, UsageError } from './errors.js';
import { readValueArg, type BuiltArgs } from './input.js';
import { parseFields } from './fields.js';
import { parseFormat, render } from './output.js';
import { registerSecretsIn, secrets } from './secrets.js';
import { didYouMean } from './suggest.js';
import { assertOriginForm } from '@vsphere-kit/core/target';
import type { OutStream } from './stdio.js';

export async function runBuiltin(name: string, ctx: Ctx, holder: { api?: Api }): Promise<number> {
  if (ctx.debug) setDebugStream(ctx.io.stderr);
  if (isOn(ctx.flags, 'trace')) setTraceStream(ctx.io.stderr);
  switch (name) {
    case 'login':
      return login(ctx);
    case 'logout':
      return logout(ctx, holder);
    case 'profile':
      return profile(ctx);
    case 'raw':
      return raw(ctx, holder);
    case 'completion':
      return completion(ctx);
    default:
      throw new UsageError(`unknown command '${name}'`);
  }
}

function noExtra(ctx: Ctx, name: string, max = 0): void {
  if (ctx.positionals.length > max) throw new UsageError(`unexpected argument '${ctx.positionals[max]}' for 'vsphere ${name}'`);
}

async function completion(ctx: Ctx): Promise<number> {
  const { completionScript, SHELLS } = await import('./completion.js');
  const shell = ctx.positionals[0];
  if (isOn(ctx.flags, 'help') || !shell) {
    const text = `Usage: vsphere completion ${SHELLS.join('|')}\n\n  bash:  source <(vsphere completion bash)\n  zsh:   source <(vsphere completion zsh)\n  fish:  vsphere completion fish | source\n  powershell:  vsphere completion powershell | Out-String | Invoke-Expression\n`;
    ctx.io[shell || isOn(ctx.flags, 'help') ? 'stdout' : 'stderr'].write(text);
    return isOn(ctx.flags, 'help') ? 0 : 2;
  }
  noExtra(ctx, 'completion', 1);
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`unknown shell '${shell}': expected one of ${SHELLS.join(', ')}`, didYouMean(shell, SHELLS));
  }
  ctx.io.stdout.write(completionScript(shell));
  return 0;
}

/** Reads a password from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  // Echo goes off before the prompt shows, so nothing typed after it is echoed.
  stdin.setRawMode(true);
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(buf);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new CliError('login cancelled', 130));
        if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
        else buf += ch;
      }
    };
    stdin.setEncoding('utf8');
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function login(ctx: Ctx): Promise<number> {
  noExtra(ctx, 'login');
  if (isOn(ctx.flags, 'help')) {
    ctx.io.stdout.write(`Usage: vsphere login --server URL --username NAME [--password-stdin] [--profile NAME]
       vsphere login --server URL --oidc-issuer URL --client-id ID [--device|--browser] [--profile NAME]

Creates an API session and stores it in the profile (default: '${DEFAULT_PROFILE}') in
$XDG_CONFIG_HOME/vsphere-kit/config.json (mode 0600). Later commands reuse it.
The password comes from --password-stdin, VSPHERE_PASSWORD, or a prompt on a terminal.
The server, the user, the TLS settings (--insecure, --ca-file, --thumbprint, --known-hosts,
--allow-http) and --timeout are stored with the profile; the password never is.

Federated login:
${flagLines(flagsIn('login'))}
`);
    return 0;
  }
  const env = ctx.io.env;
  const settings = resolveSettings(ctx.flags, env, { forLogin: true });
  if (!settings.baseUrl) throw new UsageError(`no server: give ${flagWithTwin('server')}`);
  const issuer = lastValue(ctx.flags, 'oidc-issuer');
  if (issuer || ctx.flags.has('client-id') || isOn(ctx.flags, 'device') || isOn(ctx.flags, 'browser')) {
    const { federatedLogin } = await import('./federation.js');
    return federatedLogin(ctx, settings);
  }
  if (!settings.username) throw new UsageError(`no user name: give ${flagWithTwin('username')}`);
  let password = settings.password;
  if (password === undefined) {
    if (!process.stdin.isTTY) throw new UsageError(`no password: give ${flagWithTwin('password-stdin')}, or run vsphere login on a terminal`);
    password = await promptHidden(`Password for ${settings.username} at ${settings.baseUrl}: `);
    if (!password) throw new UsageError('no password given');
  }
  const api = await openApi({ ...settings, password }, { fresh: true, stderr: ctx.io.stderr });
  try {
    await keepNewSession(ctx, settings, await api.login(), settings.username, 'password');
  } finally {
    await api.close(true);
  }
  ctx.io.stderr.write(`Logged in to ${settings.baseUrl} as ${settings.username} (profile '${settings.profileName}').\n`);
  return 0;
}

/**
 * Stores a new login's session in the profile, in place of the profile's old session,
 * which is ended on the server first (best effort).
 */
export async function keepNewSession(ctx: Ctx, settings: Settings, sessionId: string, username: string | undefined, method: Profile['method']): Promise<void> {
  secrets.add(sessionId);
  await endOldSession(settings, ctx.io.stderr);
  storeSession(
    settings.profileName,
    {
      ...profileFields(settings),
      username,
      sessionId,
      method,
      loggedInAt: new Date().toISOString(),
    },
    ctx,
  );
}

/** A new login replaces the profile's session: end the old one on the server (best effort). */
async function endOldSession(settings: Settings, stderr: OutStream): Promise<void> {
  const old = settings.profile?.sessionId;
  if (!old || !settings.profile?.server || !settings.baseUrl || settings.profile.server !== settings.baseUrl) return;
  secrets.add(old);
  try {
    const api = await openApi({ ...settings, username: undefined, password: undefined, sessionId: old }, { stderr });
    try {
      await api.logout();
    } finally {
      await api.close(true);
    }
  } catch {
    // expired already, or unreachable: nothing to clean up
  }
}

function storeSession(name: string, profile: Profile, ctx: Ctx): void {
  const config = loadConfig(ctx.io.env);
  config.profiles[name] = JSON.parse(JSON.stringify(profile)) as Profile;
  if (!config.current) config.current = name;
  saveConfig(config, ctx.io.env);
}

async function logout(ctx: Ctx, holder: { api?: Api }): Promise<number> {
  noExtra(ctx, 'logout');
  if (isOn(ctx.flags, 'help')) {
    ctx.io.stdout.write(
      "Usage: vsphere logout [--profile NAME]\n\nDeletes the stored session on the server and forgets it: the profile's, else the one kept for\nthe --server and --username given (--persist-session).\n",
    );
    return 0;
  }
  const settings = resolveSettings(ctx.flags, ctx.io.env);
  const profile = settings.profile;
  if (!profile?.sessionId) {
    if (await endKeptSession(settings, ctx, holder)) return 0;
    ctx.io.stderr.write(`Not logged in (profile '${settings.profileName}').\n`);
    return 0;
  }
  secrets.add(profile.sessionId);
  const server = profile.server ?? settings.baseUrl;
  try {
    const api = await openApi({ ...settings, baseUrl: server, sessionId: profile.sessionId }, { stderr: ctx.io.stderr });
    holder.api = api;
    await api.logout();
  } catch (err) {
    const e = err as { errorType?: string };
    // An expired session is as good as deleted; anything else is reported after forgetting it locally.
    if (e.errorType !== 'UNAUTHENTICATED') {
      forget(settings.profileName, ctx);
      throw err;
    }
  }
  forget(settings.profileName, ctx);
  ctx.io.stderr.write(`Logged out of ${server} (profile '${settings.profileName}').\n`);
  return 0;
}

/**
 * Ends the session kept for the server and user of the flags or environment (--persist-session)
 * on the server and removes it from the session cache file; false when none is kept.
 */
async function endKeptSession(settings: Settings, ctx: Ctx, holder: { api?: Api }): Promise<boolean> {
  if (!settings.sessionCacheFile || !settings.baseUrl || !settings.username) return false;
  const api = await openApi({ ...settings, password: undefined }, { keptSession: true, stderr: ctx.io.stderr });
  holder.api = api;
  // Without a password the client can only take the kept session, read from the file without a request.
  if (!(await api.login().catch(() => undefined))) return false;
  warnAboutConnection(settings, ctx.io.stderr);
  try {
    await api.logout();
  } catch (err) {
    // Expired already: the client has dropped it from the file all the same. Anything else is reported, after the
    // client has dropped it from the file too (as a profile's session is forgotten locally).
    if ((err as { errorType?: string }).errorType !== 'UNAUTHENTICATED') {
      ctx.io.stderr.write(`The session kept for ${settings.username} is forgotten here; ending it on ${settings.baseUrl} failed:\n`);
      throw err;
    }
  }
  ctx.io.stderr.write(`Logged out of ${settings.baseUrl} (the session kept for ${settings.username}).\n`);
  return true;
}

function forget(name: string, ctx: Ctx): void {
  const config = loadConfig(ctx.io.env);
  const p = config.profiles[name];
  if (p) {
    delete p.sessionId;
    delete p.loggedInAt;
    saveConfig(config, ctx.io.env);
  }
}

async function profile(ctx: Ctx): Promise<number> {
  const [sub, arg] = ctx.positionals;
  if (isOn(ctx.flags, 'help') || !sub) {
    const text = 'Usage: vsphere profile list\n       vsphere profile use NAME\n';
    ctx.io[isOn(ctx.flags, 'help') ? 'stdout' : 'stderr'].write(text);
    return isOn(ctx.flags, 'help') ? 0 : 2;
  }
  const config = loadConfig(ctx.io.env);
  if (sub === 'list') {
    noExtra(ctx, 'profile list', 1);
    const current = textSetting('profile', ctx.flags, ctx.io.env).value || config.current;
    const rows = Object.entries(config.profiles)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, p]) => ({
        name,
        current: name === current,
        server: p.server ?? '',
        username: p.username ?? '',
        logged_in: Boolean(p.sessionId),
      }));
    const format = parseFormat(lastValue(ctx.flags, 'output'));
    const fields = parseFields(lastValue(ctx.flags, 'fields'), format);
    const text =
      format === 'ids' && !fields ? rows.map((r) => r.name).join('\n') + (rows.length ? '\n' : '') : await render(rows, format, undefined, ctx.out, fields);
    ctx.io.stdout.write(text);
    if (!rows.length && format === 'table') ctx.io.stderr.write('No profiles yet: vsphere login --server URL --username NAME\n');
    return 0;
  }
  if (sub === 'use') {
    noExtra(ctx, 'profile use', 2);
    if (!arg) throw new UsageError('usage: vsphere profile use NAME');
    if (!config.profiles[arg]) {
      throw new UsageError(`no profile named '${arg}'`, didYouMean(arg, Object.keys(config.profiles)));
    }
    config.current = arg;
    saveConfig(config, ctx.io.env);
    ctx.io.stderr.write(`Using profile '${arg}'.\n`);
    return 0;
  }
  throw new UsageError(`unknown command 'profile ${sub}'`, didYouMean(sub, ['list', 'use'], 'profile '));
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

async function raw(ctx: Ctx, holder: { api?: Api }): Promise<number> {
  if (isOn(ctx.flags, 'help')) {
    ctx.io.stdout.write(`Usage: vsphere raw METHOD PATH [--body JSON|@file.json|@file.yaml|-] [--dry-run] [--wait]

Sends an authenticated request to any API path and prints the answer (JSON by default).
With vmw-task=true in the query it prints the task id, or with --wait follows the task.
  vsphere raw GET /api/vcenter/vm?power_states=POWERED_ON -o json
  vsphere raw POST '/api/vcenter/vm/vm-42/power?action=start'

${flagLines(flagsIn('raw'))}
`);
    return 0;
  }
  const [m, target] = ctx.positionals;
  if (!m || !target) throw new UsageError('usage: vsphere raw METHOD PATH [--body JSON|@file]');
  noExtra(ctx, 'raw', 2);
  const method = m.toUpperCase() as (typeof METHODS)[number];
  if (!METHODS.includes(method)) throw new UsageError(`unknown method '${m}': expected one of ${METHODS.join(', ')}`, didYouMean(method, METHODS));
  if (!target.startsWith('/')) throw new UsageError(`the path must start with /, e.g. /api/vcenter/vm (got ${JSON.stringify(target)})`);
  // `//other-host/x` or `/\other-host/x` would carry the session id to another host: refused before anything is sent.
  try {
    assertOriginForm(target);
  } catch (err) {
    throw new UsageError(`raw: ${(err as Error).message}`);
  }
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  const query: Record<string, unknown> = {};
  let action: string | undefined;
  let actionKey: 'action' | '~action' | undefined;
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    if ((key === 'action' || key === '~action') && !action) {
      action = all[0];
      actionKey = key;
      continue;
    }
    query[key] = all.length > 1 ? all : all[0];
  }
  const bodyArg = lastValue(ctx.flags, 'body');
  const body = bodyArg !== undefined ? await readValueArg(bodyArg, 'body') : undefined;
  registerSecretsIn(body);
  const route: RouteDef = {
    id: 'raw',
    method,
    path: path.replace(/[{}]/g, encodeURIComponent),
    ...(action ? { action, actionKey } : {}),
    pathParams: [],
    queryParams: [],
    ...(body !== undefined ? { body: { required: true, contentType: 'application/json' as const } } : {}),
    successStatus: method === 'POST' ? 201 : 200,
    responseBody: true,
    rest: false,
    auth: path === '/api/session' && method === 'POST' ? 'login' : 'session',
  };
  const args: BuiltArgs = { path: {}, query, body };
  const settings = resolveSettings(ctx.flags, ctx.io.env);
  const explicitFormat = lastValue(ctx.flags, 'output');
  let format = parseFormat(explicitFormat ?? 'json');
  const fields = parseFields(lastValue(ctx.flags, 'fields'), format);
  const asTask = query['vmw-task'] === 'true';
  delete query['vmw-task'];
  const wait = isOn(ctx.flags, 'wait');
  const { waitForHandle, waitTimeout } = await import('./execute.js');
  const timeout = waitTimeout(ctx, wait);
  if (wait && !asTask) throw new UsageError(`raw --wait follows a task: add vmw-task=true to the query (${method} ${path}?vmw-task=true)`);
  if (isOn(ctx.flags, 'dry-run')) {
    const { dryRun } = await import('./execute.js');
    return dryRun(ctx, settings, route, args, asTask);
  }
  const api = await openApi(settings, { stderr: ctx.io.stderr });
  holder.api = api;
  let result: unknown;
  if (asTask) {
    const handle = await api.callTask(route, args);
    if (wait) {
      result = await waitForHandle(ctx, handle, timeout);
      // A task's result id prints as every command prints it (`vm clone --wait`, `-o ids`): unquoted.
      if (explicitFormat === undefined && typeof result === 'string') format = 'ids';
    } else result = handle.id;
  } else result = await api.call(route, args);
  if (route.auth === 'login' && typeof result === 'string') secrets.add(result);
  ctx.io.stdout.write(await render(result, format, undefined, ctx.out, fields));
  return 0;
}
