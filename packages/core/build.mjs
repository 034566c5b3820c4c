// Builds @vsphere-kit/core: one small module per subpath, never bundled, so an
// importer (the CLI bundle, the client bundle, the mock) loads only what it uses
// and every class exists once. ESM and declarations from tsc; a CommonJS twin
// of each module (and of its declarations) under dist/commonjs for `require`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

process.chdir(dirname(fileURLToPath(import.meta.url)));

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
const sources = readdirSync('src', { recursive: true })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join('src', f));
await build({
  entryPoints: sources,
  outdir: 'dist/commonjs',
  outbase: 'src',
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
// TypeScript reads dist/*.d.ts as ESM ("type": "module"); a CommonJS program gets its own copy.
for (const file of readdirSync('dist', { recursive: true })) {
  if (!file.endsWith('.d.ts') || file.startsWith('commonjs')) continue;
  mkdirSync(dirname(join('dist/commonjs', file)), { recursive: true });
  copyFileSync(join('dist', file), join('dist/commonjs', file));
}
writeFileSync('dist/commonjs/package.json', '{ "type": "commonjs" }\n');
