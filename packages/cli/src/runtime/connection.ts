import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VsphereCoreOptions } from '@vsphere-kit/client';
import type { CallArgs } from '@vsphere-kit/core/caller';
import type { RouteDef } from '@vsphere-kit/core/route';
import type { TaskHandle } from '@vsphere-kit/core/task-handle';
import { withoutTrailingSlashes } from '@vsphere-kit/core/target';
import { loadClientApi } from './lazy.js';
import { configDir, loadConfig, profileName, type ConfigFile, type Profile } from './config.js';
import { parseDuration } from './duration.js';
import { UsageError } from './errors.js';
import { secretSetting, textSetting, toggleSetting, type Origin } from './flag-sources.js';
import { FLAG_TABLE, flagDecl, flagWithTwin, type ProfileKey } from './flag-table.js';
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
  /** The known-hosts file as given (flag, environment, profile): what `login` stores. */
  readonly knownHosts?: string;
  /** The known-hosts file in use: the one given, else `known_hosts` in the config folder. */
  readonly knownHostsFile: string;
  /** Credentials may go over plain http:// to a host that is not this machine. */
  readonly allowHttp: boolean;
  /** The vCenter release targeted (checked when the client is made). */
  readonly vsphereVersion?: string;
  /** How long to wait to connect and for each answer, as given (`30s`); checked when the client is opened. */
  readonly timeout?: string;
  /** Where each setting came from (`--insecure`, `VSPHERE_INSECURE`, `profile 'lab'`, `known_hosts FILE line N`), for messages. */
  readonly origins: Readonly<Partial<Record<ProfileKey | 'password', Origin>>>;
  /** A stored session that belongs to this server and user. */
  readonly sessionId?: string;
  /**
   * Where the session of a user name and password login is kept for the next command (as govc's
   * GOVC_PERSIST_SESSION): `sessions.json` in the config folder, 0600; undefined with --no-persist-session.
   */
  readonly sessionCacheFile?: string;
}

/** The file that keeps the sessions of user name and password logins between commands (the client owns its format). */
const SESSION_CACHE_FILE = 'sessions.json';

/** Whether `url` starts with a scheme and `://` (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`). */
function hasScheme(url: string): boolean {
  const end = url.indexOf('://');
  if (end < 1) return false;
  const scheme = url.slice(0, end).toLowerCase();
  if (!(scheme[0]! >= 'a' && scheme[0]! <= 'z')) return false;
  for (const c of scheme) if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '+' || c === '-' || c === '.')) return false;
  return true;
}

/** `vc.example.com` → `https://vc.example.com`; trailing slashes and `/api` dropped. */
export function normalizeServer(server: string): string {
  let s = server.trim();
  if (!hasScheme(s)) s = `https://${s}`;
  s = withoutTrailingSlashes(s);
  if (s.endsWith('/api')) s = s.slice(0, -'/api'.length);
  else if (s.endsWith('/rest')) s = s.slice(0, -'/rest'.length);
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
  const knownHosts = text('known-hosts');
  const allowHttp = toggle('allow-http');
  const vsphereVersion = text('vsphere-version');
  const timeout = text('timeout');
  const persist = toggle('persist-session');
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
    knownHosts: knownHosts.value,
    knownHostsFile: knownHosts.value ?? join(configDir(env), 'known_hosts'),
    allowHttp: allowHttp.value,
    vsphereVersion: vsphereVersion.value,
    timeout: timeout.value,
    origins: {
      server: server.from,
      username: username.from,
      password: password.from,
      insecure: insecure.from,
      caFile: caFile.from,
      thumbprint: thumbprint.from,
      knownHosts: knownHosts.from,
      allowHttp: allowHttp.from,
      vsphereVersion: vsphereVersion.from,
      timeout: timeout.from,
    },
    sessionId,
    // On unless turned off: a command then skips the login and logout round trips.
    sessionCacheFile: persist.from === undefined || persist.value ? join(configDir(env), SESSION_CACHE_FILE) : undefined,
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
  /**
   * Ends the session this process created unless `keepSession`, and releases connections. With
   * `processExits` (the process ends right after), connections are left to the kernel, which
   * closes them at exit: closing each socket first only costs time.
   */
  close(keepSession?: boolean, processExits?: boolean): Promise<void>;
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
let traceStream: OutStream | undefined;

/** `--debug`: the client's (redacted) request log goes to this stream. */
export function setDebugStream(stream: OutStream | undefined): void {
  debugStream = stream;
}

/** `--trace`: every exchange with the server, secrets masked, goes to this stream. */
export function setTraceStream(stream: OutStream | undefined): void {
  traceStream = stream;
}

/** The stream `--trace` writes to, when it was given (the federated login traces its identity provider there too). */
export function traceStreamOf(): OutStream | undefined {
  return traceStream;
}

export interface OpenOptions {
  /** Use the credentials even if a stored session exists (vsphere login). */
  readonly fresh?: boolean;
  /** Allow a connection without any credentials (only for auth: none routes). */
  readonly anonymous?: boolean;
  /**
   * Only the session kept for this server and user (vsphere logout): no password needed, none used.
   * No plain-http warning: the caller gives it when there is a kept session to end.
   */
  readonly keptSession?: boolean;
  /** Where the once-per-run warnings go (TLS verification off, plain http). */
  readonly stderr: OutStream;
}

/** How long to wait when no --timeout is given: for each answer, and (at most) to connect. */
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The wait for each answer in ms, from --timeout, VSPHERE_TIMEOUT or the profile; a bad value is a usage error naming its source. */
export function timeoutOf(settings: Settings): number {
  if (settings.timeout === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = parseDuration(settings.timeout);
  if (ms === undefined) {
    throw new UsageError(`invalid timeout '${settings.timeout}' (from ${settings.origins.timeout}): expected a duration such as 30s, 2m, 1m30s or 500ms`);
  }
  return ms;
}

/** The client options that say where and how to connect (TLS, plain http, timeouts). */
export function connectionOptions(settings: Settings) {
  if (!settings.baseUrl) {
    throw new UsageError(`no server: give ${flagWithTwin('server')}, or log in with vsphere login --server URL`);
  }
  const timeoutMs = timeoutOf(settings);
  return {
    baseUrl: settings.baseUrl,
    insecure: settings.insecure || undefined,
    ca: readCa(settings.caFile),
    thumbprint: settings.thumbprint,
    allowInsecureHttp: settings.allowHttp || undefined,
    vsphereVersion: settings.vsphereVersion,
    timeoutMs,
    connectTimeoutMs: settings.timeout === undefined ? DEFAULT_CONNECT_TIMEOUT_MS : timeoutMs,
    // A timed-out request is not sent again: each retry would wait as long, and --timeout is the user's deadline.
    retry: { timeouts: false },
  } satisfies Partial<VsphereCoreOptions>;
}

/** What the last connection was made with: connection-errors.ts explains its failures from it. */
export interface ConnectionContext {
  readonly settings: Settings;
  /** A stored session was used and there was no password to log in again when it expired. */
  readonly storedSessionOnly: boolean;
  /** Logins send a user name and password (not a token of a federated login). */
  readonly passwordLogin: boolean;
  readonly timeoutMs: number;
}

let lastContext: ConnectionContext | undefined;

export function connectionContext(): ConnectionContext | undefined {
  return lastContext;
}

/** Notes how a connection is made, for the explanation of its failures. */
export function noteConnection(settings: Settings, how: { storedSessionOnly: boolean; passwordLogin: boolean }): void {
  lastContext = { settings, ...how, timeoutMs: settings.baseUrl ? timeoutOf(settings) : DEFAULT_TIMEOUT_MS };
}

/**
 * The settings with the known-hosts file's thumbprint for this server pinned, when the user
 * chose no trust of their own (no thumbprint, CA file or --insecure) and the server is https.
 */
export async function withKnownHost(settings: Settings): Promise<Settings> {
  if (!settings.baseUrl?.startsWith('https:') || settings.thumbprint || settings.caFile || settings.insecure) return settings;
  const { lookupKnownHost } = await import('./known-hosts.js');
  const entry = lookupKnownHost(settings.knownHostsFile, new URL(settings.baseUrl).host);
  if (!entry) return settings;
  return { ...settings, thumbprint: entry.thumbprint, origins: { ...settings.origins, thumbprint: entry.origin } };
}

/**
 * The thumbprint a successful connection records in the known-hosts file: one the user gives now
 * (flag or environment). A profile's pin is already stored, and a known-hosts pin is the file's own.
 */
function pinToRemember(settings: Settings): string | undefined {
  const from = settings.origins.thumbprint;
  const given = from === '--thumbprint' || from === flagDecl('thumbprint').env;
  return given && settings.baseUrl?.startsWith('https:') ? settings.thumbprint : undefined;
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
    if (code === 'ERR_VSPHERE_UNKNOWN_VERSION') {
      // `vsphereVersion: unknown vSphere version 'X'; known versions: …`, told with where X came from.
      const [what, known] = (err as Error).message.replace(/^vsphereVersion: /, '').split('; ');
      throw new UsageError(`${what}${from('vsphereVersion')}; ${known}`);
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
export async function openApi(given: Settings, options: OpenOptions): Promise<Api> {
  const settings = await withKnownHost(given);
  const connection = connectionOptions(settings);
  const useStored = !options.fresh && settings.sessionId !== undefined;
  if (!useStored && !options.anonymous && !options.keptSession) {
    if (!settings.username) throw new UsageError(`not logged in: give ${flagWithTwin('username')} and a password, or run vsphere login`);
    if (settings.password === undefined) {
      throw new UsageError(`no password: give ${flagWithTwin('password-stdin')}, or run vsphere login`);
    }
  }
  const passwordLogin = settings.username !== undefined && settings.password !== undefined;
  // A login from a user name and password keeps its session for the next command, in the file the client keeps.
  const sessionCacheFile = !useStored && !options.fresh && (passwordLogin || options.keptSession) ? settings.sessionCacheFile : undefined;
  noteConnection(settings, { storedSessionOnly: useStored && !passwordLogin, passwordLogin });
  secrets.add(settings.password, settings.sessionId);
  const { VsphereCore, NodeHttpDispatcher } = await loadClientApi();
  const trace = traceStream ? await import('./trace.js') : undefined;
  const remember = pinToRemember(settings);
  const knownHosts = remember ? await import('./known-hosts.js') : undefined;
  const { core, dispatcher } = createClient(settings, () => {
    // Node's own http stack: a command sends a handful of requests, and loading
    // undici would cost more than all of them.
    const node = new NodeHttpDispatcher(connection);
    let dispatcher: NonNullable<VsphereCoreOptions['dispatcher']> = trace ? trace.tracedDispatcher(node, traceStream!) : node;
    if (knownHosts)
      dispatcher = knownHosts.rememberOnFirstAnswer(dispatcher, settings.knownHostsFile, new URL(connection.baseUrl).host, remember!, options.stderr);
    const core = new VsphereCore({
      ...connection,
      dispatcher,
      username: settings.username,
      password: settings.password,
      sessionId: useStored ? settings.sessionId : undefined,
      sessionCacheFile,
      // The client adds every session id and token it obtains to the registry that masks this process's output.
      secrets,
      // Warnings (an unusable session cache file, a failed logout) always reach stderr; debug lines only with --debug.
      logger: {
        ...(debugStream ? { debug: (line: string) => debugStream!.write(`debug: ${line}\n`) } : {}),
        // The plain-http warning is the CLI's own (warnAboutConnection), said once with the CLI's reason.
        warn: (line: string) => {
          if (!line.startsWith('plain http to ')) (debugStream ?? options.stderr)?.write(`warning: ${line}\n`);
        },
      },
    });
    return { core, dispatcher };
  });
  // `vsphere logout` opens the client to look for a kept session: it warns once it has found one to end.
  if (!options.keptSession) warnAboutConnection(settings, options.stderr);
  return {
    call: (route, args) => core.call(route, args),
    callTask: (route, args) => core.callTask(route, args),
    task: (id) => core.task(id),
    login: () => core.login(),
    logout: () => core.logout(),
    currentSessionId: () => core.sessionId,
    async close(keepSession = false, processExits = false) {
      // A stored or kept session stays valid for the next command; a session this command made for itself, with no
      // session cache file to keep it in, is logged out. Decided here, once, and told to the client.
      const logout = !(keepSession || useStored) && sessionCacheFile === undefined;
      if (processExits && !logout) return;
      await core.close({ logout }).catch(() => undefined);
      await dispatcher.close();
    },
  };
}
