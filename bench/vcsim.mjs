// Mock vs vcsim (govmomi's vCenter simulator, in Go): server CPU per request on the
// routes both serve, the mock on /api and vcsim 0.24 on /rest (it has no /api), same
// work. Each server is pinned to core 0 and the load generator (loadgen.mjs) to core 1;
// CPU comes from /proc over a fixed number of counted answers (lib.mjs cpuMs), which
// does not depend on how fast the load generator is. Rounds rotate the order of the
// servers; each figure is the median of the rounds' ratios, with their spread.
// Also, mock only: a tag category create at 20,000 existing categories vs at none
// (name indexes keep it flat), and error answers vs 200 answers of the same size.
// Without go or govmomi's sources the vcsim rows are skipped (vcsim/ensure.mjs says why).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadgen, login, median, PASSWORD, ratio, rotate, runIfMain, spawnMock, spawnServer, spread, USER } from './lib.mjs';
import { ensureVcsim } from './vcsim/ensure.mjs';

const ROUNDS = 5;
/** Answers counted per route, server and round (after a warm-up of WARMUP). */
const COUNT = 4000;
const CREATES = 3000;
const WARMUP = 200;
const CONCURRENCY = 8;
const SERVER_CORE = 0;
const LOAD_CORE = 1;
const PREFILL = 20_000;

const BASIC = `authorization=Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const session = (id) => `vmware-api-session-id=${id}`;
const categorySpec = (name) => ({ name, description: '', cardinality: 'SINGLE', associable_types: [] });
const CATEGORY_NAME = 'bench-{n}'; // loadgen puts a value unique to each request in place of {n}

/** One loadgen run; resolves to the server's CPU per counted answer in µs. */
async function measure(server, { path, method = 'GET', headers = [], body, expect, count = COUNT, warmup = WARMUP }) {
  const r = await loadgen(server, { path, concurrency: CONCURRENCY, count, warmup, method, headers, body, expect, cpu: LOAD_CORE });
  return r.serverUsPerRequest;
}

async function call(url, path, { method = 'GET', headers = {}, body } = {}) {
  const res = await fetch(url + path, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

async function vcsimLogin(url) {
  const auth = { authorization: BASIC.slice('authorization='.length) };
  return (await call(url, '/rest/com/vmware/cis/session', { method: 'POST', headers: auth })).value;
}

const startVcsim = (path) => spawnServer('vcsim', [], 30_000, { command: path, cpu: SERVER_CORE });

/** A seed holding `n` tag categories (and nothing else). */
function prefilledSeed(dir, n) {
  const tag_categories = {};
  for (let i = 0; i < n; i++) {
    const id = `urn:vmomi:InventoryServiceCategory:${String(i).padStart(8, '0')}-0000-4000-8000-000000000000:GLOBAL`;
    tag_categories[id] = { id, ...categorySpec(`prefilled-${i}`) };
  }
  const file = join(dir, 'categories.json');
  writeFileSync(file, JSON.stringify({ rules: { tag_categories } }));
  return file;
}

/**
 * A category whose GET answer is `bytes` long (its description pads it); returns its path. An
 * answer shorter than the barest category (vCenter's 123-byte httpNotFound) is matched by the
 * barest category, a little longer: the raw line prints both sizes.
 */
async function categoryOfSize(mock, bytes) {
  const headers = { 'vmware-api-session-id': mock.sessionId };
  const id = await call(mock.url, '/api/cis/tagging/category', { method: 'POST', headers, body: categorySpec(`sized-${bytes}`) });
  const path = `/api/cis/tagging/category/${id}`;
  const bare = JSON.stringify(await call(mock.url, path, { headers })).length;
  if (bare >= bytes) return path;
  await call(mock.url, path, { method: 'PATCH', headers, body: { description: 'x'.repeat(bytes - bare) } });
  return path;
}

async function answerBytes(url, path, headers) {
  return (await (await fetch(url + path, { headers })).text()).length;
}

export async function main() {
  const vcsimBin = ensureVcsim();
  const dir = mkdtempSync(join(tmpdir(), 'vsphere-kit-bench-'));
  const servers = [];
  const started = async (promise, name) => {
    const s = await promise;
    s.name = name;
    servers.push(s);
    return s;
  };
  try {
    const [mock, mockCreate, mock20k] = await Promise.all([
      started(spawnMock([], SERVER_CORE), 'mock'),
      started(spawnMock([], SERVER_CORE), 'mock'),
      started(spawnMock(['--seed', prefilledSeed(dir, PREFILL)], SERVER_CORE), `mock with ${PREFILL} categories`),
    ]);
    for (const m of [mock, mockCreate, mock20k]) m.sessionId = await login(m.url);
    const mockAuth = { 'vmware-api-session-id': mock.sessionId };
    const mockCategory = await call(mock.url, '/api/cis/tagging/category', { method: 'POST', headers: mockAuth, body: categorySpec('bench') });

    let vcsim;
    let vcsimCategory;
    if (vcsimBin.path) {
      vcsim = await started(startVcsim(vcsimBin.path), 'vcsim');
      vcsim.sessionId = await vcsimLogin(vcsim.url);
      const headers = { 'vmware-api-session-id': vcsim.sessionId };
      vcsimCategory = (
        await call(vcsim.url, '/rest/com/vmware/cis/tagging/category', { method: 'POST', headers, body: { create_spec: categorySpec('bench') } })
      ).value;
    }

    // The routes both serve: the same work, /api on the mock and /rest on vcsim.
    const routes = [
      {
        name: 'session create',
        mock: { method: 'POST', path: '/api/session', headers: [BASIC] },
        vcsim: { method: 'POST', path: '/rest/com/vmware/cis/session', headers: [BASIC] },
      },
      {
        name: 'tag category list',
        mock: { path: '/api/cis/tagging/category', headers: [session(mock.sessionId)] },
        vcsim: vcsim && { path: '/rest/com/vmware/cis/tagging/category', headers: [session(vcsim.sessionId)] },
      },
      {
        name: 'tag category get',
        mock: { path: `/api/cis/tagging/category/${mockCategory}`, headers: [session(mock.sessionId)] },
        vcsim: vcsim && { path: `/rest/com/vmware/cis/tagging/category/id:${vcsimCategory}`, headers: [session(vcsim.sessionId)] },
      },
      {
        name: 'unknown route (404)',
        mock: { path: '/api/cis/tagging/no-such-thing', headers: [session(mock.sessionId)], expect: 404 },
        vcsim: vcsim && { path: '/rest/com/vmware/cis/tagging/no-such-thing', headers: [session(vcsim.sessionId)], expect: 404 },
      },
      {
        name: 'no session (401)',
        mock: { path: '/api/cis/tagging/category', expect: 401 },
        vcsim: { path: '/rest/com/vmware/cis/tagging/category', expect: 401 },
      },
    ];
    // A longer warm-up: right after a reset the old state is garbage the collector is still reclaiming.
    const createMock = { method: 'POST', path: '/api/cis/tagging/category', body: categorySpec(CATEGORY_NAME), count: CREATES, warmup: 1000, expect: 201 };
    const createVcsim = (s) => ({
      method: 'POST',
      path: '/rest/com/vmware/cis/tagging/category',
      headers: [session(s.sessionId)],
      body: { create_spec: categorySpec(CATEGORY_NAME) },
      count: CREATES,
      warmup: 1000,
    });

    // Errors vs answers of the same size, on the mock: the same route answering 404 or 200.
    const unknownCategory = '/api/cis/tagging/category/urn:vmomi:InventoryServiceCategory:00000000-0000-4000-8000-00000000dead:GLOBAL';
    const unknownRoute = '/api/cis/tagging/no-such-thing';
    const sized = {
      notFound: { path: unknownCategory, headers: [session(mock.sessionId)], expect: 404 },
      notFoundOk: { path: await categoryOfSize(mock, await answerBytes(mock.url, unknownCategory, mockAuth)), headers: [session(mock.sessionId)] },
      unknownRoute: { path: unknownRoute, headers: [session(mock.sessionId)], expect: 404 },
      unknownRouteOk: { path: await categoryOfSize(mock, await answerBytes(mock.url, unknownRoute, mockAuth)), headers: [session(mock.sessionId)] },
    };

    const perRoute = Object.fromEntries(routes.map((r) => [r.name, { mock: [], vcsim: [] }]));
    const creates = { mock: [], mock20k: [], vcsim: [] };
    const same = { notFound: [], notFoundOk: [], unknownRoute: [], unknownRouteOk: [] };
    for (const m of [mock, mockCreate, mock20k]) await measure(m, { ...routes[1].mock, headers: [session(m.sessionId)], count: 500 }); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      for (const route of routes) {
        for (const side of rotate(['mock', 'vcsim'], r)) {
          if (side === 'vcsim' && !vcsim) continue;
          perRoute[route.name][side].push(await measure(side === 'mock' ? mock : vcsim, route[side]));
        }
      }
      // Creates start from the seed each round: the mocks are reset, vcsim restarted.
      for (const m of [mockCreate, mock20k]) await call(m.url, '/__mock/reset', { method: 'POST' });
      let vcsimCreate;
      if (vcsim) {
        vcsimCreate = await started(startVcsim(vcsimBin.path), 'vcsim');
        vcsimCreate.sessionId = await vcsimLogin(vcsimCreate.url);
      }
      for (const side of rotate(['mock', 'mock20k', 'vcsim'], r)) {
        if (side === 'vcsim') {
          if (vcsimCreate) creates.vcsim.push(await measure(vcsimCreate, createVcsim(vcsimCreate)));
        } else {
          const m = side === 'mock' ? mockCreate : mock20k;
          creates[side].push(await measure(m, { ...createMock, headers: [session(m.sessionId)] }));
        }
      }
      if (vcsimCreate) {
        await vcsimCreate.close();
        servers.splice(servers.indexOf(vcsimCreate), 1);
      }
      for (const k of rotate(Object.keys(same), r)) same[k].push(await measure(mock, sized[k]));
    }

    const rows = [];
    const us = (v) => `${median(v).toFixed(1)} µs`;
    const ratios = (a, b) => a.map((v, i) => v / b[i]);
    const vsVcsim = (name, mockUs, vcsimUs, count = COUNT) => {
      if (!vcsim) {
        return {
          name: `mock vs vcsim: ${name}`,
          value: 'skipped',
          target: '≤ 1.00× vcsim',
          met: true,
          skipped: true,
          raw: `vcsim: ${vcsimBin.skip}; mock ${us(mockUs)}`,
        };
      }
      const rs = ratios(mockUs, vcsimUs);
      const m = median(rs);
      return {
        name: `mock vs vcsim: ${name}, server CPU/request`,
        ratio: m,
        value: ratio(m),
        target: '≤ 1.00× vcsim',
        met: m <= 1,
        raw: `median of ${ROUNDS} rounds' ratios, spread ${spread(rs)} (each ${count} answers per server, ${CONCURRENCY} connections); mock ${us(mockUs)}, vcsim ${us(vcsimUs)}`,
      };
    };
    for (const route of routes) rows.push(vsVcsim(route.name, perRoute[route.name].mock, perRoute[route.name].vcsim));
    rows.push(vsVcsim(`tag category create (${CREATES} from the seed)`, creates.mock, creates.vcsim, CREATES));
    const flat = ratios(creates.mock20k, creates.mock);
    rows.push({
      name: `mock tag category create at ${PREFILL} categories vs at 0`,
      ratio: median(flat),
      value: ratio(median(flat)),
      target: '≤ 2.00×',
      met: median(flat) <= 2,
      raw: `median of ${ROUNDS} rounds' ratios, spread ${spread(flat)} (${CREATES} creates each); at 0 ${us(creates.mock)}, at ${PREFILL} ${us(creates.mock20k)}`,
    });
    for (const [label, err, ok] of [
      ['unknown category (404)', 'notFound', 'notFoundOk'],
      ['unknown route (404)', 'unknownRoute', 'unknownRouteOk'],
    ]) {
      const rs = ratios(same[err], same[ok]);
      const bytes = [await answerBytes(mock.url, sized[err].path, mockAuth), await answerBytes(mock.url, sized[ok].path, mockAuth)];
      rows.push({
        name: `mock ${label} vs a 200 of the same size, server CPU/request`,
        ratio: median(rs),
        value: ratio(median(rs)),
        target: '≤ 1.20×',
        met: median(rs) <= 1.2,
        raw: `median of ${ROUNDS} rounds' ratios, spread ${spread(rs)}; error ${us(same[err])} (${bytes[0]} B), 200 ${us(same[ok])} (${bytes[1]} B)`,
      });
    }
    return rows;
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
