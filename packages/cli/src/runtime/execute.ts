import type { RouteDef, TaskHandle } from '@vsphere-kit/client';
import type { CommandDef } from './command-types.js';
import { isOn, lastValue } from './args.js';
import type { Ctx } from './cli.js';
import { saveConfig } from './config.js';
import { maskSecrets, openApi, resolveSettings, secrets, setDebugStream, type Api, type Settings } from './connection.js';
import { buildArgs, type BuiltArgs } from './input.js';
import { parseFormat, render } from './output.js';
import { ProgressReporter, sleep, type ProgressLike } from './tasks.js';

/** `path?action=x&k=v` exactly as the client sends it. */
export function requestTarget(route: RouteDef, args: BuiltArgs, task: boolean): string {
  const path = route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(args.path[name] ?? `{${name}}`)));
  const parts: string[] = [];
  if (route.action) parts.push(`${route.actionKey ?? 'action'}=${encodeURIComponent(route.action)}`);
  const add = (key: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (const v of value) add(key, v);
      return;
    }
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) add(`${key}.${k}`, v);
      return;
    }
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  };
  for (const [k, v] of Object.entries(args.query)) if (k !== 'vmw-task') add(k, v);
  if (task) parts.push('vmw-task=true');
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

const SECRET_KEY = /pass(word|wd|phrase)?$|secret|token|session_?id|authorization|private_?key|^code_verifier$/i;

/** A copy of a request body with the values of secret-looking fields masked. */
export function maskBody(value: unknown, key = ''): unknown {
  if (key && SECRET_KEY.test(key) && value !== null && value !== undefined && typeof value !== 'object') return '********';
  if (Array.isArray(value)) return value.map((v) => maskBody(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskBody(v, k)]));
  }
  return value;
}

/** `--dry-run`: the request as it would be sent, secrets masked. */
export function dryRun(ctx: Ctx, settings: Settings, route: RouteDef, args: BuiltArgs, task: boolean): number {
  const base = settings.baseUrl ?? 'https://<server>';
  const lines = [`${route.method} ${base}${requestTarget(route, args, task)}`, 'Accept: application/json'];
  if (route.auth === 'login') lines.push('Authorization: Basic ********');
  else if (route.auth === 'session') lines.push('vmware-api-session-id: ********');
  const hasBody = route.body !== undefined && args.body !== undefined;
  if (hasBody) lines.push(`Content-Type: ${route.body!.contentType}`);
  let text = `${lines.join('\n')}\n`;
  if (hasBody) {
    const masked = maskBody(args.body);
    const body = route.body!.contentType === 'application/json' ? JSON.stringify(masked, null, 2) : new URLSearchParams(masked as Record<string, string>).toString();
    text += `\n${body}\n`;
  }
  ctx.io.stdout.write(maskSecrets(text));
  return 0;
}

function reporter(ctx: Ctx, id: string): ProgressReporter {
  const tty = ctx.io.stderr.isTTY === true;
  return new ProgressReporter(ctx.io.stderr, tty, ctx.err, id);
}

/** Waits for a task handle, drawing its progress; resolves with the result or throws the task's error. */
export async function waitForHandle(ctx: Ctx, handle: TaskHandle<unknown>): Promise<unknown> {
  const rep = reporter(ctx, handle.id);
  rep.update({ status: 'PENDING' });
  try {
    const result = await handle.wait({ onProgress: (snap) => rep.update(snap as ProgressLike) });
    rep.finish('SUCCEEDED');
    return result;
  } catch (err) {
    rep.finish('FAILED');
    throw err;
  }
}

function taskError(info: Record<string, unknown>): Error {
  const raw = info.error as unknown;
  let errorType = 'ERROR';
  let messages: string[] = [];
  if (typeof raw === 'string') messages = [raw];
  else if (raw && typeof raw === 'object') {
    const r = raw as { error_type?: unknown; messages?: unknown };
    if (typeof r.error_type === 'string') errorType = r.error_type;
    if (Array.isArray(r.messages)) {
      messages = r.messages.map((m) => {
        const msg = m as { default_message?: unknown; args?: unknown };
        if (!m || typeof m !== 'object' || typeof msg.default_message !== 'string') return String(m);
        // Fill positional {0}, {1} … placeholders the way the client does for API errors.
        const args = Array.isArray(msg.args) ? msg.args.map(String) : [];
        return msg.default_message.replace(/\{(\d+)\}/g, (hole, i: string) => args[Number(i)] ?? hole);
      });
    }
  }
  const err = new Error(`${errorType}: ${messages.join(' ← ') || 'the task failed'}`) as Error & { errorType: string; messages: string[] };
  err.errorType = errorType;
  err.messages = messages.length ? messages : ['the task failed'];
  return err;
}

/** `cis tasks get --task ID --wait`: polls an existing task until it ends. */
export async function waitForExisting(ctx: Ctx, api: Api, route: RouteDef, args: BuiltArgs): Promise<unknown> {
  const id = String(args.path.task ?? '');
  const rep = reporter(ctx, id);
  let delay = 200;
  for (;;) {
    const info = (await api.call(route, args)) as Record<string, unknown>;
    const status = String(info?.status ?? 'UNKNOWN');
    rep.update(info as unknown as ProgressLike);
    if (status === 'SUCCEEDED') {
      rep.finish(status);
      return info;
    }
    if (status === 'FAILED') {
      rep.finish(status);
      throw taskError(info);
    }
    await sleep(delay);
    delay = Math.min(delay * 1.5, 2000);
  }
}

function persistRenewedSession(settings: Settings, api: Api): void {
  const now = api.currentSessionId();
  if (!settings.sessionId || !now || now === settings.sessionId || !settings.profile) return;
  secrets.add(now);
  settings.profile.sessionId = now;
  settings.config.profiles[settings.profileName] = settings.profile;
  try {
    saveConfig(settings.config);
  } catch {
    // the old session is simply renewed again next time
  }
}

export async function runCommand(cmd: CommandDef, ctx: Ctx, holder: { api?: Api }): Promise<number> {
  const format = parseFormat(lastValue(ctx.flags, 'output'));
  const args = await buildArgs(cmd, ctx.flags);
  const wait = isOn(ctx.flags, 'wait');
  const route = cmd.route;
  const asTask = route.task === 'only' || (wait && route.task === 'both');
  const settings = resolveSettings(ctx.flags, ctx.io.env);
  if (isOn(ctx.flags, 'dry-run')) return dryRun(ctx, settings, route, args, asTask);

  if (ctx.debug) setDebugStream(ctx.io.stderr);
  const api = await openApi(settings, { anonymous: route.auth === 'none' });
  holder.api = api;
  let result: unknown;
  if (asTask) {
    const handle = await api.callTask(route, args);
    if (!wait) {
      result = handle.id;
      ctx.io.stderr.write(`task ${handle.id} started; follow it with: vsphere cis tasks get --task ${handle.id} --wait\n`);
    } else result = await waitForHandle(ctx, handle);
  } else if (wait && route.id === 'cis.tasks.get') {
    result = await waitForExisting(ctx, api, route, args);
  } else {
    result = await api.call(route, args);
  }
  persistRenewedSession(settings, api);
  if (route.id === 'session.create' && typeof result === 'string') {
    // A session identifier is a secret: it is masked like every other one (use vsphere login to keep a session).
    secrets.add(result);
  }
  const text = await render(result, format, cmd, ctx.out);
  ctx.io.stdout.write(maskSecrets(text));
  return 0;
}
