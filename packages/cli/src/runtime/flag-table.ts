/**
 * Every flag the CLI runtime adds on top of the generated operation flags,
 * declared once: its type, its environment twin, its profile key and its help
 * text (as govc registers a flag together with its environment variable).
 * The parser (args.ts), the resolution of flag → environment → profile
 * (flag-sources.ts), `--help` (help.ts), completion (completion.ts) and what
 * `vsphere login` stores (builtins.ts) all read this table.
 *
 * To add a flag: add one entry here, then read its value where it is used
 * (`lastValue`/`isOn` for a plain flag, `textSetting`/`toggleSetting` for one
 * with an environment twin or a profile key). test/flag-table.test.ts checks
 * that help, completion, the environment and the profile all follow the table.
 */
import type { CommandDef } from './command-types.js';
import { OUTPUT_FORMATS } from './output.js';

/** How a flag takes its value on the command line. */
export type FlagKind =
  /** `--server URL` or `--server=URL`. */
  | 'value'
  /** `--dry-run`: on when present. */
  | 'switch'
  /** `--insecure`, `--insecure=false`, `--no-insecure`: its environment twin and profile key are booleans too. */
  | 'toggle';

/**
 * Where a flag is accepted: `global` on every command; `body` on operations
 * that take a request body; `task` on every operation (`--wait` follows a task, waits for a
 * guest state, or says that the operation is synchronous); `list` on list operations; `login`
 * and `raw` on those built-ins.
 */
export type FlagScope = 'global' | 'body' | 'task' | 'list' | 'login' | 'raw';

/** The profile fields that a flag fills (see config.ts `Profile`); `vsphere login` stores them. */
export type ProfileKey = 'server' | 'username' | 'insecure' | 'caFile' | 'thumbprint' | 'knownHosts' | 'allowHttp' | 'timeout' | 'vsphereVersion';

export interface FlagDecl {
  /** Long name without dashes. */
  readonly name: string;
  /** One-letter alias (`-o`). */
  readonly short?: string;
  readonly kind: FlagKind;
  /** What the value looks like in help (`URL`, `FILE`); `value` flags only. */
  readonly metavar?: string;
  readonly scopes: readonly FlagScope[];
  /** Heading of a global flag in `vsphere --help`. */
  readonly section?: 'connection' | 'output';
  /**
   * Environment twin. A flag wins over its twin, which wins over the profile.
   * A `toggle` twin reads 1/true/yes/on or 0/false/no/off; a `switch` twin is on when set to
   * anything but the empty string (the NO_COLOR convention); see `readsStdin` for the secrets.
   */
  readonly env?: string;
  /** The switch reads a secret from stdin; its environment twin holds that secret itself (`--password-stdin` ↔ `VSPHERE_PASSWORD`). */
  readonly readsStdin?: boolean;
  /** The profile field that `vsphere login` fills from this flag, and that later commands fall back to. */
  readonly profileKey?: ProfileKey;
  readonly help: string;
  /** Completion candidates for the value. */
  readonly values?: readonly string[];
  /** Completion reads the candidates from the config file. */
  readonly completeWith?: 'profiles';
}

export const FLAG_TABLE: readonly FlagDecl[] = [
  // Connection (global)
  {
    name: 'server',
    kind: 'value',
    metavar: 'URL',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_SERVER',
    profileKey: 'server',
    help: 'vCenter: https://host or just host',
  },
  {
    name: 'username',
    kind: 'value',
    metavar: 'NAME',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_USERNAME',
    profileKey: 'username',
    help: 'user for a new session',
  },
  {
    name: 'password-stdin',
    kind: 'switch',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_PASSWORD',
    readsStdin: true,
    help: 'read the password from stdin',
  },
  {
    name: 'insecure',
    kind: 'toggle',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_INSECURE',
    profileKey: 'insecure',
    help: 'skip TLS certificate checks (labs only)',
  },
  {
    name: 'ca-file',
    kind: 'value',
    metavar: 'FILE',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_CA_FILE',
    profileKey: 'caFile',
    help: 'trust this CA bundle (PEM)',
  },
  {
    name: 'thumbprint',
    kind: 'value',
    metavar: 'SHA256',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_THUMBPRINT',
    profileKey: 'thumbprint',
    help: 'pin the certificate (SHA-256 or SHA-1)',
  },
  {
    name: 'known-hosts',
    kind: 'value',
    metavar: 'FILE',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_KNOWN_HOSTS',
    profileKey: 'knownHosts',
    help: 'thumbprints pinned per server (default: known_hosts beside the config)',
  },
  {
    name: 'allow-http',
    kind: 'toggle',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_ALLOW_HTTP',
    profileKey: 'allowHttp',
    help: 'send credentials over http:// to another host',
  },
  {
    name: 'vsphere-version',
    kind: 'value',
    metavar: 'VERSION',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_VERSION',
    profileKey: 'vsphereVersion',
    help: 'the vCenter release (7.0.3, 8.0.2, …): refuse operations it lacks',
  },
  {
    name: 'timeout',
    kind: 'value',
    metavar: 'DURATION',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_TIMEOUT',
    profileKey: 'timeout',
    help: 'longest wait to connect and for each answer (30s, 2m; default 60s)',
  },
  {
    name: 'persist-session',
    kind: 'toggle',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_PERSIST_SESSION',
    help: 'keep the session of --username/password for the next command (default on; --no-persist-session: log out after each)',
  },
  {
    name: 'profile',
    kind: 'value',
    metavar: 'NAME',
    scopes: ['global'],
    section: 'connection',
    env: 'VSPHERE_PROFILE',
    completeWith: 'profiles',
    help: 'use a stored profile (vsphere login)',
  },
  // Output and behaviour (global)
  {
    name: 'output',
    short: 'o',
    kind: 'value',
    metavar: 'FORMAT',
    scopes: ['global'],
    section: 'output',
    values: OUTPUT_FORMATS,
    help: `${OUTPUT_FORMATS.join(', ')} (default ${OUTPUT_FORMATS[0]})`,
  },
  {
    name: 'fields',
    kind: 'value',
    metavar: 'A,B.C',
    scopes: ['global'],
    section: 'output',
    help: 'only these fields of each result, dotted for nested ones (every format)',
  },
  { name: 'dry-run', kind: 'switch', scopes: ['global'], section: 'output', help: 'print the request without sending it (secrets masked)' },
  { name: 'debug', kind: 'switch', scopes: ['global'], section: 'output', help: 'log requests (redacted), show stack traces' },
  {
    name: 'trace',
    kind: 'switch',
    scopes: ['global'],
    section: 'output',
    help: 'print each request and answer on stderr (headers, bodies, status, time; secrets masked)',
  },
  { name: 'no-color', kind: 'switch', scopes: ['global'], section: 'output', env: 'NO_COLOR', help: 'no colour' },
  { name: 'help', short: 'h', kind: 'switch', scopes: ['global'], section: 'output', help: 'show help' },
  { name: 'version', short: 'v', kind: 'switch', scopes: ['global'], section: 'output', help: 'print the version' },
  // Added to the commands they concern
  {
    name: 'spec',
    kind: 'value',
    metavar: '@FILE|-',
    scopes: ['body'],
    help: 'The request body, whole or in part, from a JSON or YAML file or stdin (-). Body flags override its fields.',
  },
  {
    name: 'limit',
    kind: 'value',
    metavar: 'N',
    scopes: ['list'],
    help: "Stop after N items (the VM list pages past vCenter's 4,000 limit by itself; N stops it early).",
  },
  { name: 'wait', kind: 'switch', scopes: ['task', 'raw'], help: 'Follow the task to its end, show its progress and exit with its outcome.' },
  {
    name: 'wait-timeout',
    kind: 'value',
    metavar: 'DURATION',
    scopes: ['task', 'raw'],
    help: 'Stop waiting after this long (90, 30s, 5m, 1h); what was started keeps running. Default: none for tasks, 5m for guest waits.',
  },
  { name: 'body', kind: 'value', metavar: 'JSON|@FILE|-', scopes: ['raw'], help: 'The request body: JSON, or a JSON or YAML file, or stdin (-).' },
  {
    name: 'oidc-issuer',
    kind: 'value',
    metavar: 'URL',
    scopes: ['login'],
    env: 'VSPHERE_OIDC_ISSUER',
    help: 'log in through this OpenID Connect identity provider',
  },
  {
    name: 'client-id',
    kind: 'value',
    metavar: 'ID',
    scopes: ['login'],
    env: 'VSPHERE_CLIENT_ID',
    help: 'the OAuth client registered with the identity provider',
  },
  {
    name: 'client-secret-stdin',
    kind: 'switch',
    scopes: ['login'],
    env: 'VSPHERE_CLIENT_SECRET',
    readsStdin: true,
    help: 'read the OAuth client secret from stdin',
  },
  { name: 'browser', kind: 'switch', scopes: ['login'], help: 'authorization code flow in a browser (PKCE, loopback redirect)' },
  { name: 'device', kind: 'switch', scopes: ['login'], help: 'device flow: open a URL on any device and enter a code' },
  { name: 'scope', kind: 'value', metavar: 'SCOPES', scopes: ['login'], help: 'OAuth scopes to ask for (default openid)' },
];

const BY_NAME: ReadonlyMap<string, FlagDecl> = new Map(FLAG_TABLE.map((f) => [f.name, f]));

/** The declaration of a runtime flag; throws on a name the table does not have (a bug, not a usage error). */
export function flagDecl(name: string): FlagDecl {
  const decl = BY_NAME.get(name);
  if (!decl) throw new Error(`no runtime flag named --${name} in flag-table.ts`);
  return decl;
}

export function flagsIn(scope: FlagScope): FlagDecl[] {
  return FLAG_TABLE.filter((f) => f.scopes.includes(scope));
}

export const GLOBAL_FLAG_DECLS: readonly FlagDecl[] = flagsIn('global');

/** The scope of a built-in command's own flags (`login`, `raw`), if it has any. */
export function builtinScope(command: string): FlagScope | undefined {
  return command === 'login' || command === 'raw' ? command : undefined;
}

/** The operation that `--wait` follows an existing task with (`vsphere cis tasks get --task ID --wait`). */
export const TASK_GET_OPERATION = 'cis.tasks.get';

/** The list that the client's `listAll` pages past vCenter's 4,000-VM limit (by folders, hosts, clusters). */
export const PAGED_LIST_OPERATION = 'vcenter.vm.list';

/** A list operation: a GET whose operation name is `list`. */
export function isListOperation(cmd: CommandDef): boolean {
  return cmd.route.method === 'GET' && cmd.route.id.endsWith('.list');
}

/** The runtime flags an operation's command takes besides its generated ones (which win on a name clash). */
export function commandFlagDecls(cmd: CommandDef): FlagDecl[] {
  const own = new Set(cmd.flags.map((f) => f.flag));
  const out: FlagDecl[] = [];
  if (cmd.route.body) out.push(...flagsIn('body'));
  out.push(...flagsIn('task'));
  if (isListOperation(cmd)) out.push(...flagsIn('list'));
  return out.filter((f) => !own.has(f.name));
}

/** For messages: `--server URL (or VSPHERE_SERVER)`. */
export function flagWithTwin(name: string): string {
  const decl = flagDecl(name);
  return `--${decl.name}${decl.kind === 'value' && decl.metavar ? ` ${decl.metavar}` : ''}${decl.env ? ` (or ${decl.env})` : ''}`;
}

/** `--server URL`, `-o, --output FORMAT`. */
export function flagUsage(decl: FlagDecl): string {
  return `${decl.short ? `-${decl.short}, ` : ''}--${decl.name}${decl.kind === 'value' && decl.metavar ? ` ${decl.metavar}` : ''}`;
}
