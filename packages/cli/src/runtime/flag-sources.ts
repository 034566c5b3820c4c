/**
 * A runtime flag's value from its sources, in order: the command line, the
 * flag's environment twin, the profile's field (all named in flag-table.ts).
 */
import { isOn, lastValue } from './args.js';
import type { Profile } from './config.js';
import { UsageError } from './errors.js';
import { flagDecl } from './flag-table.js';
import { readStdin } from './input.js';

/** Where a value came from, as the user would write it: `--insecure`, `VSPHERE_INSECURE`, `profile 'lab'`. */
export type Origin = string;

export interface Sourced<T> {
  readonly value: T;
  /** Undefined when no source set it. */
  readonly from?: Origin;
}

/** Whatever the profile holds for a flag; undefined without a profile or a profile key. */
function profileValue(name: string, profile: Profile | undefined): unknown {
  const key = flagDecl(name).profileKey;
  return key && profile ? profile[key] : undefined;
}

function envValue(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const twin = flagDecl(name).env;
  const v = twin ? env[twin] : undefined;
  return v === undefined || v === '' ? undefined : v;
}

const ON = /^(1|true|yes|on)$/i;
const OFF = /^(0|false|no|off)$/i;

/** A `value` flag: `--server URL`, else `VSPHERE_SERVER`, else the profile's `server`. */
export function textSetting(
  name: string,
  flags: Map<string, string[]>,
  env: NodeJS.ProcessEnv,
  profile?: Profile,
  profileName?: string,
): Sourced<string | undefined> {
  const decl = flagDecl(name);
  const flag = lastValue(flags, name);
  if (flag) return { value: flag, from: `--${name}` };
  const fromEnv = envValue(name, env);
  if (fromEnv !== undefined) return { value: fromEnv, from: decl.env };
  const stored = profileValue(name, profile);
  if (typeof stored === 'string' && stored) return { value: stored, from: `profile '${profileName ?? 'default'}'` };
  return { value: undefined };
}

/**
 * A `toggle` or `switch`: the flag (`--insecure`, `--insecure=false`, `--no-insecure`), else its
 * environment twin, else the profile's field. A toggle's twin must read as a boolean; a switch's
 * twin is on when set (NO_COLOR).
 */
export function toggleSetting(name: string, flags: Map<string, string[]>, env: NodeJS.ProcessEnv, profile?: Profile, profileName?: string): Sourced<boolean> {
  const decl = flagDecl(name);
  if (flags.has(name)) return { value: isOn(flags, name), from: `--${name}` };
  const fromEnv = envValue(name, env);
  if (fromEnv !== undefined) {
    if (decl.kind === 'switch') return { value: true, from: decl.env };
    const text = fromEnv.trim();
    if (ON.test(text)) return { value: true, from: decl.env };
    if (OFF.test(text)) return { value: false, from: decl.env };
    throw new UsageError(`${decl.env}=${fromEnv}: expected 1, true, yes, on or 0, false, no, off`);
  }
  const stored = profileValue(name, profile);
  if (typeof stored === 'boolean') return { value: stored, from: `profile '${profileName ?? 'default'}'` };
  return { value: false };
}

/**
 * A secret read by a `--…-stdin` switch, else taken from the switch's environment twin
 * (`--password-stdin` / `VSPHERE_PASSWORD`). Never stored in a profile.
 */
export function secretSetting(name: string, flags: Map<string, string[]>, env: NodeJS.ProcessEnv): Sourced<string | undefined> {
  const decl = flagDecl(name);
  if (!decl.readsStdin) throw new Error(`--${name} does not read a secret from stdin (flag-table.ts)`);
  if (isOn(flags, name)) {
    const value = readStdin().replace(/\r?\n$/, '');
    if (!value) throw new UsageError(`--${name}: nothing was read from stdin`);
    return { value, from: `--${name}` };
  }
  const fromEnv = envValue(name, env);
  return fromEnv !== undefined ? { value: fromEnv, from: decl.env } : { value: undefined };
}
