// The guest as VMware Tools report it: built from the VM's own model (guest_OS, name, NICs and
// disks), so it agrees with GET /api/vcenter/vm/{vm}; 503 information_not_available until Tools run.
import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer({ toolsStartMs: 3_600_000 });
const { api } = mock;

const GUEST_READS = ['identity', 'networking', 'networking/interfaces', 'networking/routes', 'local-filesystem'];

describe('guest information', () => {
  it('identity names the OS of guest_OS, the host name from the VM name and the IP of its NIC', async () => {
    const r = await api('GET', '/api/vcenter/vm/vm-1072/guest/identity');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'RHEL_8_64', family: 'LINUX', host_name: 'web-01' });
    expect(r.body.full_name.default_message).toBe('Red Hat Enterprise Linux 8 (64-bit)');
    const nics = (await api('GET', '/api/vcenter/vm/vm-1072/guest/networking/interfaces')).body;
    expect(nics[0].ip.ip_addresses[0].ip_address).toBe(r.body.ip_address);
  });

  it('interfaces are the VM NICs: same keys and MACs as GET /api/vcenter/vm/{vm}, one address per NIC', async () => {
    const vm = (await api('GET', '/api/vcenter/vm/vm-1072')).body;
    const nics = (await api('GET', '/api/vcenter/vm/vm-1072/guest/networking/interfaces')).body as any[];
    expect(nics.map((n) => [n.nic, n.mac_address])).toEqual(Object.entries(vm.nics).map(([k, n]: [string, any]) => [k, n.mac_address]));
    expect(nics[0].ip.ip_addresses.map((a: any) => a.origin)).toEqual(['DHCP', 'LINKLAYER']);
    // Another VM on the same network gets another address in the same subnet.
    const other = (await api('GET', '/api/vcenter/vm/vm-1073/guest/networking/interfaces')).body as any[];
    const [a, b] = [nics[0].ip.ip_addresses[0].ip_address, other[0].ip.ip_addresses[0].ip_address];
    expect(a).not.toBe(b);
    expect(a.split('.').slice(0, 2)).toEqual(b.split('.').slice(0, 2));
  });

  it('routes: the default route over the gateway, the subnet and the link-local net of each interface', async () => {
    const routes = (await api('GET', '/api/vcenter/vm/vm-1072/guest/networking/routes')).body as any[];
    const ip = (await api('GET', '/api/vcenter/vm/vm-1072/guest/identity')).body.ip_address as string;
    const [o1, o2] = ip.split('.');
    expect(routes).toEqual([
      { network: '0.0.0.0', prefix_length: 0, gateway_address: `${o1}.${o2}.0.1`, interface_index: 0 },
      { network: `${o1}.${o2}.0.0`, prefix_length: 16, interface_index: 0 },
      { network: 'fe80::', prefix_length: 64, interface_index: 0 },
    ]);
    const net = (await api('GET', '/api/vcenter/vm/vm-1072/guest/networking')).body;
    expect(net).toEqual({
      dns_values: { host_name: 'web-01', domain_name: 'lab.local' },
      dns: { ip_addresses: [`${o1}.${o2}.0.1`], search_domains: ['lab.local'] },
    });
  });

  it('a disconnected NIC is not a guest interface', async () => {
    mock.server.state.vms.get('vm-1072')!.nics!['4000']!.start_connected = false;
    expect((await api('GET', '/api/vcenter/vm/vm-1072/guest/networking/interfaces')).body).toEqual([]);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/guest/identity')).body.ip_address).toBeUndefined();
  });

  it('local file systems map to the VM disks, sized from them', async () => {
    const fs = (await api('GET', '/api/vcenter/vm/vm-1072/guest/local-filesystem')).body;
    const vm = (await api('GET', '/api/vcenter/vm/vm-1072')).body;
    expect(Object.keys(fs).sort()).toEqual(['/', '/boot']);
    expect(fs['/'].capacity + fs['/boot'].capacity).toBe(vm.disks['2000'].capacity);
    expect(fs['/'].mappings).toEqual([{ disk: '2000' }]);
    expect(fs['/'].free_space).toBeLessThan(fs['/'].capacity);
  });

  it('every guest read is 503 information_not_available while Tools have not reported, 404 for an unknown VM', async () => {
    expect((await api('POST', '/api/vcenter/vm/vm-1074/power?action=start')).status).toBe(204);
    for (const vm of ['vm-1074', 'vm-1075']) {
      for (const what of GUEST_READS) {
        const r = await api('GET', `/api/vcenter/vm/${vm}/guest/${what}`);
        expect(r.status, `${vm} ${what}`).toBe(503);
        expect(r.body.error_type).toBe('SERVICE_UNAVAILABLE');
        expect(r.body.messages[0].id).toBe('com.vmware.api.vcenter.vm.guest.information_not_available');
        expect(r.body.messages[0].args[0]).toMatch(new RegExp(`^${vm}:`));
      }
    }
    for (const what of [...GUEST_READS, 'power', 'operations', 'customization']) {
      const r = await api('GET', `/api/vcenter/vm/vm-9999/guest/${what}`);
      expect(r.status, what).toBe(404);
      expect(r.body.messages[0].args).toEqual(['vm-9999']);
    }
    mock.server.state.rules.guests['vm-1074']!.tools_start_at = 0;
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/identity')).body.host_name).toBe('db-01');
  });

  it('guest power and operations readiness follow the VM and its Tools', async () => {
    expect((await api('GET', '/api/vcenter/vm/vm-1072/guest/power')).body).toEqual({ state: 'RUNNING', operations_ready: true });
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/power')).body).toEqual({ state: 'NOT_RUNNING', operations_ready: false });
    expect((await api('GET', '/api/vcenter/vm/vm-1072/guest/operations')).body).toEqual({
      guest_operations_ready: true,
      interactive_guest_operations_ready: false,
    });
    await api('POST', '/api/vcenter/vm/vm-1074/power?action=start');
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/power')).body).toEqual({ state: 'UNAVAILABLE', operations_ready: false });
  });

  it('a Windows guest has drive letters on NTFS and the Windows family', async () => {
    mock.server.state.vms.get('vm-1075')!.power_state = 'POWERED_ON';
    const id = (await api('GET', '/api/vcenter/vm/vm-1075/guest/identity')).body;
    expect(id).toMatchObject({ family: 'WINDOWS', host_name: 'win-build' });
    const fs = (await api('GET', '/api/vcenter/vm/vm-1075/guest/local-filesystem')).body;
    expect(Object.keys(fs)).toEqual(['C:\\']);
    expect(fs['C:\\'].filesystem).toBe('NTFS');
  });
});

describe('guest power', () => {
  it('shutdown powers the VM off cleanly through Tools', async () => {
    expect((await api('POST', '/api/vcenter/vm/vm-1072/guest/power?action=shutdown')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/power')).body).toEqual({ state: 'POWERED_OFF', clean_power_off: true });
    expect((await api('GET', '/api/vcenter/vm/vm-1072/tools')).body.run_state).toBe('NOT_RUNNING');
  });

  it('standby suspends the VM; reboot keeps it on and restarts Tools', async () => {
    expect((await api('POST', '/api/vcenter/vm/vm-1073/guest/power?action=standby')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1073/power')).body.state).toBe('SUSPENDED');
    expect((await api('POST', '/api/vcenter/vm/vm-1072/guest/power?action=reboot')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1072/power')).body.state).toBe('POWERED_ON');
    expect((await api('GET', '/api/vcenter/vm/vm-1072/tools')).body.run_state).toBe('NOT_RUNNING');
    const again = await api('POST', '/api/vcenter/vm/vm-1072/guest/power?action=reboot');
    expect(again.status).toBe(503);
    expect(again.body.messages[0].id).toBe('com.vmware.api.vcenter.vm.guest.information_not_available');
  });

  it('is NOT_ALLOWED_IN_CURRENT_STATE on a powered-off or suspended VM, and changes nothing', async () => {
    for (const [vm, action] of [
      ['vm-1074', 'shutdown'],
      ['vm-1074', 'reboot'],
      ['vm-1075', 'standby'],
    ] as const) {
      const before = (await api('GET', `/api/vcenter/vm/${vm}/power`)).body;
      const r = await api('POST', `/api/vcenter/vm/${vm}/guest/power?action=${action}`);
      expect(r.status, `${vm} ${action}`).toBe(400);
      expect(r.body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
      expect((await api('GET', `/api/vcenter/vm/${vm}/power`)).body).toEqual(before);
    }
  });
});
