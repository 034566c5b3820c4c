// VMware Tools per VM: the state follows the VM's power state, starts `toolsStartMs` after a
// power-on, and the policy, upgrade and installer change what the same VM reports afterwards.
import { describe, expect, it } from 'vitest';
import { HOST_TOOLS_VERSION } from '../src/families/guest/tools.js';
import { useMockServer } from './helpers/server.js';

// Tools that start an hour after a power-on: a test sees "not yet" without waiting, and makes
// them report by moving their start time into the past (no test depends on the clock).
const mock = useMockServer({ toolsStartMs: 3_600_000 });
const { api } = mock;
const toolsStarted = (vm: string) => {
  mock.server.state.rules.guests[vm]!.tools_start_at = 0;
};

describe('Tools state', () => {
  it('a seeded running VM has Tools running; a powered-off or suspended one has them not running', async () => {
    const on = await api('GET', '/api/vcenter/vm/vm-1072/tools');
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ run_state: 'RUNNING', install_type: 'OPEN_VM_TOOLS', version_status: 'UNMANAGED', upgrade_policy: 'MANUAL' });
    expect((await api('GET', '/api/vcenter/vm/vm-1074/tools')).body.run_state).toBe('NOT_RUNNING');
    const win = await api('GET', '/api/vcenter/vm/vm-1075/tools');
    expect(win.body).toMatchObject({ run_state: 'NOT_RUNNING', install_type: 'MSI', version_status: 'CURRENT', auto_update_supported: true });
  });

  it('an unknown VM is NOT_FOUND on every Tools route', async () => {
    for (const [method, path] of [
      ['GET', '/api/vcenter/vm/vm-9999/tools'],
      ['PATCH', '/api/vcenter/vm/vm-9999/tools'],
      ['POST', '/api/vcenter/vm/vm-9999/tools?action=upgrade'],
      ['GET', '/api/vcenter/vm/vm-9999/tools/installer'],
      ['POST', '/api/vcenter/vm/vm-9999/tools/installer?action=connect'],
      ['POST', '/api/vcenter/vm/vm-9999/tools/installer?action=disconnect'],
    ] as const) {
      const r = await api(method, path, method === 'PATCH' ? { upgrade_policy: 'MANUAL' } : undefined);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error_type).toBe('NOT_FOUND');
      expect(r.body.messages[0].args).toEqual(['vm-9999']);
    }
  });

  it('stop ends Tools; start brings them back only after the start delay', async () => {
    expect((await api('POST', '/api/vcenter/vm/vm-1072/power?action=stop')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/tools')).body.run_state).toBe('NOT_RUNNING');
    expect((await api('POST', '/api/vcenter/vm/vm-1072/power?action=start')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/tools')).body.run_state).toBe('NOT_RUNNING');
    toolsStarted('vm-1072');
    expect((await api('GET', '/api/vcenter/vm/vm-1072/tools')).body.run_state).toBe('RUNNING');
  });

  it('a reset restarts Tools; a suspend stops them', async () => {
    expect((await api('POST', '/api/vcenter/vm/vm-1073/power?action=reset')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1073/tools')).body.run_state).toBe('NOT_RUNNING');
    toolsStarted('vm-1073');
    expect((await api('POST', '/api/vcenter/vm/vm-1073/power?action=suspend')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1073/tools')).body.run_state).toBe('NOT_RUNNING');
  });

  it('PATCH sets the upgrade policy of that VM only, in any power state', async () => {
    expect((await api('PATCH', '/api/vcenter/vm/vm-1074/tools', { upgrade_policy: 'UPGRADE_AT_POWER_CYCLE' })).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1074/tools')).body.upgrade_policy).toBe('UPGRADE_AT_POWER_CYCLE');
    expect((await api('GET', '/api/vcenter/vm/vm-1072/tools')).body.upgrade_policy).toBe('MANUAL');
    const bad = await api('PATCH', '/api/vcenter/vm/vm-1074/tools', { upgrade_policy: 'SOMETIMES' });
    expect(bad.status).toBe(400);
    expect((await api('GET', '/api/vcenter/vm/vm-1074/tools')).body.upgrade_policy).toBe('UPGRADE_AT_POWER_CYCLE');
  });
});

describe('Tools upgrade', () => {
  const oldTools = (vm: string) => {
    mock.server.state.rules.guests[vm] = { tools: { install_type: 'TAR', version_number: 11269 } };
  };

  it('upgrades outdated Tools that vCenter manages, restarting them', async () => {
    oldTools('vm-1072');
    expect((await api('GET', '/api/vcenter/vm/vm-1072/tools')).body.version_status).toBe('SUPPORTED_OLD');
    expect((await api('POST', '/api/vcenter/vm/vm-1072/tools?action=upgrade', {})).status).toBe(204);
    const after = (await api('GET', '/api/vcenter/vm/vm-1072/tools')).body;
    expect(after).toMatchObject({ version_status: 'CURRENT', version_number: HOST_TOOLS_VERSION, install_attempt_count: 1, run_state: 'NOT_RUNNING' });
    toolsStarted('vm-1072');
    const again = await api('POST', '/api/vcenter/vm/vm-1072/tools?action=upgrade', {});
    expect(again.status).toBe(400);
    expect(again.body.error_type).toBe('ALREADY_IN_DESIRED_STATE');
  });

  it("the default seed's web-02 runs tarball Tools a release behind, which the spec's example upgrades", async () => {
    expect((await api('GET', '/api/vcenter/vm/vm-1073/tools')).body).toMatchObject({
      install_type: 'TAR',
      version_status: 'SUPPORTED_OLD',
      run_state: 'RUNNING',
    });
    expect((await api('POST', '/api/vcenter/vm/vm-1073/tools?action=upgrade', { command_line_options: '--default' })).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1073/tools')).body.version_status).toBe('CURRENT');
  });

  it('refuses open-vm-tools (the guest OS upgrades them) and a VM that is not powered on', async () => {
    const managed = await api('POST', '/api/vcenter/vm/vm-1072/tools?action=upgrade', {});
    expect(managed.status).toBe(400);
    expect(managed.body.error_type).toBe('UNSUPPORTED');
    const off = await api('POST', '/api/vcenter/vm/vm-1074/tools?action=upgrade', {});
    expect(off.status).toBe(400);
    expect(off.body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
  });

  it('with UPGRADE_AT_POWER_CYCLE, outdated Tools are upgraded at the next power-on', async () => {
    mock.server.state.rules.guests['vm-1074'] = { tools: { install_type: 'MSI', version_number: 11269, upgrade_policy: 'UPGRADE_AT_POWER_CYCLE' } };
    expect((await api('POST', '/api/vcenter/vm/vm-1074/power?action=start')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1074/tools')).body).toMatchObject({ version_number: HOST_TOOLS_VERSION, install_attempt_count: 1 });
  });
});

describe('Tools installer', () => {
  it('connect mounts it on a running VM once; disconnect unmounts; a power-off unmounts it too', async () => {
    expect((await api('GET', '/api/vcenter/vm/vm-1072/tools/installer')).body).toEqual({ is_connected: false });
    expect((await api('POST', '/api/vcenter/vm/vm-1072/tools/installer?action=connect')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/tools/installer')).body).toEqual({ is_connected: true });
    expect((await api('GET', '/api/vcenter/vm/vm-1073/tools/installer')).body).toEqual({ is_connected: false });
    const twice = await api('POST', '/api/vcenter/vm/vm-1072/tools/installer?action=connect');
    expect(twice.status).toBe(400);
    expect(twice.body.error_type).toBe('ALREADY_IN_DESIRED_STATE');
    expect((await api('POST', '/api/vcenter/vm/vm-1072/tools/installer?action=disconnect')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/tools/installer')).body).toEqual({ is_connected: false });
    expect((await api('POST', '/api/vcenter/vm/vm-1072/tools/installer?action=connect')).status).toBe(204);
    expect((await api('POST', '/api/vcenter/vm/vm-1072/power?action=stop')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/tools/installer')).body).toEqual({ is_connected: false });
  });

  it('connect on a powered-off VM is NOT_ALLOWED_IN_CURRENT_STATE', async () => {
    const r = await api('POST', '/api/vcenter/vm/vm-1074/tools/installer?action=connect');
    expect(r.status).toBe(400);
    expect(r.body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
  });
});

describe('guest state follows the VM', () => {
  it('a clone gets the source guest, a deleted VM loses it', async () => {
    mock.server.state.rules.guests['vm-1072'] = { tools: { upgrade_policy: 'UPGRADE_AT_POWER_CYCLE' } };
    const clone = await api('POST', '/api/vcenter/vm?action=clone', { source: 'vm-1072', name: 'web-01-copy' });
    expect(clone.status).toBe(200);
    expect((await api('GET', `/api/vcenter/vm/${clone.body}/tools`)).body.upgrade_policy).toBe('UPGRADE_AT_POWER_CYCLE');
    expect((await api('DELETE', `/api/vcenter/vm/${clone.body}`)).status).toBe(204);
    expect(mock.server.state.rules.guests[clone.body]).toBeUndefined();
  });
});
