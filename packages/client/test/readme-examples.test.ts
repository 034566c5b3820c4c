import { Console } from 'node:console';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_CLIENT, type MockServer, startMockServer } from '@vsphere-kit/mock-server';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Block, blocks, documents, ROOT, unknownMarkers } from '../../../test-support/markdown-examples.js';
import { VsphereClient } from '../src/index.js';
import { ADMIN } from './helpers/mock.js';

// Every TypeScript example in the READMEs and docs compiles against the real, generated types
// and RUNS against the mock: documentation that drifts from the API, or names an object the
// mock's seed does not have, fails the build instead of misleading users. A fragment leans on
// names an earlier example introduced (`client`, `vm`, `mock`): the compile declares them, the
// run binds them to live values (CONTEXT, below). Markers above a fence are the shell examples'
// vocabulary (test-support/markdown-examples.ts): `<!-- not-run: REASON -->`, `<!-- run: tls -->`.
// A block that is a test file's body (it uses `it`, `afterAll`, …) runs as one: its tests and
// hooks are collected into a suite of this file.

/** A second user of the mock (and so of its identity provider), as the federation examples name her. */
const ALICE = { username: 'alice@example.com', password: 'alice-pa55word' } as const;

/** What a run gives the names a fragment uses. */
interface Run {
  mock: MockServer;
  /** A client logged in to the mock, made on first use and closed after the block. */
  client(): Promise<VsphereClient>;
  /** Collects what the block prints (shown when it fails). */
  console: Console;
  /** The block's HOME and working folder. */
  dir: string;
}

/** A name a fragment uses without defining: its type for the compile, its value for the run. */
interface Binding {
  /** Omitted: the global of that name is already right for the compile. */
  type?: string;
  /** Omitted: no run can give it, so only a block that is not run may use it. */
  value?: (run: Run) => unknown;
}

/** Every name a fragment may use without defining, in one place. */
const CONTEXT: Record<string, Binding> = {
  client: { type: 'import("@vsphere-kit/client").VsphereClient', value: (r) => r.client() },
  core: { type: 'import("@vsphere-kit/client").VsphereCore', value: async (r) => (await r.client()).core },
  baseUrl: { type: 'string', value: (r) => r.mock.url },
  username: { type: 'string', value: () => ADMIN.username },
  password: { type: 'string', value: () => ADMIN.password },
  clientId: { type: 'string', value: () => DEFAULT_CLIENT.client_id },
  clientSecret: { type: 'string', value: () => DEFAULT_CLIENT.client_secret },
  redirectUri: { type: 'string', value: () => 'http://127.0.0.1/callback' },
  // Where the browser lands after the identity provider's login page: no test gives that.
  redirectedUrl: { type: 'string' },
  vm: { type: 'string', value: () => 'vm-1072' }, // web-01 of the default seed
  sessionId: { type: 'string', value: async (r) => (await r.client()).core.login() },
  mock: { type: 'import("@vsphere-kit/mock-server").MockServer', value: (r) => r.mock },
  console: { value: (r) => r.console },
};
/** The environment variables the examples read, as the run sets them. */
const ENV: Record<string, (run: Run) => string | undefined> = {
  VSPHERE_PASSWORD: () => ADMIN.password,
  VSPHERE_SAML_TOKEN: (r) => Buffer.from(r.mock.idp.issueSaml(ADMIN.username)).toString('base64'),
  API_KEY: () => 'example-api-key-7d1f',
  CLIENT_SECRET: () => DEFAULT_CLIENT.client_secret,
  ALICE_PASSWORD: () => ALICE.password,
  HOME: (r) => r.dir, // os.homedir(): a session cache file lands in the block's folder
};
/** The files the examples read from their working folder. */
const FILES: Record<string, (run: Run) => string | undefined> = {
  'vcenter-ca.pem': (r) => r.mock.certificate,
};
/**
 * The placeholder rule, in one place: a vCenter or identity provider an example names is the
 * mock's, and an elided thumbprint (`AB:CD:…`) is the mock's (a `run: tls` block).
 */
function placeholder(text: string, mock: MockServer): string | undefined {
  if (text === 'https://vcenter.example.com') return mock.url;
  if (text === 'https://adfs.example.com/adfs') return mock.idp.issuer;
  if (/^[0-9A-F]{2}(:[0-9A-F]{2})*:…$/i.test(text)) return mock.thumbprint;
  return undefined;
}

/** Modules a fragment uses without importing them. */
const IMPORTS: Record<string, string> = {
  os: "import * as os from 'node:os';",
  readFileSync: "import { readFileSync } from 'node:fs';",
  ...Object.fromEntries(
    ['afterAll', 'afterEach', 'beforeAll', 'beforeEach', 'describe', 'expect', 'it', 'test'].map((n) => [n, `import { ${n} } from 'vitest';`]),
  ),
};
const CLIENT_EXPORTS = ['VsphereClient', 'VsphereCore', 'VsphereApiError', 'NotFoundError', 'listAll'];
/** A block that uses one of these is a test file's body. */
const TEST_FILE_NAMES = ['it', 'test', 'describe', 'beforeAll', 'afterAll', 'beforeEach', 'afterEach'];
/** Where a run's values wait for the block's module to pick them up. */
const RUN_VALUES = '__vsphereKitReadmeExample';

const defines = (code: string, name: string): boolean =>
  [
    `\\b(const|let|var|function|class)\\s+${name}\\b`,
    `\\b(const|let|var)\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=`,
    `import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from`,
  ].some((re) => new RegExp(re).test(code));
/** The names a block's code refers to (not comments, strings or property names: `it` in a comment is no test). */
function references(code: string): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    const parent = node.parent;
    const isPropertyName =
      parent && ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node));
    if (ts.isIdentifier(node) && !isPropertyName) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true));
  return names;
}
const referenced = new Map<string, Set<string>>();
const uses = (code: string, name: string): boolean => {
  if (!referenced.has(code)) referenced.set(code, references(code));
  return referenced.get(code)!.has(name);
};
/** The names of `table` a block uses without defining. */
const free = (code: string, table: object): string[] => Object.keys(table).filter((n) => uses(code, n) && !defines(code, n));

/** The block with what it uses but does not define: declared for the compile, bound to the run's values for the run. */
function withContext(code: string, mode: 'compile' | 'run'): string {
  const lines: string[] = [];
  const context = free(code, CONTEXT);
  if (mode === 'compile') for (const name of context) if (CONTEXT[name]!.type) lines.push(`declare const ${name}: ${CONTEXT[name]!.type};`);
  if (mode === 'run' && context.length) lines.push(`const { ${context.join(', ')} } = globalThis.${RUN_VALUES};`);
  for (const name of free(code, IMPORTS)) lines.push(IMPORTS[name]!);
  const missing = CLIENT_EXPORTS.filter((n) => uses(code, n) && !defines(code, n));
  if (missing.length) lines.push(`import { ${missing.join(', ')} } from '@vsphere-kit/client';`);
  return `${lines.join('\n')}\n${code}`;
}

/** Type-checks all examples in one program (one pass is far cheaper than one per example). */
function compileAll(codes: readonly string[]): string[][] {
  // Inside the package, so that node_modules and the sources resolve as for a user.
  const dir = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.readme-'));
  const files = codes.map((code, i) => {
    const file = join(dir, `example-${i}.mts`);
    writeFileSync(file, `export {};\n${withContext(code, 'compile')}`);
    return file;
  });
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: ['node'],
    baseUrl: ROOT,
    paths: {
      '@vsphere-kit/client': ['packages/client/src/index.ts'],
      '@vsphere-kit/mock-server': ['packages/mock-server/src/index.ts'],
      '@vsphere-kit/mock-server/vitest': ['packages/mock-server/src/testing/vitest.ts'],
      '@vsphere-kit/core/*': ['packages/core/src/*.ts'],
    },
  });
  try {
    const diagnostics = ts.getPreEmitDiagnostics(program);
    return files.map((file) => diagnostics.filter((d) => d.file?.fileName === file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Puts the mock's values in for the placeholders, in string literals only (never in comments or names). */
function placeholders(mock: MockServer): ts.TransformerFactory<ts.SourceFile> {
  return (context) => (file) => {
    const visit = (node: ts.Node): ts.Node => {
      const value = ts.isStringLiteral(node) ? placeholder(node.text, mock) : undefined;
      return value === undefined ? ts.visitEachChild(node, visit, context) : ts.factory.createStringLiteral(value);
    };
    return ts.visitNode(file, visit) as ts.SourceFile;
  };
}

// Blocks run as modules in a folder inside the package, so that `@vsphere-kit/*` resolves to the
// workspace sources exactly as for this file (one copy of each class: `instanceof` holds).
const runDir = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.readme-run-'));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

/** Listening servers of this process (a block's mock among them until it is closed). */
const servers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

/** Transpiles a block (placeholders put in when a mock is given) into a module file; returns its URL. */
function moduleOf(example: Example, mock?: MockServer): string {
  const { outputText, diagnostics } = ts.transpileModule(withContext(example.block.body, 'run'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    fileName: `${example.name}.ts`,
    reportDiagnostics: true,
    transformers: mock ? { before: [placeholders(mock)] } : undefined,
  });
  if (diagnostics?.length) throw new Error(`${example.where}: ${ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, '\n')}`);
  // A new file per run: an imported module is cached by its URL.
  const file = join(runDir, `${example.name}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, outputText);
  return pathToFileURL(file).href;
}

interface Example {
  block: Block;
  where: string;
  /** A file-name-safe name: readme-path and fence line. */
  name: string;
  /** Its number among its document's TypeScript blocks, as the compile results name it. */
  n: number;
}

const tsBlocks = documents()
  .flatMap(blocks)
  .filter((b) => b.lang === 'ts');
const examples: Example[] = tsBlocks.map((block) => ({
  block,
  where: `${block.doc}:${block.line}`,
  name: `${block.doc.replace(/\W+/g, '-')}-${block.line}`,
  n: tsBlocks.filter((b) => b.doc === block.doc).indexOf(block) + 1,
}));
const READMES = [...new Set(examples.map((e) => e.block.doc))];
const notRun = examples.filter((e) => e.block.markers.has('not-run'));
const testBodies = examples.filter((e) => !e.block.markers.has('not-run') && TEST_FILE_NAMES.some((n) => uses(e.block.body, n) && !defines(e.block.body, n)));
const fragments = examples.filter((e) => !notRun.includes(e) && !testBodies.includes(e));

let results: string[][] = [];
beforeAll(() => {
  results = compileAll(examples.map((e) => e.block.body));
}, 120_000);

it('are found in the READMEs users read first', () => {
  expect(READMES).toEqual(expect.arrayContaining(['README.md', 'packages/client/README.md', 'packages/mock-server/README.md']));
});

describe.each(READMES)('TypeScript examples in %s', (readme) => {
  it('has TypeScript examples', () => {
    expect(examples.filter((e) => e.block.doc === readme).length).toBeGreaterThan(0);
  });
  it.each(examples.filter((e) => e.block.doc === readme).map((e) => [e.n, examples.indexOf(e)] as const))('example %i compiles', (_n, index) => {
    expect(results[index]).toEqual([]);
  });
});

/**
 * Runs a fragment as a module against `mock`, from its seed state, with its borrowed names bound;
 * returns what it printed, throws naming the block.
 */
async function runFragment(example: Example, mock: MockServer): Promise<string> {
  mock.reset(); // each block starts from the seed, no faults
  const printed: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => done(void printed.push(String(chunk))) });
  let client: VsphereClient | undefined;
  const run: Run = {
    mock,
    console: new Console({ stdout: sink, stderr: sink }),
    dir: mkdtempSync(join(runDir, 'cwd-')),
    client: async () => {
      client ??= new VsphereClient({ baseUrl: mock.url, ...ADMIN, ...(mock.thumbprint ? { thumbprint: mock.thumbprint } : {}) });
      await client.core.login();
      return client;
    },
  };
  const names = free(example.block.body, CONTEXT);
  const values = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await CONTEXT[n]!.value!(run)] as const)));
  for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value(run));
  for (const [name, content] of Object.entries(FILES)) {
    const text = content(run);
    if (text !== undefined) writeFileSync(join(run.dir, name), text);
  }
  const cwd = process.cwd();
  const listening = servers();
  // A warning the block raises (insecure: true) is part of what it printed, not noise in the test run.
  vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => void printed.push(`warning: ${String(warning)}\n`));
  Object.assign(globalThis, { [RUN_VALUES]: values });
  try {
    process.chdir(run.dir);
    await import(/* @vite-ignore */ moduleOf(example, mock));
    // A user copies the block whole: one that starts a mock and leaves it listening teaches a leak.
    // A closed server's handle goes a loop turn or two after its close() resolved.
    for (let turn = 0; turn < 10 && servers() > listening; turn++) await new Promise(setImmediate);
    expect(servers(), 'a server the block started is still listening: close it').toBe(listening);
    return printed.join('');
  } catch (err) {
    throw new Error(`${example.where} failed: ${(err as Error).message}\n--- it printed ---\n${printed.join('')}`, { cause: err });
  } finally {
    process.chdir(cwd);
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    Reflect.deleteProperty(globalThis, RUN_VALUES);
    await client?.close();
  }
}

describe('TypeScript examples run against the mock', () => {
  let plain: MockServer;
  let tls: MockServer;
  beforeAll(async () => {
    const options = { port: 0, taskMs: 20, users: { [ADMIN.username]: ADMIN.password, [ALICE.username]: ALICE.password } };
    [plain, tls] = await Promise.all([startMockServer(options), startMockServer({ ...options, tls: true })]);
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), tls?.close()]);
  });

  it('are run or say why not, with a known reason', () => {
    expect(unknownMarkers(tsBlocks)).toEqual([]);
    // A name no run can give is used only where the block is shown, not run.
    const unbound = [...fragments, ...testBodies].flatMap((e) =>
      free(e.block.body, CONTEXT)
        .filter((n) => !CONTEXT[n]!.value)
        .map((n) => `${e.where} uses ${n}`),
    );
    expect(unbound).toEqual([]);
    console.log(
      `README TypeScript examples: ${fragments.length + testBodies.length} of ${examples.length} run (${testBodies.length} as test files); ` +
        `${notRun.length} not run (${notRun.map((e) => `${e.where} ${e.block.markers.get('not-run')}`).join('; ')})`,
    );
    expect(fragments.length + testBodies.length).toBeGreaterThan(25);
  });

  it.each(fragments.map((e) => [e.where, e] as const))('%s', async (_where, example) => {
    await runFragment(example, example.block.markers.get('run') === 'tls' ? tls : plain);
  });

  describe('the runner', () => {
    const synthetic = (body: string): Example => ({
      block: { doc: 'synthetic.md', line: 1, lang: 'ts', body, markers: new Map() },
      where: 'synthetic.md:1',
      name: 'synthetic',
      n: 1,
    });
    it('puts the mock in for the placeholders and binds the borrowed names', async () => {
      const block = synthetic(
        "const own = new VsphereClient({ baseUrl: 'https://vcenter.example.com', username, password, thumbprint: 'AB:CD:…' });\n" +
          'await own.vcenter.vm.get(vm);\nawait own.close();\nconsole.log((await client.vcenter.vm.get(vm)).name);',
      );
      await expect(runFragment(block, tls)).resolves.toBe('web-01\n');
    });
    it('fails a block that names an object the mock does not have, saying which block', async () => {
      await expect(runFragment(synthetic("await client.vcenter.vm.get('vm-42');"), plain)).rejects.toThrow(/^synthetic\.md:1 failed: .*vm-42/);
    });
    it('fails a block that leaves a server listening', async () => {
      const block = synthetic("import { startMockServer } from '@vsphere-kit/mock-server';\nglobalThis.leaked = await startMockServer({ port: 0 });");
      try {
        await expect(runFragment(block, plain)).rejects.toThrow(/still listening: close it/);
      } finally {
        await (globalThis as { leaked?: MockServer }).leaked?.close();
      }
    });
  });
});

// A test file's body registers its tests and hooks while this file is collected, in a suite of
// its own: its `useMockServer()` or `afterAll()` work as they do for a user.
for (const example of testBodies) {
  describe(`${example.where} (a test file's body)`, async () => {
    await import(/* @vite-ignore */ moduleOf(example));
  });
}
