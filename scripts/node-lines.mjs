// The Node release lines users run, and where to get each one's binary. Shared by the test
// runner (scripts/run.mjs: the published-package suites run on each line) and the benchmarks
// (bench/cli-startup.mjs: the CLI starts on each line).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The lines of the published packages' engines (`>=22`). Node 20 runs the repository's own tooling. */
export const USER_NODE_LINES = ['22', '24'];

/**
 * Path of the `node` binary of one release line, from the npm registry's `node` package through
 * npx (cached after the first fetch). Throws an Error that says how it failed.
 */
export function nodeBinary(line, { cwd, env = process.env } = {}) {
  const result = spawnSync('npx', ['-y', `node@${line}`, '-p', 'process.execPath'], { cwd, env, encoding: 'utf8' });
  const path = result.stdout?.trim();
  if (result.status !== 0 || !path || !existsSync(path)) {
    const why = (result.stderr || '').trim() || '(no output)';
    throw new Error(`could not obtain Node ${line} with \`npx -y node@${line}\` (exit ${result.status ?? result.error?.message}): ${why}`);
  }
  return path;
}
