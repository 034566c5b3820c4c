// Bundles the vsphere CLI into one CommonJS file: dist/vsphere.cjs.
//   node packages/cli/build.mjs            (from anywhere)
// The client is bundled from source (no runtime dependency); each namespace's
// command table stays a lazily evaluated module, so start-up cost does not
// grow with the API. VSPHERE_CLI_GENERATED=<dir> builds against another
// generated folder (tests use a fixture before the generator has run).
import { build } from 'esbuild';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const outfile = resolve(here, process.env.VSPHERE_CLI_OUTFILE ?? 'dist/vsphere.cjs');
const generatedDir = resolve(here, process.env.VSPHERE_CLI_GENERATED ?? 'src/generated');
if (!existsSync(join(generatedDir, 'index.gen.ts'))) {
  console.error(`build.mjs: ${join(generatedDir, 'index.gen.ts')} is missing: run the generator first (pnpm generate)`);
  process.exit(1);
}

/** Never let build-time tooling into the bundle. */
const FORBIDDEN = /^(ts-morph|typescript|handlebars|openapi-typescript|@vsphere-kit\/generator)(\/|$)/;

const guard = {
  name: 'vsphere-cli-guard',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (FORBIDDEN.test(args.path)) {
        return { errors: [{ text: `${args.path} must not be bundled into the CLI (imported by ${args.importer})` }] };
      }
      return undefined;
    });
    b.onResolve({ filter: /generated\/index\.gen\.js$/ }, (args) => {
      if (!args.importer.endsWith(join('src', 'main.ts'))) return undefined;
      return { path: join(generatedDir, 'index.gen.ts') };
    });
  },
};

const result = await build({
  entryPoints: [join(here, 'src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  alias: { '@vsphere-kit/client': resolve(here, process.env.VSPHERE_CLI_CLIENT ?? '../client/src/index.ts') },
  define: { __VSPHERE_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  minifySyntax: true,
  minifyWhitespace: true,
  keepNames: true,
  sourcemap: false,
  logLevel: 'warning',
  metafile: true,
  plugins: [guard],
});
chmodSync(outfile, 0o755);
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`built ${outfile} (${(bytes / 1024).toFixed(0)} KiB)`);
