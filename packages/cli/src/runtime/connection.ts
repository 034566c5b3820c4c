import { readFileSync } from 'node:fs';
import type { CallArgs } from '@vsphere-kit/core/caller';
import type { RouteDef } from '@vsphere-kit/core/route';
import type { TaskHandle } from '@vsphere-kit/core/task-handle';
import { loadClientApi } from './lazy.js';
import { loadConfig, profileName, type ConfigFile, type Profile } from './config.js';
import { CliError, UsageError } from './errors.js';
import { secretSetting, textSetting, toggleSetting, type Origin } from './flag-sources.js';
import { FLAG_TABLE, flagWithTwin, type ProfileKey } from './flag-table.js';
import { warnOnce } from './notices.js';
import { registerSecretsIn, secrets } from './secrets.js';
import { didYouMean } from './suggest.js';
import type { OutStream } from './stdio.js';

/** Where and how to connect, after flags, environment and profile are merged (flag-table.ts says which flag has which source). */
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
  /** Credentials may go over plain http:// to a host that is not this machine. */
  readonly allowHttp: boolean;
  /** Where each setting came from (`--insecure`, `VSPHERE_INSECURE`, `profile 'lab'`), for messages. */
  readonly origins: Readonly<Partial<Record<ProfileKey | 'password', Origin>>>;
  /** A stored session that belongs to this server and user. */
  readonly sessionId?: string;
}

/** `vc.example.com` → `https://vc.example.com`; trailing slashes and `/api` dropped. */
export function normalizeServer(server: string): string {
  let s = server.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `https://${s}`;
  s = s.replace(/\/+$/, '').replace(/\/(api|rest)$/, '');
  let url: URL;
  try {
    url = new URL(s);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new UsageError(`invalid server '${server}': expected a host name or an http(s) URL`);
  }
  // Not echoed: the URL would show the password.
  if (url.username || url.password)
    throw new UsageError(`the server URL must not hold credentials: give ${flagWithTwin('username')} and ${flagWithTwin('password-stdin')}`);
  return s;
}

export function resolveSettings(flags: Map<string, string[]>, env: NodeJS.ProcessEnv = process.env, opts: { forLogin?: boolean } = {}): Settings {
  const config = loadConfig(env);
  const chosen = textSetting('profile', flags, env);
  const name = profileName(chosen.value, config);
  const profileExplicit = chosen.value !== undefined;
  const profile = Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined;
  if (!profile && profileExplicit && !opts.forLogin) {
    throw new UsageError(`no profile named '${name}' (create it with: vsphere login --profile ${name})`, didYouMean(name, Object.keys(config.profiles)));
  }
  const text = (flag: string) => textSetting(flag, flags, env, profile, name);
  const toggle = (flag: string) => toggleSetting(flag, flags, env, profile, name);
  const server = text('server');
  // Registered as soon as they are known: --dry-run and usage errors print before any client exists.
  registerSecretsIn(server.value);
  secrets.add(profile?.sessionId);
  const baseUrl = server.value ? normalizeServer(server.value) : undefined;
  const username = text('username');
  const password = secretSetting('password-stdin', flags, env);
  secrets.add(password.value);
  const insecure = toggle('insecure');
  const caFile = text('ca-file');
  const thumbprint = text('thumbprint');
  const allowHttp = toggle('allow-http');
  let sessionId: string | undefined;
  if (profile?.sessionId && profile.server && baseUrl && normalizeServer(profile.server) === baseUrl) {
    if (!username.value || !profile.username || username.value === profile.username) sessionId = profile.sessionId;
  }
  return {
    profileName: name,
    profileExplicit,
    profile,
    config,
    server: server.value,
    baseUrl,
    username: username.value,
    password: password.value,
    insecure: insecure.value,
    caFile: caFile.value,
    thumbprint: thumbprint.value,
    allowHttp: allowHttp.value,
    origins: {
      server: server.from,
      username: username.from,
      password: password.from,
      insecure: insecure.from,
      caFile: caFile.from,
      thumbprint: thumbprint.from,
      allowHttp: allowHttp.from,
    },
    sessionId,
  };
}

/** What `vsphere login` keeps in the profile: the value of every flag that has a profile key (flag-table.ts). */
export function profileFields(settings: Settings): Partial<Profile> {
  const fields: Partial<Record<ProfileKey, string | boolean>> = {};
  for (const decl of FLAG_TABLE) {
    const key = decl.profileKey;
    if (!key) continue;
    const value = key === 'server' ? settings.baseUrl : settings[key];
    // A toggle that is off is left out: absent means off.
    if (value !== undefined && value !== false && value !== '') fields[key] = value;
  }
  return fields as Partial<Profile>;
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

let quiet = false;
/** Drops the client's one-time SecurityWarning for --insecure: the CLI gives its own warning. */
function quietInsecureWarning(): void {
  if (quiet) return;
  quiet = true;
  const original = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const opts = rest[0] as { code?: string } | undefined;
    if (opts && typeof opts === 'object' && opts.code === 'VSPHERE_KIT_INSECURE_TLS') return;
    return (original as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
}

let debugStream: OutStream | undefined;

/** `--debug`: the client's (redacted) request log goes to this stream. */
export function setDebugStream(stream: OutStream | undefined): void {
  debugStream = stream;
}

export interface OpenOptions {
  /** Use the credentials even if a stored session exists (vsphere login). */
  readonly fresh?: boolean;
  /** Allow a connection without any credentials (only for auth: none routes). */
  readonly anonymous?: boolean;
  /** Where the once-per-run warnings go (TLS verification off, plain http). */
  readonly stderr: OutStream;
}

/** The client options that say where and how to connect (TLS, plain http). */
export function connectionOptions(settings: Settings) {
  if (!settings.baseUrl) {
    throw new UsageError(`no server: give ${flagWithTwin('server')}, or log in with vsphere login --server URL`);
  }
  return {
    baseUrl: settings.baseUrl,
    insecure: settings.insecure || undefined,
    ca: readCa(settings.caFile),
    thumbprint: settings.thumbprint,
    allowInsecureHttp: settings.allowHttp || undefined,
  };
}

/**
 * Creates the client pieces (`build`) from the settings. The client checks its
 * connection options when it is created, before any connection; what it refuses
 * is the caller's usage (exit 2), told with the flag, variable or profile it came from.
 */
export function createClient<T>(settings: Settings, build: () => T): T {
  // The CLI says it itself, once, on stderr (warnAboutConnection).
  if (settings.insecure) quietInsecureWarning();
  try {
    return build();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const from = (key: keyof Settings['origins']) => (settings.origins[key] ? ` (from ${settings.origins[key]})` : '');
    if (code === 'ERR_VSPHERE_BAD_THUMBPRINT') {
      throw new UsageError(
        `invalid thumbprint '${settings.thumbprint}'${from('thumbprint')}: expected a SHA-256 (64 hex digits) or SHA-1 (40 hex digits) fingerprint, colons optional`,
      );
    }
    if (code === 'ERR_VSPHERE_THUMBPRINT_WITHOUT_TLS') {
      throw new UsageError(
        `a thumbprint${from('thumbprint')} pins a TLS certificate, but ${settings.baseUrl} is plain http: use https:// or drop the thumbprint`,
      );
    }
    if (code === 'ERR_VSPHERE_PLAIN_HTTP') {
      throw new UsageError(
        `refusing plain http to ${new URL(settings.baseUrl!).host}: the password and session id would travel unencrypted. Use https://, or give ${flagWithTwin('allow-http')} to accept that`,
      );
    }
    // Any other option the client refuses at creation is a setting the user gave, too.
    if (err instanceof TypeError) throw new UsageError(`invalid connection settings: ${err.message}`);
    throw err;
  }
}

/** Says once per run on stderr what the connection does not protect: TLS verification off, or no TLS at all. */
export function warnAboutConnection(settings: Settings, stderr: OutStream): void {
  const url = new URL(settings.baseUrl!);
  if (url.protocol === 'http:') {
    const why = settings.allowHttp ? `allowed by ${settings.origins.allowHttp}` : 'allowed to this machine only';
    warnOnce(stderr, `plain http to ${url.host}: credentials travel unencrypted (${why})`);
  } else if (settings.insecure && !settings.thumbprint) {
    warnOnce(
      stderr,
      `TLS certificate verification is off (${settings.origins.insecure}): anyone on the network path can pose as ${url.host}. Pin it with --thumbprint or trust its CA with --ca-file`,
    );
  }
}

/** Opens the client: the stored session when there is one, otherwise a new session from the credentials. */
export async function openApi(settings: Settings, options: OpenOptions): Promise<Api> {
  const connection = connectionOptions(settings);
  const useStored = !options.fresh && settings.sessionId !== undefined;
  if (!useStored && !options.anonymous) {
    if (!settings.username) throw new UsageError(`not logged in: give ${flagWithTwin('username')} and a password, or run vsphere login`);
    if (settings.password === undefined) {
      throw new UsageError(`no password: give ${flagWithTwin('password-stdin')}, or run vsphere login`);
    }
  }
  secrets.add(settings.password, settings.sessionId);
  const { VsphereCore, NodeHttpDispatcher } = await loadClientApi();
  const { core, dispatcher } = createClient(settings, () => {
    // Node's own http stack: a command sends a handful of requests, and loading
    // undici would cost more than all of them.
    const dispatcher = new NodeHttpDispatcher(connection);
    const core = new VsphereCore({
      ...connection,
      dispatcher,
      username: settings.username,
      password: settings.password,
      sessionId: useStored ? settings.sessionId : undefined,
      // The client adds every session id and token it obtains to the registry that masks this process's output.
      secrets,
      logger: debugStream
        ? {
            debug: (line: string) => debugStream!.write(`debug: ${line}\n`),
            // The plain-http warning is the CLI's own (warnAboutConnection), said once with the CLI's reason.
            warn: (line: string) => {
              if (!line.startsWith('plain http to ')) debugStream!.write(`warning: ${line}\n`);
            },
          }
        : undefined,
    });
    return { core, dispatcher };
  });
  warnAboutConnection(settings, options.stderr);
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
