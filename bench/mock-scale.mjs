// 8. The mock at 100,000 VMs.
// Filtered list: GET /api/vcenter/vm?names=<one VM> on a mock holding 100,000 generated VMs
// (`--vm-count 100000`) against the same call on the default inventory (5 VMs); server CPU per
// request from /proc (loadgen.mjs drives each server in turn, rounds interleaved, ratio per round).
// Folder by folder: every VM listed with ?folders=<one> per folder at 100,000 and at 10,000 VMs, server
// CPU per listed VM (linear when each folder's list costs its own VMs only).
// Start-up: spawn the built bin with `--vm-count 100000` to `listening on`, and with a `--state`
// file of 100,000 VMs (written by this bench from `--vm-count`, so nothing is committed), medians.
// Memory: startMockServer({ vmCount: 100000 }) in a child process, a login, the unfiltered list
// (answers UNABLE_TO_ALLOCATE_RESOURCE past 4,000) and a filtered one, then RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuMs, interleavedRounds, loadgen, login, median, MOCK_DIST, mockRssProbe, ms, ratio, runIfMain, spawnMock, spread, timedRun, us } from './lib.mjs';

const VMS = 100_000;
const ROUNDS = 7;
const SECONDS = 1.5;
const CONCURRENCY = 4;
const START_RUNS = 5;
const LIST_TARGET = 3;
const START_TARGET_MS = 2000;
const FOLDER_ROUNDS = 3;
/**
 * Folder by folder, server CPU per listed VM at 100,000 VMs over 10,000: near 1× when a folder's list
 * costs its own VMs only (a bigger heap costs a little per VM), ~10× when each folder's list scans every
 * VM (67 folders against 7).
 */
const FOLDER_TARGET = 2;
const MEM_TARGET_MB = 400;

async function filteredList() {
  const [small, big] = await Promise.all([spawnMock(), spawnMock(['--vm-count', String(VMS)])]);
  try {
    const servers = {
      small: { ...small, path: '/api/vcenter/vm?names=web-01', sessionId: await login(small.url) },
      big: { ...big, path: `/api/vcenter/vm?names=load-${String(VMS / 2).padStart(5, '0')}`, sessionId: await login(big.url) },
    };
    const load = (name, seconds) => {
      const s = servers[name];
      return loadgen({ ...s, name }, { path: s.path, concurrency: CONCURRENCY, seconds, headers: [`vmware-api-session-id=${s.sessionId}`] });
    };
    for (const [name, s] of Object.entries(servers)) {
      const res = await fetch(s.url + s.path, { headers: { 'vmware-api-session-id': s.sessionId } });
      const body = await res.json();
      if (res.status !== 200 || body.length !== 1) throw new Error(`${s.path} answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      await load(name, 0.5); // warm-up (and the index of names is built)
    }
    const cpu = await interleavedRounds(['small', 'big'], ROUNDS, async (name) => (await load(name, SECONDS)).serverUsPerRequest);
    const ratios = cpu.big.map((b, i) => b / cpu.small[i]);
    const x = median(ratios);
    return {
      name: `mock GET /api/vcenter/vm?names=<one> at ${VMS.toLocaleString('en')} VMs vs 5 VMs (server CPU/request)`,
      ratio: x,
      value: ratio(x),
      target: `≤ ${LIST_TARGET}×`,
      met: x <= LIST_TARGET,
      raw: `median of ${ROUNDS} interleaved rounds' ratios (spread ${spread(ratios)}); server CPU per request: ${us(median(cpu.big))} at ${VMS.toLocaleString('en')} VMs, ${us(median(cpu.small))} at 5`,
    };
  } finally {
    await Promise.all([small.close(), big.close()]);
  }
}

/**
 * Lists every VM folder by folder, `passes` times; returns the server's CPU per listed VM (µs). Each
 * call also names every datacenter plus one that does not exist, a filter every VM passes but spelt
 * anew each time: the mock then never answers from its memo of a previous identical list, which would
 * favour the inventory with fewer folders.
 */
let calls = 0;
async function listByFolder(server, passes) {
  const headers = { 'vmware-api-session-id': server.sessionId };
  const folders = (await (await fetch(`${server.url}/api/vcenter/folder?type=VIRTUAL_MACHINE`, { headers })).json()).map((f) => f.folder);
  const datacenters = (await (await fetch(`${server.url}/api/vcenter/datacenter`, { headers })).json()).map((d) => `&datacenters=${d.datacenter}`).join('');
  const c0 = cpuMs(server.pid);
  let listed = 0;
  for (let p = 0; p < passes; p++) {
    for (const f of folders) {
      const res = await fetch(`${server.url}/api/vcenter/vm?folders=${f}${datacenters}&datacenters=absent-${calls++}`, { headers });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`?folders=${f} answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      listed += body.length;
    }
  }
  return ((cpuMs(server.pid) - c0) * 1000) / listed;
}

async function folderByFolder() {
  const small = VMS / 10;
  const [mid, big] = await Promise.all([spawnMock(['--vm-count', String(small)]), spawnMock(['--vm-count', String(VMS)])]);
  try {
    const servers = { mid: { ...mid, sessionId: await login(mid.url) }, big: { ...big, sessionId: await login(big.url) } };
    await listByFolder(servers.mid, 1); // warm-up (and the folder index is built)
    await listByFolder(servers.big, 1);
    const ratios = [];
    const perVm = { mid: [], big: [] };
    for (let r = 0; r < FOLDER_ROUNDS; r++) {
      // As many VMs listed from each server: ten passes over the smaller one.
      const m = await listByFolder(servers.mid, 10);
      const b = await listByFolder(servers.big, 1);
      perVm.mid.push(m);
      perVm.big.push(b);
      ratios.push(b / m);
    }
    const x = median(ratios);
    return {
      name: `mock every VM listed folder by folder at ${VMS.toLocaleString('en')} vs ${small.toLocaleString('en')} VMs (server CPU per VM)`,
      ratio: x,
      value: ratio(x),
      target: `≤ ${FOLDER_TARGET}×`,
      met: x <= FOLDER_TARGET,
      raw: `median of ${FOLDER_ROUNDS} rounds' ratios (spread ${spread(ratios)}); ${us(median(perVm.big))} per VM at ${VMS.toLocaleString('en')}, ${us(median(perVm.mid))} at ${small.toLocaleString('en')} (a scan of every VM per folder would grow with the number of folders)`,
    };
  } finally {
    await Promise.all([mid.close(), big.close()]);
  }
}

/** Start-up times of the bin (spawn to `listening on`) and its CPU time by then (from /proc: steadier on a loaded machine). */
async function startRuns(args) {
  const times = [];
  const cpu = [];
  for (let i = 0; i < START_RUNS; i++) {
    const m = await spawnMock(args);
    times.push(m.startupMs);
    const c = cpuMs(m.pid);
    if (c !== undefined) cpu.push(c);
    await m.close();
  }
  return { times, cpu };
}

const cpuNote = (cpu) => (cpu.length ? `; process CPU by then ${ms(median(cpu))} (spread ${spread(cpu, 0)} ms)` : '');

/** Writes a state file of VMS generated VMs (a clean close writes the snapshot). */
const stateProbe = (url, file) => `
const { startMockServer } = await import(${JSON.stringify(url)});
const mock = await startMockServer({ vmCount: ${VMS}, stateFile: ${JSON.stringify(file)}, prism: false, log: () => {} });
await mock.close();
`;

export async function main() {
  const url = pathToFileURL(MOCK_DIST).href;
  const list = await filteredList();
  const byFolder = await folderByFolder();

  const mem = await mockRssProbe(VMS, 'names=load-00042');
  if (mem.filtered !== 200 || mem.filteredCount !== 1) throw new Error(`filtered list at ${VMS} VMs failed: ${JSON.stringify(mem)}`);
  const mb = mem.rss / 2 ** 20;

  const generated = await startRuns(['--vm-count', String(VMS)]);
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  let fromState;
  try {
    const file = join(dir, 'state.json');
    await timedRun(['--input-type=module', '-e', stateProbe(url, file)]);
    fromState = await startRuns(['--state', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const g = median(generated.times);
  const st = median(fromState.times);
  return [
    list,
    byFolder,
    {
      name: `mock start-up with ${VMS.toLocaleString('en')} VMs (--vm-count)`,
      ratio: g / START_TARGET_MS,
      value: ms(g),
      target: `≤ ${START_TARGET_MS} ms`,
      met: g <= START_TARGET_MS,
      raw: `bin to "listening on", median of ${START_RUNS} runs (spread ${spread(generated.times, 0)} ms)${cpuNote(generated.cpu)}`,
    },
    {
      name: `mock start-up with a ${VMS.toLocaleString('en')}-VM --state file`,
      ratio: st / START_TARGET_MS,
      value: ms(st),
      target: `≤ ${START_TARGET_MS} ms`,
      met: st <= START_TARGET_MS,
      raw: `bin to "listening on" with the snapshot loaded and checked, median of ${START_RUNS} runs (spread ${spread(fromState.times, 0)} ms)${cpuNote(fromState.cpu)}; the file is written by this bench from --vm-count`,
    },
    {
      name: `mock RSS with ${VMS.toLocaleString('en')} VMs`,
      ratio: mb / MEM_TARGET_MB,
      value: `${mb.toFixed(0)} MB`,
      target: `≤ ${MEM_TARGET_MB} MB`,
      met: mb <= MEM_TARGET_MB,
      raw: `RSS ${mb.toFixed(1)} MB after login, the unfiltered list (${mem.allType}) and ?names=<one> (${mem.filteredCount} VM)`,
    },
  ];
}

runIfMain(import.meta.url, main);
