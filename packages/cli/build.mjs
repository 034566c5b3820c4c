// Bundles the vsphere CLI: dist/vsphere.cjs, the small launcher Node runs; dist/vsphere-main.cjs,
// the main code it compiles through the code cache; and the data read on demand:
// dist/vsphere-payloads.bin (packed code) and dist/vsphere-commands.bin (command tables).
//   node packages/cli/build.mjs            (from anywhere)
//
// Start-up stays flat as the API grows:
// - each namespace's command table is stored in the commands file; a command reads its
//   namespace's words and its own entry, nothing else;
// - the HTTP client is part of the main code, behind a lazy module initializer: help and
//   completion never run it, and the code cache holds only what a run compiled of it;
// - undici (federated logins only) and YAML are bundled separately, packed, and compiled
//   only when a command needs them (src/runtime/lazy.ts is replaced by those loaders).
// The client is bundled from source: the package has no runtime dependency.
//
// Stack traces (`vsphere --debug`) stay readable: the bundle and each embedded bundle ship a
// source map (dist/*.map, without sources), which `node --enable-source-maps` — the user's
// choice, e.g. NODE_OPTIONS=--enable-source-maps — follows back to src/*.ts. Without the flag
// Node never reads them, so start-up does not change.
//
// Env: VSPHERE_CLI_GENERATED=<dir> builds against another generated folder,
//      VSPHERE_CLI_OUTFILE=<file> writes elsewhere.
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import Module from 'node:module';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const outfile = resolve(here, process.env.VSPHERE_CLI_OUTFILE ?? 'dist/vsphere.cjs');
const generatedDir = resolve(here, process.env.VSPHERE_CLI_GENERATED ?? 'src/generated');
const clientEntry = resolve(here, '../client/src/index.ts');
for (const f of [join(generatedDir, 'index.gen.ts'), clientEntry]) {
  if (!existsSync(f)) {
    console.error(`build.mjs: ${f} is missing (run the generator first: pnpm generate)`);
    process.exit(1);
  }
}

/** Build-time tooling must never reach the bundle. */
const FORBIDDEN = /^(ts-morph|typescript|handlebars|openapi-typescript|@redocly\/.*|@vsphere-kit\/generator)(\/|$)/;

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // the workspace packages from source (the client and core are bundled in: the CLI has no runtime dependency)
  alias: { '@vsphere-kit/client': clientEntry, '@vsphere-kit/core': resolve(here, '../core/src') },
  define: { __VSPHERE_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: 'linked',
  // Paths only: the sources would double the maps, and the lazy loaders' sources hold the packed bundles.
  sourcesContent: false,
  logLevel: 'warning',
};
const distDir = dirname(outfile);
mkdirSync(distDir, { recursive: true });
// What an earlier build wrote (a file this build no longer writes would ship with the package).
for (const name of readdirSync(distDir)) if (/^vsphere[-.]/.test(name)) rmSync(join(distDir, name));

const guard = {
  name: 'vsphere-cli-guard',
  setup(b) {
    b.onResolve({ filter: FORBIDDEN }, (args) => ({
      errors: [{ text: `${args.path} must not be bundled into the CLI (imported by ${args.importer})` }],
    }));
  },
};

/**
 * The packed payloads (embedded bundles): brotli bytes one after another in
 * dist/vsphere-payloads.bin, beside the bundle. The main code holds only where each one is
 * (src/runtime/data-files.ts reads it on first use, and the code cache keeps it unpacked), so the
 * file Node reads and compiles on every run does not carry them: they were three quarters of it.
 */
// The name src/runtime/data-files.ts (MAIN_FILE) gives the launcher.
const MAIN_FILE = 'vsphere-main.cjs';
// The name src/runtime/data-files.ts (PAYLOAD_FILE) reads beside the bundle.
const PAYLOAD_FILE = 'vsphere-payloads.bin';
const payloadChunks = [];
let payloadSize = 0;

/** Packs `text` into the payload file; returns the JS source of `[offset, length, unpacked length]`. */
function pack(text) {
  const bytes = Buffer.from(text, 'utf8');
  const packed = brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } });
  payloadChunks.push(packed);
  const at = `[${payloadSize}, ${packed.length}, ${bytes.length}]`;
  payloadSize += packed.length;
  return at;
}
const dataFilesModule = join(here, 'src/runtime/data-files.ts');
const codeCacheModule = join(here, 'src/runtime/code-cache.ts');
const lazyCommandsModule = join(here, 'src/runtime/lazy-commands.ts');

/** A packed payload and its content hash (the code cache's key), each as JS source. */
function packText(text) {
  return [pack(text), JSON.stringify(createHash('sha256').update(text).digest('hex').slice(0, 20))];
}

/** A packed embedded bundle as the JS source of `[where it is packed, hash]`. */
function packCode(text) {
  return `[${packText(Module.wrap(text)).join(', ')}]`;
}

/** The code of an embedded bundle named `name`; its source map is written to dist/<name>.map, where the loader's filename points. */
function embedded(result, name) {
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
  writeFileSync(join(distDir, `${name}.map`), map.text);
  return result.outputFiles.find((f) => !f.path.endsWith('.map')).text;
}

/** Bundles one module on its own and returns its CommonJS code. */
async function innerBundle(entry, name) {
  const r = await build({
    ...common,
    entryPoints: [entry],
    outfile: join(distDir, name),
    write: false,
    plugins: [guard],
    supported: { 'dynamic-import': false },
  });
  return embedded(r, name);
}

/** undici on its own: commands use Node's http stack, so only federation logins ever compile it. */
async function undiciBundle() {
  const r = await build({
    ...common,
    stdin: { contents: "export * from 'undici';", resolveDir: join(here, '../client'), loader: 'js' },
    outfile: join(distDir, 'vsphere-undici.js'),
    write: false,
  });
  return embedded(r, 'vsphere-undici.js');
}

/**
 * src/runtime/lazy.ts → on-demand loaders. The client is part of the main code (the code cache
 * holds what a run compiled of it); YAML and undici are embedded bundles, packed, compiled the
 * first time a command needs them. The client's `import('undici')` resolves to that loader.
 */
const lazyModules = {
  name: 'vsphere-cli-lazy',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici', namespace: 'vsphere-undici' }));
    b.onLoad({ filter: /.*/, namespace: 'vsphere-undici' }, () => ({
      contents: `module.exports = require(${JSON.stringify(join(here, 'src/runtime/lazy.ts'))}).loadUndici();`,
      loader: 'js',
      resolveDir: join(here, 'src/runtime'),
    }));
    b.onLoad({ filter: /[\\/]src[\\/]runtime[\\/]lazy\.ts$/ }, async () => {
      const yaml = await innerBundle(join(here, 'src/runtime/yaml-api.ts'), 'vsphere-yaml.js');
      const undici = await undiciBundle();
      const contents = `
import { join } from 'node:path';
import { unpack } from ${JSON.stringify(dataFilesModule)};
import { compileModule } from ${JSON.stringify(codeCacheModule)};
// Each embedded bundle is compiled as a CommonJS module named after a file beside this one
// (which does not exist), so \`node --enable-source-maps\` finds its map there (dist/<name>.map),
// through the CLI's code cache (src/runtime/code-cache.ts), keyed by the bundle's content hash.
function compile([packed, hash], name) {
  return compileModule(() => unpack(packed), join(__dirname, name), hash, require);
}
let undiciExports;
// undici parses HTTP with a WebAssembly build of llhttp. V8's optimizing wasm compiler spends
// far longer on it than a command's few requests could win back (it doubled the run time of a
// federation login); the baseline compiler is plenty. Set here, just before undici compiles
// (only federation logins load it), so no other command pays for loading node:v8. A CLI-only
// choice, never made by the client library.
export function loadUndici() {
  if (undiciExports) return undiciExports;
  process.getBuiltinModule('node:v8').setFlagsFromString('--liftoff-only');
  return (undiciExports = compile(${packCode(undici)}, 'vsphere-undici.js'));
}
export const loadClientApi = () => import(${JSON.stringify(join(here, 'src/runtime/client-api.ts'))});
let yamlExports;
export const loadYaml = () => Promise.resolve((yamlExports ??= compile(${packCode(yaml)}, 'vsphere-yaml.js')));
`;
      return { contents, loader: 'js', resolveDir: join(here, 'src/runtime') };
    });
  },
};

/**
 * The command tables, stored as they are (not packed) in dist/vsphere-commands.bin, one range per
 * table: a header line with every command's words (joined by spaces) and where each command's JSON ends, then one
 * line of JSON per command (src/runtime/lazy-commands.ts reads the header, then one line).
 */
// The name src/runtime/data-files.ts (COMMANDS_FILE) reads beside the bundle.
const COMMANDS_FILE = 'vsphere-commands.bin';
const tableChunks = [];
let tableSize = 0;

/** Stores one table; returns the JS source of its `[offset, header length, body length]`. */
function storeTable(table) {
  // JSON.stringify never writes a newline: each command is one line.
  const lines = table.map(({ words: _, ...rest }) => Buffer.from(`${JSON.stringify(rest)}\n`, 'utf8'));
  const ends = [];
  let end = 0;
  for (const line of lines) ends.push((end += line.length));
  for (const { words } of table) {
    if (words.some((w) => !w || /[\s]/.test(w))) throw new Error(`build.mjs: command words ${JSON.stringify(words)} hold a space or are empty`);
  }
  const keys = table.map((c) => c.words.join(' ')).join('\n');
  const header = Buffer.from(`${JSON.stringify({ keys, ends })}\n`, 'utf8');
  const at = `[${tableSize}, ${header.length}, ${end}]`;
  tableChunks.push(header, ...lines);
  tableSize += header.length + end;
  return at;
}

/** Evaluates a generated command table at build time and re-emits each export as a reference to its stored range. */
async function tableAsRanges(file) {
  const source = readFileSync(file, 'utf8');
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20' });
  if (/^\s*import\s/m.test(code)) return undefined; // not pure data: bundle it as it is
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  const lines = Object.entries(mod).map(([name, table]) => `export const ${name} = /* @__PURE__ */ lazyCommands(${storeTable(table)});`);
  return [`import { lazyCommands } from ${JSON.stringify(lazyCommandsModule)};`, ...lines].join('\n');
}

const generated = {
  name: 'vsphere-cli-generated',
  setup(b) {
    b.onResolve({ filter: /^\.\/generated\/index\.gen\.js$/ }, (args) =>
      args.importer.endsWith(join('src', 'main.ts')) ? { path: join(generatedDir, 'index.gen.ts') } : undefined,
    );
    b.onLoad({ filter: /[\\/]commands[\\/][^\\/]+\.gen\.ts$/ }, async (args) => {
      const contents = await tableAsRanges(args.path);
      return contents === undefined ? undefined : { contents, loader: 'js' };
    });
  },
};

// The main bundle, in dist/vsphere-main.cjs inside Node's CommonJS wrapper and followed by its
// content hash; the small launcher (src/launcher.ts), dist/vsphere.cjs, checks the hash, and
// compiles it through the code cache: a second run deserializes the main code instead of parsing it.
const result = await build({
  ...common,
  entryPoints: [join(here, 'src/main.ts')],
  outfile,
  write: false,
  metafile: true,
  plugins: [guard, lazyModules, generated],
});
const mainCode = result.outputFiles.find((f) => !f.path.endsWith('.map')).text;
writeFileSync(`${outfile}.map`, result.outputFiles.find((f) => f.path.endsWith('.map')).text);
// ASCII code (esbuild's default charset): the source V8 compiles is one byte per character.
for (let i = 0; i < mainCode.length; i++) {
  if (mainCode.charCodeAt(i) > 0x7f) throw new Error(`build.mjs: the main bundle has a non-ASCII character at offset ${i}`);
}
const mainHash = createHash('sha256').update(mainCode).digest('hex').slice(0, 20);
writeFileSync(join(distDir, MAIN_FILE), `${Module.wrap(mainCode)}\n//VSPHERE_MAIN ${mainHash}\n`);
const launcher = await build({
  ...common,
  entryPoints: [join(here, 'src/launcher.ts')],
  outfile,
  write: false,
  sourcemap: false,
  banner: { js: '#!/usr/bin/env node' },
  define: { ...common.define, __VSPHERE_MAIN_HASH__: JSON.stringify(mainHash) },
  plugins: [guard],
});
writeFileSync(outfile, launcher.outputFiles[0].text);
chmodSync(outfile, 0o755);
writeFileSync(join(distDir, PAYLOAD_FILE), Buffer.concat(payloadChunks));
writeFileSync(join(distDir, COMMANDS_FILE), Buffer.concat(tableChunks));
const bytes = Buffer.byteLength(readFileSync(outfile));
console.log(
  `built ${outfile} (${(bytes / 1024).toFixed(0)} KiB; payloads ${(payloadSize / 1024).toFixed(0)} KiB in ${PAYLOAD_FILE}; command tables ${(tableSize / 1024).toFixed(0)} KiB in ${COMMANDS_FILE})`,
);
