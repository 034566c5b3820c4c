#!/usr/bin/env node
// The browsable reference behind `npm run docs`, built into dist/docs/ (not committed: tens of MiB):
//   dist/docs/html/index.html, <namespace>.html  Redocly's static HTML of each namespace, every schema included
//   dist/docs/client/index.html                  typedoc's reference of @vsphere-kit/client's public surface
//   dist/docs/client.json                        the same as JSON (what the test reads)
// The Markdown reference on GitHub is docs/api/ (generated with the code, committed).
//
//   node scripts/docs.mjs [--out DIR] [--namespace a,b] [--only html|client]
//
// Tools' chatter goes to DIR/docs.log; the path is printed when a step fails.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { out: { type: 'string', default: join(root, 'dist/docs') }, namespace: { type: 'string' }, only: { type: 'string' } },
});
if (values.only && !['html', 'client'].includes(values.only)) {
  console.error(`docs: --only takes html or client, not '${values.only}'`);
  process.exit(2);
}
const out = resolve(values.out);
const log = join(out, 'docs.log');
mkdirSync(out, { recursive: true });
writeFileSync(log, '');
const bin = (name) => join(root, 'node_modules/.bin', name);

/** Runs a tool with its output in the log; rejects naming the log when it fails. */
function run(title, command, args) {
  appendFileSync(log, `\n$ ${command} ${args.join(' ')}\n`);
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.on('data', (d) => appendFileSync(log, d));
    child.stderr.on('data', (d) => appendFileSync(log, d));
    child.on('error', (err) => fail(new Error(`${title}: could not start ${command}: ${err.message}`)));
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${title} failed (exit ${code}); its output is in ${log}`))));
  });
}

const html = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

async function buildHtml() {
  const specs = join(out, 'openapi');
  const pages = join(out, 'html');
  rmSync(pages, { recursive: true, force: true });
  mkdirSync(pages, { recursive: true });
  const namespaceArgs = values.namespace ? ['--namespace', values.namespace] : [];
  await run('cutting the bundled specs into one OpenAPI document per namespace', bin('tsx'), [
    'packages/generator/src/cli.ts',
    'openapi',
    '--out',
    specs,
    ...namespaceArgs,
  ]);
  const names = readdirSync(specs)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((n) => !values.namespace || values.namespace.split(',').includes(n))
    .sort();
  // Two at a time: each build is one Node process, mostly busy on one core.
  const queue = [...names];
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) {
      await run(`Redocly build-docs of ${name}`, bin('redocly'), [
        'build-docs',
        join(specs, `${name}.json`),
        '--output',
        join(pages, `${name}.html`),
        '--title',
        `vSphere Automation API: ${name} (vsphere-kit)`,
      ]);
    }
  };
  await Promise.all([worker(), worker()]);
  const items = names.map((n) => `    <li><a href="${n}.html">${html(n)}</a></li>`).join('\n');
  writeFileSync(
    join(pages, 'index.html'),
    `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>vSphere Automation API reference (vsphere-kit)</title></head>\n<body>\n  <h1>vSphere Automation API reference (vsphere-kit)</h1>\n  <p>One page per namespace: every operation and every schema it uses.</p>\n  <ul>\n${items}\n  </ul>\n</body>\n</html>\n`,
  );
  return `HTML reference of ${names.length} namespace(s): ${join(pages, 'index.html')}`;
}

/**
 * typedoc of the client's entry point. The schema types and the route table are generated from
 * the specs and documented field by field in docs/api, so they are left out here (they would make
 * hundreds of MiB of HTML); the hand-written surface and the generated service classes stay.
 */
async function buildClient() {
  const { Application, Converter } = await import('typedoc');
  const target = join(out, 'client');
  rmSync(target, { recursive: true, force: true });
  const app = await Application.bootstrapWithPlugins({
    entryPoints: [join(root, 'packages/client/src/index.ts')],
    tsconfig: join(root, 'packages/client/tsconfig.build.json'),
    name: '@vsphere-kit/client',
    readme: join(root, 'packages/client/README.md'),
    logLevel: 'Error',
    excludePrivate: true,
    excludeInternal: true,
    skipErrorChecking: true,
    validation: { notExported: false, invalidLink: false, notDocumented: false },
  });
  const leftOut = [];
  app.converter.on(Converter.EVENT_BEGIN, (context) => {
    const checker = context.programs[0].getTypeChecker();
    const exportsOf = checker.getExportsOfModule.bind(checker);
    checker.getExportsOfModule = (moduleSymbol) =>
      exportsOf(moduleSymbol).filter((symbol) => {
        const declared = symbol.flags & 2097152 /* ts.SymbolFlags.Alias */ ? checker.getAliasedSymbol(symbol) : symbol;
        const file = (declared.declarations?.[0]?.getSourceFile().fileName ?? '').split('\\').join('/');
        const generatedData = file.includes('/generated/') && !file.includes('/generated/services/') && !file.endsWith('/generated/api.gen.ts');
        if (generatedData) leftOut.push(symbol.name);
        return !generatedData;
      });
  });
  const project = await app.convert();
  if (!project) throw new Error(`typedoc could not convert packages/client/src/index.ts; its output is in ${log}`);
  await app.generateDocs(project, target);
  await app.generateJson(project, join(out, 'client.json'));
  return `TypeScript reference of @vsphere-kit/client (${project.children?.length ?? 0} exports; ${leftOut.length} schema types are in docs/api): ${join(target, 'index.html')}`;
}

try {
  const built = [];
  if (values.only !== 'client') built.push(await buildHtml());
  if (values.only !== 'html') built.push(await buildClient());
  for (const line of built) console.log(line);
} catch (err) {
  console.error(`docs: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
