#!/usr/bin/env node
// Runs every benchmark, each in its own node process (so one does not warm up
// or load another), and prints a final table. Every figure is a ratio against
// a baseline measured in the same run. Exits 0 when targets are missed
// (printed as MISSED); exits 1 only when a benchmark crashes.
//   node bench/run.mjs [name ...]     (names: client-calls client-job client-import mock-throughput vcsim mock-startup-memory mock-scale cli-startup treeshake regenerate)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH, CLI_BUNDLE, CLIENT_DIST, MOCK_BIN, NODE, ROOT, resultOf } from './lib.mjs';

const ALL = [
  'client-calls',
  'client-job',
  'client-import',
  'mock-throughput',
  'vcsim',
  'mock-startup-memory',
  'mock-scale',
  'cli-startup',
  'treeshake',
  'regenerate',
];
const selected = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
for (const n of selected) {
  if (!ALL.includes(n)) {
    console.error(`unknown benchmark ${n}; one of ${ALL.join(', ')}`);
    process.exit(2);
  }
}
for (const f of [CLIENT_DIST, MOCK_BIN, CLI_BUNDLE]) {
  if (!existsSync(f)) {
    console.error(`${f} is missing: build first (npm run bench builds everything)`);
    process.exit(1);
  }
}

function runOne(name) {
  return new Promise((resolve) => {
    console.log(`\n▶ ${name}`);
    const started = Date.now();
    const child = spawn(NODE, [join(BENCH, `${name}.mjs`)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      process.stdout.write(d.replace(/^@@BENCH .*$\n?/m, ''));
    });
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@BENCH '));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code !== 0 || !line) resolve({ name, crashed: `exit ${code}`, seconds });
      else resolve({ name, rows: JSON.parse(line.slice(8)), seconds });
    });
  });
}

const results = [];
for (const name of selected) results.push(await runOne(name));

const table = [];
for (const r of results) {
  if (r.crashed) table.push([r.name, 'CRASHED', '', r.crashed]);
  else for (const row of r.rows) table.push([row.name, row.value, row.target, resultOf(row)]);
}
const w = [0, 1, 2].map((i) => Math.max(...table.map((t) => t[i].length)));
console.log('\nbenchmark'.padEnd(w[0] + 1) + '  ' + 'figure'.padEnd(w[1]) + '  ' + 'target'.padEnd(w[2]) + '  result');
for (const t of table) console.log(`${t[0].padEnd(w[0])}  ${t[1].padEnd(w[1])}  ${t[2].padEnd(w[2])}  ${t[3]}`);
console.log(`\ntimings: ${results.map((r) => `${r.name} ${r.seconds}s`).join(', ')}`);
const crashed = results.filter((r) => r.crashed);
if (crashed.length) {
  console.error(`\n${crashed.length} benchmark(s) crashed: ${crashed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
