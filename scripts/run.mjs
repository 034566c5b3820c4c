#!/usr/bin/env node
// Entry point of the root npm scripts. It needs only Node 20 and npm: pnpm
// comes through npx at the exact version the workspace pins.
//   node scripts/run.mjs test      install, check generated code, lint, build, typecheck, run every test,
//                                  then the published-package suites again on Node 22 and 24
//   node scripts/run.mjs user-nodes  install, build, the published-package suites on Node 22 and 24
//   node scripts/run.mjs lint      install, lint + format check of hand-written code (Biome)
//   node scripts/run.mjs format    install, format hand-written code in place (Biome)
//   node scripts/run.mjs demo      install, generate, build, run the end-to-end demo against the mock
//   node scripts/run.mjs generate  install, regenerate from specs/
//   node scripts/run.mjs bench     install, build, run the benchmarks
//   node scripts/run.mjs docs      install, build the HTML reference (Redocly) and the client's typedoc into dist/docs/
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { USER_NODE_LINES, nodeBinary as nodeBinaryOf } from './node-lines.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = ['-y', 'pnpm@12.4.2'];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', COREPACK_INTEGRITY_KEYS: '0', DO_NOT_TRACK: '1' };
const timings = [];

function step(title, command, args, stepEnv = env) {
  const started = Date.now();
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: stepEnv });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push([title, seconds]);
  if (result.error) {
    console.error(`✖ ${title}: could not start ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal}) after ${seconds}s`);
    printTimings();
    process.exit(result.status || 1);
  }
}

const pnpm = (title, ...args) => step(title, 'npx', [...PNPM, ...args]);

/**
 * A step whose tools' output goes to `log` instead of the terminal: it prints one line, `summary`
 * of that output, or on failure the log's path and its last lines.
 */
function quietStep(title, args, log, summary = () => '') {
  const started = Date.now();
  const result = spawnSync('npx', [...PNPM, ...args], { cwd: root, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  appendFileSync(log, `\n$ pnpm ${args.join(' ')}\n${output}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push([title, seconds]);
  if (result.error || result.status !== 0) {
    const tail = output.trimEnd().split('\n').slice(-15).join('\n');
    console.error(
      `✖ ${title} failed (${result.error ? result.error.message : `exit ${result.status}`}) after ${seconds}s; its output is in ${relative(process.cwd(), log) || log}:\n${tail}`,
    );
    process.exit(result.status || 1);
  }
  const said = summary(output);
  console.log(`  ✓ ${title}${said ? `: ${said}` : ''} (${seconds}s)`);
}

function printTimings() {
  console.log('\ntimings:');
  for (const [title, seconds] of timings) console.log(`  ${seconds.padStart(6)}s  ${title}`);
}

function specFiles() {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (entry !== 'documented') walk(full);
      } else if (entry.endsWith('.yaml')) out.push(relative(root, full));
    }
  };
  walk(join(root, 'specs'));
  return out;
}

/** Suites of the published packages: packed tarballs installed by npm, the client against the mock, the CLI bundle. */
function publishedSuites() {
  const packTests = readdirSync(join(root, 'packages'))
    .sort()
    .map((pkg) => `packages/${pkg}/test/pack.test.ts`)
    .filter((file) => existsSync(join(root, file)));
  return [
    ...packTests,
    'packages/client/test/smoke.test.ts',
    'packages/client/test/contract.test.ts',
    'packages/cli/test/bundle.test.ts',
    'packages/cli/test/commands.test.ts',
  ];
}

/** Path of the `node` binary of one release line; the run stops, saying why, when it cannot be had. */
function nodeBinary(line) {
  try {
    return nodeBinaryOf(line, { cwd: root, env });
  } catch (err) {
    console.error(`✖ ${err.message}`);
    console.error('The published-package suites must run on every supported Node line; check the npm registry is reachable.');
    printTimings();
    process.exit(1);
  }
}

/**
 * Runs independent steps side by side: most of them wait on one core (a single-threaded linter,
 * npm installs, servers, subprocesses), so together they take about the time of the longest.
 * Each step's output is printed whole when it ends, under its title; when one fails, the others
 * still finish (their output and timing are shown) and then the run stops.
 */
async function together(jobs) {
  const runs = jobs.map(({ title, command, args, env: jobEnv = env }) => {
    console.log(`\n▶ ${title} — started`);
    const started = Date.now();
    return new Promise((resolve) => {
      const child = spawn(command, args, { cwd: root, env: jobEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      const output = [];
      child.stdout.on('data', (d) => output.push(d));
      child.stderr.on('data', (d) => output.push(d));
      child.on('error', (error) => resolve({ title, started, output, status: null, error }));
      child.on('close', (status, signal) => resolve({ title, started, output, status: status ?? signal }));
    }).then((result) => {
      const seconds = ((Date.now() - result.started) / 1000).toFixed(1);
      timings.push([title, seconds]);
      console.log(`\n▶ ${title} — finished after ${seconds}s`);
      process.stdout.write(Buffer.concat(result.output));
      return { ...result, seconds };
    });
  });
  const failed = (await Promise.all(runs)).filter((r) => r.status !== 0);
  for (const r of failed) console.error(`✖ ${r.title} failed (${r.error ? r.error.message : `exit ${r.status}`}) after ${r.seconds}s`);
  if (failed.length) {
    printTimings();
    process.exit(1);
  }
}

/** A pnpm step for together(). */
const pnpmJob = (title, ...args) => ({ title, command: 'npx', args: [...PNPM, ...args] });

/**
 * Runs the published-package suites on every user Node line at once: vitest and every child it
 * starts (npm, the CLI, test programs) use that line's node.
 */
function publishedSuitesOnUserNodes() {
  // A report left by an earlier run must not be counted for this one (.ci/count-tests.mjs adds them up).
  for (const line of USER_NODE_LINES) rmSync(join(root, 'reports', `vitest-node${line}.json`), { force: true });
  const nodes = USER_NODE_LINES.map((line) => ({ line, node: nodeBinary(line) }));
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const suites = publishedSuites();
  return together(
    nodes.map(({ line, node }) => {
      const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
      // Node's folder first on PATH, so `npm`, `npx` and `#!/usr/bin/env node` scripts run on it too.
      const lineEnv = { ...env, PATH: `${dirname(node)}${delimiter}${env.PATH ?? ''}`, VSPHERE_KIT_VITEST_REPORT: `reports/vitest-node${line}.json` };
      return { title: `published-package suites on Node ${version} (${node})`, command: node, args: [vitest, 'run', ...suites], env: lineEnv };
    }),
  );
}

const install = () => pnpm('install (pnpm 12.4.2, frozen lockfile)', 'install', '--frozen-lockfile', '--reporter=append-only');

const LINT = ['lint + format check of hand-written code (biome)', 'exec', 'biome', 'ci', '--error-on-warnings', '.'];
const lint = () => pnpm(...LINT);

const commands = {
  async test() {
    install();
    // read-only checks of the sources, independent of each other and of the build
    await together([
      pnpmJob('check generated code is up to date with specs/', 'exec', 'tsx', 'packages/generator/src/cli.ts', 'check'),
      pnpmJob('lint specs (redocly)', 'exec', 'redocly', 'lint', '--format=summary', ...specFiles()),
      pnpmJob(...LINT),
    ]);
    pnpm('build', 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
    await together([
      pnpmJob('type-check', 'exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only'),
      pnpmJob('type-check the repository checks (test/)', 'exec', 'tsc', '-p', 'test/tsconfig.json'),
    ]);
    pnpm(`test (vitest, every package, Node ${process.version})`, 'exec', 'vitest', 'run');
    return publishedSuitesOnUserNodes();
  },
  'user-nodes'() {
    install();
    pnpm('build', 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
    return publishedSuitesOnUserNodes();
  },
  lint() {
    install();
    lint();
  },
  format() {
    install();
    pnpm('format hand-written code (biome)', 'exec', 'biome', 'format', '--write', '.');
  },
  demo() {
    // Only the demo's own story reaches the terminal; install, generate and build each say one line.
    const log = join(root, '.tmp', 'demo-setup.log');
    mkdirSync(dirname(log), { recursive: true });
    writeFileSync(log, '');
    console.log(`preparing the workspace (tools' output in ${relative(process.cwd(), log)})`);
    quietStep('install', ['install', '--frozen-lockfile', '--reporter=append-only'], log);
    // The generator compares a hash of specs/, its own code and the lockfile with ir/manifest.json
    // and skips the pipeline when they match: a warm rerun costs milliseconds here.
    quietStep('generate', ['exec', 'tsx', 'packages/generator/src/cli.ts', 'generate'], log, (out) =>
      out.includes('inputs and outputs match') ? 'specs/ unchanged since ir/manifest.json was written, skipped' : out.trim().split('\n').at(-1),
    );
    quietStep('build', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], log, (out) => {
      const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(out);
      return cached ? `${cached[1]} of ${cached[2]} packages from turbo's cache` : '';
    });
    const demo = spawnSync(process.execPath, ['scripts/demo.mjs'], { cwd: root, stdio: 'inherit', env });
    process.exit(demo.status ?? 1);
  },
  generate() {
    install();
    pnpm('generate from specs/', 'exec', 'tsx', 'packages/generator/src/cli.ts', 'generate');
  },
  docs() {
    install();
    step('HTML reference (Redocly) and TypeScript reference (typedoc) into dist/docs/', process.execPath, ['scripts/docs.mjs', ...process.argv.slice(3)]);
  },
  bench() {
    install();
    pnpm('build', 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
    step('benchmarks', process.execPath, ['bench/run.mjs']);
  },
};

const name = process.argv[2];
if (!commands[name]) {
  console.error(`usage: node scripts/run.mjs ${Object.keys(commands).join('|')}`);
  process.exit(2);
}
await commands[name]();
printTimings();
