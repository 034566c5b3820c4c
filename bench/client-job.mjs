// 8. A realistic client job against raw undici: the mock holds 10,000 VMs (startMockServer's
// vmCount, spread over VM folders); the job lists the VM folders, lists the VMs folder by
// folder, then gets every VM with 16 requests in flight. The raw side sends the same requests
// with one undici Agent configured as the client's, the same headers and JSON decoding.
// Rounds alternate which side goes first; the figure is the median of per-round wall ratios.
import { rawUndici } from './raw-undici.mjs';
import { VsphereClient } from '@vsphere-kit/client';
import { median, ms, PASSWORD, ratio, runIfMain, spawnMock, USER } from './lib.mjs';

const VMS = 10_000;
const IN_FLIGHT = 16;
const ROUNDS = 5;
const TARGET = 1.1;

/** Runs `work(item)` over `items` with at most `limit` at a time. */
async function pool(items, limit, work) {
  let next = 0;
  const runners = Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

export async function main() {
  const mock = await spawnMock(['--vm-count', String(VMS)]);
  try {
    const client = new VsphereClient({ baseUrl: mock.url, username: USER, password: PASSWORD });
    await client.vcenter.folder.list({ type: 'VIRTUAL_MACHINE' }); // logs in, opens the connections
    const baseline = rawUndici(mock.url, client.core.sessionId);
    const get = (path) => baseline.get(path);

    const viaClient = async () => {
      const folders = await client.vcenter.folder.list({ type: 'VIRTUAL_MACHINE' });
      const vms = [];
      for (const f of folders) vms.push(...(await client.vcenter.vm.list({ folders: [f.folder] })));
      let got = 0;
      await pool(vms, IN_FLIGHT, async (vm) => {
        await client.vcenter.vm.get(vm.vm);
        got++;
      });
      return got;
    };
    const viaRaw = async () => {
      const folders = await get('/api/vcenter/folder?type=VIRTUAL_MACHINE');
      const vms = [];
      for (const f of folders) vms.push(...(await get(`/api/vcenter/vm?folders=${encodeURIComponent(f.folder)}`)));
      let got = 0;
      await pool(vms, IN_FLIGHT, async (vm) => {
        await get(`/api/vcenter/vm/${encodeURIComponent(vm.vm)}`);
        got++;
      });
      return got;
    };

    // Both sides must do the whole job: every VM, once.
    const [a, b] = [await viaClient(), await viaRaw()];
    if (a !== b || a < VMS) throw new Error(`the job reached ${a} VMs through the client and ${b} raw (expected ≥ ${VMS})`);

    const timed = async (fn) => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };
    const ratios = [];
    const clientMs = [];
    const rawMs = [];
    for (let round = 0; round < ROUNDS; round++) {
      let c;
      let r;
      if (round % 2 === 0) {
        c = await timed(viaClient);
        r = await timed(viaRaw);
      } else {
        r = await timed(viaRaw);
        c = await timed(viaClient);
      }
      clientMs.push(c);
      rawMs.push(r);
      ratios.push(c / r);
    }
    await client.close();
    await baseline.close();
    const m = median(ratios);
    return [
      {
        name: `Client job: ${VMS.toLocaleString('en')} VMs listed folder by folder, then each got, ${IN_FLIGHT} in flight`,
        ratio: m,
        value: ratio(m),
        target: `≤ ${TARGET.toFixed(2)}× raw undici`,
        met: m <= TARGET,
        raw: `client ${ms(median(clientMs))}, raw undici ${ms(median(rawMs))} (medians of ${ROUNDS} alternating rounds); per-round ratios ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
      },
    ];
  } finally {
    await mock.close();
  }
}

runIfMain(import.meta.url, main);
