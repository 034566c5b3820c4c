// Each command's `--help` example, extracted mechanically: every example of the 991 commands parses
// into a request (in process, cheap, with the parser's own message on a failure) and runs through
// the built bundle against the mock. The READMEs' examples run in readme-examples.test.ts.
import { describe, expect, it } from 'vitest';
import { loadGenerated } from '@vsphere-kit/mock-server';
import { withExampleTask } from '../../../test-support/example-task.js';
import { NAMESPACES } from '../src/generated/index.gen.js';
import { parseFlags } from '../src/runtime/args.js';
import type { CommandDef } from '../src/runtime/command-types.js';
import { dotFlagSpecs } from '../src/runtime/body-flags.js';
import { commandFlagDecls } from '../src/runtime/flag-table.js';
import { commandHelp } from '../src/runtime/help.js';
import { flagSpecs } from '../src/runtime/args.js';
import { buildArgs } from '../src/runtime/input.js';
import { tempDir, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';
import { shellWords } from './helpers/shell-words.js';

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

/**
 * Commands whose `--help` example does not exit 0 yet, each with the reason. The test fails when one
 * of them starts to pass (delete it here) or when any other fails.
 */
const NOT_YET_OK: Record<string, string> = {};

/** The example as `--help` prints it: the lines under `Example:` up to the blank line (a PEM value spans lines). */
function helpExample(cmd: CommandDef): string | undefined {
  return /^Example:\n {2}([\s\S]+?)\n\n/m.exec(commandHelp(cmd))?.[1];
}

/** How many examples run at once: each lane has its own mock, so a reset in one never undoes another's state. */
const LANES = 3;

// One mock per lane, each seeded with the default inventory plus the task the cis/tasks examples name.
const lanes = Array.from({ length: LANES }, () =>
  useCliMock({ taskMs: 5 }, { checkSpec: true, setup: async (mock) => mock.core.setSeed(withExampleTask(mock.state.toData(), await loadGenerated())) }),
);

describe('every --help example runs through the bundle against the mock', () => {
  it('for all commands, each from the state the seed gives', async () => {
    const commands = await allCommands();
    expect(commands.length).toBeGreaterThan(900);
    const cwd = tempDir('vsphere-examples-');
    const outcomes = new Map<string, string>();
    const queue = [...commands];
    await Promise.all(
      lanes.map(async (lane) => {
        for (let cmd = queue.shift(); cmd; cmd = queue.shift()) {
          // The example as `--help` prints it (the bundle's help is this function; commands.test.ts runs it there).
          const name = cmd.words.join(' ');
          const example = helpExample(cmd);
          if (example !== cmd.example) {
            outcomes.set(name, `--help shows ${JSON.stringify(example)}, not ${JSON.stringify(cmd.example)}`);
            continue;
          }
          lane.mock.reset();
          const r = await vsphere(shellWords(example).slice(1), lane.env, undefined, { cwd });
          outcomes.set(name, r.code === 0 ? 'ok' : `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
        }
      }),
    );
    const failures = [...outcomes].filter(([, o]) => o !== 'ok');
    console.log(`--help examples: ${outcomes.size - failures.length}/${outcomes.size} exit 0 through the bundle; ${failures.length} listed exceptions`);
    expect(outcomes.size).toBe(commands.length);
    // Every failure is listed (the message shows the new one's stderr), and every listed one still fails.
    expect(Object.fromEntries(failures.filter(([name]) => !(name in NOT_YET_OK)))).toEqual({});
    expect(Object.keys(NOT_YET_OK).filter((name) => outcomes.get(name) === 'ok')).toEqual([]);
  }, 600_000);
});
