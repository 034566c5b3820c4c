import type { CommandDef } from './command-types.js';
import { UsageError } from './errors.js';
import { FLAG_TABLE, GLOBAL_FLAG_DECLS, type FlagDecl } from './flag-table.js';
import { didYouMean } from './suggest.js';

/** How one flag is parsed: with a value, or as a switch. */
export interface FlagSpec {
  readonly takesValue: boolean;
  /** A switch that may also be written `--flag=false` / `--flag false`. */
  readonly boolean?: boolean;
}

export type FlagSpecs = ReadonlyMap<string, FlagSpec>;

function specOf(decl: FlagDecl): FlagSpec {
  return decl.kind === 'value' ? { takesValue: true } : decl.kind === 'toggle' ? { takesValue: false, boolean: true } : { takesValue: false };
}

/** How the runtime flags of one scope parse (see flag-table.ts). */
export function flagSpecs(decls: readonly FlagDecl[]): Map<string, FlagSpec> {
  return new Map(decls.map((d) => [d.name, specOf(d)]));
}

/** Flags every command understands. */
export const GLOBAL_FLAGS: ReadonlyMap<string, FlagSpec> = flagSpecs(GLOBAL_FLAG_DECLS);

const SHORT: Record<string, string> = Object.fromEntries(FLAG_TABLE.filter((f) => f.short).map((f) => [f.short!, f.name]));

export interface Parsed {
  /** Flag name (without dashes) → every value given, in order (`'true'` for switches). */
  readonly flags: Map<string, string[]>;
  readonly positionals: string[];
}

const TRUE_FALSE = /^(true|false)$/i;

function splitToken(tok: string): { name: string; inline?: string } | undefined {
  if (tok.startsWith('--') && tok.length > 2) {
    const eq = tok.indexOf('=');
    return eq < 0 ? { name: tok.slice(2) } : { name: tok.slice(2, eq), inline: tok.slice(eq + 1) };
  }
  // `-5` is a value (a negative number), not a flag.
  if (tok.startsWith('-') && tok.length >= 2 && tok !== '--' && !(tok[1]! >= '0' && tok[1]! <= '9')) {
    const long = SHORT[tok[1]];
    if (!long) return { name: tok.slice(1) };
    const rest = tok.slice(2);
    return rest ? { name: long, inline: rest.startsWith('=') ? rest.slice(1) : rest } : { name: long };
  }
  return undefined;
}

function push(map: Map<string, string[]>, name: string, value: string) {
  const list = map.get(name);
  if (list) list.push(value);
  else map.set(name, [value]);
}

/**
 * First pass: the command words at the front, with any global flags written
 * before or between them. Stops at the first flag that is not global.
 */
export function scanWords(argv: readonly string[]): { words: string[]; wordEnds: number[]; globals: Map<string, string[]>; rest: string[] } {
  const words: string[] = [];
  // Where each word ends in argv, so that a command with flags named like global ones can re-split (ownFlagsAfter).
  const wordEnds: number[] = [];
  const globals = new Map<string, string[]>();
  let i = 0;
  for (; i < argv.length; i++) {
    const tok = argv[i];
    if (tok === '--') break;
    const split = splitToken(tok);
    if (!split) {
      words.push(tok);
      wordEnds.push(i + 1);
      continue;
    }
    const spec = GLOBAL_FLAGS.get(split.name);
    if (!spec) break;
    if (spec.takesValue) {
      if (split.inline !== undefined) push(globals, split.name, split.inline);
      else {
        if (i + 1 >= argv.length) throw new UsageError(`flag --${split.name} needs a value`);
        push(globals, split.name, argv[++i]);
      }
    } else push(globals, split.name, split.inline ?? 'true');
  }
  return { words, wordEnds, globals, rest: argv.slice(i) };
}

/** The command's own flags that share a global flag's name (`--username`, `--server`, `--version`, `--profile`). */
export function ownGlobalNames(cmd: CommandDef): string[] {
  return cmd.flags.filter((f) => f.name !== 'vmw-task' && GLOBAL_FLAGS.has(f.flag)).map((f) => f.flag);
}

/**
 * For a command that declares flags named like global ones (a local account's `--username`, a DNS
 * server's `--server`): after the command words those names are the command's own, so they never
 * choose the user or the vCenter; before the command words (and in env and profiles) they stay global.
 * `flags` is the command's view (its own values win), `globals` what the connection reads.
 */
export function ownFlagsAfter(
  argv: readonly string[],
  commandEnd: number,
  specs: FlagSpecs,
  own: readonly string[],
  usage: string,
): { flags: Map<string, string[]>; globals: Map<string, string[]>; positionals: string[] } {
  const before = scanWords(argv.slice(0, commandEnd)).globals;
  const after = parseFlags(argv.slice(commandEnd), specs, new Map(), usage);
  const flags = new Map(before);
  const globals = new Map(before);
  for (const [name, values] of after.flags) {
    if (own.includes(name)) {
      flags.set(name, values);
      continue;
    }
    flags.set(name, [...(before.get(name) ?? []), ...values]);
    globals.set(name, flags.get(name)!);
  }
  for (const name of own) if (!after.flags.has(name)) flags.delete(name);
  return { flags, globals, positionals: after.positionals };
}

/** Second pass: the flags of a resolved command (its own flags win over global ones). */
export function parseFlags(argv: readonly string[], specs: FlagSpecs, into: Map<string, string[]>, usage: string): Parsed {
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (tok === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const split = splitToken(tok);
    if (!split) {
      positionals.push(tok);
      continue;
    }
    let name = split.name;
    let spec = specs.get(name) ?? GLOBAL_FLAGS.get(name);
    let negated = false;
    if (!spec && name.startsWith('no-')) {
      const base = specs.get(name.slice(3)) ?? GLOBAL_FLAGS.get(name.slice(3));
      if (base?.boolean) {
        spec = base;
        name = name.slice(3);
        negated = true;
      }
    }
    if (!spec) {
      const candidates = [...specs.keys(), ...GLOBAL_FLAGS.keys()];
      // A dotted flag (`--placement.fodler`) is closest to a dotted one, not to its parent.
      const dotted = name.includes('.') ? candidates.filter((c) => c.includes('.')) : [];
      const hint = didYouMean(name, dotted.length ? dotted : candidates, '--');
      throw new UsageError(`unknown flag --${name} for '${usage}'`, hint);
    }
    if (negated) push(into, name, 'false');
    else if (spec.takesValue) {
      if (split.inline !== undefined) push(into, name, split.inline);
      else {
        if (i + 1 >= argv.length) throw new UsageError(`flag --${name} needs a value`);
        push(into, name, argv[++i]);
      }
    } else if (split.inline !== undefined) push(into, name, split.inline);
    else if (spec.boolean && i + 1 < argv.length && TRUE_FALSE.test(argv[i + 1])) push(into, name, argv[++i].toLowerCase());
    else push(into, name, 'true');
  }
  return { flags: into, positionals };
}

export function lastValue(flags: Map<string, string[]>, name: string): string | undefined {
  const list = flags.get(name);
  return list?.[list.length - 1];
}

export function isOn(flags: Map<string, string[]>, name: string): boolean {
  const v = lastValue(flags, name);
  return v !== undefined && !/^(false|0|no)$/i.test(v);
}
