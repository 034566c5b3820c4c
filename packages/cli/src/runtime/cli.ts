import type { CommandDef, CommandTable, NamespaceDef } from './command-types.js';
import { findCommand } from './command-lookup.js';
import type { Api } from './connection.js';
import { GLOBAL_FLAGS, flagSpecs, isOn, lastValue, ownFlagsAfter, ownGlobalNames, parseFlags, scanWords, type FlagSpec } from './args.js';
import { toggleSetting } from './flag-sources.js';
import { builtinScope, commandFlagDecls, flagsIn } from './flag-table.js';
import { dotFlagSpecs } from './body-flags.js';
import { CliError, UsageError } from './errors.js';
import { BUILTINS, commandHelp, groupHelp, rootHelp } from './help.js';
import { makeStyle, parseFormat, render, useColor, type Style } from './output.js';
import { maskedStream, registerSecretsIn } from './secrets.js';
import { noteRunKind } from './code-cache.js';
import type { OutStream } from './stdio.js';
import { didYouMean } from './suggest.js';

export interface Io {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: NodeJS.ProcessEnv;
  /** The process ends when the run does (the `vsphere` command): what only frees resources of this process is skipped. */
  readonly processExits?: boolean;
}

export const VERSION: string = typeof __VSPHERE_VERSION__ === 'string' ? __VSPHERE_VERSION__ : '0.0.0-dev';

/** What one invocation needs while it runs. */
export interface Ctx {
  readonly io: Io;
  readonly flags: Map<string, string[]>;
  /** The global flags alone, where the command has flags of the same names (else `flags` holds both). */
  readonly globals?: Map<string, string[]>;
  readonly positionals: string[];
  readonly out: Style;
  readonly err: Style;
  readonly debug: boolean;
  /** Every namespace, for the reads the runtime makes by operation id (command-lookup.ts). */
  readonly namespaces: readonly NamespaceDef[];
}

function write(stream: OutStream, text: string): void {
  if (text) stream.write(text);
}

function commandFlagSpecs(cmd: CommandDef): Map<string, FlagSpec> {
  const specs = new Map<string, FlagSpec>();
  for (const f of cmd.flags) {
    if (f.name === 'vmw-task') continue;
    specs.set(f.flag, f.type === 'boolean' ? { takesValue: false, boolean: true } : { takesValue: true });
  }
  for (const [name, spec] of dotFlagSpecs(cmd)) specs.set(name, spec);
  for (const [name, spec] of flagSpecs(commandFlagDecls(cmd))) specs.set(name, spec);
  return specs;
}

async function resolveInTable(words: string[], table: CommandTable): Promise<{ cmd?: CommandDef; depth: number; extra: string[] }> {
  for (let k = words.length; k >= 1; k--) {
    const cmd = findCommand(table, words.slice(0, k));
    if (cmd) return { cmd, depth: k, extra: words.slice(k) };
  }
  let depth = 0;
  for (let k = 1; k <= words.length; k++) {
    if (table.some((c) => c.words.length > k && words.slice(0, k).every((w, i) => c.words[i] === w))) depth = k;
    else break;
  }
  return { depth, extra: words.slice(depth) };
}

export async function run(argv: readonly string[], given: Io, namespaces: readonly NamespaceDef[]): Promise<number> {
  // Every line this run prints passes the secret registry; passwords inside URLs in any argument are in it from the start.
  const io: Io = { ...given, stdout: maskedStream(given.stdout), stderr: maskedStream(given.stderr) };
  registerSecretsIn(argv);
  const debug = argv.includes('--debug');
  const errStyle = makeStyle(useColor(io.stderr, argv.includes('--no-color') || toggleSetting('no-color', new Map(), io.env).value));
  const ctxHolder: { api?: Api } = {};
  try {
    if (argv[0] === '__complete') {
      noteRunKind('complete');
      const { complete } = await import('./completion.js');
      const { loadConfig } = await import('./config.js');
      const list = await complete(
        argv.slice(1),
        namespaces,
        () => {
          try {
            return Object.keys(loadConfig(io.env).profiles);
          } catch {
            return [];
          }
        },
        async (kind, prefix) => (await import('./completion-objects.js')).objectCandidates(kind, prefix, io.env),
      );
      write(io.stdout, list.length ? `${list.join('\n')}\n` : '');
      return 0;
    }
    const scanned = scanWords(argv);
    let words = scanned.words;
    const flags = scanned.globals;
    const outStyle = makeStyle(useColor(io.stdout, toggleSetting('no-color', flags, io.env).value));
    const wantHelp = () => isOn(flags, 'help');

    if (words[0] === 'help') {
      words = words.slice(1);
      flags.set('help', ['true']);
    }
    if (!words.length) {
      noteRunKind('help');
      const rest = parseFlags(scanned.rest, new Map(), flags, 'vsphere');
      if (rest.positionals.length) throw new UsageError(`unexpected argument '${rest.positionals[0]}'`);
      if (isOn(flags, 'version')) {
        write(io.stdout, `vsphere ${VERSION}\n`);
        return 0;
      }
      const text = rootHelp(namespaces, VERSION);
      if (wantHelp()) {
        write(io.stdout, text);
        return 0;
      }
      write(io.stderr, text);
      return 2;
    }

    const top = words[0];
    const builtin = BUILTINS.find((b) => b.name === top);
    if (builtin) {
      noteRunKind(`builtin:${top}`);
      if (top === 'version') {
        write(io.stdout, `vsphere ${VERSION}\n`);
        return 0;
      }
      const scope = builtinScope(top);
      const specs = scope ? flagSpecs(flagsIn(scope)) : new Map<string, FlagSpec>();
      const parsed = parseFlags(scanned.rest, specs, flags, `vsphere ${top}`);
      registerFlagSecrets(flags);
      const ctx: Ctx = { io, flags, positionals: [...words.slice(1), ...parsed.positionals], out: outStyle, err: errStyle, debug, namespaces };
      const { runBuiltin } = await import('./builtins.js');
      return await runBuiltin(top, ctx, ctxHolder);
    }

    const ns = namespaces.find((n) => n.name === top);
    if (!ns) {
      throw new UsageError(`unknown command '${top}'`, didYouMean(top, [...namespaces.map((n) => n.name), ...BUILTINS.map((b) => b.name)]));
    }
    const table = await ns.load();
    const { cmd, depth, extra } = await resolveInTable(words, table);
    if (!cmd) {
      noteRunKind('help');
      const prefix = words.slice(0, depth);
      const under = table.filter((c) => prefix.every((w, i) => c.words[i] === w));
      if (!extra.length) {
        // A namespace on its own: show what is in it.
        parseFlags(scanned.rest, new Map(), flags, `vsphere ${prefix.join(' ')}`);
        const text = groupHelp(prefix, under, depth === 1 ? ns.summary : undefined);
        if (wantHelp()) {
          write(io.stdout, text);
          return 0;
        }
        write(io.stderr, text);
        return 2;
      }
      const choices = [...new Set(under.map((c) => c.words[depth]))];
      throw new UsageError(`unknown command '${extra[0]}' in 'vsphere ${prefix.join(' ')}'`, didYouMean(extra[0], choices, `${prefix.join(' ')} `));
    }
    if (wantHelp() || scanned.rest.includes('--help') || scanned.rest.includes('-h')) {
      noteRunKind('help');
      write(io.stdout, commandHelp(cmd));
      return 0;
    }
    const usage = `vsphere ${cmd.words.join(' ')}`;
    const own = ownGlobalNames(cmd);
    // A word after the command may be the value of its own flag that scanWords took for a global switch (`--version 7.0.3`).
    if (extra.length && !own.length) {
      throw new UsageError(
        `unexpected argument '${extra[0]}' for 'vsphere ${cmd.words.join(' ')}' (values go in flags, e.g. --${cmd.flags[0]?.flag ?? 'help'} VALUE)`,
      );
    }
    const parsed = own.length
      ? ownFlagsAfter(argv, scanned.wordEnds[scanned.words.length - words.length + cmd.words.length - 1]!, commandFlagSpecs(cmd), own, usage)
      : { ...parseFlags(scanned.rest, commandFlagSpecs(cmd), flags, usage), globals: undefined };
    if (parsed.positionals.length) {
      throw new UsageError(`unexpected argument '${parsed.positionals[0]}' for '${usage}'`);
    }
    registerFlagSecrets(parsed.flags);
    noteRunKind(`command:${cmd.route.method}`);
    const ctx: Ctx = { io, flags: parsed.flags, globals: parsed.globals, positionals: [], out: outStyle, err: errStyle, debug, namespaces };
    const { runCommand } = await import('./execute.js');
    return await runCommand(cmd, ctx, ctxHolder);
  } catch (err) {
    return await reportError(err, io, errStyle, debug);
  } finally {
    if (ctxHolder.api) await ctxHolder.api.close(false, given.processExits).catch(() => undefined);
  }
}

/** Flags named like secrets (`--password`, `--client-secret`, `--token`...) hold secrets. */
function registerFlagSecrets(flags: Map<string, string[]>): void {
  for (const [name, values] of flags) registerSecretsIn(values, name);
}

/** Prints an error (through `io`, whose streams mask secrets) and returns the exit code. */
export async function reportError(err: unknown, io: Io, style: Style, debug: boolean): Promise<number> {
  const { explainFailure } = await import('./connection-errors.js');
  const { joinVapiMessages } = await import('@vsphere-kit/core/error-types');
  const e = err as Error & { errorType?: string; messages?: readonly string[]; hint?: string; exitCode?: number };
  let text: string;
  let code = 1;
  const explained = err instanceof UsageError || err instanceof CliError ? undefined : await explainFailure(err);
  if (explained) {
    text = `${style.red('error:')} ${explained.message}\n`;
  } else if (err instanceof UsageError) {
    text = `${style.red('error:')} ${e.message}${e.hint ? `\n${e.hint}` : ''}\n`;
    code = 2;
  } else if (e && typeof e.errorType === 'string') {
    const detail = e.messages?.length ? joinVapiMessages(e.messages) : e.message.replace(new RegExp(`^${e.errorType}:\\s*`), '');
    text = `${style.red(e.errorType)}: ${detail}\n`;
    if (e.errorType === 'UNAUTHENTICATED') text += 'The session may have expired: run vsphere login again.\n';
  } else if (err instanceof CliError) {
    text = `${style.red('error:')} ${e.message}\n`;
    code = err.exitCode;
  } else {
    text = `${style.red('error:')} ${e?.message ?? String(err)}\n`;
  }
  if (debug && e?.stack) text += `${e.stack}\n`;
  write(io.stderr, text);
  return code;
}

export { GLOBAL_FLAGS, lastValue, parseFormat, render };
