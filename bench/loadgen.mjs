// A small load generator (own process):
//   node loadgen.mjs URL PATH CONCURRENCY SECONDS [header=value ...] [--option=value ...]
// CONCURRENCY keep-alive connections on raw sockets, one request in flight on
// each; the request bytes are built once (or per request when the path or body
// holds `{n}`, replaced by a value unique to the request) and responses are
// framed with a minimal HTTP/1.1 parser (Content-Length or chunked), so the
// generator costs little CPU next to the server it measures. Options:
//   --method=POST      the method (GET by default)
//   --body=TEXT        a JSON request body
//   --count=N          count N answers after --warmup=N (200) instead of running SECONDS
//   --expect=STATUS    the status that counts as ok (by default any 2xx)
//   --server-pid=PID   also report the server's CPU time over the counted answers (lib.mjs cpuMs)
// Prints {requests, ok, other, firstBad, rps, cpuMs, seconds[, serverCpuMs]} as JSON.
import net from 'node:net';
import { cpuMs } from './lib.mjs';

const args = process.argv.slice(2);
const options = Object.fromEntries(
  args
    .filter((a) => a.startsWith('--'))
    .map((a) => [a.slice(2, a.includes('=') ? a.indexOf('=') : undefined), a.includes('=') ? a.slice(a.indexOf('=') + 1) : 'true']),
);
const [url, path, conc, seconds, ...hdrs] = args.filter((a) => !a.startsWith('--'));
const { hostname, port } = new URL(url);
const method = options.method ?? 'GET';
const body = options.body;
const count = options.count === undefined ? undefined : Number(options.count);
const warmup = Number(options.warmup ?? 200);
const expect = options.expect === undefined ? undefined : Number(options.expect);
const serverPid = options['server-pid'];
const extra = hdrs.map((h) => `${h.slice(0, h.indexOf('='))}: ${h.slice(h.indexOf('=') + 1)}\r\n`).join('');
const bodyHead = body === undefined ? '' : 'content-type: application/json\r\n';
/** Unique per request within this run; the pid keeps runs against one server apart. */
let serial = 0;
const unique = () => `${process.pid}-${serial++}`;
const perRequest = /\{n\}/.test(path) || (body !== undefined && /\{n\}/.test(body));
const build = () => {
  const id = perRequest ? unique() : '';
  const p = path.replaceAll('{n}', id);
  const b = body === undefined ? undefined : Buffer.from(body.replaceAll('{n}', id));
  const head = `${method} ${p} HTTP/1.1\r\nhost: ${hostname}:${port}\r\naccept: application/json\r\nconnection: keep-alive\r\n${extra}${bodyHead}${b ? `content-length: ${b.length}\r\n` : ''}\r\n`;
  return b ? Buffer.concat([Buffer.from(head), b]) : Buffer.from(head);
};
const fixed = perRequest ? undefined : build();
const nextRequest = () => fixed ?? build();
const concurrency = Number(conc);
const CRLF2 = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('\r\n0\r\n\r\n');

const serverCpuMs = () => (serverPid ? cpuMs(serverPid) : undefined);

let ok = 0;
let other = 0;
let firstBad;
let counting = false;
let running = true;
/** Count mode: answers received, and the moment counting starts and ends. */
let received = 0;
let issued = 0;
let startCounting;
let stopCounting;
const total = count === undefined ? Infinity : warmup + count;

/** Sends the next request on `socket`; false when the run is over. */
function send(socket) {
  if (!running || issued >= total) return false;
  issued++;
  socket.write(nextRequest());
  return true;
}

function answered(status) {
  if (counting) {
    if (expect === undefined ? status >= 200 && status < 300 : status === expect) ok++;
    else {
      other++;
      firstBad ??= status;
    }
  }
  if (count !== undefined) {
    received++;
    if (received === warmup) startCounting();
    if (received === total) stopCounting();
  }
}

function connection() {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
    let buf = Buffer.alloc(0);
    let need = -1; // bytes of the whole response, once known; -2: chunked
    let status = 0;
    let headerEnd = -1;
    socket.on('error', reject);
    socket.on('connect', () => {
      if (!send(socket)) {
        socket.end();
        resolve();
      }
    });
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
        answered(status);
        buf = buf.subarray(end);
        headerEnd = -1;
        need = -1;
        if (!send(socket)) {
          socket.end();
          resolve();
          return;
        }
        if (!buf.length) return;
      }
    });
  });
}

let cpu0;
let t0;
let server0;
const begin = () => {
  counting = true;
  server0 = serverCpuMs();
  cpu0 = process.cpuUsage();
  t0 = performance.now();
};
let result;
const finish = () => {
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const server1 = serverCpuMs();
  counting = false;
  running = false;
  result = {
    requests: ok + other,
    ok,
    other,
    firstBad,
    rps: (ok + other) / elapsed,
    cpuMs: (cpu.user + cpu.system) / 1000,
    seconds: elapsed,
    ...(server0 !== undefined ? { serverCpuMs: server1 - server0 } : {}),
  };
};
if (count !== undefined) {
  const counted = new Promise((resolve) => {
    startCounting = begin;
    stopCounting = () => {
      finish();
      resolve();
    };
  });
  if (warmup === 0) begin();
  const done = Promise.all(Array.from({ length: concurrency }, connection));
  await counted;
  await done;
} else {
  const done = Promise.all(Array.from({ length: concurrency }, connection));
  await new Promise((r) => setTimeout(r, 300)); // warm-up: connections open, servers hot
  begin();
  await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
  finish();
  await done;
}
console.log(JSON.stringify(result));
