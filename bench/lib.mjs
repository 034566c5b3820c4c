// Shared helpers of the benchmarks: medians, timed child processes, the mock in
// its own process, the load generator run and rounds interleaved across servers,
// and the result line that bench/run.mjs collects.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(BENCH, '..');
export const NODE = process.execPath;
export const MOCK_BIN = join(ROOT, 'packages/mock-server/dist/bin/vsphere-mock.js');
export const MOCK_DIST = join(ROOT, 'packages/mock-server/dist/index.js');
export const CLIENT_DIST = join(ROOT, 'packages/client/dist/index.js');
export const CLI_BUNDLE = join(ROOT, 'packages/cli/dist/vsphere.cjs');
export const USER = 'administrator@vsphere.local';
export const PASSWORD = 'VMware1!';

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `min–max` of some figures: how far the rounds behind a median spread. */
export const spread = (values, digits = 2) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

/** `list` started at its `r`-th item: round `r`'s order, so that no one goes first every round. */
export const rotate = (list, r) => [...list.slice(r % list.length), ...list.slice(0, r % list.length)];

/**
 * `rounds` rounds of `measure(name, round)` for every name, in an order that rotates by round, so
 * that the machine's drift over a run hits every side of a ratio alike. Per name, its figures in
 * round order (a ratio per round pairs the i-th figures).
 */
export async function interleavedRounds(names, rounds, measure) {
  const figures = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) for (const name of rotate(names, r)) figures[name].push(await measure(name, r));
  return figures;
}

export const ms = (n) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
export const us = (n) => `${n.toFixed(1)} µs`;
export const ratio = (n) => `${n.toFixed(2)}×`;

/** One benchmark row: `name: ratio (target)` plus the raw figures; `skipped` when its baseline could not run. */
export function row({ name, ratio: r, target, met, value, raw, skipped }) {
  return { name, ratio: r, target, met, value, raw, skipped };
}

/** Printed by every benchmark file on its last line; bench/run.mjs parses it. */
/** A row's result: met or MISSED; `skipped`; an informational row (`info`) says whether it is within the figure. */
export function resultOf(r) {
  if (r.skipped) return 'skipped';
  if (r.info) return r.met ? 'within (info)' : 'above (info)';
  return r.met ? 'met' : 'MISSED';
}

export function emit(rows) {
  for (const r of rows) {
    console.log(`${r.name}: ${r.value ?? ratio(r.ratio)} (target ${r.target}) ${resultOf(r)}`);
    if (r.raw) console.log(`  ${r.raw}`);
  }
  console.log(`@@BENCH ${JSON.stringify(rows)}`);
}

/** Resolves when `child` has closed, with its exit code and all it wrote to stdout and stderr. */
function finished(child) {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a child to its end and returns the wall time in ms (from spawn to exit) and its output. */
export async function timedRun(args, { env = process.env, cwd = ROOT, node = NODE } = {}) {
  const start = performance.now();
  const { code, stdout, stderr } = await finished(spawn(node, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
  const elapsed = performance.now() - start;
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`);
  return { ms: elapsed, stdout, stderr };
}

/**
 * RSS of a mock holding `vmCount` VMs (startMockServer in a child process) after a login, the
 * unfiltered VM list and the list filtered by `query`: `{ rss, all, allType, filtered, filteredCount }`
 * (the statuses of both lists, the unfiltered one's error type or length, the filtered one's length).
 */
export async function mockRssProbe(vmCount, query) {
  const probe = `
const { startMockServer } = await import(${JSON.stringify(pathToFileURL(MOCK_DIST).href)});
const mock = await startMockServer({ vmCount: ${vmCount}, log: () => {} });
const auth = 'Basic ' + Buffer.from(${JSON.stringify(`${USER}:${PASSWORD}`)}).toString('base64');
const sid = await (await fetch(mock.url + '/api/session', { method: 'POST', headers: { authorization: auth } })).json();
const all = await fetch(mock.url + '/api/vcenter/vm', { headers: { 'vmware-api-session-id': sid } });
const allBody = await all.json();
const filtered = await fetch(mock.url + '/api/vcenter/vm?' + ${JSON.stringify(query)}, { headers: { 'vmware-api-session-id': sid } });
const filteredBody = await filtered.json();
const rss = process.memoryUsage().rss;
await mock.close();
console.log(JSON.stringify({ rss, all: all.status, allType: allBody.error_type ?? allBody.length, filtered: filtered.status, filteredCount: filteredBody.length }));
`;
  const { stdout } = await timedRun(['--input-type=module', '-e', probe]);
  return JSON.parse(stdout.trim().split('\n').pop());
}

/**
 * Starts a server script (or `command`, pinned to core `cpu` when given) in its own process; resolves once it prints
 * `listening on <url>`, with the time that took and a close() that stops it.
 */
export function spawnServer(name, args, startTimeoutMs = 30_000, { command = NODE, cpu } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // taskset execs the command, so the child's pid is the server's (for cpuMs).
    const [file, argv] = cpu === undefined ? [command, args] : ['taskset', ['-c', String(cpu), command, ...args]];
    const child = spawn(file, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${startTimeoutMs / 1000} s: ${err.slice(0, 500)}`));
    }, startTimeoutMs);
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const startupMs = performance.now() - start;
        resolve({
          url: m[1],
          pid: child.pid,
          child,
          startupMs,
          close: () =>
            new Promise((r) => {
              if (child.exitCode !== null || child.signalCode !== null) return r();
              child.once('exit', () => r());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 3000).unref();
            }),
        });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!/listening on/.test(out)) reject(new Error(`${name} exited ${code} before listening: ${err.slice(0, 500)}`));
    });
  });
}

/** Starts the built mock bin in its own process (pinned to core `cpu` when given). */
export function spawnMock(extra = [], cpu = undefined) {
  return spawnServer('mock', [MOCK_BIN, '--port', '0', '--quiet', ...extra], 30_000, { cpu });
}

/** POST /api/session with Basic auth; returns the session id. */
export async function login(url, user = USER, password = PASSWORD) {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
  });
  if (res.status !== 201) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return JSON.parse(await res.text());
}

/**
 * CPU time of a process in ms (Linux; undefined elsewhere): the sum over its threads of
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds on the CPU), else utime + stime of
 * /proc/<pid>/stat (10 ms ticks, too coarse for a few thousand requests).
 */
export function cpuMs(pid) {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    // no schedstat (kernel without CONFIG_SCHEDSTATS) or a thread that just ended: the ticks
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/**
 * One run of loadgen.mjs in its own process (pinned to core `cpu` when given) against
 * `server.url` + `path`: for `seconds`, or `count` answers after `warmup`. The server's CPU over
 * exactly the counted answers comes back as `serverUsPerRequest` (µs; undefined off Linux). An
 * answer other than `expect` (any 2xx by default) rejects, naming the server and the call.
 */
export async function loadgen(server, { path, concurrency, seconds = 0, count, warmup, method = 'GET', headers = [], body, expect, cpu }) {
  const args = [join(BENCH, 'loadgen.mjs'), server.url, path, String(concurrency), String(seconds), ...headers, `--method=${method}`];
  if (count !== undefined) args.push(`--count=${count}`);
  if (warmup !== undefined) args.push(`--warmup=${warmup}`);
  if (server.pid !== undefined) args.push(`--server-pid=${server.pid}`);
  if (body !== undefined) args.push(`--body=${JSON.stringify(body)}`);
  if (expect !== undefined) args.push(`--expect=${expect}`);
  const [file, argv] = cpu === undefined ? [NODE, args] : ['taskset', ['-c', String(cpu), NODE, ...args]];
  const call = `${server.name ?? server.url} ${method} ${path}`;
  const { code, stdout, stderr } = await finished(spawn(file, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
  if (code !== 0) throw new Error(`loadgen (${call}) exited ${code}: ${stderr.slice(0, 500)}`);
  const r = JSON.parse(stdout.trim().split('\n').pop());
  if (r.other) throw new Error(`${call}: ${r.other} unexpected answers (first ${r.firstBad})`);
  const serverUsPerRequest = r.serverCpuMs === undefined || !r.requests ? undefined : (r.serverCpuMs * 1000) / r.requests;
  return { ...r, serverUsPerRequest };
}

/** Runs `main` when the file is the entry point (each benchmark also runs alone). */
export function runIfMain(metaUrl, main) {
  if (process.argv[1] && fileURLToPath(metaUrl) === process.argv[1]) {
    main().then(
      (rows) => {
        emit(rows);
        process.exit(0);
      },
      (err) => {
        console.error(err?.stack ?? err);
        process.exit(1);
      },
    );
  }
}
