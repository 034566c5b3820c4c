// --state file.json under kill -9: the bin runs as a child while several clients create VMs and
// power them on concurrently, and is SIGKILLed at a random moment, several rounds in a row. Every
// write that was answered (201/204) must be there at the next start: the journal is written before
// the answer. Some rounds also leave a torn last journal line (a write cut by a crash), which the
// next start drops. Stray temp files of a killed snapshot writer do not break the next start.
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { journalFileOf, readJournal } from '../src/state/journal.js';
import { loadStateFile, removeStaleTempFiles, StateFileError } from '../src/state/persistence.js';
import type { StateData } from '../src/state/types.js';
import { runBin, startBin, stopBin } from './helpers/bin.js';
import { BASIC, call, login } from './helpers/server.js';

const tempFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));
const PLACEMENT = { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' };

describe('persistence under kill -9', () => {
  it('loses no answered write when SIGKILLed during concurrent creates (several rounds, torn journal tails)', async () => {
    let seed = Number(process.env.VMOCK_KILL_SEED ?? Date.now() % 100_000);
    const seedInfo = `VMOCK_KILL_SEED=${seed}`;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const rounds = Number(process.env.VMOCK_KILL_ROUNDS ?? 5);
    const workers = 8;
    const dir = mkdtempSync(join(tmpdir(), 'vmock-kill-'));
    const file = join(dir, 'state.json');
    /** Acknowledged writes: VM id → name, and the VMs whose power-on was acknowledged. */
    const created = new Map<string, string>();
    const poweredOn = new Set<string>();
    /** Every name sent (a write can be journaled and then killed before its answer: kept, never acknowledged). */
    const sent = new Set<string>();
    let acknowledged = 0;
    let lost = 0;
    let torn = 0;

    for (let round = 0; round < rounds; round++) {
      const run = await startBin(['--port', '0', '--quiet', '--state', file]);
      const sid = (await (await fetch(`${run.url}/api/session`, { method: 'POST', headers: { authorization: BASIC } })).json()) as string;
      const h = { 'vmware-api-session-id': sid, 'content-type': 'application/json' };
      const offIds = [...created.keys()].filter((id) => !poweredOn.has(id));
      let killed = false;
      let n = 0;
      // The kill comes at a random moment once writes flow: counted from the round's first answered write
      // (or 5 s), not from the login, so that a slow first call (validators are compiled on first use, and
      // the machine may be loaded) does not eat the window and leave rounds without a write.
      const delay = 50 + Math.floor(rnd() * Number(process.env.VMOCK_KILL_WINDOW_MS ?? 400));
      let timer: NodeJS.Timeout | undefined;
      const armKill = () => {
        timer ??= setTimeout(() => {
          killed = true;
          run.child.kill('SIGKILL');
        }, delay);
      };
      const fallback = setTimeout(armKill, 5000);
      const worker = async (w: number): Promise<void> => {
        while (!killed) {
          try {
            if (offIds.length && rnd() < 0.3) {
              const id = offIds.splice(Math.floor(rnd() * offIds.length), 1)[0]!;
              const r = await fetch(`${run.url}/api/vcenter/vm/${id}/power?action=start`, { method: 'POST', headers: h });
              expect(r.status, seedInfo).toBe(204);
              poweredOn.add(id);
            } else {
              const name = `kill-r${round}-w${w}-${n++}`;
              sent.add(name);
              const r = await fetch(`${run.url}/api/vcenter/vm`, {
                method: 'POST',
                headers: h,
                body: JSON.stringify({ name, guest_OS: 'RHEL_9_64', placement: PLACEMENT }),
              });
              expect(r.status, seedInfo).toBe(201);
              const id = (await r.json()) as string;
              created.set(id, name);
              offIds.push(id);
            }
            acknowledged++;
            armKill();
          } catch (e) {
            if (!killed) throw e; // a request cut by the kill is expected; anything else is not
          }
        }
      };
      try {
        await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
      } finally {
        clearTimeout(timer);
        clearTimeout(fallback);
      }
      expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });

      // A crash in the middle of a journal write leaves a torn last line; a killed snapshot writer, a temp file.
      if (round % 2 === 1) {
        appendFileSync(journalFileOf(file), '{"n":99999,"c":[["vms","vm-torn",{"id":"vm-torn","na');
        torn++;
      }
      writeFileSync(join(dir, `.state.json.${run.child.pid}.${Date.now()}.tmp`), '{"version":1,"vms":[{"id":"vm-');

      const s = await startMockServer({ stateFile: file, prism: false });
      try {
        expect(tempFiles(dir), 'stale temp files are removed at start').toEqual([]);
        const missing = [...created].filter(([id, name]) => s.state.vms.get(id)?.name !== name);
        const off = [...poweredOn].filter((id) => s.state.vms.get(id)?.power_state !== 'POWERED_ON');
        lost += missing.length + off.length;
        expect(missing, `answered creates lost (${seedInfo})`).toEqual([]);
        expect(off, `answered power-ons lost (${seedInfo})`).toEqual([]);
        expect(s.state.vms.has('vm-torn')).toBe(false);
        // Nothing that was never sent, and the VMs are served.
        expect([...s.state.vms.values()].filter((v) => v.name.startsWith('kill-') && !sent.has(v.name)).map((v) => v.name)).toEqual([]);
        const some = [...created.keys()].slice(-20);
        const sid2 = await login(s);
        const listed = (await call(s, 'GET', `/api/vcenter/vm?vms=${some.join('&vms=')}`, { session: sid2 })).body as { vm: string }[];
        expect(listed.map((v) => v.vm).sort()).toEqual(some.sort());
      } finally {
        await s.close();
      }
    }
    console.log(`kill -9 durability: ${rounds} rounds, ${acknowledged} acknowledged writes, ${lost} lost, ${torn} torn journal tails dropped (${seedInfo})`);
    expect(acknowledged).toBeGreaterThan(rounds);
    expect(poweredOn.size, seedInfo).toBeGreaterThan(0);

    // A clean stop folds the journal into the snapshot (SIGTERM: exit 0), and the next start sees it all.
    const run = await startBin(['--port', '0', '--quiet', '--state', file]);
    const sid = (await (await fetch(`${run.url}/api/session`, { method: 'POST', headers: { authorization: BASIC } })).json()) as string;
    const r = await fetch(`${run.url}/api/vcenter/vm`, {
      method: 'POST',
      headers: { 'vmware-api-session-id': sid, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'after-sigterm', guest_OS: 'RHEL_9_64', placement: PLACEMENT }),
    });
    expect(r.status).toBe(201);
    expect(await stopBin(run)).toEqual({ code: 0, signal: null });
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as StateData;
    expect(snapshot.vms.some((v) => v.name === 'after-sigterm')).toBe(true);
    expect(readFileSync(journalFileOf(file), 'utf8')).toBe('');
  }, 120_000);
});

describe('state journal', () => {
  const vmSpec = (name: string) => ({ name, guest_OS: 'RHEL_9_64', placement: PLACEMENT });

  it('journals each write before answering it, replays it over the snapshot, and compacts at close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmock-journal-'));
    const file = join(dir, 'state.json');
    const a = await startMockServer({ stateFile: file, prism: false });
    const sid = await login(a);
    const vm = (await call(a, 'POST', '/api/vcenter/vm', { session: sid, body: vmSpec('journaled') })).body as string;
    // Answered: the journal holds the VM already, while the snapshot does not.
    const journal = readJournal(journalFileOf(file));
    expect(journal.records.some(({ record }) => record.c.some((c) => c[0] === 'vms' && c[1] === vm))).toBe(true);
    expect((JSON.parse(readFileSync(file, 'utf8')) as StateData).vms.some((v) => v.id === vm)).toBe(false);
    // A delete is journaled as a two-element change.
    expect((await call(a, 'DELETE', '/api/vcenter/vm/vm-1074', { session: sid })).status).toBe(204);
    expect(readJournal(journalFileOf(file)).records.at(-1)!.record.c).toContainEqual(['vms', 'vm-1074']);
    // Reads write nothing.
    const before = readFileSync(journalFileOf(file), 'utf8');
    await call(a, 'GET', `/api/vcenter/vm/${vm}`, { session: sid });
    await call(a, 'GET', '/api/vcenter/vm', { session: sid });
    expect(readFileSync(journalFileOf(file), 'utf8')).toBe(before);

    // A second server on the same files (as after a kill -9 of the first) sees both changes.
    const b = await startMockServer({ stateFile: `${file}`, prism: false });
    expect(b.state.vms.get(vm)?.name).toBe('journaled');
    expect(b.state.vms.has('vm-1074')).toBe(false);
    await b.close();
    await a.close();
    expect(readFileSync(journalFileOf(file), 'utf8')).toBe('');
    expect((JSON.parse(readFileSync(file, 'utf8')) as StateData).vms.some((v) => v.id === vm)).toBe(true);
  });

  it('journals task results and tagging rules, and a reset as a snapshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmock-journal-'));
    const file = join(dir, 'state.json');
    const a = await startMockServer({ stateFile: file, prism: false, taskMs: 20 });
    const sid = await login(a);
    const cat = (
      await call(a, 'POST', '/api/cis/tagging/category', { session: sid, body: { name: 'env', description: '', cardinality: 'SINGLE', associable_types: [] } })
    ).body as string;
    const task = (await call(a, 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', { session: sid, body: { source: 'vm-1080', name: 'from-template' } }))
      .body as string;
    for (let i = 0; i < 100 && a.state.tasks.get(task)?.settled === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    const b = await startMockServer({ stateFile: file, prism: false });
    expect(b.state.rules.tag_categories[cat]?.name).toBe('env');
    expect(b.state.tasks.get(task)?.settled?.status).toBe('SUCCEEDED');
    const clone = b.state.tasks.get(task)?.settled?.result as string;
    expect(b.state.vms.get(clone)?.name).toBe('from-template');
    await b.close();
    a.reset();
    const c = await startMockServer({ stateFile: file, prism: false });
    expect(c.state.rules.tag_categories[cat]).toBeUndefined();
    expect(c.state.tasks.has(task)).toBe(false);
    await c.close();
    await a.close();
  });

  it('folds a grown journal into the snapshot in the background, without losing a write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmock-journal-'));
    const file = join(dir, 'state.json');
    const a = await startMockServer({ stateFile: file, prism: false, saveDebounceMs: 5 });
    const sid = await login(a);
    const ids: string[] = [];
    let compactions = 0;
    let last = 0;
    // The default state's snapshot is small, so the journal is compacted once it passes 256 KiB.
    for (let batch = 0; batch < 100 && compactions === 0; batch++) {
      const made = await Promise.all(
        Array.from({ length: 20 }, (_, i) => call(a, 'POST', '/api/vcenter/vm', { session: sid, body: vmSpec(`bulk-${batch}-${i}-${'n'.repeat(60)}`) })),
      );
      ids.push(...made.map((r) => r.body as string));
      for (let i = 0; i < 50; i++) {
        const size = readFileSync(journalFileOf(file)).length;
        if (size < last) compactions++;
        last = size;
        if (compactions) break;
        if (size < 256 * 1024) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    expect(compactions).toBe(1);
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as StateData;
    expect(snapshot.vms.length).toBeGreaterThan(200);
    // Snapshot + what the journal got since: every VM (as after a kill -9 now).
    const b = await startMockServer({ stateFile: file, prism: false });
    expect(ids.filter((id) => !b.state.vms.has(id))).toEqual([]);
    await b.close();
    await a.close();
  });

  it('--state-fsync: the bin flushes each journal line, and a kill -9 loses nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmock-journal-'));
    const file = join(dir, 'state.json');
    const run = await startBin(['--port', '0', '--quiet', '--state', file, '--state-fsync']);
    const sid = (await (await fetch(`${run.url}/api/session`, { method: 'POST', headers: { authorization: BASIC } })).json()) as string;
    const r = await fetch(`${run.url}/api/vcenter/vm`, {
      method: 'POST',
      headers: { 'vmware-api-session-id': sid, 'content-type': 'application/json' },
      body: JSON.stringify(vmSpec('synced')),
    });
    expect(r.status).toBe(201);
    const id = (await r.json()) as string;
    run.child.kill('SIGKILL');
    await run.exited;
    const s = await startMockServer({ stateFile: file, prism: false });
    expect(s.state.vms.get(id)?.name).toBe('synced');
    await s.close();
  });

  it('drops a torn last line and refuses a damaged line before it, naming the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmock-journal-'));
    const file = join(dir, 'state.json');
    const a = await startMockServer({ stateFile: file, prism: false });
    const sid = await login(a);
    const vm = (await call(a, 'POST', '/api/vcenter/vm', { session: sid, body: vmSpec('before-tear') })).body as string;
    const journalFile = journalFileOf(file);
    appendFileSync(journalFile, '{"n":5000,"c":[["vms","vm-9999",{"id":"vm-99');
    const b = await startMockServer({ stateFile: file, prism: false });
    expect(b.state.vms.get(vm)?.name).toBe('before-tear');
    expect(b.state.vms.has('vm-9999')).toBe(false);
    // The torn tail was cut before new lines were appended: the next write is a line of its own.
    const sid2 = await login(b);
    const vm2 = (await call(b, 'POST', '/api/vcenter/vm', { session: sid2, body: vmSpec('after-tear') })).body as string;
    const lines = readFileSync(journalFile, 'utf8').split('\n').filter(Boolean);
    expect(lines.every((l) => JSON.parse(l))).toBe(true);
    const c = await startMockServer({ stateFile: file, prism: false });
    expect(c.state.vms.get(vm2)?.name).toBe('after-tear');
    // kill -9 leaves the journal as it is: close only the listeners of b and c here, then damage a middle line.
    writeFileSync(journalFile, `garbage\n${lines.join('\n')}\n`);
    await expect(startMockServer({ stateFile: file, prism: false })).rejects.toThrow(`${journalFile}: line 1 of the state journal is not valid JSON`);
    for (const s of [a, b, c]) await s.close();
    expect(existsSync(file)).toBe(true);
  });
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

  it('writes the device records generated VMs share once (state file and snapshot()), loads them shared again, and refuses a reference to a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmock-shared-'));
    const file = join(dir, 'state.json');
    const a = await startMockServer({ vmCount: 300, stateFile: file, prism: false });
    const sid = await login(a);
    const generated = [...a.state.vms.values()].findLast((v) => v.power_state === 'POWERED_OFF')!.id;
    // A VM whose devices change gets its own copy; the others keep sharing.
    const nic = await call(a, 'POST', `/api/vcenter/vm/${generated}/hardware/ethernet`, { session: sid, body: { type: 'VMXNET3' } });
    expect(nic.status).toBe(201);
    const before = JSON.stringify(a.state.toData());
    await a.close();
    const text = readFileSync(file, 'utf8');
    const written = JSON.parse(text) as { vms: Record<string, unknown>[]; shared: unknown[] };
    expect(written.shared.length).toBeGreaterThan(0);
    expect(written.vms.filter((v) => JSON.stringify(v.disks).startsWith('{"$shared"')).length).toBeGreaterThanOrEqual(299);
    expect(written.vms.find((v) => v.id === generated)!.nics).not.toHaveProperty('$shared');
    expect(text.length).toBeLessThan(before.length / 1.5);

    const b = await startMockServer({ stateFile: file, prism: false });
    try {
      expect(JSON.stringify(b.state.toData())).toBe(before);
      const [x, y] = [...b.state.vms.values()].filter((v) => v.power_state === 'POWERED_OFF' && v.id !== generated).slice(-2);
      expect(x!.disks).toBe(y!.disks);
      expect(Object.isFrozen(x!.disks)).toBe(true);
      // Changing a loaded VM's devices does not reach the others.
      const r = await call(b, 'POST', `/api/vcenter/vm/${x!.id}/hardware/ethernet`, { session: await login(b), body: { type: 'E1000E' } });
      expect(r.status).toBe(201);
      expect(Object.keys(b.state.vms.get(x!.id)!.nics!).length).toBe(Object.keys(y!.nics!).length + 1);
    } finally {
      await b.close();
    }

    // snapshot()/restore() keep them shared too.
    const c = await startMockServer({ vmCount: 300, prism: false });
    try {
      const snap = c.snapshot();
      expect(snap.state.length).toBeLessThan(JSON.stringify(c.state.toData()).length / 1.5);
      c.state.vms.delete([...c.state.vms.keys()].at(-1)!);
      c.restore(snap);
      const [x, y] = [...c.state.vms.values()].slice(-2);
      expect(x!.disks).toBe(y!.disks);
      expect(Object.isFrozen(x!.nics)).toBe(true);
      expect(c.state.vms.size).toBe(305);
    } finally {
      await c.close();
    }

    const bad = JSON.parse(readFileSync(file, 'utf8'));
    bad.vms[bad.vms.length - 2].disks = { $shared: 99 };
    writeFileSync(file, JSON.stringify(bad));
    expect(() => loadStateFile(file)).toThrow(/\/vms\/\d+\/disks: vms\[\d+\]\.disks names shared device records 99, which 'shared' does not hold/);
  });
});

describe('state files are checked against the state schema when they load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmock-schema-'));
  /** A state file as the mock writes it, changed by `edit`. */
  const stateFile = async (name: string, edit: (d: Record<string, any>) => void): Promise<string> => {
    const file = join(dir, name);
    const s = await startMockServer({ stateFile: file, prism: false });
    await s.close();
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
    edit(data);
    writeFileSync(file, JSON.stringify(data));
    return file;
  };
  const cases: [string, (d: Record<string, any>) => void, string, string][] = [
    ['rules.tags: null', (d) => (d.rules.tags = null), '/rules/tags', "'rules.tags' must be a mapping of id to record, got null"],
    ['a VM with only an id', (d) => d.vms.push({ id: 'vm-77' }), `/vms/5/name`, "vms[5] (VM 'vm-77'): missing required field 'name'"],
    ['a task with only an id', (d) => d.tasks.push({ id: 't-1' }), '/tasks/0/route', "tasks[0] (task 't-1'): missing required field 'route'"],
    ['"vms": "oops"', (d) => (d.vms = 'oops'), '/vms', '\'vms\' must be a list of VM objects, got "oops"'],
    [
      'an appliance section that does not exist',
      (d) => (d.rules.appliance = { telnet: { enabled: true } }),
      '/rules/appliance/telnet',
      "rules.appliance['telnet'] is not a section of the appliance",
    ],
    [
      'an appliance setting of the wrong type',
      (d) => (d.rules.appliance = { access: { ssh: 'yes', dcui: true, consolecli: true, shell: { enabled: false, enabled_until: 0 } } }),
      '/rules/appliance/access/ssh',
      "rules.appliance['access']: 'ssh' must be a boolean, got \"yes\"",
    ],
    [
      'an appliance health color that does not exist',
      (d) =>
        (d.rules.appliance = {
          health: {
            levels: {
              load: 'purple',
              mem: 'green',
              swap: 'green',
              storage: 'green',
              'database-storage': 'green',
              'software-packages': 'green',
              applmgmt: 'green',
            },
            db_health_check_state_manual_backup: true,
            db_health_check_state_scheduled_backup: true,
          },
        }),
      '/rules/appliance/health/levels/load',
      "rules.appliance['health'].levels: 'load' is \"purple\", expected one of green, gray, yellow, orange, red",
    ],
    [
      'an appliance service in an unknown state',
      (d) => (d.rules.appliance_services = { vpxd: { state: 'RUNNING', startup_type: 'AUTOMATIC' } }),
      '/rules/appliance_services/vpxd/state',
      '\'state\' is "RUNNING", expected one of STARTING, STOPPING, STARTED, STOPPED',
    ],
    [
      'a tag without a category',
      (d) => (d.rules.tags = { 'urn:t': { id: 'urn:t', name: 'x', description: '' } }),
      '/rules/tags/urn:t/category_id',
      "missing required field 'category_id'",
    ],
    [
      'a settled task with an unknown status',
      (d) =>
        d.tasks.push({
          id: 't',
          route: 'r',
          service: 's',
          operation: 'o',
          user: 'u',
          created: 1,
          durationMs: 1,
          call: { params: {}, query: {} },
          settled: { status: 'DONE', end: 2 },
        }),
      '/tasks/0/settled/status',
      '\'status\' is "DONE", expected one of SUCCEEDED, FAILED',
    ],
  ];
  it.each(cases)('%s: startMockServer throws a StateFileError naming the file, the pointer and the problem', async (name, edit, pointer, problem) => {
    const file = await stateFile(`${name.replace(/\W+/g, '-')}.json`, edit);
    const err = await startMockServer({ stateFile: file, prism: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StateFileError);
    const e = err as StateFileError;
    expect(e.file).toBe(file);
    expect(e.message).toContain(`${file}: invalid state`);
    expect(e.message).toContain(`${pointer}: `);
    expect(e.message).toContain(problem);
    expect(e.problems.map((p) => p.pointer)).toContain(pointer);
  });

  it('{"vms":"oops"} without a version names the file and both pointers', () => {
    const file = join(dir, 'oops.json');
    writeFileSync(file, '{"vms":"oops"}');
    expect(() => loadStateFile(file)).toThrow(`${file}: invalid state (2 problems):\n  - /version: missing 'version' (1)`);
    expect(() => loadStateFile(file)).toThrow(`  - /vms: 'vms' must be a list of VM objects, got "oops"`);
  });

  it('a journal line that does not fit the schema is refused with the journal file, the line and the pointer', async () => {
    const file = await stateFile('journal-bad.json', () => {});
    writeFileSync(journalFileOf(file), `${JSON.stringify({ n: 3000, c: [['vms', 'vm-5000', { id: 'vm-5000' }]] })}\n${JSON.stringify({ n: 3000, c: [] })}\n`);
    await expect(startMockServer({ stateFile: file, prism: false })).rejects.toThrow(`${journalFileOf(file)} line 1: invalid state`);
    await expect(startMockServer({ stateFile: file, prism: false })).rejects.toThrow(/\/c\/0\/2\/name: .*VM 'vm-5000'.*: missing required field 'name'/);
    writeFileSync(journalFileOf(file), `${JSON.stringify({ n: 3000, c: [['nope', 'x', {}]], r: { tags: null } })}\n`);
    await expect(startMockServer({ stateFile: file, prism: false })).rejects.toThrow(
      /\/c\/0: not a change of a known collection[\s\S]*\/r\/tags: 'rules.tags' must be a mapping/,
    );
  });

  it('the bin prints the file, the pointer and the problem and exits 2', async () => {
    const file = await stateFile('bin.json', (d) => (d.rules.tags = null));
    const r = await runBin(['--port', '0', '--state', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`vsphere-mock: ${file}: invalid state (1 problem):\n  - /rules/tags: 'rules.tags' must be a mapping of id to record, got null`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
