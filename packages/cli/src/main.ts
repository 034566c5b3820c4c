/**
 * Entry point of the `vsphere` command (bundled into dist/vsphere.cjs).
 * Only the parser, the help texts and the namespace index load at start-up;
 * each namespace's command table, the HTTP client and YAML load on demand.
 */
import { NAMESPACES } from './generated/index.gen.js';
import { run } from './runtime/cli.js';
import { maskSecrets } from './runtime/secrets.js';

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
