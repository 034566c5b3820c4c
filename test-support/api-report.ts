/**
 * API reports: the public declarations of each published package, committed
 * as `packages/<pkg>/api/<pkg>.api.md` so that every change of a public
 * surface shows in review (the role api-extractor plays elsewhere).
 *
 * How: the package's sources (and core's, which they import) are compiled to
 * declarations in memory; then every name the entry points export is printed
 * with its declaration. Hand-written exports are printed in full; generated
 * ones (services, schema types, under `generated/`) by name, since their
 * signatures follow the specs and are reviewed in `ir/operations.json`.
 *
 *   npx -y pnpm@12.4.2 exec tsx test-support/api-report.ts          check (exit 1 on drift)
 *   npx -y pnpm@12.4.2 exec tsx test-support/api-report.ts --update rewrite the reports
 *
 * `test/api-report.test.ts` of each package runs the check inside `npm test`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const UPDATE_COMMAND = 'npx -y pnpm@12.4.2 exec tsx test-support/api-report.ts --update';

export interface ApiPackage {
  /** Folder under packages/. */
  readonly dir: string;
  /** Entry points: the subpath as users import it, and its source file (relative to the package). */
  readonly entries: readonly { readonly subpath: string; readonly source: string }[];
}

const CORE_MODULES = [
  'auth',
  'caller',
  'closest',
  'error-types',
  'errors',
  'federation/oidc',
  'federation/pkce',
  'federation/token-exchange',
  'openapi-formats',
  'route',
  'secrets',
  'target',
  'task-handle',
  'tasks',
];

export const API_PACKAGES: readonly ApiPackage[] = [
  { dir: 'client', entries: [{ subpath: '@vsphere-kit/client', source: 'src/index.ts' }] },
  { dir: 'core', entries: CORE_MODULES.map((m) => ({ subpath: `@vsphere-kit/core/${m}`, source: `src/${m}.ts` })) },
  {
    dir: 'mock-server',
    entries: [
      { subpath: '@vsphere-kit/mock-server', source: 'src/index.ts' },
      { subpath: '@vsphere-kit/mock-server/vitest', source: 'src/testing/vitest.ts' },
      { subpath: '@vsphere-kit/mock-server/jest', source: 'src/testing/jest.ts' },
    ],
  },
];

export function reportPath(pkg: ApiPackage): string {
  return join(ROOT, 'packages', pkg.dir, 'api', `${pkg.dir}.api.md`);
}

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  resolveJsonModule: true,
  types: ['node'],
  baseUrl: ROOT,
  paths: { '@vsphere-kit/core/*': ['packages/core/src/*.ts'] },
};

/** Declarations of the package's sources, compiled in memory: path of the .d.ts → text. */
function emitDeclarations(roots: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const program = ts.createProgram(roots, {
    ...OPTIONS,
    declaration: true,
    emitDeclarationOnly: true,
    noEmit: false,
    rootDir: ROOT,
    outDir: join(ROOT, '.api-dts'),
  });
  const result = program.emit(undefined, (file, text) => out.set(file, text));
  const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) throw new Error(`declaration emit failed: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, '\n')}`);
  return out;
}

function declarationText(decl: ts.Declaration): string {
  let node: ts.Node = decl;
  // `export declare const X: T;` — print the statement, not just `X: T`
  if (ts.isVariableDeclaration(node) && node.parent?.parent && ts.isVariableStatement(node.parent.parent)) node = node.parent.parent;
  const text = node.getText();
  return text
    .replace(/^export\s+/, '')
    .replace(/^declare\s+/, '')
    .replace(/\n {4}/g, '\n  ');
}

/** The report of one package: every exported name and its declaration. */
export function buildApiReport(pkg: ApiPackage): string {
  const pkgRoot = join(ROOT, 'packages', pkg.dir);
  const sources = pkg.entries.map((e) => join(pkgRoot, e.source));
  const dts = emitDeclarations(sources);
  const outDir = join(ROOT, '.api-dts');
  const host = ts.createCompilerHost({ ...OPTIONS, rootDir: outDir });
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => dts.get(f) ?? readFile(f);
  host.fileExists = (f) => dts.has(f) || fileExists(f);
  const dirs = new Set(
    [...dts.keys()].flatMap((f) =>
      f
        .split(sep)
        .slice(1, -1)
        .map((_, i, parts) => sep + parts.slice(0, i + 1).join(sep)),
    ),
  );
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => dirs.has(d.replace(/[\\/]+$/, '')) || (directoryExists ? directoryExists(d) : false);
  const dtsOf = (source: string): string => join(outDir, relative(ROOT, source)).replace(/\.ts$/, '.d.ts');
  const program = ts.createProgram(sources.map(dtsOf), { ...OPTIONS, baseUrl: outDir, paths: { '@vsphere-kit/core/*': ['packages/core/src/*.d.ts'] } }, host);
  const checker = program.getTypeChecker();
  const sections: string[] = [
    `# API report: @vsphere-kit/${pkg.dir}`,
    '',
    `Generated by test-support/api-report.ts; do not edit. After a deliberate change of the public surface run \`${UPDATE_COMMAND}\` and commit the result.`,
    'Generated exports (services, schema types) are listed by name; their signatures follow the specs (see ir/operations.json).',
  ];
  for (const entry of pkg.entries) {
    const file = program.getSourceFile(dtsOf(join(pkgRoot, entry.source)));
    if (!file) throw new Error(`no declarations for ${entry.source}`);
    const moduleSymbol = checker.getSymbolAtLocation(file);
    const exports = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
    const full: string[] = [];
    const generated: string[] = [];
    for (const sym of [...exports].sort((a, b) => a.name.localeCompare(b.name))) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      const decls = target.getDeclarations() ?? [];
      if (decls.length === 0) continue;
      const where = decls[0]!.getSourceFile().fileName;
      if (where.includes(`${sep}generated${sep}`)) {
        generated.push(`${sym.name} (${kindOf(decls[0]!)})`);
        continue;
      }
      const header = sym.name === target.name ? '' : `// exported as ${sym.name}\n`;
      full.push(`${header}${decls.map(declarationText).join('\n')}`);
    }
    sections.push('', `## ${entry.subpath}`, '', '```ts', full.join('\n\n'), '```');
    if (generated.length) sections.push('', `Generated: ${generated.join(', ')}.`);
  }
  return `${sections.join('\n')}\n`;
}

function kindOf(decl: ts.Declaration): string {
  if (ts.isClassDeclaration(decl)) return 'class';
  if (ts.isInterfaceDeclaration(decl)) return 'interface';
  if (ts.isTypeAliasDeclaration(decl)) return 'type';
  if (ts.isFunctionDeclaration(decl)) return 'function';
  if (ts.isVariableDeclaration(decl)) return 'const';
  return ts.SyntaxKind[decl.kind];
}

/** Compares the committed report with the sources; returns a message on drift. */
export function checkApiReport(pkg: ApiPackage): string | undefined {
  const want = buildApiReport(pkg);
  let have = '';
  try {
    have = readFileSync(reportPath(pkg), 'utf8');
  } catch {
    return `${relative(ROOT, reportPath(pkg))} is missing: run ${UPDATE_COMMAND}`;
  }
  if (have === want) return undefined;
  const a = have.split('\n');
  const b = want.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `the public API of @vsphere-kit/${pkg.dir} differs from ${relative(ROOT, reportPath(pkg))} (first difference at line ${i + 1}: committed ${JSON.stringify(a[i] ?? '')}, now ${JSON.stringify(b[i] ?? '')}). If the change is deliberate, run ${UPDATE_COMMAND} and commit the report.`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const update = process.argv.includes('--update');
  let failed = false;
  for (const pkg of API_PACKAGES) {
    if (update) {
      mkdirSync(dirname(reportPath(pkg)), { recursive: true });
      writeFileSync(reportPath(pkg), buildApiReport(pkg));
      console.log(`wrote ${relative(ROOT, reportPath(pkg))}`);
    } else {
      const problem = checkApiReport(pkg);
      if (problem) {
        failed = true;
        console.error(problem);
      }
    }
  }
  process.exit(failed ? 1 : 0);
}
