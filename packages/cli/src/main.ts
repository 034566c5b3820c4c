/**
 * Entry point of the `vsphere` command (bundled into dist/vsphere.cjs).
 * Only the parser, the help texts and the namespace index load at start-up;
 * each namespace's command table, the HTTP client and YAML load on demand.
 */
import { NAMESPACES } from './generated/index.gen.js';
import { run } from './runtime/cli.js';
import { maskSecrets } from './runtime/secrets.js';
import { flushed, standardOutput } from './runtime/stdio.js';

const stdout = standardOutput(1);
const stderr = standardOutput(2);

run(process.argv.slice(2), { stdout, stderr, env: process.env, processExits: true }, NAMESPACES).then(
  async (code) => {
    await Promise.all([flushed(stdout), flushed(stderr)]);
    process.exit(code);
  },
  (err: unknown) => {
    stderr.write(maskSecrets(`error: ${(err as Error)?.message ?? String(err)}\n`));
    process.exit(1);
  },
);
