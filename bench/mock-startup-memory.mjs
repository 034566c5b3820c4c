// 4. Mock memory with 10,000 VMs and mock start-up time.
// Memory: startMockServer({ vmCount: 10000 }) in a child process, a login and
// two lists (the unfiltered one answers UNABLE_TO_ALLOCATE_RESOURCE past 4,000;
// a filtered one returns 2,500 VMs), then RSS. Baseline: an idle node process.
// Start-up: spawn the built bin, time to `listening on`, vs spawn-to-exit of
// `node -e 0`, alternating runs, medians.
import { MOCK_DIST, median, ms, ratio, runIfMain, spawnMock, timedRun } from './lib.mjs';
import { pathToFileURL } from 'node:url';

const RUNS = 11;
const MEM_TARGET_MB = 150;
const START_TARGET_MS = 500;

const memProbe = (url) => `
const { startMockServer } = await import(${JSON.stringify(url)});
const mock = await startMockServer({ vmCount: 10000, log: () => {} });
const auth = 'Basic ' + Buffer.from('administrator@vsphere.local:VMware1!').toString('base64');
const sid = await (await fetch(mock.url + '/api/session', { method: 'POST', headers: { authorization: auth } })).json();
const all = await fetch(mock.url + '/api/vcenter/vm', { headers: { 'vmware-api-session-id': sid } });
const allBody = await all.json();
const off = await fetch(mock.url + '/api/vcenter/vm?power_states=POWERED_OFF', { headers: { 'vmware-api-session-id': sid } });
const offBody = await off.json();
const rss = process.memoryUsage().rss;
await mock.close();
console.log(JSON.stringify({ rss, all: all.status, allType: allBody.error_type ?? allBody.length, off: off.status, offCount: offBody.length }));
`;

export async function main() {
  // memory
  const { stdout } = await timedRun(['--input-type=module', '-e', memProbe(pathToFileURL(MOCK_DIST).href)]);
  const mem = JSON.parse(stdout.trim().split('\n').pop());
  if (mem.off !== 200) throw new Error(`filtered list failed: ${mem.off}`);
  const idle = JSON.parse((await timedRun(['-e', 'console.log(JSON.stringify(process.memoryUsage().rss))'])).stdout);
  const mb = mem.rss / 2 ** 20;
  const idleMb = idle / 2 ** 20;

  // start-up
  const times = { mock: [], node: [] };
  await spawnMock().then((m) => m.close());
  await timedRun(['-e', '0']);
  for (let i = 0; i < RUNS; i++) {
    for (const which of i % 2 ? ['node', 'mock'] : ['mock', 'node']) {
      if (which === 'node') times.node.push((await timedRun(['-e', '0'])).ms);
      else {
        const m = await spawnMock();
        times.mock.push(m.startupMs);
        await m.close();
      }
    }
  }
  const s = median(times.mock);
  const n = median(times.node);
  return [
    {
      name: 'mock RSS with 10,000 VMs',
      ratio: mb / idleMb,
      value: `${mb.toFixed(0)} MB = ${ratio(mb / idleMb)} idle node`,
      target: `≤ ${MEM_TARGET_MB} MB`,
      met: mb <= MEM_TARGET_MB,
      raw: `RSS ${mb.toFixed(1)} MB after login + list (unfiltered: ${mem.all} ${mem.allType}; POWERED_OFF: ${mem.offCount} VMs); idle node ${idleMb.toFixed(1)} MB`,
    },
    {
      name: 'mock start-up (bin to "listening on")',
      ratio: s / n,
      value: `${ms(s)} = ${ratio(s / n)} node -e 0`,
      target: `≤ ${START_TARGET_MS} ms`,
      met: s <= START_TARGET_MS,
      raw: `mock ${ms(s)}, node -e 0 ${ms(n)} (medians of ${RUNS} alternating runs)`,
    },
  ];
}

runIfMain(import.meta.url, main);
