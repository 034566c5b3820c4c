// 7. Regeneration and no-op rebuilds of the whole API.
// - generate when nothing changed (ir/manifest.json records the inputs): wall of the process, median.
// - full pipeline (`check --full`: every emitter, nothing written), cold (no parsed-spec cache)
//   and warm (specs parsed by the previous run), wall of the process.
// - `turbo run build` when every task is cached: turbo's own reported time, median (the npx that
//   fetches pnpm is not turbo's cost).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { median, ROOT, runIfMain, timedRun } from './lib.mjs';

const GENERATOR = ['--import', 'tsx', join(ROOT, 'packages/generator/src/cli.ts')];
const PARSE_CACHE = join(ROOT, 'node_modules/.cache/vsphere-kit-generator');
const NOOP_RUNS = 5;
const FULL_TARGET_S = 10;
const NOOP_TARGET_S = 1;
const TURBO_TARGET_MS = 500;

function turboNoopMs() {
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
  const r = spawnSync('npx', ['-y', 'pnpm@12.4.2', 'exec', 'turbo', 'run', 'build', '--output-logs=none'], { cwd: ROOT, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`turbo run build exited ${r.status}: ${(r.stderr || r.stdout).slice(0, 500)}`);
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(r.stdout);
  const time = /Time:\s+([\d.]+)(ms|s)\b/.exec(r.stdout);
  if (!cached || !time) throw new Error(`turbo's summary was not found in: ${r.stdout.slice(-500)}`);
  return { ms: Number(time[1]) * (time[2] === 's' ? 1000 : 1), allCached: cached[1] === cached[2] };
}

export async function main() {
  const s = (msValue) => `${(msValue / 1000).toFixed(2)} s`;
  await timedRun([...GENERATOR, 'generate']); // records the manifest when it is stale
  const noop = [];
  for (let i = 0; i < NOOP_RUNS; i++) noop.push((await timedRun([...GENERATOR, 'generate'])).ms);
  rmSync(PARSE_CACHE, { recursive: true, force: true });
  const cold = (await timedRun([...GENERATOR, 'check', '--full'])).ms;
  const warm = (await timedRun([...GENERATOR, 'check', '--full'])).ms;
  turboNoopMs(); // the first run may build what changed
  const turbo = Array.from({ length: NOOP_RUNS }, turboNoopMs);
  const turboMs = median(turbo.map((t) => t.ms));
  return [
    {
      name: 'regeneration, whole API (cold)',
      value: s(cold),
      target: `≤ ${FULL_TARGET_S} s`,
      met: cold <= FULL_TARGET_S * 1000,
      raw: `check --full without the parsed-spec cache ${s(cold)}; with it (specs unchanged since the last parse) ${s(warm)}`,
    },
    {
      name: 'regeneration, specs unchanged',
      value: s(median(noop)),
      target: `≤ ${NOOP_TARGET_S} s`,
      met: median(noop) <= NOOP_TARGET_S * 1000,
      raw: `generate with ir/manifest.json current: median of ${NOOP_RUNS} processes ${s(median(noop))} (min ${s(Math.min(...noop))})`,
    },
    {
      name: 'turbo build, nothing changed',
      value: `${turboMs.toFixed(0)} ms`,
      target: `≤ ${TURBO_TARGET_MS} ms`,
      met: turboMs <= TURBO_TARGET_MS && turbo.every((t) => t.allCached),
      raw: `turbo's own time, median of ${NOOP_RUNS} (${turbo.map((t) => t.ms.toFixed(0)).join(', ')} ms)${turbo.every((t) => t.allCached) ? '' : '; some tasks were not cached'}`,
    },
  ];
}

runIfMain(import.meta.url, main);
