// Builds the published client: declarations from tsc, runtime from esbuild.
// The runtime is bundled into one ESM file (and one CJS twin) because loading
// ~200 generated modules one by one costs hundreds of milliseconds at import;
// a bundler that imports from it still tree-shakes unused services.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--emitDeclarationOnly'], { stdio: 'inherit' });
// The same declarations once more under a `"type": "commonjs"` folder: TypeScript
// reads dist/*.d.ts as ESM (the package is "type": "module"), and a CommonJS
// program may not import ESM (TS1479), so `require` gets its own copy.
for (const file of readdirSync('dist', { recursive: true })) {
  if (!file.endsWith('.d.ts')) continue;
  mkdirSync(dirname(join('dist/commonjs', file)), { recursive: true });
  copyFileSync(join('dist', file), join('dist/commonjs', file));
}
writeFileSync('dist/commonjs/package.json', '{ "type": "commonjs" }\n');

const common = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  // undici and @vsphere-kit/core are dependencies: core's modules load as themselves, so each class exists once.
  external: ['undici', '@vsphere-kit/core', '@vsphere-kit/core/*'],
  // A user's stack trace points at readable code: the output keeps its lines and names, and
  // `node --enable-source-maps` (the user's choice) maps it back to src/ through index.{js,cjs}.map.
  sourcemap: 'linked',
  sourcesContent: true,
  legalComments: 'none',
  minifySyntax: true,
  logLevel: 'warning',
};
await build({ ...common, format: 'esm', outfile: 'dist/index.js' });
await build({ ...common, format: 'cjs', outfile: 'dist/index.cjs' });
