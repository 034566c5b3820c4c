// 4. Mock memory with 10,000 VMs and mock start-up time.
// Memory: startMockServer({ vmCount: 10000 }) in a child process, a login and
// two lists (the unfiltered one answers UNABLE_TO_ALLOCATE_RESOURCE past 4,000;
// a filtered one returns 2,500 VMs), then RSS. Baseline: an idle node process.
// Start-up: spawn the built bin, time to `listening on`, vs spawn-to-exit of
// `node -e 0`, alternating runs, medians; and the same with `--state` holding 10,000 VMs
// plus a journal of 1,000 changes (the state a kill -9 leaves behind), loaded and replayed.
import { cpuMs, MOCK_DIST, median, mockRssProbe, ms, ratio, runIfMain, spawnMock, timedRun } from './lib.mjs';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const RUNS = 11;
const MEM_TARGET_MB = 150;
const START_TARGET_MS = 500;

/** Writes a 10,000-VM state file and 1,000 journal lines, then exits without a close (as a kill would). */
const stateProbe = (url, file) => `
const { startMockServer } = await import(${JSON.stringify(url)});
const mock = await startMockServer({ vmCount: 10000, stateFile: ${JSON.stringify(file)}, prism: false, log: () => {} });
const auth = 'Basic ' + Buffer.from('administrator@vsphere.local:VMware1!').toString('base64');
const sid = await (await fetch(mock.url + '/api/session', { method: 'POST', headers: { authorization: auth } })).json();
for (let i = 0; i < 1000; i++) {
  const r = await fetch(mock.url + '/api/vcenter/vm', { method: 'POST', headers: { 'vmware-api-session-id': sid, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'journaled-' + i, guest_OS: 'RHEL_9_64', placement: { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' } }) });
  if (r.status !== 201) throw new Error('create ' + r.status);
}
process.exit(0);
`;

export async function main() {
  // memory
  const mem = await mockRssProbe(10000, 'power_states=POWERED_OFF');
  if (mem.filtered !== 200) throw new Error(`filtered list failed: ${mem.filtered}`);
  const idle = JSON.parse((await timedRun(['-e', 'console.log(JSON.stringify(process.memoryUsage().rss))'])).stdout);
  const mb = mem.rss / 2 ** 20;
  const idleMb = idle / 2 ** 20;

  // start-up
  const times = { mock: [], node: [] };
  /** Process CPU of the mock by "listening on" (from /proc): steadier than wall time on a loaded machine. */
  const cpu = { mock: [], state: [] };
  const noteCpu = (list, pid) => {
    const c = cpuMs(pid);
    if (c !== undefined) list.push(c);
  };
  await spawnMock().then((m) => m.close());
  await timedRun(['-e', '0']);
  for (let i = 0; i < RUNS; i++) {
    for (const which of i % 2 ? ['node', 'mock'] : ['mock', 'node']) {
      if (which === 'node') times.node.push((await timedRun(['-e', '0'])).ms);
      else {
        const m = await spawnMock();
        times.mock.push(m.startupMs);
        noteCpu(cpu.mock, m.pid);
        await m.close();
      }
    }
  }
  const s = median(times.mock);
  const n = median(times.node);

  // start-up from a state file
  const dir = mkdtempSync(join(tmpdir(), 'bench-state-'));
  const master = join(dir, 'master.json');
  await timedRun(['--input-type=module', '-e', stateProbe(pathToFileURL(MOCK_DIST).href, master)]);
  const stateTimes = [];
  for (let i = 0; i < RUNS; i++) {
    const file = join(dir, `run-${i}.json`);
    copyFileSync(master, file);
    copyFileSync(`${master}.journal`, `${file}.journal`);
    const m = await spawnMock(['--state', file]);
    stateTimes.push(m.startupMs);
    noteCpu(cpu.state, m.pid);
    await m.close();
  }
  rmSync(dir, { recursive: true, force: true });
  const st = median(stateTimes);
  const cpuNote = (list) => (list.length ? `; process CPU by then ${ms(median(list))}` : '');
  return [
    {
      name: 'mock RSS with 10,000 VMs',
      ratio: mb / idleMb,
      value: `${mb.toFixed(0)} MB = ${ratio(mb / idleMb)} idle node`,
      target: `≤ ${MEM_TARGET_MB} MB`,
      met: mb <= MEM_TARGET_MB,
      raw: `RSS ${mb.toFixed(1)} MB after login + list (unfiltered: ${mem.all} ${mem.allType}; POWERED_OFF: ${mem.filteredCount} VMs); idle node ${idleMb.toFixed(1)} MB`,
    },
    {
      name: 'mock start-up (bin to "listening on")',
      ratio: s / n,
      value: `${ms(s)} = ${ratio(s / n)} node -e 0`,
      target: `≤ ${START_TARGET_MS} ms`,
      met: s <= START_TARGET_MS,
      raw: `mock ${ms(s)}, node -e 0 ${ms(n)} (medians of ${RUNS} alternating runs)${cpuNote(cpu.mock)}`,
    },
    {
      name: 'mock start-up with a 10,000-VM --state file + 1,000 journal lines',
      ratio: st / n,
      value: `${ms(st)} = ${ratio(st / n)} node -e 0`,
      target: `≤ ${START_TARGET_MS} ms`,
      met: st <= START_TARGET_MS,
      raw: `bin to "listening on" with the snapshot loaded and checked and the journal replayed: ${ms(st)} (median of ${RUNS} runs)${cpuNote(cpu.state)}`,
    },
  ];
}

runIfMain(import.meta.url, main);
