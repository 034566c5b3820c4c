// A small load generator (own process):
//   node loadgen.mjs URL PATH CONCURRENCY SECONDS [header=value ...]
// CONCURRENCY keep-alive connections on raw sockets, one request in flight on
// each; the request bytes are built once and responses are framed with a
// minimal HTTP/1.1 parser (Content-Length or chunked), so the generator costs
// little CPU next to the server it measures. Prints
// {requests, ok, other, firstBad, rps, cpuMs, seconds} as JSON.
import net from 'node:net';

const [url, path, conc, seconds, ...hdrs] = process.argv.slice(2);
const { hostname, port } = new URL(url);
const extra = hdrs.map((h) => `${h.slice(0, h.indexOf('='))}: ${h.slice(h.indexOf('=') + 1)}\r\n`).join('');
const request = Buffer.from(`GET ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\naccept: application/json\r\nconnection: keep-alive\r\n${extra}\r\n`);
const concurrency = Number(conc);
const CRLF2 = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('\r\n0\r\n\r\n');

let ok = 0;
let other = 0;
let firstBad;
let counting = false;
let running = true;

function connection() {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
    let buf = Buffer.alloc(0);
    let need = -1; // bytes of the whole response, once known; -2: chunked
    let status = 0;
    let headerEnd = -1;
    socket.on('error', reject);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (d) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      for (;;) {
        if (headerEnd < 0) {
          headerEnd = buf.indexOf(CRLF2);
          if (headerEnd < 0) return;
          const head = buf.subarray(0, headerEnd).toString('latin1');
          status = Number(head.slice(9, 12));
          const cl = /\r\ncontent-length:\s*(\d+)/i.exec(head);
          need = cl ? headerEnd + 4 + Number(cl[1]) : /\r\ntransfer-encoding:\s*chunked/i.test(head) ? -2 : headerEnd + 4;
        }
        let end;
        if (need === -2) {
          const i = buf.indexOf(LAST_CHUNK, headerEnd + 2);
          if (i < 0) return;
          end = i + LAST_CHUNK.length;
        } else {
          if (buf.length < need) return;
          end = need;
        }
        if (counting) {
          if (status === 200) ok++;
          else {
            other++;
            firstBad ??= status;
          }
        }
        buf = buf.subarray(end);
        headerEnd = -1;
        need = -1;
        if (!running) {
          socket.end();
          resolve();
          return;
        }
        socket.write(request);
        if (!buf.length) return;
      }
    });
  });
}

const done = Promise.all(Array.from({ length: concurrency }, connection));
await new Promise((r) => setTimeout(r, 300)); // warm-up: connections open, servers hot
counting = true;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
running = false;
const elapsed = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const counted = { ok, other };
await done;
console.log(
  JSON.stringify({
    requests: counted.ok + counted.other,
    ...counted,
    firstBad,
    rps: (counted.ok + counted.other) / elapsed,
    cpuMs: (cpu.user + cpu.system) / 1000,
    seconds: elapsed,
  }),
);
