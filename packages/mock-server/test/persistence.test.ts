// --state file.json under kill -9: the bin runs as a child while VMs are created and powered on
// through the API, and is SIGKILLed at a random moment, several rounds in a row. After every kill
// the file parses, loads through startMockServer({ stateFile }), and is one consistent snapshot:
// the operations it reflects are a prefix of the operations sent (in order), and that prefix
// includes everything a save had been seen to hold before the kill. Stray temp files do not
// break the next start and are cleaned at start.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { loadStateFile, removeStaleTempFiles, StateFileError } from '../src/state/persistence.js';
import type { StateData } from '../src/state/types.js';
import { startBin, stopBin } from './helpers/bin.js';
import { BASIC, call, login } from './helpers/server.js';

type Op = { kind: 'create'; name: string } | { kind: 'power'; name: string };

/** Whether the snapshot shows the effect of `op` (effects are never undone by this workload). */
function reflected(data: StateData, op: Op): boolean {
  const vm = data.vms.find((v) => v.name === op.name);
  return op.kind === 'create' ? !!vm : vm?.power_state === 'POWERED_ON';
}

/** Index of the last reflected op; throws when the reflected ops are not a prefix of `log`. */
function reflectedPrefix(data: StateData, log: Op[]): number {
  let last = -1;
  log.forEach((op, i) => {
    if (reflected(data, op)) last = i;
  });
  const holes = log.slice(0, last + 1).map((op, i) => (reflected(data, op) ? undefined : `#${i} ${op.kind} ${op.name}`)).filter(Boolean);
  expect(holes, `the snapshot shows op #${last} but not earlier ones`).toEqual([]);
  return last;
}

const readState = (file: string): StateData => {
  const text = readFileSync(file, 'utf8');
  const data = JSON.parse(text) as StateData; // a torn file fails here
  expect(data.version).toBe(1);
  return data;
};

const tempFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('persistence under kill -9', () => {
  it('leaves one consistent, loadable snapshot after SIGKILLs at random moments (several rounds)', async () => {
    let seed = Number(process.env.VMOCK_KILL_SEED ?? Date.now() % 100_000);
    const seedInfo = `VMOCK_KILL_SEED=${seed}`;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const dir = mkdtempSync(join(tmpdir(), 'vmock-kill-'));
    const file = join(dir, 'state.json');
    let log: Op[] = [];
    let initial: Set<string> | undefined;
    let deadPid = 0;

    for (let round = 0; round < 4; round++) {
      // A big state makes each save take a while, so kills land during writes too.
      const run = await startBin(['--port', '0', '--quiet', '--state', file, ...(round === 0 ? ['--vm-count', '2000'] : [])]);
      const sid = await (await fetch(`${run.url}/api/session`, { method: 'POST', headers: { authorization: BASIC } })).json() as string;
      const h = { 'vmware-api-session-id': sid, 'content-type': 'application/json' };
      const start = readState(file);
      initial ??= new Set(start.vms.map((v) => v.name));
      // Everything the previous rounds kept is there after the restart.
      expect(reflectedPrefix(start, log), seedInfo).toBe(log.length - 1);
      const ids = new Map(start.vms.map((v) => [v.name, v.id]));
      const poweredOff = log.filter((o) => o.kind === 'create' && !log.some((p) => p.kind === 'power' && p.name === o.name)).map((o) => o.name);

      let killed = false;
      const step = async (i: number): Promise<void> => {
        if (poweredOff.length && rnd() < 0.35) {
          const name = poweredOff.splice(Math.floor(rnd() * poweredOff.length), 1)[0]!;
          log.push({ kind: 'power', name });
          const r = await fetch(`${run.url}/api/vcenter/vm/${ids.get(name)}/power?action=start`, { method: 'POST', headers: h });
          expect(r.status, seedInfo).toBe(204);
          return;
        }
        const name = `kill-r${round}-${i}`;
        log.push({ kind: 'create', name });
        const r = await fetch(`${run.url}/api/vcenter/vm`, {
          method: 'POST',
          headers: h,
          body: JSON.stringify({ name, guest_OS: 'RHEL_9_64', placement: { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' } }),
        });
        expect(r.status, seedInfo).toBe(201);
        ids.set(name, (await r.json()) as string);
        poweredOff.push(name);
      };

      // Phase 1: some changes, then wait until a save holds the last one.
      let i = 0;
      const firstBatch = 3 + Math.floor(rnd() * 8);
      for (; i < firstBatch; i++) await step(i);
      const confirmed = log.length - 1;
      for (let tries = 0; ; tries++) {
        if (reflected(readState(file), log[confirmed]!)) break;
        expect(tries, `no save of op #${confirmed} (${seedInfo})`).toBeLessThan(500);
        await new Promise((r) => setTimeout(r, 20));
      }

      // Phase 2: keep changing; SIGKILL at a random moment while requests are in flight.
      const killAfter = 10 + Math.floor(rnd() * 400);
      const timer = setTimeout(() => {
        killed = true;
        run.child.kill('SIGKILL');
      }, killAfter);
      try {
        for (; !killed; i++) await step(i);
      } catch (e) {
        if (!killed) throw e; // a request cut by the kill is expected; anything else is not
      } finally {
        clearTimeout(timer);
      }
      expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
      deadPid = run.child.pid!;

      // The file: complete JSON, one snapshot (a prefix of the ops), with everything saved before.
      const after = readState(file);
      const last = reflectedPrefix(after, log);
      expect(last, `ops up to #${confirmed} were saved before the kill (${seedInfo})`).toBeGreaterThanOrEqual(confirmed);
      const known = new Set([...initial, ...log.map((o) => o.name)]);
      expect(after.vms.filter((v) => !known.has(v.name)).map((v) => v.name)).toEqual([]);
      log = log.slice(0, last + 1);

      // A temp file left by a killed writer (a torn one, even) must not get in the way.
      writeFileSync(join(dir, `.state.json.${deadPid}.${Date.now()}.tmp`), '{"version":1,"vms":[{"id":"vm-');

      // It loads through the API, and the VMs are served.
      const s = await startMockServer({ stateFile: file, prism: false });
      try {
        expect(tempFiles(dir), 'stale temp files are removed at start').toEqual([]);
        expect(s.state.vms.size).toBe(after.vms.length);
        const sid2 = await login(s);
        const names = new Set(((await call(s, 'GET', `/api/vcenter/vm?names=${log.filter((o) => o.kind === 'create').slice(-50).map((o) => encodeURIComponent(o.name)).join('&names=')}`, { session: sid2 })).body as { name: string }[]).map((v) => v.name));
        expect([...names].sort()).toEqual(log.filter((o) => o.kind === 'create').slice(-50).map((o) => o.name).sort());
      } finally {
        await s.close();
      }
    }
    expect(log.filter((o) => o.kind === 'power').length, seedInfo).toBeGreaterThan(0);

    // A clean stop saves everything (SIGTERM: exit 0), and the next start sees it all.
    const run = await startBin(['--port', '0', '--quiet', '--state', file]);
    const sid = await (await fetch(`${run.url}/api/session`, { method: 'POST', headers: { authorization: BASIC } })).json() as string;
    const r = await fetch(`${run.url}/api/vcenter/vm`, {
      method: 'POST',
      headers: { 'vmware-api-session-id': sid, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'after-sigterm', guest_OS: 'RHEL_9_64', placement: { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' } }),
    });
    expect(r.status).toBe(201);
    expect(await stopBin(run)).toEqual({ code: 0, signal: null });
    expect(readState(file).vms.some((v) => v.name === 'after-sigterm')).toBe(true);
  }, 120_000);
});

describe('state file loading', () => {
  it('removes temp files of dead writers only, and names the file when it is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmock-state-'));
    const file = join(dir, 'state.json');
    writeFileSync(join(dir, '.state.json.999999999.1.tmp'), '{"ver');
    writeFileSync(join(dir, `.state.json.${process.pid}.2.tmp`), '{}'); // a live writer (this process)
    writeFileSync(join(dir, '.other.json.999999999.3.tmp'), '{}'); // another state file's
    expect(removeStaleTempFiles(file)).toEqual(['.state.json.999999999.1.tmp']);
    expect(tempFiles(dir).sort()).toEqual([`.other.json.999999999.3.tmp`, `.state.json.${process.pid}.2.tmp`].sort());
    expect(loadStateFile(file)).toBeUndefined();
    writeFileSync(file, '{"version":1,"vms":[');
    expect(() => loadStateFile(file)).toThrow(StateFileError);
    expect(() => loadStateFile(file)).toThrow(`${file}: the state file is not valid JSON`);
  });
});
