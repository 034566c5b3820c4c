// The CommonJS twin of the mock's entry points (`require('@vsphere-kit/mock-server')` and
// `require('@vsphere-kit/mock-server/jest')`), after tsc has built the ESM ones into dist/:
// - dist/cjs/index.js: the whole library in one CommonJS file; dependencies (core's own CJS build
//   among them) stay external. `import.meta.url` becomes this file's URL, so the generated JSON is
//   still read from dist/generated (one copy for both forms).
// - dist/cjs/testing/jest.js: the jest helper, requiring ../index.js, so that a program that
//   requires both gets one mock library.
// - the declarations copied beside them, under a package.json that says "commonjs".
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

process.chdir(dirname(fileURLToPath(import.meta.url)));
rmSync('dist/cjs', { recursive: true, force: true });

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  packages: 'external',
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/cjs/index.js' });
await build({
  ...common,
  entryPoints: ['src/testing/jest.ts'],
  outfile: 'dist/cjs/testing/jest.js',
  plugins: [
    {
      name: 'library-stays-shared',
      setup(b) {
        b.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) => ({ path: args.path, external: true }));
      },
    },
  ],
});

for (const file of readdirSync('dist', { recursive: true })) {
  if (!file.endsWith('.d.ts') || file.startsWith('cjs')) continue;
  mkdirSync(dirname(join('dist/cjs', file)), { recursive: true });
  copyFileSync(join('dist', file), join('dist/cjs', file));
}
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
