// 1. Client per-call time vs a raw undici request doing the same HTTP exchange.
// The mock runs in its own process (the built bin), so this process only holds
// the caller. Both sides: one keep-alive Agent with the client's settings
// (16 connections, keepAliveTimeout 10 s, keepAliveMaxTimeout 60 s, connect
// timeout 10 s), the same headers (accept, user-agent, vmware-api-session-id),
// GET /api/vcenter/vm, JSON decode of the body. Rounds alternate which side
// goes first; the figure is the median over rounds of the per-round ratio.
// Rounds are long enough (~0.2-0.5 s) that one GC pause or scheduler hiccup
// does not decide a round.
import { VsphereClient } from '@vsphere-kit/client';
import { rawUndici } from './raw-undici.mjs';
import { login, median, PASSWORD, runIfMain, spawnMock, us, ratio, USER } from './lib.mjs';

const ROUNDS = 9;
const SEQ_CALLS = 2_000;
const PAR_CALLS = 10_000;
const IN_FLIGHT = 64;
const TARGET = 1.1;

export async function main() {
  const mock = await spawnMock();
  try {
    const client = new VsphereClient({ baseUrl: mock.url, username: USER, password: PASSWORD });
    await client.vcenter.vm.list(); // logs in, creates the Agent
    const sessionId = client.core.sessionId ?? (await login(mock.url));
    const baseline = rawUndici(mock.url, sessionId);
    const raw = () => baseline.get('/api/vcenter/vm');
    const viaClient = () => client.vcenter.vm.list();

    const first = await raw();
    const second = await viaClient();
    if (JSON.stringify(first) !== JSON.stringify(second)) throw new Error('client and raw request disagree');
    const items = Array.isArray(first) ? first.length : 0;

    const sequential = async (fn, n) => {
      const t = performance.now();
      for (let i = 0; i < n; i++) await fn();
      return ((performance.now() - t) * 1000) / n;
    };
    const parallel = async (fn, n) => {
      let next = 0;
      const worker = async () => {
        while (next++ < n) await fn();
      };
      const t = performance.now();
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      return ((performance.now() - t) * 1000) / n;
    };

    // warm-up (JIT, connections)
    await sequential(raw, 200);
    await sequential(viaClient, 200);
    await parallel(raw, 1000);
    await parallel(viaClient, 1000);

    const res = { seq: { client: [], raw: [] }, par: { client: [], raw: [] } };
    for (let r = 0; r < ROUNDS; r++) {
      const order =
        r % 2
          ? [
              ['raw', raw],
              ['client', viaClient],
            ]
          : [
              ['client', viaClient],
              ['raw', raw],
            ];
      for (const [name, fn] of order) res.seq[name].push(await sequential(fn, SEQ_CALLS));
      for (const [name, fn] of order) res.par[name].push(await parallel(fn, PAR_CALLS));
    }
    await client.close();
    await baseline.close();

    const rows = [];
    for (const [key, label] of [
      ['seq', 'sequential'],
      ['par', `${IN_FLIGHT} in flight`],
    ]) {
      const c = median(res[key].client);
      const u = median(res[key].raw);
      // per-round ratios too: their median is steadier when the machine drifts
      const perRound = median(res[key].client.map((v, i) => v / res[key].raw[i]));
      rows.push({
        name: `client per call, ${label}`,
        ratio: perRound,
        value: ratio(perRound),
        target: `≤ ${TARGET.toFixed(2)}× raw undici`,
        met: perRound <= TARGET,
        raw: `client ${us(c)}/call, raw undici ${us(u)}/call (medians of ${ROUNDS} rounds × ${key === 'seq' ? SEQ_CALLS : PAR_CALLS} calls; GET /api/vcenter/vm, ${items} VMs); ratio of medians ${ratio(c / u)}`,
      });
    }
    return rows;
  } finally {
    await mock.close();
  }
}

runIfMain(import.meta.url, main);
