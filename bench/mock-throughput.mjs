// 3. Mock throughput: GET /api/vcenter/vm with auth (session header) and
// validation on, req/s of the mock vs Prism serving the same route from a
// one-operation document of the same spec (prism-server.mjs). Each server and
// the load generator (loadgen.mjs) run in their own processes; fixed
// concurrency and duration; rounds rotate the order; medians. Also prints
// server CPU time per request (from /proc), which does not depend on the load
// generator, and the mock without its fast lane (everything through node:http).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BENCH, cpuMs, login, median, NODE, ratio, ROOT, runIfMain, spawnMock, spawnServer } from './lib.mjs';

const ROUNDS = 5;
const SECONDS = 3;
const CONCURRENCY = 32;
const TARGET = 5;

function spawnPrism() {
  return spawnServer('prism', [join(BENCH, 'prism-server.mjs')], 60_000);
}

function load(url, sessionId, seconds) {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [join(BENCH, 'loadgen.mjs'), url, '/api/vcenter/vm', String(CONCURRENCY), String(seconds), `vmware-api-session-id=${sessionId}`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`loadgen exited ${code}: ${err}`))));
  });
}

export async function main() {
  const [mock, nodeHttpOnly, prism] = await Promise.all([spawnMock(), spawnMock(['--no-fast-lane']), spawnPrism()]);
  try {
    const servers = {
      mock: { ...mock, sessionId: await login(mock.url) },
      nodeHttpOnly: { ...nodeHttpOnly, sessionId: await login(nodeHttpOnly.url) },
      prism: { ...prism, sessionId: 'bench-session' },
    };
    const names = Object.keys(servers);
    const rps = { mock: [], nodeHttpOnly: [], prism: [] };
    const cpuPerReq = { mock: [], nodeHttpOnly: [], prism: [] };
    let firstBad;
    for (const s of Object.values(servers)) await load(s.url, s.sessionId, 1); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      for (const name of [...names.slice(r % names.length), ...names.slice(0, r % names.length)]) {
        const s = servers[name];
        const c0 = cpuMs(s.pid);
        const res = await load(s.url, s.sessionId, SECONDS);
        const c1 = cpuMs(s.pid);
        if (res.other) firstBad = `${name} answered ${res.other} non-200 (first ${res.firstBad})`;
        rps[name].push(res.ok / res.seconds);
        if (c0 !== undefined && c1 !== undefined && res.requests) cpuPerReq[name].push(((c1 - c0) * 1000) / res.requests);
      }
    }
    if (firstBad) throw new Error(firstBad);
    const m = median(rps.mock);
    const p = median(rps.prism);
    const n = median(rps.nodeHttpOnly);
    const cpu = cpuPerReq.mock.length
      ? ` ; server CPU per request: mock ${median(cpuPerReq.mock).toFixed(0)} µs, Prism ${median(cpuPerReq.prism).toFixed(0)} µs (${ratio(median(cpuPerReq.prism) / median(cpuPerReq.mock))}), mock without fast lane ${median(cpuPerReq.nodeHttpOnly).toFixed(0)} µs`
      : '';
    return [
      {
        name: 'mock GET /api/vcenter/vm req/s vs Prism',
        ratio: m / p,
        value: ratio(m / p),
        target: `≥ ${TARGET}× Prism`,
        met: m / p >= TARGET,
        raw: `mock ${m.toFixed(0)} req/s, Prism ${p.toFixed(0)} req/s, mock without fast lane ${n.toFixed(0)} req/s (${ratio(n / p)} Prism; the lane adds ${ratio(m / n)}) (${CONCURRENCY} connections, ${ROUNDS} × ${SECONDS} s each, medians)${cpu}`,
      },
    ];
  } finally {
    await Promise.all([mock.close(), nodeHttpOnly.close(), prism.close()]);
  }
}

runIfMain(import.meta.url, main);
