/**
 * Entry point of the `vsphere` command (bundled into dist/vsphere.cjs).
 * Only the parser, the help texts and the namespace index load at start-up;
 * each namespace's command table, the HTTP client and YAML load on demand.
 */
import { setFlagsFromString } from 'node:v8';
import { NAMESPACES } from './generated/index.gen.js';
import { run } from './runtime/cli.js';
import { maskSecrets } from './runtime/secrets.js';

// undici parses HTTP with a WebAssembly build of llhttp. V8's optimizing wasm
// compiler spends far longer on it than a command's few requests could ever
// win back (it doubled the run time of `vsphere vcenter vm list`); the baseline
// compiler is plenty here. Set before undici loads; a CLI-only choice, never
// made by the client library.
setFlagsFromString('--liftoff-only');

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }, NAMESPACES).then(
  async (code) => {
    await Promise.all([flush(process.stdout), flush(process.stderr)]);
    process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(maskSecrets(`error: ${(err as Error)?.message ?? String(err)}\n`));
    process.exit(1);
  },
);
