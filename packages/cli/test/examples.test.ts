// The examples users copy: each command's `--help` example and the README's, extracted mechanically.
// Every example of the 991 commands parses into a request (in process, cheap); the examples of
// the inventory commands (`vcenter vm|host|cluster|datastore|folder|network|resource-pool|datacenter …`)
// and of the CLI README's object-flag section run through the built bundle against the mock.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '@vsphere-kit/mock-server';
import { NAMESPACES } from '../src/generated/index.gen.js';
import { parseFlags } from '../src/runtime/args.js';
import type { CommandDef } from '../src/runtime/command-types.js';
import { dotFlagSpecs } from '../src/runtime/body-flags.js';
import { commandFlagDecls } from '../src/runtime/flag-table.js';
import { commandHelp } from '../src/runtime/help.js';
import { flagSpecs } from '../src/runtime/args.js';
import { buildArgs } from '../src/runtime/input.js';
import { credsEnv, ensureBundle, vsphere } from './helpers/cli.js';

/** Splits a command line as a POSIX shell does for the quoting examples use: '…', "…", \\x. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in: ${line}`);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      i++;
      for (; i < line.length && line[i] !== '"'; i++) cur += line[i] === '\\' && /["\\$`]/.test(line[i + 1] ?? '') ? line[++i] : line[i];
      inWord = true;
    } else if (ch === '\\') {
      cur += line[++i] ?? '';
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (ch === '#' && !inWord) break;
    else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

async function allCommands(): Promise<CommandDef[]> {
  return (await Promise.all(NAMESPACES.map((n) => n.load()))).flat();
}

function specsOf(cmd: CommandDef) {
  const specs = new Map(
    cmd.flags.filter((f) => f.name !== 'vmw-task').map((f) => [f.flag, f.type === 'boolean' ? { takesValue: false, boolean: true } : { takesValue: true }]),
  );
  for (const [k, v] of dotFlagSpecs(cmd)) specs.set(k, v);
  for (const [k, v] of flagSpecs(commandFlagDecls(cmd))) specs.set(k, v);
  return specs;
}

describe('every --help example parses into a request', () => {
  it('for all commands', async () => {
    const commands = await allCommands();
    expect(commands.length).toBeGreaterThan(900);
    const failures: string[] = [];
    for (const cmd of commands) {
      const words = shellWords(cmd.example);
      expect(words.slice(0, cmd.words.length + 1)).toEqual(['vsphere', ...cmd.words]);
      try {
        const parsed = parseFlags(words.slice(cmd.words.length + 1), specsOf(cmd), new Map(), cmd.words.join(' '));
        expect(parsed.positionals).toEqual([]);
        // `--spec @body.json` names a file the user writes; the rest must build as is.
        if (parsed.flags.get('spec')?.[0]?.startsWith('@')) continue;
        await buildArgs(cmd, parsed.flags);
      } catch (err) {
        failures.push(`${cmd.example}\n  ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('splits words as the shell does', () => {
    expect(shellWords(`vsphere a --b '{"x":1}' --c "d e" f\\ g # note`)).toEqual(['vsphere', 'a', '--b', '{"x":1}', '--c', 'd e', 'f g']);
  });
});

describe('examples run against the mock', () => {
  let mock: Awaited<ReturnType<typeof startMockServer>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    ensureBundle();
    mock = await startMockServer({ port: 0 });
    env = credsEnv(mock.url);
  });
  afterAll(async () => {
    await mock?.close();
  });

  /** The inventory commands users reach for first (`vcenter vm …`, `vcenter host …`, …); a reset before each undoes its change. */
  it('of the vcenter inventory commands', async () => {
    const first = new Set(['vm', 'host', 'cluster', 'datastore', 'folder', 'network', 'resource-pool', 'datacenter']);
    const commands = (await allCommands()).filter((c) => c.words[0] === 'vcenter' && first.has(c.words[1]!) && c.words.length <= 4);
    expect(commands.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const cmd of commands) {
      mock.reset();
      // The example as `--help` prints it (the bundle's help is this function; commands.test.ts runs it there).
      const example = /^Example:\n {2}(.+)$/m.exec(commandHelp(cmd))?.[1];
      expect(example, cmd.words.join(' ')).toBe(cmd.example);
      const r = await vsphere(shellWords(example!).slice(1), env);
      if (r.code !== 0) failures.push(`${example}\n  exit ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    }
    mock.reset();
    expect(failures).toEqual([]);
  });

  it("of the CLI README's section on objects, paging and body flags", async () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const section = /<!-- examples:objects -->([\s\S]*?)<!-- \/examples:objects -->/.exec(readme)?.[1];
    expect(section).toBeDefined();
    const lines = section!
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('vsphere '));
    expect(lines.length).toBeGreaterThanOrEqual(8);
    mock.reset();
    for (const line of lines) {
      const r = await vsphere(shellWords(line).slice(1), env);
      // The section's ambiguity example shows the refusal: exit 2 with the matches.
      const expected = line.includes('# exit 2') ? 2 : 0;
      expect({ line, code: r.code, stderr: r.code === expected ? '' : r.stderr }).toEqual({ line, code: expected, stderr: '' });
    }
    mock.reset();
  });
});
