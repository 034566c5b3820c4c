// Every operation in the specs, called with its examples: never a 5xx, and every answer
// (success or error) validates against the operation's response schema.
import { describe, expect, it } from 'vitest';
import { loadGenerated } from '../src/index.js';
import type { MockRouteDef } from '../src/server/route-types.js';
import { exampleRequest } from './helpers/examples.js';
import { call, login, useMockServer } from './helpers/server.js';

const { spec, routes } = await loadGenerated();
let logged = 0;
// Violations are checked by the tests themselves, with more detail.
const mock = useMockServer(
  {
    taskMs: 0,
    // Calls run one after the other on the same state: after the guest reboot example, Tools
    // report at once, so the guest calls after it reach their behaviour instead of a 503.
    toolsStartMs: 0,
    log: (l) => {
      if (!logged++) console.log(l.slice(0, 1500));
    },
  },
  { checkSpec: false, resetEach: false },
);

async function send(route: MockRouteDef) {
  const req = exampleRequest(spec, route);
  const headers: Record<string, string> = {};
  if (route.auth === 'login') headers.authorization = 'Basic ' + Buffer.from('administrator@vsphere.local:VMware1!').toString('base64');
  let raw: string | undefined;
  if (req.body !== undefined) {
    headers['content-type'] = req.contentType!;
    raw =
      req.contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(req.body as Record<string, string>).toString() : JSON.stringify(req.body);
  }
  // Do not end our own session half-way.
  const session = route.id === 'session.delete' ? await login(mock.server) : mock.sid;
  return call(mock.server, route.method, req.path, { session, headers, ...(raw !== undefined ? { raw } : {}) });
}

describe('every operation', () => {
  it(`answers all ${routes.length} operations from their examples with spec-valid bodies`, async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const r = await send(route);
      if (r.status >= 500) failures.push(`${route.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    const violations = mock.server.core.responseViolations.map((v) => `${v.operation} ${v.status}: ${v.message} ${JSON.stringify(v.body).slice(0, 200)}`);
    expect(failures).toEqual([]);
    expect(violations).toEqual([]);
  }, 120_000);

  it('answers task-capable operations with a task that completes with a valid result', async () => {
    const taskRoutes = routes.filter((r) => r.task);
    expect(taskRoutes.length).toBeGreaterThan(0);
    for (const route of taskRoutes) {
      const req = exampleRequest(spec, route);
      const path = route.task === 'both' ? `${req.path}${req.path.includes('?') ? '&' : '?'}vmw-task=true` : req.path;
      const r = await call(mock.server, route.method, path, { session: mock.sid, ...(req.body !== undefined ? { body: req.body } : {}) });
      if (r.status !== 202) continue; // e.g. NOT_FOUND for an example id: checked by the validity test
      const t = await call(mock.server, 'GET', `/api/cis/tasks/${encodeURIComponent(r.body)}`, { session: mock.sid });
      expect(t.status, route.id).toBe(200);
      expect(['SUCCEEDED', 'FAILED'], route.id).toContain(t.body.status);
    }
    expect(mock.server.core.responseViolations.map((v) => `${v.operation} ${v.status}: ${v.message}`)).toEqual([]);
  }, 120_000);
});
