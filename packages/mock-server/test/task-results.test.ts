// Every task-capable operation of the generated routes, run as a task from its examples against the
// default seed: the task SUCCEEDS and its result is valid against the type the spec names for it
// (`x-vsphere-task-result` of a task-only operation, the synchronous success body of a `both` one).
import { describe, expect, it } from 'vitest';
import { loadGenerated } from '../src/index.js';
import type { MockRouteDef } from '../src/server/route-types.js';
import { exampleRequest } from './helpers/examples.js';
import { call, useMockServer } from './helpers/server.js';

const { spec, routes } = await loadGenerated();
// Prism off: the result must come from the mock's own rules, not from a sampler that may be absent.
const mock = useMockServer({ taskMs: 0, prism: false });

/** The schema the final task info's `result` must satisfy (undefined: the operation returns nothing). */
function resultSchema(route: MockRouteDef): string | undefined {
  if (route.task === 'only') return route.taskResult?.schema;
  return route.responses[String(route.successStatus)]?.schema;
}

const byId = new Map(routes.map((r) => [r.id, r]));

/**
 * An item operation's example names an object its family's create makes from its own example
 * (the seed holds only the inventory): create it first, as the suite's setup.
 */
async function createItemFirst(route: MockRouteDef): Promise<Record<string, string>> {
  const { family } = route;
  if (family.kind !== 'collection' || !family.create || !family.idParam || !['get', 'update', 'set', 'delete', 'action'].includes(family.role)) return {};
  const create = byId.get(family.create);
  if (!create || create.id === route.id) return {};
  const run = await runAsTask(create);
  if (run.status === 202) expect(run.info.status, `${create.id} (setup): ${JSON.stringify(run.info.error)}`).toBe('SUCCEEDED');
  else expect(run.status, `${create.id} (setup): ${JSON.stringify(run.started)}`).toBeLessThan(300);
  // A create that answers the new id: address that object.
  const id = run.status === 202 ? run.info.result : run.started;
  return typeof id === 'string' ? { [family.idParam]: id } : {};
}

async function runAsTask(route: MockRouteDef, ids: Record<string, string> = {}): Promise<{ status: number; info?: any; started?: any }> {
  const req = exampleRequest(spec, route, ids);
  const path = route.task === 'both' ? `${req.path}${req.path.includes('?') ? '&' : '?'}vmw-task=true` : req.path;
  const started = await call(mock.server, route.method, path, { session: mock.sid, ...(req.body !== undefined ? { body: req.body } : {}) });
  if (started.status !== 202 || !route.task) return { status: started.status, started: started.body };
  const t = await call(mock.server, 'GET', `/api/cis/tasks/${encodeURIComponent(started.body)}`, { session: mock.sid });
  return { status: 202, info: t.body };
}

describe('task results', () => {
  const taskRoutes = routes.filter((r) => r.task && !r.rest);

  it('covers the task operations of the specs', () => {
    expect(taskRoutes.map((r) => r.id)).toContain('esx.settings.clusters.software.scan');
  });

  it.each(taskRoutes.map((r) => [r.id, r] as const))('%s completes with a result valid against its named type', async (_id, route) => {
    const run = await runAsTask(route, await createItemFirst(route));
    expect(run.status, JSON.stringify(run.started)).toBe(202);
    expect(run.info.status, JSON.stringify(run.info.error)).toBe('SUCCEEDED');
    const schema = resultSchema(route);
    if (schema === undefined) {
      expect(run.info.result).toBeUndefined();
      return;
    }
    expect(run.info.result, 'the task names a result type but gave no result').not.toBeUndefined();
    const check = mock.server.core.validator.get(schema);
    expect(check(run.info.result), mock.server.core.validator.describe(check.errors)).toBe(true);
  });
});
