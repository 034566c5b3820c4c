// 3. Mock throughput: GET /api/vcenter/vm with auth (session header) and
// validation on, req/s of the mock vs Prism serving the same route from a
// one-operation document of the same spec (prism-server.mjs). Each server and
// the load generator (loadgen.mjs) run in their own processes; fixed
// concurrency and duration; each round measures every server back to back (in
// a rotating order) and the figure is the median of the rounds' ratios, so that
// this machine's drift over a run (its speed changes by up to 1.5x within
// minutes) hits both sides of each ratio alike. Also prints
// server CPU time per request (from /proc), which does not depend on the load
// generator, and the mock without its fast lane (everything through node:http).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BENCH, cpuMs, login, median, NODE, ratio, ROOT, runIfMain, spawnMock, spawnServer } from './lib.mjs';

const ROUNDS = 9;
const SECONDS = 2;
const CONCURRENCY = 32;
const TARGET = 5;

function spawnPrism() {
  return spawnServer('prism', [join(BENCH, 'prism-server.mjs')], 60_000);
}

function load(url, sessionId, seconds) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      NODE,
      [join(BENCH, 'loadgen.mjs'), url, '/api/vcenter/vm', String(CONCURRENCY), String(seconds), `vmware-api-session-id=${sessionId}`],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
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
    const perRound = (a, b) => median(rps[a].map((v, i) => v / rps[b][i]));
    const vsPrism = perRound('mock', 'prism');
    const m = median(rps.mock);
    const p = median(rps.prism);
    const n = median(rps.nodeHttpOnly);
    const cpu = cpuPerReq.mock.length
      ? ` ; server CPU per request: mock ${median(cpuPerReq.mock).toFixed(0)} µs, Prism ${median(cpuPerReq.prism).toFixed(0)} µs (${ratio(median(cpuPerReq.prism) / median(cpuPerReq.mock))}), mock without fast lane ${median(cpuPerReq.nodeHttpOnly).toFixed(0)} µs`
      : '';
    return [
      {
        name: 'mock GET /api/vcenter/vm req/s vs Prism',
        ratio: vsPrism,
        value: ratio(vsPrism),
        target: `≥ ${TARGET}× Prism`,
        met: vsPrism >= TARGET,
        raw:
          `median of ${ROUNDS} rounds' ratios (each round ${SECONDS} s per server, ${CONCURRENCY} connections); rounds: ${rps.mock.map((v, i) => (v / rps.prism[i]).toFixed(2)).join(' ')}` +
          ` ; medians: mock ${m.toFixed(0)} req/s, Prism ${p.toFixed(0)} req/s, mock without fast lane ${n.toFixed(0)} req/s (${ratio(perRound('nodeHttpOnly', 'prism'))} Prism; the lane adds ${ratio(perRound('mock', 'nodeHttpOnly'))})${cpu}`,
      },
    ];
  } finally {
    await Promise.all([mock.close(), nodeHttpOnly.close(), prism.close()]);
  }
}

runIfMain(import.meta.url, main);
