// --vsphere-version (VSPHERE_VERSION, profile): the CLI's client refuses the operations a later
// release brought before sending them; the mock here emulates the newest release, so anything
// sent would succeed.
import { describe, expect, it } from 'vitest';
import { afterHttpWarning, credsEnv, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

const cli = useCliMock();

describe('--vsphere-version', () => {
  it('refuses an 8.0 operation for a 7.0.3 vCenter, naming the operation and its release', async () => {
    const r = await vsphere(['vcenter', 'vm', 'data-sets', 'list', '--vm', 'vm-1072', '--vsphere-version', '7.0.3'], credsEnv(cli.url));
    expect(r.code).toBe(1);
    expect(afterHttpWarning(r.stderr)).toBe(
      'error: vcenter.vm.dataSets.list (GET /api/vcenter/vm/{vm}/data-sets) came with vSphere 8.0.0; the target vCenter is 7.0.3\n',
    );
    expect(r.stdout).toBe('');
  });

  it('runs what the release has, and everything on a release that has it', async () => {
    const old = await vsphere(['vcenter', 'vm', 'get', '--vm', 'vm-1072', '-o', 'json'], credsEnv(cli.url, { VSPHERE_VERSION: '7.0.3' }));
    expect(old.code).toBe(0);
    expect(JSON.parse(old.stdout).name).toBeTruthy();
    const r = await vsphere(['vcenter', 'vm', 'data-sets', 'list', '--vm', 'vm-1072', '-o', 'json', '--vsphere-version', '8.0.0'], credsEnv(cli.url));
    expect(r.code).toBe(0);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });

  it('is a usage error for an unknown version, naming where it came from and the known ones', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list'], credsEnv(cli.url, { VSPHERE_VERSION: '9' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown vSphere version '9' (from VSPHERE_VERSION); known versions: 7.0.2, 7.0.3, 8.0.0, 8.0.1, 8.0.2\n");
  });
});
