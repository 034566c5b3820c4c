import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './errors.js';
import { homeDir } from './home.js';

/** What `vsphere login` remembers for one profile. */
export interface Profile {
  server?: string;
  username?: string;
  insecure?: boolean;
  caFile?: string;
  thumbprint?: string;
  /** The known-hosts file of pinned thumbprints (default: `known_hosts` beside config.json). */
  knownHosts?: string;
  /** How long to wait to connect and for each answer (`30s`, `2m`). */
  timeout?: string;
  /** Credentials may go over plain http:// to this (non-loopback) server: `vsphere login --allow-http`. */
  allowHttp?: boolean;
  /** The vCenter release the server runs (`--vsphere-version`): operations it lacks are refused before sending. */
  vsphereVersion?: string;
  /** The API session identifier (a secret: the file is 0600 and it is never printed). */
  sessionId?: string;
  /** How the session was obtained: `password` or `oidc`. */
  method?: 'password' | 'oidc';
  loggedInAt?: string;
}

export interface ConfigFile {
  current?: string;
  profiles: Record<string, Profile>;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(homeDir(), '.config');
  return join(base, 'vsphere-kit');
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'config.json');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigFile {
  const file = configPath(env);
  // Asked first: most runs have no config file, and a failed read builds an error with a stack trace.
  if (!existsSync(file)) return { profiles: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as ConfigFile;
    if (!parsed || typeof parsed !== 'object' || typeof parsed.profiles !== 'object' || parsed.profiles === null) return { profiles: {} };
    return parsed;
  } catch {
    throw new CliError(`cannot read ${file}: not valid JSON (remove it and log in again)`);
  }
}

/** Writes the config atomically: dir 0700, file 0600. */
export function saveConfig(config: ConfigFile, env: NodeJS.ProcessEnv = process.env): void {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = configPath(env);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export const DEFAULT_PROFILE = 'default';

/** The profile to use: the one chosen (--profile, then VSPHERE_PROFILE), then the file's current one, then `default`. */
export function profileName(chosen: string | undefined, config: ConfigFile): string {
  return chosen || config.current || DEFAULT_PROFILE;
}
