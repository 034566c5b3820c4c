// Hand-written code of the CLI names operations by id in a few places (the column presets,
// `cis.tasks.get` for --wait, `session.create`). A typo there fails silently: the preset is
// never used. These tests check that every such id names an operation of the specs.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandDef } from '../src/runtime/command-types.js';
import { NAMESPACES } from '../src/generated/index.gen.js';
import { DEFAULT_COLUMNS } from '../src/runtime/output.js';
import { credsEnv, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

const srcDir = fileURLToPath(new URL('../src/', import.meta.url));

let commands: Map<string, CommandDef>;
const cli = useCliMock();

beforeAll(async () => {
  const tables = await Promise.all(NAMESPACES.map((n) => n.load()));
  commands = new Map(tables.flat().map((c) => [c.route.id, c]));
});

/** String literals in the hand-written sources (all of src/ but generated/) that look like an operation id: `'<namespace>.<word>...'`. */
function idLiterals(): { file: string; id: string }[] {
  const tops = NAMESPACES.map((n) => n.name).join('|');
  const literal = new RegExp(`(['"\`])((?:${tops})(?:\\.[A-Za-z][\\w-]*)+)\\1`, 'g');
  return (readdirSync(srcDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.startsWith('generated'))
    .flatMap((file) => [...readFileSync(srcDir + file, 'utf8').matchAll(literal)].map((m) => ({ file, id: m[2]! })));
}

describe('operation ids written by hand in the CLI', () => {
  it('every column preset names an existing operation', () => {
    expect(DEFAULT_COLUMNS.size).toBeGreaterThan(0);
    const unknown = [...DEFAULT_COLUMNS.keys()].filter((id) => !commands.has(id));
    expect(unknown).toEqual([]);
  });

  it('every operation id in the hand-written sources names an existing operation', () => {
    const found = idLiterals();
    // The scan must see the presets and the special cases, or it proves nothing.
    for (const id of [...DEFAULT_COLUMNS.keys(), 'cis.tasks.get', 'session.create']) expect(found.map((f) => f.id)).toContain(id);
    expect(found.filter((f) => !commands.has(f.id))).toEqual([]);
  });

  it("every preset column is a field of the operation's rows (against the mock)", async () => {
    for (const [id, columns] of DEFAULT_COLUMNS) {
      const r = await vsphere([...commands.get(id)!.words, '-o', 'json'], credsEnv(cli.url));
      expect(r.code, `${id}: ${r.stderr}`).toBe(0);
      const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
      expect(rows.length, id).toBeGreaterThan(0);
      const missing = columns.filter((c) => !rows.some((row) => c in row));
      expect(missing, id).toEqual([]);
      const table = await vsphere([...commands.get(id)!.words, '-o', 'table', '--no-color'], credsEnv(cli.url));
      expect(table.stdout.split('\n')[0]!.split(/\s+/), id).toEqual(columns.map((c) => c.toUpperCase()));
    }
  });
});
