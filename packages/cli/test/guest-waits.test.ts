// Guest workflows a scripter needs: wait for the guest's IP address, shut the guest down and wait
// for the power-off. The mock starts VMware Tools toolsStartMs after a power-on; here that is an
// hour, and the test itself lets Tools report once the CLI has seen them not running, so that no
// step depends on how fast a loaded machine starts the CLI.
import { describe, expect, it } from 'vitest';
import { PASSWORD, afterHttpWarning, hasScript, transcript, vsphere, vsphereTty } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

const VM = 'vm-1074'; // db-01, powered off in the seed

/**
 * Run once the CLI, told by a 503 that Tools are not running (after the client's own retries of
 * it), reads the VM's power state: the wait's first poll is over and its next one comes after.
 */
let onToolsNotRunning: (() => void) | undefined;
const POWER_READ = new RegExp(` GET /api/vcenter/vm/${VM}/power 200 `);

const cli = useCliMock({
  toolsStartMs: 3_600_000,
  requestLog: (line) => {
    if (onToolsNotRunning && POWER_READ.test(line)) {
      onToolsNotRunning();
      onToolsNotRunning = undefined;
    }
  },
});
const { env } = cli;

/** Tools of the VM report `ms` from now (the mock's guest record, as a power-on sets it). */
function toolsReportIn(ms: number): void {
  cli.mock.state.rules.guests[VM]!.tools_start_at = Date.now() + ms;
}

const statusLines = (stderr: string): string[] =>
  afterHttpWarning(stderr)
    .split('\n')
    .filter((l) => l.startsWith(`${VM}: `));

describe('waiting for the guest', () => {
  it('identity get --wait fails at once, with the fix, while the VM is powered off', async () => {
    const r = await vsphere(['vcenter', 'vm', 'guest', 'identity', 'get', '--vm', VM, '--wait'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error: ${VM} is POWERED_OFF, so VMware Tools cannot report the guest's IP address. Power it on first: vsphere vcenter vm power start --vm ${VM}`,
    );
  });

  it('after a power-on, identity get --wait polls until Tools report the IP address', async () => {
    expect((await vsphere(['vcenter', 'vm', 'power', 'start', '--vm', VM], env)).code).toBe(0);
    // Without --wait, the guest has not reported yet: vCenter's SERVICE_UNAVAILABLE.
    const early = await vsphere(['vcenter', 'vm', 'guest', 'identity', 'get', '--vm', VM], env);
    expect(early.code).toBe(1);
    expect(afterHttpWarning(early.stderr)).toMatch(/^SERVICE_UNAVAILABLE: /);
    // Tools report right after the wait's first poll has found them not running.
    onToolsNotRunning = () => toolsReportIn(0);
    const r = await vsphere(['vcenter', 'vm', 'guest', 'identity', 'get', '--vm', VM, '--wait', '-o', 'ids', '--fields', 'ip_address'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\.\d+\n$/);
    const lines = statusLines(r.stderr);
    expect(lines[0]).toBe(`${VM}: WAITING`);
    expect(lines).toContain(`${VM}: TOOLS_NOT_RUNNING`);
    expect(lines.at(-1)).toBe(`${VM}: IP_REPORTED`);
  });

  it('networking interfaces list --wait answers with an IPv4 address', async () => {
    const r = await vsphere(['vcenter', 'vm', 'guest', 'networking', 'interfaces', 'list', '--vm', VM, '--wait', '-o', 'json'], env);
    expect(r.code).toBe(0);
    const nics = JSON.parse(r.stdout) as { ip: { ip_addresses: { ip_address: string }[] } }[];
    expect(nics.some((n) => n.ip.ip_addresses.some((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a.ip_address)))).toBe(true);
  });

  it('gives up after --wait-timeout when Tools never report, saying how to look again', async () => {
    toolsReportIn(3_600_000);
    const r = await vsphere(['vcenter', 'vm', 'guest', 'identity', 'get', '--vm', VM, '--wait', '--wait-timeout', '1s'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error: gave up after 1s (--wait-timeout) waiting for the guest's IP address on ${VM}; look again with: vsphere vcenter vm guest identity get --vm ${VM} --wait`,
    );
    expect(r.stdout).toBe('');
  });

  it('Ctrl-C stops a guest wait and restores the terminal (exit 130)', async () => {
    expect(hasScript()).toBe(true);
    const r = await vsphereTty(
      ['vcenter', 'vm', 'guest', 'identity', 'get', '--vm', VM, '--wait'],
      { ...env, TERM: 'xterm', NO_COLOR: '1' },
      {
        prompt: 'TOOLS_NOT_RUNNING',
        answer: '\u0003',
      },
    );
    expect(r.code).toBe(130);
    // The line is cleared and the cursor shown (ESC[2K, ESC[?25h) right before the message.
    const at = r.stdout.indexOf('error: interrupted after ');
    expect(r.stdout.slice(0, at).endsWith('\r\u001b[2K\u001b[?25h')).toBe(true);
    expect(r.stdout.slice(at)).toMatch(/^error: interrupted after \d+:\d\d\. Stopped waiting for the guest's IP address on vm-1074/);
    expect(r.stdout).toContain(`look again with: vsphere vcenter vm guest identity get --vm ${VM} --wait`);
    toolsReportIn(0);
  });

  it('guest power shutdown --wait returns once the VM is powered off, and says so', async () => {
    const r = await vsphere(['vcenter', 'vm', 'guest', 'power', 'shutdown', '--vm', VM, '--wait'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(statusLines(r.stderr).at(-1)).toBe(`${VM}: POWERED_OFF`);
    expect(afterHttpWarning(r.stderr).trimEnd().split('\n').at(-1)).toBe(`Shut down the guest OS of ${VM} (db-01); it is powered off`);
    const power = await vsphere(['vcenter', 'vm', 'power', 'get', '--vm', VM, '-o', 'json'], env);
    expect(JSON.parse(power.stdout)).toMatchObject({ state: 'POWERED_OFF', clean_power_off: true });
  });

  it('--help of the guest commands says what --wait waits for', async () => {
    const identity = await vsphere(['vcenter', 'vm', 'guest', 'identity', 'get', '--help'], env);
    expect(identity.stdout).toMatch(/--wait\s+Wait until VMware Tools report the guest's IP address/);
    const shutdown = await vsphere(['vcenter', 'vm', 'guest', 'power', 'shutdown', '--help'], env);
    expect(shutdown.stdout).toMatch(/--wait\s+Wait until the guest OS has finished and the VM is POWERED_OFF/);
  });
});

describe('secrets', () => {
  it('no output of this file contained the password', () => {
    expect(transcript.length).toBeGreaterThan(5);
    for (const text of transcript) expect(text).not.toContain(PASSWORD);
  });
});
