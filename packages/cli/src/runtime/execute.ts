import type { RouteDef } from '@vsphere-kit/core/route';
import type { TaskHandle } from '@vsphere-kit/core/task-handle';
import { buildTarget } from '@vsphere-kit/core/target';
import type { CommandDef } from './command-types.js';
import { isOn, lastValue } from './args.js';
import type { Ctx } from './cli.js';
import { saveConfig } from './config.js';
import { openApi, resolveSettings, setDebugStream, setTraceStream, type Api, type Settings } from './connection.js';
import { buildArgs, type BuiltArgs } from './input.js';
import { parseFormat, render } from './output.js';
import { registerSecretsIn, secrets } from './secrets.js';
import { loadClientApi } from './lazy.js';
import { callerOf, hasObjectFlags, resolveObjects } from './resolve.js';
import { commandById } from './command-lookup.js';
import { CliError, UsageError } from './errors.js';
import { parseFields } from './fields.js';
import { PAGED_LIST_OPERATION, TASK_GET_OPERATION } from './flag-table.js';
import { GUEST_WAIT_DEFAULT_MS, GUEST_WAITS, abortable, type GuestWait } from './guest-waits.js';
import { POWER_CONFIRMATIONS, vmLabel } from './power-confirm.js';
import { INTERRUPTED_EXIT, ProgressReporter, interruptible, parseDuration, type ProgressLike } from './tasks.js';

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

function reporter(ctx: Ctx, label: string, measured = true): ProgressReporter {
  const tty = ctx.io.stderr.isTTY === true;
  return new ProgressReporter(ctx.io.stderr, tty, ctx.err, label, measured);
}

/** `--wait-timeout`, parsed; it only bounds a `--wait`. */
export function waitTimeout(ctx: Ctx, wait: boolean): { ms?: number; text?: string } {
  const text = lastValue(ctx.flags, 'wait-timeout');
  if (text === undefined) return {};
  if (!wait) throw new UsageError('--wait-timeout bounds a wait: give --wait too');
  return { ms: parseDuration(text, 'wait-timeout'), text };
}

const followTask = (id: string): string => `vsphere cis tasks get --task ${id} --wait`;

/**
 * Waits for a task handle, drawing its progress; resolves with the result or throws the task's
 * error. Ctrl-C or the timeout stop the wait, never the task: the error says how to follow it.
 */
export async function waitForHandle(ctx: Ctx, handle: TaskHandle<unknown>, timeout: { ms?: number; text?: string } = {}): Promise<unknown> {
  const rep = reporter(ctx, `task ${handle.id}`);
  rep.update({ status: 'PENDING' });
  try {
    const result = await interruptible(
      rep,
      () => `Task ${handle.id} keeps running on the server; follow it with: ${followTask(handle.id)}`,
      (signal) => handle.wait({ signal, cancelOnAbort: false, timeoutMs: timeout.ms, onProgress: (snap) => rep.update(snap as ProgressLike) }),
    );
    rep.finish('SUCCEEDED');
    return result;
  } catch (err) {
    if (err instanceof CliError && err.exitCode === INTERRUPTED_EXIT) throw err;
    if ((err as Error)?.name === 'TaskTimeoutError') {
      rep.interrupt();
      throw new CliError(
        `gave up after ${timeout.text} (--wait-timeout): task ${handle.id} keeps running on the server; follow it with: ${followTask(handle.id)}`,
      );
    }
    rep.finish('FAILED');
    throw err;
  }
}

/**
 * `cis tasks get --task ID --wait`: follows an existing task with the shared
 * task model (progress, typed task errors) and prints its final info.
 */
export async function waitForExisting(ctx: Ctx, api: Api, route: RouteDef, args: BuiltArgs, timeout: { ms?: number; text?: string }): Promise<unknown> {
  await waitForHandle(ctx, api.task(String(args.path.task ?? '')), timeout);
  return api.call(route, args);
}

/** Reads another operation by id (the power state after a guest shutdown, the VMs of a list filter). */
function reader(ctx: Ctx, api: Api) {
  return async (operationId: string, path: Record<string, string>, query: Record<string, unknown> = {}): Promise<unknown> =>
    api.call((await commandById(ctx.namespaces, operationId)).route, { path, query, body: undefined });
}

/** `--wait` on a guest operation (guest-waits.ts): polls until the guest state is reached, bounded by --wait-timeout. */
async function runGuestWait(ctx: Ctx, api: Api, route: RouteDef, args: BuiltArgs, wait: GuestWait, timeout: { ms?: number; text?: string }): Promise<unknown> {
  const vm = args.path.vm!;
  const read = reader(ctx, api);
  const rep = reporter(ctx, vm, false);
  rep.update({ status: 'WAITING' });
  const limitMs = timeout.ms ?? GUEST_WAIT_DEFAULT_MS;
  const deadline = AbortSignal.timeout(limitMs);
  try {
    const result = await interruptible(
      rep,
      () => `Stopped waiting for ${wait.awaited} on ${vm}; look again with: ${wait.lookAgain(vm)}`,
      (interrupt) => {
        const signal = AbortSignal.any([interrupt, deadline]);
        return wait.run({
          vm,
          signal,
          call: (s) => abortable(api.call(route, args), s),
          read: (id, path, s) => abortable(read(id, path), s),
          status: (status) => rep.update({ status }),
        });
      },
    );
    rep.finish(wait.done, true);
    return result;
  } catch (err) {
    if (err instanceof CliError && err.exitCode === INTERRUPTED_EXIT) throw err;
    if (deadline.aborted) {
      rep.interrupt();
      const limit = timeout.text ?? `${limitMs / 60_000}m (the default)`;
      throw new CliError(`gave up after ${limit} (--wait-timeout) waiting for ${wait.awaited} on ${vm}; look again with: ${wait.lookAgain(vm)}`);
    }
    rep.finish('FAILED');
    throw err;
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
  const fields = parseFields(lastValue(ctx.flags, 'fields'), format);
  const args = await buildArgs(cmd, ctx.flags);
  registerSecretsIn(args.body);
  const wait = isOn(ctx.flags, 'wait');
  const timeout = waitTimeout(ctx, wait);
  const limit = limitOf(ctx);
  const route = cmd.route;
  const asTask = route.task === 'only' || (wait && route.task === 'both');
  const guestWait = wait && !route.task ? GUEST_WAITS.get(route.id) : undefined;
  const settings = resolveSettings(ctx.globals ?? ctx.flags, ctx.io.env);
  if (isOn(ctx.flags, 'dry-run')) return dryRun(ctx, settings, route, args, asTask);

  if (ctx.debug) setDebugStream(ctx.io.stderr);
  if (isOn(ctx.flags, 'trace')) setTraceStream(ctx.io.stderr);
  const api = await openApi(settings, { anonymous: route.auth === 'none', stderr: ctx.io.stderr });
  holder.api = api;
  if (hasObjectFlags(cmd)) await resolveObjects(cmd, args, api);
  let result: unknown;
  if (asTask) {
    const handle = await api.callTask(route, args);
    if (!wait) {
      result = handle.id;
      ctx.io.stderr.write(`task ${handle.id} started; follow it with: ${followTask(handle.id)}\n`);
    } else result = await waitForHandle(ctx, handle, timeout);
  } else if (wait && route.id === TASK_GET_OPERATION) {
    result = await waitForExisting(ctx, api, route, args, timeout);
  } else if (guestWait) {
    result = await runGuestWait(ctx, api, route, args, guestWait, timeout);
  } else if (route.id === PAGED_LIST_OPERATION) {
    // Past vCenter's 4,000-VM limit: the client splits the query (folders, hosts, clusters) and merges the answers.
    // With --limit the parts go one at a time: four in flight would each be sent, although the first may hold enough.
    const { listAll } = await loadClientApi();
    result = await listAll(callerOf(api), args.query, limit === undefined ? {} : { limit, concurrency: 1 });
  } else {
    result = await api.call(route, args);
    if (limit !== undefined && Array.isArray(result)) result = result.slice(0, limit);
    if (wait) {
      ctx.io.stderr.write(
        `note: 'vsphere ${cmd.words.join(' ')}' is synchronous (vCenter runs it without a task): it was complete when it answered, so --wait had nothing to follow\n`,
      );
    }
  }
  persistRenewedSession(settings, api);
  if (route.id === 'session.create' && typeof result === 'string') {
    // A session identifier is a secret: it is masked like every other one (use vsphere login to keep a session).
    secrets.add(result);
  }
  const confirm = POWER_CONFIRMATIONS.get(route.id);
  if (confirm && args.path.vm) {
    const read = reader(ctx, api);
    const label = await vmLabel(args.path.vm, (vms) => read('vcenter.vm.list', {}, { vms }));
    ctx.io.stderr.write(`${confirm(label, guestWait !== undefined)}\n`);
  }
  ctx.io.stdout.write(await render(result, format, cmd, ctx.out, fields));
  return 0;
}
