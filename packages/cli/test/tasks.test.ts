import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { PASSWORD, credsEnv, hasScript, transcript, vsphere, vsphereTty, ensureBundle, afterHttpWarning } from './helpers/cli.js';

let mock: MockServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ensureBundle();
  // Tasks take long enough for several progress polls.
  mock = await startMockServer({ port: 0, taskMs: 1500 });
  env = credsEnv(mock.url);
});
afterAll(async () => {
  await mock?.close();
});

let clones = 0;
/** A clone with a fresh name each time (vCenter refuses a second VM of the same name in a folder). */
const clone = () => ['vcenter', 'vm', 'clone', '--source', 'vm-1074', '--name', `clone-of-db-${++clones}`];

describe('--wait on operations that can run as tasks', () => {
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

  it('exits 1 with the error of a failed task', async () => {
    mock.faults.add({ operation: 'vcenter.vm.clone', errorType: 'RESOURCE_BUSY', message: 'The source is busy.', onTask: true, times: 1 });
    const r = await vsphere([...clone(), '--wait'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/task \S+: FAILED\n/);
    expect(r.stderr).toMatch(/^RESOURCE_BUSY: .*The source is busy\./m);
    expect(r.stdout).toBe('');
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

describe('operations that run only as tasks', () => {
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

describe('cis tasks get --wait', () => {
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

  it('exits 1 when the followed task fails', async () => {
    mock.faults.add({ operation: 'vcenter.vm.clone', errorType: 'NOT_ALLOWED_IN_CURRENT_STATE', message: 'Nope.', onTask: true, times: 1 });
    const started = await vsphere(['raw', 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', '--body', '{"source":"vm-1074","name":"doomed-task"}'], env);
    const id = JSON.parse(started.stdout) as string;
    const r = await vsphere(['cis', 'tasks', 'get', '--task', id, '--wait'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^NOT_ALLOWED_IN_CURRENT_STATE: .*Nope\./m);
  });

  it('without --wait, prints the task once', async () => {
    const started = await vsphere(['raw', 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', '--body', '{"source":"vm-1074","name":"once-task"}'], env);
    const id = JSON.parse(started.stdout) as string;
    const r = await vsphere(['cis', 'tasks', 'get', '--task', id, '-o', 'json'], env);
    expect(r.code).toBe(0);
    expect(['PENDING', 'RUNNING', 'SUCCEEDED']).toContain((JSON.parse(r.stdout) as { status: string }).status);
  });
});

describe('secrets', () => {
  it('no output of this file contained the password', () => {
    expect(transcript.length).toBeGreaterThan(10);
    for (const text of transcript) expect(text).not.toContain(PASSWORD);
  });
});
