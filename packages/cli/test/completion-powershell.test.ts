/**
 * The PowerShell completion script, checked without PowerShell (this machine has none, and the
 * npm `pwsh` package downloads a binary): a real PowerShell parser, tree-sitter's PowerShell
 * grammar run through web-tree-sitter (its WebAssembly build: no native addon), must read the
 * script the bundle prints with no ERROR or MISSING node, and find the completer it registers.
 * Then the `vsphere __complete` protocol the script calls is driven through the bundle with the
 * arguments PowerShell hands it.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Language, type Node, Parser } from 'web-tree-sitter';
import { baseEnv, PASSWORD, tempDir, USER, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

const require = createRequire(import.meta.url);
const cli = useCliMock();
let parser: Parser;
let script: string;

beforeAll(async () => {
  await Parser.init();
  const grammar = join(dirname(require.resolve('tree-sitter-powershell/package.json')), 'tree-sitter-powershell.wasm');
  parser = new Parser();
  parser.setLanguage(await Language.load(grammar));
  const r = await vsphere(['completion', 'powershell'], baseEnv());
  expect(r.code).toBe(0);
  script = r.stdout;
});

/** Every node the parser could not read (`ERROR`) or had to invent (`MISSING`), with where it is. */
function problems(text: string): string[] {
  const tree = parser.parse(text)!;
  const out: string[] = [];
  const walk = (n: Node) => {
    if (n.isError || n.isMissing)
      out.push(`${n.isMissing ? `MISSING ${n.type}` : 'ERROR'} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${n.text.slice(0, 60)}`);
    for (const c of n.children) if (c) walk(c);
  };
  walk(tree.rootNode);
  return out;
}

describe('the PowerShell completion script', () => {
  it('parses with no ERROR or MISSING node', () => {
    expect(script.split('\n').length).toBeGreaterThan(10);
    expect(problems(script)).toEqual([]);
  });

  it('is checked for real: the same script with a brace or a quote dropped does not parse', () => {
    expect(problems(script.replace('{ "\'" + ', '{ "\'" + (')).length).toBeGreaterThan(0);
    expect(problems(script.slice(0, script.lastIndexOf('}')))).not.toEqual([]);
    expect(problems(script.replace("'[\\s''\"]'", "'[\\s''\"]"))).not.toEqual([]);
  });

  it('registers a native completer for vsphere whose script block takes the three arguments and asks vsphere __complete', () => {
    const root = parser.parse(script)!.rootNode;
    const register = root.descendantsOfType('command').find((c) => c?.child(0)?.text === 'Register-ArgumentCompleter')!;
    expect(register).toBeDefined();
    const elements = register.child(1)!.text;
    expect(elements.trim()).toMatch(/^-Native -CommandName vsphere -ScriptBlock \{/);
    expect(register.descendantsOfType('param_block').map((p) => p!.text)).toEqual(['param($wordToComplete, $commandAst, $cursorPosition)']);
    const calls = register.descendantsOfType('command').filter((c) => c?.child(0)?.type === 'command_invokation_operator');
    expect(calls.map((c) => c!.text)).toEqual(['& vsphere __complete @words 2>$null']);
  });
});

describe('the __complete protocol the script calls', () => {
  // PowerShell passes the words before the cursor, and '' when the word being completed is empty.
  const complete = async (env: NodeJS.ProcessEnv, ...words: string[]) => {
    const r = await vsphere(['__complete', ...words], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };
  let stored: NodeJS.ProcessEnv;

  beforeAll(async () => {
    stored = baseEnv({ XDG_CACHE_HOME: join(tempDir('vsphere-cache-'), 'cache') });
    const login = await vsphere(['login', '--server', cli.url, '--username', USER, '--password-stdin'], stored, `${PASSWORD}\n`);
    expect(login.code).toBe(0);
  });

  it('answers one candidate a line: namespaces, operations, flags, enum values, and :files where a file goes', async () => {
    const e = baseEnv();
    expect(await complete(e, '')).toEqual(expect.arrayContaining(['vcenter', 'appliance', 'completion', 'login']));
    expect(await complete(e, 'vcenter', 'vm', 'g')).toEqual(['get', 'guest']);
    expect(await complete(e, 'vcenter', 'vm', 'create', '--placement.f')).toEqual(['--placement.folder']);
    expect(await complete(e, 'vcenter', 'vm', 'list', '--power-states', 'POWERED_O')).toEqual(['POWERED_OFF', 'POWERED_ON']);
    expect(await complete(e, 'vcenter', 'vm', 'create', '--spec', '')).toEqual([':files']);
  });

  it('gives object names with spaces whole, one a line, for the script to quote', async () => {
    expect(await complete(stored, 'vcenter', 'inventory', 'network', 'find', '--networks', 'VM')).toEqual(['VM Network']);
    expect(await complete(stored, 'vcenter', 'vm', 'get', '--vm', 'web-0')).toEqual(['web-01', 'web-02']);
  });
});
