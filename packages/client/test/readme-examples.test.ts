import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

// Every TypeScript example in the READMEs must compile
// against the real, generated types: documentation that drifts from the API
// fails the build instead of misleading users.

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** Every document with TypeScript examples (root Markdown, package READMEs, docs/), found rather than listed. */
const READMES = [
  ...readdirSync(root).filter((f) => f.endsWith('.md')),
  ...readdirSync(join(root, 'packages')).map((p) => join('packages', p, 'README.md')),
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
].filter((f) => existsSync(join(root, f)) && /^```ts\n/m.test(readFileSync(join(root, f), 'utf8')));

function tsBlocks(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/**
 * Fragments lean on names an earlier example introduced; declare those the
 * fragment uses without defining, with the types a reader would have.
 */
const CONTEXT: Record<string, string> = {
  client: 'declare const client: import("@vsphere-kit/client").VsphereClient;',
  core: 'declare const core: import("@vsphere-kit/client").VsphereCore;',
  baseUrl: 'declare const baseUrl: string;',
  username: 'declare const username: string;',
  password: 'declare const password: string;',
  clientId: 'declare const clientId: string;',
  clientSecret: 'declare const clientSecret: string;',
  redirectUri: 'declare const redirectUri: string;',
  redirectedUrl: 'declare const redirectedUrl: string;',
  vm: 'declare const vm: string;',
  sessionId: 'declare const sessionId: string;',
  mock: 'declare const mock: import("@vsphere-kit/mock-server").MockServer;',
};
/** Modules a fragment uses without importing them. */
const IMPORTS: Record<string, string> = {
  os: "import * as os from 'node:os';",
  readFileSync: "import { readFileSync } from 'node:fs';",
  ...Object.fromEntries(
    ['afterAll', 'afterEach', 'beforeAll', 'beforeEach', 'describe', 'expect', 'it', 'test'].map((n) => [n, `import { ${n} } from 'vitest';`]),
  ),
};
const CLIENT_EXPORTS = ['VsphereClient', 'VsphereCore', 'VsphereApiError', 'NotFoundError', 'listAll'];

function withContext(code: string): string {
  const defined = (name: string): boolean =>
    [
      `\\b(const|let|var|function|class)\\s+${name}\\b`,
      `\\b(const|let|var)\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=`,
      `import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from`,
    ].some((re) => new RegExp(re).test(code));
  const used = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(code);
  const lines: string[] = [];
  for (const [name, decl] of Object.entries({ ...CONTEXT, ...IMPORTS })) if (used(name) && !defined(name)) lines.push(decl);
  const missing = CLIENT_EXPORTS.filter((n) => used(n) && !defined(n));
  if (missing.length) lines.push(`import { ${missing.join(', ')} } from '@vsphere-kit/client';`);
  return `${lines.join('\n')}\n${code}`;
}

/** Type-checks all examples in one program (one pass is far cheaper than one per example). */
function compileAll(codes: readonly string[]): string[][] {
  // Inside the package, so that node_modules and the sources resolve as for a user.
  const dir = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.readme-'));
  const files = codes.map((code, i) => {
    const file = join(dir, `example-${i}.mts`);
    writeFileSync(file, `export {};\n${withContext(code)}`);
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
    baseUrl: root,
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

const examples = READMES.flatMap((readme) => tsBlocks(readme).map((code, i) => ({ readme, n: i + 1, code })));
let results: string[][] = [];
beforeAll(() => {
  results = compileAll(examples.map((e) => e.code));
}, 120_000);

it('are found in the READMEs users read first', () => {
  expect(READMES).toEqual(expect.arrayContaining(['README.md', 'packages/client/README.md', 'packages/mock-server/README.md']));
});

describe.each(READMES)('TypeScript examples in %s', (readme) => {
  it('has TypeScript examples', () => {
    expect(examples.filter((e) => e.readme === readme).length).toBeGreaterThan(0);
  });
  it.each(examples.filter((e) => e.readme === readme).map((e) => [e.n, examples.indexOf(e)] as const))('example %i compiles', (_n, index) => {
    expect(results[index]).toEqual([]);
  });
});
