import { readFileSync } from 'node:fs';
import type { CommandDef, FlagDef, FlagItemType } from './command-types.js';
import { UsageError } from './errors.js';
import { orList, suggestions } from './suggest.js';
import { loadYaml } from './lazy.js';
import { dotFlagName, dotFlags, fieldAsFlag, setPath } from './body-flags.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '@vsphere-kit/core/json-depth';

export interface BuiltArgs {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

let stdinCache: string | undefined;
/** Reads all of stdin once (for `--spec -`, `--password-stdin`). */
export function readStdin(): string {
  if (stdinCache === undefined) {
    try {
      stdinCache = readFileSync(0, 'utf8');
    } catch {
      stdinCache = '';
    }
  }
  return stdinCache;
}

/** Parses JSON or, when that fails or the file says so, YAML; refuses a document nested deeper than a body may be. */
export async function parseDocument(text: string, source: string): Promise<unknown> {
  const value = await parseText(text, source);
  if (nestsDeeperThan(value)) throw new UsageError(`${source}: nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`);
  return value;
}

async function parseText(text: string, source: string): Promise<unknown> {
  const trimmed = text.trim();
  const looksYaml = /\.ya?ml$/i.test(source);
  if (!looksYaml) {
    try {
      return JSON.parse(trimmed);
    } catch (err) {
      if (/\.json$/i.test(source)) throw new UsageError(`${source}: invalid JSON: ${(err as Error).message}`);
    }
  }
  const YAML = await loadYaml();
  try {
    return YAML.parse(trimmed);
  } catch (err) {
    throw new UsageError(`${source}: invalid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** `@file.json`, `@file.yaml`, `-` (stdin) or an inline JSON/YAML value. */
export async function readValueArg(value: string, flag: string): Promise<unknown> {
  if (value === '-') return parseDocument(readStdin(), 'stdin');
  if (value.startsWith('@')) {
    const file = value.slice(1);
    if (file === '-') return parseDocument(readStdin(), 'stdin');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`--${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return parseDocument(text, file);
  }
  return parseDocument(value, `--${flag}`);
}

/** Enums this short are listed whole in an error; longer ones show only the closest values. */
const ENUM_LISTED = 8;
/** How many close values an error shows at most. */
const ENUM_SUGGESTED = 5;

/**
 * The value as the enum spells it (case and `-`/`_` forgiven), or a usage error that names the
 * closest values, a handful at most, and points to `--help` for the whole list.
 */
function checkEnum(def: FlagDef, value: string, command: string): string {
  const values = def.enum;
  if (!values || values.includes(value)) return value;
  const upper = value.toUpperCase().replace(/-/g, '_');
  if (values.includes(upper)) return upper;
  const close = suggestions(value, values);
  const shown = close.slice(0, ENUM_SUGGESTED);
  const more = close.length > shown.length ? ` (${close.length} values match)` : '';
  const hint = shown.length ? `Did you mean ${orList(shown)}?${more}` : undefined;
  if (values.length <= ENUM_LISTED) {
    throw new UsageError(`invalid value '${value}' for --${def.flag}: expected one of ${values.join(', ')}`, hint);
  }
  const all = `all ${values.length} values are listed by 'vsphere ${command} --help'`;
  throw new UsageError(`invalid value '${value}' for --${def.flag}: ${shown.length ? '' : 'no value is close; '}${all}`, hint);
}

async function coerceScalar(def: FlagDef, type: FlagItemType, raw: string, command: string): Promise<unknown> {
  switch (type) {
    case 'string':
      return checkEnum(def, raw, command);
    case 'integer':
      if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`invalid value '${raw}' for --${def.flag}: expected an integer`);
      return Number(raw);
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`invalid value '${raw}' for --${def.flag}: expected a number`);
      return n;
    }
    case 'boolean':
      if (/^(true|yes|1|on)$/i.test(raw)) return true;
      if (/^(false|no|0|off)$/i.test(raw)) return false;
      throw new UsageError(`invalid value '${raw}' for --${def.flag}: expected true or false`);
    case 'object':
      return expectObject(def, await readValueArg(raw, def.flag), raw);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What a parsed value is, for an error: `the string '__proto__'`, `the number 5`, `an array`, `null`. */
function described(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string '${v}'`;
  return `the ${typeof v} ${String(v)}`;
}

/**
 * An object flag's value must be an object: a scalar, an array or null would reach the server as
 * a body it refuses (or, as `__proto__`, look like a key). Says what the flag takes instead.
 */
function expectObject(def: FlagDef, value: unknown, raw: string): Record<string, unknown> {
  if (isPlainObject(value)) return value;
  const field = def.fields?.find((f) => !f.path.includes('.'));
  const dots = field ? `, or its fields one by one (--${dotFlagName(def, field)} …)` : '';
  const from = raw.startsWith('@') || raw === '-' ? ` in ${raw === '-' ? 'stdin' : raw.slice(1)}` : '';
  throw new UsageError(`--${def.flag} takes an object: JSON ('{"…": …}'), @file.json or @file.yaml${dots}; got ${described(value)}${from}`);
}

/** Converts the strings given for one flag to the value sent on the wire. */
export async function coerceFlag(def: FlagDef, values: readonly string[], command: string): Promise<unknown> {
  if (def.type === 'array') {
    const itemType = def.itemType ?? 'string';
    const out: unknown[] = [];
    for (const v of values) {
      if (itemType === 'object') {
        const parsed = await readValueArg(v, def.flag);
        for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
          // (null stays: some lists take a null entry, as privilege checks' principals do)
          if (!isPlainObject(item) && item !== null)
            throw new UsageError(`--${def.flag} takes objects: a JSON array of them (or one), @file.json or @file.yaml; got ${described(item)} as an item`);
          out.push(item);
        }
        continue;
      }
      for (const part of v.split(',')) {
        if (part === '') continue;
        out.push(await coerceScalar(def, itemType, part.trim(), command));
      }
    }
    return out;
  }
  return coerceScalar(def, def.type, values[values.length - 1]!, command);
}

/** Builds the call's path, query and body from the parsed flags and `--spec`. */
export async function buildArgs(cmd: CommandDef, flags: Map<string, string[]>): Promise<BuiltArgs> {
  const args: BuiltArgs = { path: {}, query: {}, body: undefined };
  const specValue = flags.get('spec');
  if (specValue !== undefined) {
    if (!cmd.route.body) throw new UsageError(`'${cmd.words.join(' ')}' takes no request body: --spec is not allowed`);
    args.body = await readValueArg(specValue[specValue.length - 1], 'spec');
  }
  const missing: string[] = [];
  const bodyObject = (flag: string): Record<string, unknown> => {
    if (args.body === undefined) args.body = {};
    if (typeof args.body !== 'object' || args.body === null || Array.isArray(args.body)) {
      throw new UsageError(`--${flag} cannot be combined with a --spec that is not an object`);
    }
    return args.body as Record<string, unknown>;
  };
  for (const def of cmd.flags) {
    const values = flags.get(def.flag);
    if (values === undefined) continue;
    const value = await coerceFlag(def, values, cmd.words.join(' '));
    if (def.in === 'path') args.path[def.name] = String(value);
    else if (def.in === 'query') args.query[def.name] = value;
    else bodyObject(def.flag)[def.name] = value;
  }
  // Dot notation, shallow fields first so that `--a.b '{…}' --a.b.c X` merges.
  const given = [...dotFlags(cmd).values()].filter((d) => flags.has(d.name)).sort((a, b) => a.field.path.split('.').length - b.field.path.split('.').length);
  for (const d of given) {
    const value = await coerceFlag(fieldAsFlag(d), flags.get(d.name)!, cmd.words.join(' '));
    const body = bodyObject(d.name);
    const parent = Object.hasOwn(body, d.parent.name) ? body[d.parent.name] : undefined;
    if (parent !== undefined && (typeof parent !== 'object' || parent === null || Array.isArray(parent))) {
      throw new UsageError(`--${d.name} cannot be combined with a --${d.parent.flag} that is not an object`);
    }
    if (parent === undefined) body[d.parent.name] = {};
    setPath(body[d.parent.name] as Record<string, unknown>, d.field.path, value, d.name);
  }
  for (const def of cmd.flags) {
    if (!def.required) continue;
    const present =
      def.in === 'path'
        ? args.path[def.name] !== undefined
        : def.in === 'query'
          ? args.query[def.name] !== undefined
          : args.body !== null && typeof args.body === 'object' && (args.body as Record<string, unknown>)[def.name] !== undefined;
    if (!present) missing.push(`--${def.flag}`);
  }
  if (missing.length) {
    throw new UsageError(`missing required flag${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for '${cmd.words.join(' ')}'`);
  }
  if (cmd.route.body?.required && args.body === undefined && cmd.bodyFlags && !cmd.flags.some((f) => f.in === 'body' && f.required)) {
    // Every field of the body is optional: an empty object is a valid body.
    args.body = {};
  }
  if (cmd.route.body?.required && args.body === undefined) {
    throw new UsageError(
      `'${cmd.words.join(' ')}' needs a request body: give --spec @file.json|@file.yaml|- ${cmd.bodyFlags ? 'or the body flags' : ''}`.trim(),
    );
  }
  return args;
}
