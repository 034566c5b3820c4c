// Prism (@stoplight/prism-http) behind a node:http server, serving one
// operation (GET /api/vcenter/vm) from a one-operation document extracted from
// the mock's bundled spec, with request validation and security checks on.
// Prints `listening on URL`. Used by mock-throughput.mjs as the baseline.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

const require = createRequire(import.meta.url);
const prism = require('@stoplight/prism-http');

const spec = JSON.parse(readFileSync(join(ROOT, 'packages/mock-server/src/generated/spec.gen.json'), 'utf8'));

/** The components that `node` reaches through $refs (copied). */
function reachable(node, out = {}, seen = new Set()) {
  if (Array.isArray(node)) {
    for (const v of node) reachable(v, out, seen);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && !seen.has(v)) {
        seen.add(v);
        const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(v);
        if (m) {
          const target = spec.components[m[1]][m[2]];
          (out[m[1]] ??= {})[m[2]] = structuredClone(target);
          reachable(target, out, seen);
        }
      } else reachable(v, out, seen);
    }
  }
  return out;
}

const op = structuredClone(spec.paths['/api/vcenter/vm'].get);
const components = reachable(op);
components.securitySchemes = { session_id: structuredClone(spec.components.securitySchemes.session_id) };
const doc = {
  openapi: spec.openapi ?? '3.1.0',
  info: { title: 'vcenter.vm.list', version: '1' },
  paths: { '/api/vcenter/vm': { get: op } },
  components,
};

const noop = () => {};
const logger = { info: noop, debug: noop, warn: noop, error: noop, trace: noop, fatal: noop, success: noop, log: noop };
logger.child = () => logger;

const operations = await prism.getHttpOperationsFromSpec(doc);
const instance = prism.createInstance(
  { mock: { dynamic: false }, validateRequest: true, validateResponse: false, checkSecurity: true, errors: false, upstreamProxy: undefined, isProxy: false },
  { logger },
);

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const u = new URL(req.url, 'http://x');
      const query = {};
      for (const [k, v] of u.searchParams) (query[k] ??= []).push(v);
      for (const k of Object.keys(query)) if (query[k].length === 1) query[k] = query[k][0];
      const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined;
      const r = await instance.request({ method: req.method.toLowerCase(), url: { path: u.pathname, query }, headers: req.headers, body }, operations)();
      if (r._tag === 'Right') {
        const out = r.right.output;
        res.writeHead(out.statusCode, { 'content-type': 'application/json', ...(out.headers ?? {}) });
        res.end(out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body));
      } else {
        const e = r.left;
        res.writeHead(e?.status ?? 422, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: e?.name, title: e?.message }));
      }
    } catch (err) {
      res.writeHead(500);
      res.end(String(err));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
