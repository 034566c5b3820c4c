#!/usr/bin/env node
// Entry point of the root npm scripts. It needs only Node 20 and npm: pnpm
// comes through npx at the exact version the workspace pins.
//   node scripts/run.mjs test      install, check generated code, lint, build, typecheck, run every test
//   node scripts/run.mjs demo      install, generate, build, run the end-to-end demo against the mock
//   node scripts/run.mjs generate  install, regenerate from specs/
//   node scripts/run.mjs bench     install, build, run the benchmarks
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = ['-y', 'pnpm@12.4.2'];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', COREPACK_INTEGRITY_KEYS: '0', DO_NOT_TRACK: '1' };
const timings = [];

function step(title, command, args) {
  const started = Date.now();
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
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

const install = () => pnpm('install (pnpm 12.4.2, frozen lockfile)', 'install', '--frozen-lockfile', '--reporter=append-only');

const commands = {
  test() {
    install();
    pnpm('check generated code is up to date with specs/', 'exec', 'tsx', 'packages/generator/src/cli.ts', 'check');
    pnpm('lint specs (redocly)', 'exec', 'redocly', 'lint', '--format=summary', ...specFiles());
    pnpm('build', 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
    pnpm('type-check', 'exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only');
    pnpm('test (vitest, every package)', 'exec', 'vitest', 'run');
  },
  demo() {
    install();
    pnpm('generate from specs/', 'exec', 'tsx', 'packages/generator/src/cli.ts', 'generate');
    pnpm('build', 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
    step('demo: mock vCenter, CLI and client', process.execPath, ['scripts/demo.mjs']);
  },
  generate() {
    install();
    pnpm('generate from specs/', 'exec', 'tsx', 'packages/generator/src/cli.ts', 'generate');
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
commands[name]();
printTimings();
