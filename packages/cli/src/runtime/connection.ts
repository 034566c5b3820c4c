import { readFileSync } from 'node:fs';
import type { CallArgs } from '@vsphere-kit/core/caller';
import type { RouteDef } from '@vsphere-kit/core/route';
import type { TaskHandle } from '@vsphere-kit/core/task-handle';
import { loadClientApi } from './lazy.js';
import { isOn, lastValue } from './args.js';
import { loadConfig, profileName, type ConfigFile, type Profile } from './config.js';
import { CliError, UsageError } from './errors.js';
import { readStdin } from './input.js';
import { registerSecretsIn, secrets } from './secrets.js';
import { didYouMean } from './suggest.js';

/** Where and how to connect, after flags, environment and profile are merged. */
export interface Settings {
  readonly profileName: string;
  /** Whether the profile name was chosen explicitly (--profile / VSPHERE_PROFILE). */
  readonly profileExplicit: boolean;
  readonly profile?: Profile;
  readonly config: ConfigFile;
  readonly server?: string;
  readonly baseUrl?: string;
  readonly username?: string;
  readonly password?: string;
  readonly insecure: boolean;
  readonly caFile?: string;
  readonly thumbprint?: string;
  /** A stored session that belongs to this server and user. */
  readonly sessionId?: string;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}

/** `vc.example.com` → `https://vc.example.com`; trailing slashes and `/api` dropped. */
export function normalizeServer(server: string): string {
  let s = server.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `https://${s}`;
  s = s.replace(/\/+$/, '').replace(/\/(api|rest)$/, '');
  try {
    const u = new URL(s);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new UsageError(`invalid server '${server}': expected a host name or an http(s) URL`);
  }
  return s;
}

export function resolveSettings(flags: Map<string, string[]>, env: NodeJS.ProcessEnv = process.env, opts: { forLogin?: boolean } = {}): Settings {
  const config = loadConfig(env);
  const flagProfile = lastValue(flags, 'profile');
  const name = profileName(flagProfile, config, env);
  const profileExplicit = Boolean(flagProfile || env.VSPHERE_PROFILE);
  const profile = config.profiles[name];
  if (!profile && profileExplicit && !opts.forLogin) {
    throw new UsageError(
      `no profile named '${name}' (create it with: vsphere login --profile ${name})`,
      didYouMean(name, Object.keys(config.profiles)),
    );
  }
  const server = lastValue(flags, 'server') || env.VSPHERE_SERVER || profile?.server;
  const baseUrl = server ? normalizeServer(server) : undefined;
  const username = lastValue(flags, 'username') || env.VSPHERE_USERNAME || profile?.username;
  let password: string | undefined;
  if (isOn(flags, 'password-stdin')) {
    password = readStdin().replace(/\r?\n$/, '');
    if (!password) throw new UsageError('--password-stdin: nothing was read from stdin');
  } else if (env.VSPHERE_PASSWORD) password = env.VSPHERE_PASSWORD;
  // Registered as soon as it is known: --dry-run and usage errors print before any client exists.
  secrets.add(password);
  const insecureFlag = lastValue(flags, 'insecure');
  const insecure = insecureFlag !== undefined ? isOn(flags, 'insecure') : env.VSPHERE_INSECURE !== undefined && env.VSPHERE_INSECURE !== '' ? truthy(env.VSPHERE_INSECURE) : Boolean(profile?.insecure);
  const caFile = lastValue(flags, 'ca-file') || env.VSPHERE_CA_FILE || profile?.caFile;
  const thumbprint = lastValue(flags, 'thumbprint') || env.VSPHERE_THUMBPRINT || profile?.thumbprint;
  let sessionId: string | undefined;
  if (profile?.sessionId && profile.server && baseUrl && normalizeServer(profile.server) === baseUrl) {
    if (!username || !profile.username || username === profile.username) sessionId = profile.sessionId;
  }
  secrets.add(profile?.sessionId);
  registerSecretsIn(server);
  return { profileName: name, profileExplicit, profile, config, server, baseUrl, username, password, insecure, caFile, thumbprint, sessionId };
}

/** The part of the client runtime the CLI uses. */
export interface Api {
  call(route: RouteDef, args: CallArgs): Promise<unknown>;
  callTask(route: RouteDef, args: CallArgs): Promise<TaskHandle<unknown>>;
  /** A handle on an existing task. */
  task(id: string): TaskHandle<unknown>;
  /** Creates a session from the credentials and returns its id. */
  login(): Promise<string>;
  /** Deletes the session in use. */
  logout(): Promise<void>;
  /** The session in use now (after a login or a renewal). */
  currentSessionId(): string | undefined;
  /** Releases connections; ends the session this process created unless `keepSession`. */
  close(keepSession?: boolean): Promise<void>;
}

export function readCa(caFile: string | undefined): string | undefined {
  if (!caFile) return undefined;
  try {
    return readFileSync(caFile, 'utf8');
  } catch (err) {
    throw new UsageError(`--ca-file: cannot read ${caFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Drops the client's one-time SecurityWarning for --insecure: the user asked for it. */
function quietInsecureWarning(): void {
  const original = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const opts = rest[0] as { code?: string } | undefined;
    if (opts && typeof opts === 'object' && opts.code === 'VSPHERE_KIT_INSECURE_TLS') return;
    return (original as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
}

let debugStream: NodeJS.WriteStream | undefined;

/** `--debug`: the client's (redacted) request log goes to this stream. */
export function setDebugStream(stream: NodeJS.WriteStream | undefined): void {
  debugStream = stream;
}

export interface OpenOptions {
  /** Use the credentials even if a stored session exists (vsphere login). */
  readonly fresh?: boolean;
  /** Allow a connection without any credentials (only for auth: none routes). */
  readonly anonymous?: boolean;
}

/** Opens the client: the stored session when there is one, otherwise a new session from the credentials. */
export async function openApi(settings: Settings, options: OpenOptions = {}): Promise<Api> {
  if (!settings.baseUrl) {
    throw new UsageError('no server: give --server, set VSPHERE_SERVER, or log in with vsphere login --server URL');
  }
  const useStored = !options.fresh && settings.sessionId !== undefined;
  if (!useStored && !options.anonymous) {
    if (!settings.username) throw new UsageError('not logged in: give --username (or VSPHERE_USERNAME) and a password, or run vsphere login');
    if (settings.password === undefined) {
      throw new UsageError('no password: set VSPHERE_PASSWORD, pipe it with --password-stdin, or run vsphere login');
    }
  }
  if (settings.insecure) quietInsecureWarning();
  secrets.add(settings.password, settings.sessionId);
  const { VsphereCore, NodeHttpDispatcher } = await loadClientApi();
  const tls = { insecure: settings.insecure || undefined, ca: readCa(settings.caFile), thumbprint: settings.thumbprint };
  // Node's own http stack: a command sends a handful of requests, and loading
  // undici would cost more than all of them.
  const dispatcher = new NodeHttpDispatcher(tls);
  const core = new VsphereCore({
    baseUrl: settings.baseUrl,
    dispatcher,
    username: settings.username,
    password: settings.password,
    sessionId: useStored ? settings.sessionId : undefined,
    ...tls,
    // The client adds every session id and token it obtains to the registry that masks this process's output.
    secrets,
    logger: debugStream
      ? { debug: (line: string) => debugStream!.write(`debug: ${line}\n`), warn: (line: string) => debugStream!.write(`warning: ${line}\n`) }
      : undefined,
  });
  return {
    call: (route, args) => core.call(route, args),
    callTask: (route, args) => core.callTask(route, args),
    task: (id) => core.task(id),
    login: () => core.login(),
    logout: () => core.logout(),
    currentSessionId: () => core.sessionId,
    async close(keepSession = false) {
      // A stored session stays valid for the next command; a session this command made for itself is logged out.
      await core.close(keepSession || useStored ? { logout: false } : {}).catch(() => undefined);
      await dispatcher.close();
    },
  };
}

export function connectionFailure(err: unknown): CliError | undefined {
  const e = err as { name?: string; message?: string; code?: string };
  if (e && typeof e.name === 'string' && /^Vsphere(Connection|Tls|Timeout)Error$/.test(e.name)) {
    return new CliError(`${e.name === 'VsphereTlsError' ? 'TLS' : 'connection'} error: ${e.message}`);
  }
  return undefined;
}
