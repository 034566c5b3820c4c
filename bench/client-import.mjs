// 2. Client import time: fresh node processes, performance.now() around
// `await import(...)` inside the process. Baseline: importing undici alone
// (alternating runs, medians). Also prints what the import drags in: bytes
// parsed, node builtins loaded by the import, and the module count.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { CLIENT_DIST, median, ms, ratio, runIfMain, timedRun } from './lib.mjs';

const RUNS = 15;
const TARGET_MS = 50;

const probe = (url) => `
const before = new Set(process.moduleLoadList);
const t = performance.now();
await import(${JSON.stringify(url)});
const elapsed = performance.now() - t;
const builtins = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13));
console.log(JSON.stringify({ elapsed, builtins }));
`;

async function measure(url) {
  const { stdout } = await timedRun(['--input-type=module', '-e', probe(url)]);
  return JSON.parse(stdout.trim().split('\n').pop());
}

export async function main() {
  const clientUrl = pathToFileURL(CLIENT_DIST).href;
  const undiciUrl = pathToFileURL(createRequire(import.meta.url).resolve('undici')).href;
  const runs = { client: [], undici: [] };
  let clientBuiltins = [];
  let undiciBuiltins = [];
  await measure(clientUrl); // warm the file cache
  await measure(undiciUrl);
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? ['undici', 'client'] : ['client', 'undici'];
    for (const which of order) {
      const r = await measure(which === 'client' ? clientUrl : undiciUrl);
      runs[which].push(r.elapsed);
      if (which === 'client') clientBuiltins = r.builtins;
      else undiciBuiltins = r.builtins;
    }
  }
  const c = median(runs.client);
  const u = median(runs.undici);
  const kib = (statSync(CLIENT_DIST).size / 1024).toFixed(0);
  const heavy = clientBuiltins.filter((b) => /^(tls|crypto|zlib|http|https|net|stream|_tls_wrap|internal\/crypto|internal\/tls)/.test(b));
  return [
    {
      name: 'client import time',
      ratio: c / u,
      value: `${ms(c)} = ${ratio(c / u)} undici`,
      target: `≤ ${TARGET_MS} ms`,
      met: c <= TARGET_MS,
      raw:
        `dist/index.js ${kib} KiB (one module, undici not loaded at import); median of ${RUNS} fresh processes ${ms(c)} ` +
        `(min ${ms(Math.min(...runs.client))}); undici alone ${ms(u)}; ` +
        `builtins loaded by the client import: ${clientBuiltins.length}${heavy.length ? ` (incl. ${heavy.slice(0, 8).join(', ')})` : ''}; ` +
        `by undici: ${undiciBuiltins.length}`,
    },
  ];
}

runIfMain(import.meta.url, main);
