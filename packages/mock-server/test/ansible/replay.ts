// Runs the fixture: each scenario from the seed state, each example as one Ansible task (its own /rest
// login, then the module's calls), its expectations and read-back; one row per example for the table.
import { type Example, LAB, SCENARIOS } from './examples.js';
import type { HttpsJson } from './https.js';
import {
  AnsibleTask,
  asIncluded,
  ExampleFailure,
  type Exchange,
  fillBody,
  fillPath,
  isSubset,
  lookup,
  mismatch,
  type ModuleResult,
  type Vars,
} from './modules.js';

export interface Row {
  scenario: string;
  example: Example;
  ok: boolean;
  /** Why it failed: the call and its answer, or the expectation that does not hold. */
  reason?: string;
  /** Who owns the failing part (by the path of the failing call, else by the example's area). */
  lane?: string;
  exchanges: number;
}

/** The branch that owns each family of routes today (issue #11's lanes). */
const LANES: readonly [RegExp, string][] = [
  [/^\/rest\/com\/vmware\/cis\/session/, 'h8-rest'],
  [/^\/api\/vcenter\/vm\/[^/]+\/hardware/, 'h3-hardware'],
  [/^\/api\/vcenter\/vm\/[^/]+\/(guest|tools)/, 'h4-guest'],
  [/^\/api\/vcenter\/vm\/[^/]+\/storage/, 'h5-inventory'],
  [/^\/api\/vcenter\/(datacenter|folder|network|resource-pool|cluster|host|datastore|storage)/, 'h5-inventory'],
  [/^\/api\/appliance/, 'h6-appliance'],
  [/^\/api\/cis\/tagging/, 'h7-tagging'],
];
const AREA_LANE: Record<Example['area'], string> = {
  vm: 'vm family (main)',
  hardware: 'h3-hardware',
  guest: 'h4-guest',
  inventory: 'h5-inventory',
  appliance: 'h6-appliance',
};

function laneOf(path: string | undefined, example: Example): string {
  if (path) for (const [re, lane] of LANES) if (re.test(path)) return lane;
  return path?.startsWith('/api/vcenter/vm') ? 'vm family (main)' : AREA_LANE[example.area];
}

function describeFailure(err: unknown, example: Example, blockers: ReadonlyMap<string, Row>): { reason: string; lane: string } {
  const blocker = err instanceof ExampleFailure && err.missing !== undefined ? blockers.get(err.missing) : undefined;
  if (blocker) return { reason: `blocked: needs {${(err as ExampleFailure).missing}} of "${blocker.example.key}", which failed`, lane: blocker.lane! };
  if (err instanceof ExampleFailure) {
    const x: Exchange | undefined = err.exchange;
    // vCenter's answer for a path no operation takes (a missing route), unlike a NOT_FOUND object.
    const missing = x?.status === 404 && x.errorMessage === 'Not found.' ? ' (route missing: h1-import brings it)' : '';
    return { reason: `${err.message}${missing}`, lane: laneOf(x?.path, example) };
  }
  return { reason: `replay error: ${(err as Error)?.message ?? String(err)}`, lane: AREA_LANE[example.area] };
}

const short = (v: unknown): string => {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
};

function check(example: Example, result: ModuleResult, vars: Vars): void {
  const want = example.expect;
  if (!want) return;
  if (want.changed !== undefined && result.changed !== want.changed)
    throw new ExampleFailure(`expected changed=${want.changed}, the module would report ${result.changed}`);
  if (want.count !== undefined) {
    if (!Array.isArray(result.value)) throw new ExampleFailure(`expected a list, got ${short(result.value)}`);
    const n = result.value.length;
    if (want.count === 'some' ? n === 0 : n !== want.count)
      throw new ExampleFailure(`expected ${want.count === 'some' ? 'a non-empty list' : `${want.count} item(s)`}, got ${n}: ${short(result.value)}`);
  }
  const off = want.value === undefined ? undefined : mismatch(fillBody(want.value, vars), result.value);
  if (off) throw new ExampleFailure(`the module's value: ${off}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The replay's own checks after a module: the read-back GET, and that a changed update shows its fields. */
async function verify(task: AnsibleTask, example: Example, vars: Vars, result: ModuleResult | undefined): Promise<void> {
  const rb = example.readBack;
  if (rb) {
    const path = fillPath(rb.path, vars);
    if ('gone' in rb) await task.exchange('GET', path, undefined, [404]);
    else {
      const seen = (await task.exchange('GET', path, undefined, [200])).body;
      const off = mismatch(fillBody(rb.matches, vars), seen);
      if (off) throw new ExampleFailure(`read back ${path}: ${off}`);
    }
  }
  if (example.plan.kind === 'update' && result?.changed && !example.writeOnly) {
    const body = fillBody(example.plan.body, vars) as Record<string, unknown>;
    const want = example.plan.field === undefined ? body : body[example.plan.field];
    const path = fillPath(example.plan.path, vars);
    const seen = (await task.exchange('GET', path, undefined, [200])).body;
    // A list the update set may come back with more (the appliance adds localhost to the no-proxy list).
    const off = mismatch(asIncluded(want), seen);
    if (off) throw new ExampleFailure(`after the update, ${path} shows ${off}`);
  }
}

/** One run of the module as one Ansible task: its login, its calls, the checks (unless `loop` runs them once after). */
async function runOnce(http: HttpsJson, example: Example, vars: Vars, exchanges: Exchange[], checks = true): Promise<ModuleResult> {
  const task = new AnsibleTask(http, vars);
  try {
    await task.login(LAB.user, LAB.password);
    const result = await task.run(example.plan);
    if (example.retry?.until !== undefined && !isSubset(example.retry.until, result.value)) {
      throw new ExampleFailure(`not yet ${short(example.retry.until)}: ${short(result.value)}`);
    }
    if (checks) {
      try {
        check(example, result, vars);
        await verify(task, example, vars, result);
      } catch (err) {
        // The module itself succeeded (Ansible would go on): later examples still get its result.
        if (err instanceof ExampleFailure) throw new ExampleFailure(err.message, err.exchange, err.missing, result);
        throw err;
      }
    }
    return result;
  } finally {
    exchanges.push(...task.exchanges);
  }
}

async function runExample(http: HttpsJson, example: Example, vars: Vars, exchanges: Exchange[]): Promise<ModuleResult> {
  for (const name of example.needs ?? []) if (vars[name] === undefined) throw new ExampleFailure(`{${name}} is not set`, undefined, name);
  if (example.loop !== undefined) {
    const items = lookup(vars, example.loop);
    if (!Array.isArray(items)) throw new ExampleFailure(`{${example.loop}} is not a list`, undefined, example.loop.split('.')[0]);
    const results: ModuleResult[] = [];
    for (const item of items) {
      try {
        results.push(await runOnce(http, example, { ...vars, item }, exchanges, false));
      } catch (err) {
        const type = err instanceof ExampleFailure ? err.exchange?.errorType : undefined;
        if (type === undefined || !example.tolerate?.includes(type)) throw err;
      }
    }
    const looped: ModuleResult = { value: results, changed: results.some((r) => r.changed) };
    const task = new AnsibleTask(http, vars);
    try {
      await task.login(LAB.user, LAB.password);
      check(example, looped, vars);
      await verify(task, example, vars, undefined);
    } finally {
      exchanges.push(...task.exchanges);
    }
    return looped;
  }
  const attempts = example.retry?.attempts ?? 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(http, example, vars, exchanges);
    } catch (err) {
      // Ansible retries any failure; only a not-ready answer (503, or the `until` not met yet) can change.
      const x = err instanceof ExampleFailure ? err : undefined;
      const notReady = x !== undefined && x.missing === undefined && (x.exchange === undefined || x.exchange.status === 503);
      if (attempt >= attempts || !notReady) throw err;
      await sleep(250);
    }
  }
}

/** Replays every scenario; `reset` brings the mock back to its seed before each. */
export async function replayAll(http: HttpsJson, reset: () => Promise<void>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const scenario of SCENARIOS) {
    await reset();
    const vars: Vars = { lab: LAB };
    // A failed example's register, for the examples that needed it: they report it, not themselves.
    const blockers = new Map<string, Row>();
    for (const example of scenario.examples) {
      const exchanges: Exchange[] = [];
      try {
        const result = await runExample(http, example, vars, exchanges);
        if (example.register) vars[example.register] = result;
        rows.push({ scenario: scenario.name, example, ok: true, exchanges: exchanges.length });
      } catch (err) {
        const row: Row = { scenario: scenario.name, example, ok: false, ...describeFailure(err, example, blockers), exchanges: exchanges.length };
        rows.push(row);
        const moduleResult = err instanceof ExampleFailure ? err.result : undefined;
        if (example.register && moduleResult) vars[example.register] = moduleResult;
        else if (example.register) blockers.set(example.register, row);
      }
    }
  }
  return rows;
}

/** The per-example table the suite prints (the integrator reads it after each merge). */
export function formatTable(rows: readonly Row[]): string {
  const lines: string[] = [];
  let scenario = '';
  rows.forEach((r, i) => {
    if (r.scenario !== scenario) {
      scenario = r.scenario;
      lines.push('', `== ${scenario}`);
    }
    const mark = r.ok ? 'pass' : 'FAIL';
    const what = `${r.example.key}${r.example.setup ? ' [setup]' : ''} (${r.example.module})`;
    lines.push(`${String(i + 1).padStart(3)} ${mark} ${r.example.area.padEnd(9)} ${what}${r.ok ? '' : `\n          -> ${r.lane}: ${r.reason}`}`);
  });
  const documented = rows.filter((r) => !r.example.setup);
  const passed = documented.filter((r) => r.ok).length;
  const byLane = new Map<string, number>();
  for (const r of documented) if (!r.ok) byLane.set(r.lane!, (byLane.get(r.lane!) ?? 0) + 1);
  lines.push('', `documented examples: ${documented.length}, passing: ${passed}, failing: ${documented.length - passed}`);
  for (const [lane, n] of [...byLane].sort((x, y) => y[1] - x[1])) lines.push(`  failing in ${lane}: ${n}`);
  return lines.join('\n');
}
