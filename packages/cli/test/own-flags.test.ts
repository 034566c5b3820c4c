// Commands whose own flags share a global flag's name (a local account's --username, a DNS server's
// --server, an update's --version): after the command words the flag is the command's and never picks
// the user or the vCenter; before them it stays global.
import { describe, expect, it } from 'vitest';
import { useCliMock } from './helpers/cli-mock.js';

const cli = useCliMock();

describe("a command's own flag named like a global one", () => {
  it('--username after the command words names the account, not the login user', async () => {
    cli.mock.clearRequests();
    const r = await cli.run(['appliance', 'local-accounts', 'get', '--username', 'root', '-o', 'json']);
    expect({ code: r.code, stderr: r.stderr.replace(/^warning: plain http.*\n/m, '') }).toEqual({ code: 0, stderr: '' });
    expect(cli.mock.requests({ operation: 'appliance.localAccounts.get' }).map((q) => q.path)).toEqual(['/api/appliance/local-accounts/root']);
  });

  it('--username before the command words still chooses who logs in', async () => {
    const env = cli.envWith({ VSPHERE_USERNAME: undefined });
    const ok = await cli.run(['--username', 'administrator@vsphere.local', 'appliance', 'local-accounts', 'get', '--username', 'root'], env);
    expect(ok.code).toBe(0);
    const refused = await cli.run(['--username', 'nobody@vsphere.local', 'appliance', 'local-accounts', 'get', '--username', 'root'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('nobody@vsphere.local');
  });

  it('--server after the command words is the DNS server added, and the request goes to the vCenter', async () => {
    cli.mock.clearRequests();
    const r = await cli.run(['appliance', 'networking', 'dns', 'servers', 'add', '--server', '192.168.100.2']);
    expect(r.code).toBe(0);
    const [sent] = cli.mock.requests({ operation: 'appliance.networking.dns.servers.add' });
    expect(sent?.body).toEqual({ server: '192.168.100.2' });
  });

  it('--version after the command words is the update version, not the CLI version switch', async () => {
    cli.mock.clearRequests();
    const r = await cli.run(['appliance', 'update', 'pending', 'get', '--version', '8.0.2.00300']);
    expect(r.stdout).not.toMatch(/^vsphere \d/);
    expect(cli.mock.requests({ operation: 'appliance.update.pending.get' }).map((q) => q.path)).toEqual(['/api/appliance/update/pending/8.0.2.00300']);
  });

  it('--help says where the global flag of that name goes', async () => {
    const r = await cli.run(['appliance', 'local-accounts', 'get', '--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('the global flag of that name goes before them (vsphere --username … appliance local-accounts get …)');
  });
});
