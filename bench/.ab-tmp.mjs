// A/B: raw undici vs client dist(s); usage: node ab.mjs <url> distA [distB]
import { Agent, buildConnector } from 'undici';
const [url, ...dists] = process.argv.slice(2);
const clients = [];
for (const d of dists) {
  const { VsphereClient } = await import(d + '/index.js');
  const c = new VsphereClient({ baseUrl: url, username: 'administrator@vsphere.local', password: 'VMware1!' });
  await c.vcenter.vm.list();
  clients.push([d, c]);
}
const sid = clients[0][1].core.sessionId;
const origin = new URL(url).origin;
const agent = new Agent({ connections: 16, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connect: buildConnector({ timeout: 10_000, rejectUnauthorized: true }) });
const headers = { accept: 'application/json', 'user-agent': `vsphere-kit/0.1 node/${process.versions.node}`, 'vmware-api-session-id': sid };
const raw = async () => { const res = await agent.request({ origin, path: '/api/vcenter/vm', method: 'GET', headers }); const b = JSON.parse(await res.body.text()); if (res.statusCode !== 200) throw new Error(); return b; };
const fns = [['raw', raw], ...clients.map(([d, c]) => [d.split('/').slice(-2).join('/'), () => c.vcenter.vm.list()])];
const seq = async (fn, n) => { const t = performance.now(); for (let i = 0; i < n; i++) await fn(); return ((performance.now() - t) * 1000) / n; };
const par = async (fn, n) => { let next = 0; const w = async () => { while (next++ < n) await fn(); }; const t = performance.now(); await Promise.all(Array.from({ length: 64 }, w)); return ((performance.now() - t) * 1000) / n; };
const ONLY = process.env.ONLY;
for (const [, fn] of fns) { await seq(fn, 200); await par(fn, 1000); }
const R = Number(process.env.ROUNDS ?? 9);
const res = Object.fromEntries(fns.map(([n]) => [n, { seq: [], par: [] }]));
for (let r = 0; r < R; r++) {
  const order = r % 2 ? [...fns].reverse() : fns;
  if (ONLY !== 'par') for (const [n, fn] of order) res[n].seq.push(await seq(fn, 400));
  if (ONLY !== 'seq') for (const [n, fn] of order) res[n].par.push(await par(fn, 2000));
}
const med = (v) => { const s = [...v].sort((a, b) => a - b); return s[s.length >> 1]; };
for (const [n] of fns) console.log(n.padEnd(30), 'seq', med(res[n].seq)?.toFixed(1), 'ratio', med(res[n].seq.map((v, i) => v / res.raw.seq[i]))?.toFixed(3), ' par', med(res[n].par)?.toFixed(1), 'ratio', med(res[n].par.map((v, i) => v / res.raw.par[i]))?.toFixed(3));
for (const [, c] of clients) await c.close();
await agent.close();
process.exit(0);
