// The task the specs' cis/tasks examples name. A task exists only once an operation started
// it, so suites that run every example (the client's contract test, the CLI's --help examples)
// plant this one in the mock's seed. Shared here so that both plant the same task.
import type { loadGenerated, StateData } from '../packages/mock-server/src/index.js';

type Generated = Awaited<ReturnType<typeof loadGenerated>>;

/** The value at a JSON pointer of the bundled spec. */
function at(doc: unknown, pointer: string): unknown {
  let cur = doc;
  for (const seg of pointer.split('/').slice(1)) cur = (cur as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  return cur;
}

/**
 * `seed` plus the task the cis/tasks examples name, BLOCKED (a relocation waiting), which
 * get, list and cancel then reach. `generated` is the mock's `loadGenerated()` (passed in, as
 * this folder resolves no workspace package).
 */
export function withExampleTask(seed: StateData, { spec, routes }: Pick<Generated, 'spec' | 'routes'>): StateData {
  const param = routes.find((r) => r.id === 'cis.tasks.get')?.parameters.find((p) => p.name === 'task');
  const id = param && (at(spec, param.schema.replace(/\/schema$/, '')) as { example?: unknown } | undefined)?.example;
  if (typeof id !== 'string') throw new Error('cis.tasks.get has no example task id');
  seed.tasks.push({
    id,
    route: 'vcenter.vm.relocate',
    service: 'com.vmware.vcenter.vm',
    operation: 'relocate',
    user: 'administrator@vsphere.local',
    created: Date.now(),
    durationMs: 60_000,
    call: { params: { vm: 'vm-1072' }, query: { 'vmw-task': true }, body: { placement: { host: 'host-1063' } } },
    target: { type: 'VirtualMachine', id: 'vm-1072' },
    blocked: true,
  });
  return seed;
}
