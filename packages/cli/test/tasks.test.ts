import { describe, expect, it } from 'vitest';
import { PASSWORD, hasScript, transcript, vsphere, vsphereTty, afterHttpWarning } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

// Tasks take long enough for several progress polls.
const cli = useCliMock({ taskMs: 1500 });
const { env } = cli;

const CLEAR_LINE = '\r\u001b[2K';
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';

// Each task runs taskMs: the describes whose tests share nothing but the mock run their tests
// concurrently, so that the file waits for those tasks side by side rather than one after another.
// Tests that plant a fault on vcenter.vm.clone run alone (another test's clone could take it).

let clones = 0;
/** A clone with a fresh name each time (vCenter refuses a second VM of the same name in a folder). */
const clone = () => ['vcenter', 'vm', 'clone', '--source', 'vm-1074', '--name', `clone-of-db-${++clones}`];

describe.concurrent('--wait on operations that can run as tasks', () => {
  it('waits, prints progress lines when not on a TTY, and prints the result', async () => {
    const r = await vsphere([...clone(), '--wait', '-o', 'json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatch(/^vm-\d+$/);
    const lines = afterHttpWarning(r.stderr).trim().split('\n');
    expect(lines[0]).toMatch(/^task \S+: PENDING$/);
    expect(lines.at(-1)).toMatch(/^task \S+: SUCCEEDED$/);
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).not.toContain('█');
  });

  it('draws a progress bar under a pseudo-terminal', async () => {
    expect(hasScript()).toBe(true);
    const r = await vsphereTty([...clone(), '--wait', '-o', 'json'], { ...env, TERM: 'xterm' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('█');
    expect(r.stdout).toContain('\r');
    expect(r.stdout).toMatch(/SUCCEEDED/);
    expect(r.stdout).toMatch(/"vm-\d+"/);
    // colour on a TTY...
    expect(r.stdout).toContain('\u001b[');
  });

  it('draws no colour on a TTY with NO_COLOR', async () => {
    const r = await vsphereTty([...clone(), '--wait', '-o', 'json'], { ...env, TERM: 'xterm', NO_COLOR: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('█');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ESC of ANSI colour codes is what this test looks for
    expect(r.stdout.replace(/\u001b\[2K/g, '')).not.toMatch(/\u001b\[\d+m/);
  });

  it('without --wait, a task-capable operation runs synchronously', async () => {
    const r = await vsphere([...clone(), '-o', 'json'], env);
    expect(r.code).toBe(0);
    expect(afterHttpWarning(r.stderr)).toBe('');
    expect(JSON.parse(r.stdout)).toMatch(/^vm-\d+$/);
  });

  it('--dry-run of --wait shows vmw-task=true', async () => {
    const r = await vsphere([...clone(), '--wait', '--dry-run'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^POST \S+\/api\/vcenter\/vm\?action=clone&vmw-task=true$/m);
  });
});

describe.concurrent('operations that run only as tasks', () => {
  it('without --wait print the task id (and how to follow it on stderr)', async () => {
    const r = await vsphere(['esx', 'hcl', 'compatibility-data', 'download', '-o', 'json'], env);
    expect(r.code).toBe(0);
    const id = JSON.parse(r.stdout) as string;
    expect(id).toContain(':');
    expect(r.stderr).toContain(`vsphere cis tasks get --task ${id} --wait`);
  });

  it('with --wait follow the task to its end (the issue example)', async () => {
    const r = await vsphere(['esx', 'settings', 'clusters', 'software', 'apply', '--cluster', 'domain-c1055', '--wait'], env);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^task \S+: SUCCEEDED$/);
  });
});

describe.concurrent('cis tasks get --wait', () => {
  it('follows an existing task to its end', async () => {
    // Start a task through the API, then follow it by id.
    const started = await vsphere(['raw', 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', '--body', '{"source":"vm-1074","name":"followed-task"}'], env);
    expect(started.code).toBe(0);
    const id = JSON.parse(started.stdout) as string;
    expect(id).toContain(':');
    const r = await vsphere(['cis', 'tasks', 'get', '--task', id, '--wait', '-o', 'json'], env);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as { status: string; result?: unknown };
    expect(info.status).toBe('SUCCEEDED');
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`task ${id}: SUCCEEDED`);
  });

  it('without --wait, prints the task once', async () => {
    const started = await vsphere(['raw', 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', '--body', '{"source":"vm-1074","name":"once-task"}'], env);
    const id = JSON.parse(started.stdout) as string;
    const r = await vsphere(['cis', 'tasks', 'get', '--task', id, '-o', 'json'], env);
    expect(r.code).toBe(0);
    expect(['PENDING', 'RUNNING', 'SUCCEEDED']).toContain((JSON.parse(r.stdout) as { status: string }).status);
  });
});

describe.concurrent('the progress bar, Ctrl-C and --wait-timeout', () => {
  it('shows the task id, the percent and the time elapsed, and leaves the cursor shown', async () => {
    const r = await vsphereTty([...clone(), '--wait', '-o', 'ids'], { ...env, TERM: 'xterm', NO_COLOR: '1' });
    expect(r.code).toBe(0);
    // Each redraw starts by clearing the line; the cursor is hidden while drawing.
    const drawn = r.stdout.replaceAll(HIDE_CURSOR, '').replaceAll(SHOW_CURSOR, '').split(CLEAR_LINE);
    // A drawn line: the id (its ends kept when the terminal is narrow), status, percent, m:ss, the bar.
    expect(drawn.some((l) => /^task [0-9a-f]{8}-\S+ RUNNING\s+\d+% \d+:\d\d \[[█░]+\]$/.test(l))).toBe(true);
    expect(r.stdout).toContain(HIDE_CURSOR);
    expect(r.stdout.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(r.stdout.lastIndexOf(HIDE_CURSOR));
    expect(r.stdout).toMatch(/SUCCEEDED \[█{30}\] 100% \d+:\d\d\r\n/);
  });

  it('Ctrl-C clears the bar, shows the cursor, exits 130 and prints the command that follows the task', async () => {
    const r = await vsphereTty([...clone(), '--wait'], { ...env, TERM: 'xterm', NO_COLOR: '1' }, { prompt: 'RUNNING', answer: '\u0003' });
    expect(r.code).toBe(130);
    const m = /Task (\S+) keeps running on the server; follow it with: (vsphere cis tasks get --task (\S+) --wait)/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(m![3]).toBe(m![1]);
    // The progress line is cleared and the cursor shown before the message.
    const at = r.stdout.indexOf('error: interrupted');
    expect(r.stdout.slice(0, at).endsWith(`${CLEAR_LINE}${SHOW_CURSOR}`)).toBe(true);
    // The printed command works: the task went on running.
    const follow = await vsphere(['cis', 'tasks', 'get', '--task', m![3]!, '--wait', '-o', 'json'], env);
    expect(follow.code).toBe(0);
    expect(JSON.parse(follow.stdout)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('--wait-timeout gives up waiting (exit 1), names the task and how to follow it', async () => {
    const r = await vsphere([...clone(), '--wait', '--wait-timeout', '200ms'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: gave up after 200ms \(--wait-timeout\): task (\S+) keeps running on the server; follow it with: vsphere cis tasks get --task \1 --wait$/m,
    );
    expect(r.stdout).toBe('');
  });

  it('--wait-timeout needs --wait and a duration', async () => {
    const without = await vsphere([...clone(), '--wait-timeout', '5m'], env);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('--wait-timeout bounds a wait: give --wait too');
    const bad = await vsphere([...clone(), '--wait', '--wait-timeout', 'soon'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("invalid duration 'soon' for --wait-timeout");
  });
});

describe('failed tasks (a fault on the next clone: alone)', () => {
  it('exits 1 with the error of a failed task', async () => {
    cli.mock.faults.add({ operation: 'vcenter.vm.clone', errorType: 'RESOURCE_BUSY', message: 'The source is busy.', onTask: true, times: 1 });
    const r = await vsphere([...clone(), '--wait'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/task \S+: FAILED\n/);
    expect(r.stderr).toMatch(/^RESOURCE_BUSY: .*The source is busy\./m);
    expect(r.stdout).toBe('');
  });

  it('exits 1 when the followed task fails', async () => {
    cli.mock.faults.add({ operation: 'vcenter.vm.clone', errorType: 'NOT_ALLOWED_IN_CURRENT_STATE', message: 'Nope.', onTask: true, times: 1 });
    const started = await vsphere(['raw', 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', '--body', '{"source":"vm-1074","name":"doomed-task"}'], env);
    const id = JSON.parse(started.stdout) as string;
    const r = await vsphere(['cis', 'tasks', 'get', '--task', id, '--wait'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^NOT_ALLOWED_IN_CURRENT_STATE: .*Nope\./m);
  });
});

describe.concurrent('--wait on synchronous operations', () => {
  it('is accepted and says the operation is synchronous (not an unknown flag)', async () => {
    const r = await vsphere(['vcenter', 'vm', 'power', 'get', '--vm', 'vm-1072', '--wait', '-o', 'json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ state: 'POWERED_ON' });
    expect(afterHttpWarning(r.stderr)).toBe(
      "note: 'vsphere vcenter vm power get' is synchronous (vCenter runs it without a task): it was complete when it answered, so --wait had nothing to follow\n",
    );
  });

  it('--help says so too', async () => {
    const r = await vsphere(['vcenter', 'vm', 'power', 'start', '--help'], env);
    expect(r.stdout).toMatch(/--wait\s+Accepted for scripts, but this operation is synchronous \(no task\)/);
  });
});

describe('power operations confirm what they did', () => {
  it('names the VM by id and name on stderr, stdout stays empty', async () => {
    const on = await vsphere(['vcenter', 'vm', 'power', 'start', '--vm', 'vm-1074'], env);
    expect(on.code).toBe(0);
    expect(afterHttpWarning(on.stderr)).toBe('Powered on vm-1074 (db-01)\n');
    expect(on.stdout).toBe('');
    const off = await vsphere(['vcenter', 'vm', 'power', 'stop', '--vm', 'vm-1074'], env);
    expect(afterHttpWarning(off.stderr)).toBe('Powered off vm-1074 (db-01)\n');
  });

  it('a failed power operation confirms nothing', async () => {
    const r = await vsphere(['vcenter', 'vm', 'power', 'stop', '--vm', 'vm-1074'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('Powered off');
  });
});

describe.concurrent('ids print the same everywhere', () => {
  it('raw … --wait, vm clone --wait and -o ids print the new VM id unquoted', async () => {
    const [raw, cmd, ids] = await Promise.all([
      vsphere(['raw', 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', '--body', '{"source":"vm-1074","name":"raw-ids"}', '--wait'], env),
      vsphere([...clone(), '--wait'], env),
      vsphere([...clone(), '--wait', '-o', 'ids'], env),
    ]);
    for (const r of [raw, cmd, ids]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^vm-\d+\n$/);
    }
    // An explicit -o json still prints JSON.
    const json = await vsphere(
      ['raw', 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', '--body', '{"source":"vm-1074","name":"raw-json"}', '--wait', '-o', 'json'],
      env,
    );
    expect(JSON.parse(json.stdout)).toMatch(/^vm-\d+$/);
  });

  it('raw --wait without vmw-task=true says what to add (exit 2)', async () => {
    const r = await vsphere(['raw', 'GET', '/api/vcenter/vm', '--wait'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('raw --wait follows a task: add vmw-task=true to the query');
  });
});

describe('secrets', () => {
  it('no output of this file contained the password', () => {
    expect(transcript.length).toBeGreaterThan(10);
    for (const text of transcript) expect(text).not.toContain(PASSWORD);
  });
});
