import type { RouteDef } from '@vsphere-kit/core/route';
import type { TaskHandle } from '@vsphere-kit/core/task-handle';
import { buildTarget } from '@vsphere-kit/core/target';
import type { CommandDef } from './command-types.js';
import { isOn, lastValue } from './args.js';
import type { Ctx } from './cli.js';
import { saveConfig } from './config.js';
import { openApi, resolveSettings, setDebugStream, type Api, type Settings } from './connection.js';
import { buildArgs, type BuiltArgs } from './input.js';
import { parseFormat, render } from './output.js';
import { registerSecretsIn, secrets } from './secrets.js';
import { ProgressReporter, type ProgressLike } from './tasks.js';
import { UsageError } from './errors.js';
import { PAGED_LIST_OPERATION } from './flag-table.js';
import { loadClientApi } from './lazy.js';
import { callerOf, hasObjectFlags, resolveObjects } from './resolve.js';

/** `--limit N`: a whole number of 1 or more. */
function limitOf(ctx: Ctx): number | undefined {
  const raw = lastValue(ctx.flags, 'limit');
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw new UsageError(`invalid value '${raw}' for --limit: expected a whole number of 1 or more`);
  return Number(raw);
}

/** `--dry-run`: the request as it would be sent, secrets masked. */
export function dryRun(ctx: Ctx, settings: Settings, route: RouteDef, args: BuiltArgs, task: boolean): number {
  const base = settings.baseUrl ?? 'https://<server>';
  // The target exactly as the client builds it; a missing path parameter shows as its {placeholder}.
  const lines = [`${route.method} ${base}${buildTarget(route, args, task, { placeholders: true })}`, 'Accept: application/json'];
  if (route.auth === 'login') lines.push(`Authorization: Basic ${secrets.mask}`);
  else if (route.auth === 'session') lines.push(`vmware-api-session-id: ${secrets.mask}`);
  const hasBody = route.body !== undefined && args.body !== undefined;
  if (hasBody) lines.push(`Content-Type: ${route.body!.contentType}`);
  let text = `${lines.join('\n')}\n`;
  if (hasBody) {
    const masked = secrets.redactValue(args.body);
    const body =
      route.body!.contentType === 'application/json' ? JSON.stringify(masked, null, 2) : new URLSearchParams(masked as Record<string, string>).toString();
    text += `\n${body}\n`;
  }
  ctx.io.stdout.write(text);
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

/**
 * `cis tasks get --task ID --wait`: follows an existing task with the shared
 * task model (progress, typed task errors) and prints its final info.
 */
export async function waitForExisting(ctx: Ctx, api: Api, route: RouteDef, args: BuiltArgs): Promise<unknown> {
  await waitForHandle(ctx, api.task(String(args.path.task ?? '')));
  return api.call(route, args);
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
  registerSecretsIn(args.body);
  const wait = isOn(ctx.flags, 'wait');
  const limit = limitOf(ctx);
  const route = cmd.route;
  const asTask = route.task === 'only' || (wait && route.task === 'both');
  const settings = resolveSettings(ctx.flags, ctx.io.env);
  if (isOn(ctx.flags, 'dry-run')) return dryRun(ctx, settings, route, args, asTask);

  if (ctx.debug) setDebugStream(ctx.io.stderr);
  const api = await openApi(settings, { anonymous: route.auth === 'none', stderr: ctx.io.stderr });
  holder.api = api;
  if (hasObjectFlags(cmd)) await resolveObjects(cmd, args, api);
  let result: unknown;
  if (asTask) {
    const handle = await api.callTask(route, args);
    if (!wait) {
      result = handle.id;
      ctx.io.stderr.write(`task ${handle.id} started; follow it with: vsphere cis tasks get --task ${handle.id} --wait\n`);
    } else result = await waitForHandle(ctx, handle);
  } else if (wait && route.id === 'cis.tasks.get') {
    result = await waitForExisting(ctx, api, route, args);
  } else if (route.id === PAGED_LIST_OPERATION) {
    // Past vCenter's 4,000-VM limit: the client splits the query (folders, hosts, clusters) and merges the answers.
    const { listAll } = await loadClientApi();
    result = await listAll(callerOf(api), args.query, { limit });
  } else {
    result = await api.call(route, args);
    if (limit !== undefined && Array.isArray(result)) result = result.slice(0, limit);
  }
  persistRenewedSession(settings, api);
  if (route.id === 'session.create' && typeof result === 'string') {
    // A session identifier is a secret: it is masked like every other one (use vsphere login to keep a session).
    secrets.add(result);
  }
  ctx.io.stdout.write(await render(result, format, cmd, ctx.out));
  return 0;
}
