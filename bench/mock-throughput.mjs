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
import { join } from 'node:path';
import { BENCH, interleavedRounds, loadgen, login, median, ratio, runIfMain, spawnMock, spawnServer } from './lib.mjs';

const ROUNDS = 9;
const SECONDS = 2;
const CONCURRENCY = 32;
const TARGET = 5;

function spawnPrism() {
  return spawnServer('prism', [join(BENCH, 'prism-server.mjs')], 60_000);
}

export async function main() {
  const [mock, nodeHttpOnly, prism] = await Promise.all([spawnMock(), spawnMock(['--no-fast-lane']), spawnPrism()]);
  try {
    const servers = {
      mock: { ...mock, sessionId: await login(mock.url) },
      nodeHttpOnly: { ...nodeHttpOnly, sessionId: await login(nodeHttpOnly.url) },
      prism: { ...prism, sessionId: 'bench-session' },
    };
    const load = (name, seconds) =>
      loadgen(
        { ...servers[name], name },
        { path: '/api/vcenter/vm', concurrency: CONCURRENCY, seconds, headers: [`vmware-api-session-id=${servers[name].sessionId}`] },
      );
    const names = Object.keys(servers);
    for (const name of names) await load(name, 1); // warm-up
    const runs = await interleavedRounds(names, ROUNDS, (name) => load(name, SECONDS));
    const rps = Object.fromEntries(names.map((n) => [n, runs[n].map((res) => res.ok / res.seconds)]));
    const cpuPerReq = Object.fromEntries(names.map((n) => [n, runs[n].map((res) => res.serverUsPerRequest).filter((v) => v !== undefined)]));
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
