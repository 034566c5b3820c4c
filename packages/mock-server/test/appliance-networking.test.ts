// Appliance networking as one model: interfaces with IPv4/IPv6, DNS servers, host name and
// domains, NTP, proxies, the inbound firewall. Every answer is checked against the spec.
import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer({ taskMs: 20 });
const { api } = mock;

const expectInvalid = (r: { status: number; body: any }, field: string) => {
  expect([r.status, r.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
  // The message starts with the field's path in the body that was sent.
  expect(r.body.messages[0].default_message.startsWith(`${field} `)).toBe(true);
};

describe('appliance interfaces', () => {
  it('lists nic0 with its static IPv4 address and a link-local IPv6 address', async () => {
    const list = (await api('GET', '/api/appliance/networking/interfaces')).body;
    expect(list.map((n: { name: string }) => n.name)).toEqual(['nic0']);
    const nic = (await api('GET', '/api/appliance/networking/interfaces/nic0')).body;
    expect(nic).toMatchObject({ name: 'nic0', status: 'up', ipv4: { mode: 'STATIC', prefix: 24, configurable: true } });
    expect(nic.ipv6.addresses[0]).toMatchObject({ origin: 'OTHER', status: 'PREFERRED', prefix: 64 });
    expect(nic.ipv6.addresses[0].address).toMatch(/^fe80::/);
  });

  it('answers NOT_FOUND naming an unknown interface', async () => {
    const r = await api('GET', '/api/appliance/networking/interfaces/nic9/ipv4');
    expect([r.status, r.body.error_type]).toEqual([404, 'NOT_FOUND']);
    expect(r.body.messages[0].args).toContain('nic9');
  });

  it('sets a static IPv4 address that the interface and the summary read back', async () => {
    const v4 = { mode: 'STATIC', address: '10.1.2.3', prefix: 16, default_gateway: '10.1.0.1' };
    expect((await api('PUT', '/api/appliance/networking/interfaces/nic0/ipv4', v4)).status).toBe(204);
    expect((await api('GET', '/api/appliance/networking/interfaces/nic0/ipv4')).body).toEqual({ ...v4, configurable: true });
    expect((await api('GET', '/api/appliance/networking')).body.interfaces.nic0.ipv4.address).toBe('10.1.2.3');
  });

  it('refuses a gateway outside the network, a bad address or prefix, and keeps the old settings', async () => {
    expectInvalid(
      await api('PUT', '/api/appliance/networking/interfaces/nic0/ipv4', { mode: 'STATIC', address: '10.1.2.3', prefix: 24, default_gateway: '10.9.0.1' }),
      'default_gateway',
    );
    expectInvalid(await api('PUT', '/api/appliance/networking/interfaces/nic0/ipv4', { mode: 'STATIC', address: '10.1.2.300', prefix: 24 }), 'address');
    expectInvalid(await api('PUT', '/api/appliance/networking/interfaces/nic0/ipv4', { mode: 'STATIC', address: '10.1.2.3', prefix: 33 }), 'prefix');
    expect((await api('GET', '/api/appliance/networking/interfaces/nic0/ipv4')).body.address).toBe('192.168.100.10');
  });

  it('adds manual IPv6 addresses after the link-local one, and refuses a bad one', async () => {
    const v6 = { dhcp: false, autoconf: false, addresses: [{ address: '2001:db8::10', prefix: 64 }], default_gateway: '2001:db8::1' };
    expect((await api('PUT', '/api/appliance/networking/interfaces/nic0/ipv6', v6)).status).toBe(204);
    const got = (await api('GET', '/api/appliance/networking/interfaces/nic0/ipv6')).body;
    expect(got.addresses[1]).toEqual({ address: '2001:db8::10', prefix: 64, origin: 'MANUAL', status: 'PREFERRED' });
    expect(got.default_gateway).toBe('2001:db8::1');
    expectInvalid(
      await api('PUT', '/api/appliance/networking/interfaces/nic0/ipv6', { ...v6, addresses: [{ address: '10.0.0.1', prefix: 64 }] }),
      'addresses[0].address',
    );
  });

  it('refuses to configure IPv6 while it is disabled, still reporting the link-local address', async () => {
    expect((await api('PATCH', '/api/appliance/networking', { ipv6_enabled: false })).status).toBe(204);
    const r = await api('PUT', '/api/appliance/networking/interfaces/nic0/ipv6', { dhcp: true, autoconf: true, addresses: [], default_gateway: '' });
    expect([r.status, r.body.error_type]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
    expect((await api('GET', '/api/appliance/networking/interfaces/nic0')).body.ipv6.addresses[0].origin).toBe('OTHER');
  });
});

describe('appliance DNS', () => {
  it('sets, adds and reads back static servers; the summary shows them', async () => {
    expect((await api('PUT', '/api/appliance/networking/dns/servers', { mode: 'is_static', servers: ['10.0.0.53'] })).status).toBe(204);
    expect((await api('POST', '/api/appliance/networking/dns/servers', { server: '10.0.0.54' })).status).toBe(204);
    expect((await api('GET', '/api/appliance/networking/dns/servers')).body).toEqual({ mode: 'is_static', servers: ['10.0.0.53', '10.0.0.54'] });
    expect((await api('GET', '/api/appliance/networking')).body.dns).toMatchObject({ mode: 'STATIC', servers: ['10.0.0.53', '10.0.0.54'] });
  });

  it('refuses a server that is not an address, naming it', async () => {
    expectInvalid(await api('PUT', '/api/appliance/networking/dns/servers', { mode: 'is_static', servers: ['10.0.0.53', 'dns..bad'] }), 'servers[1]');
    expect((await api('GET', '/api/appliance/networking/dns/servers')).body.servers).toEqual(['192.168.100.1']);
  });

  it('tests servers one by one: red when none answers, orange when some do', async () => {
    const mixed = (await api('POST', '/api/appliance/networking/dns/servers?action=test', { servers: ['10.0.0.53', 'var'] })).body;
    expect(mixed.status).toBe('orange');
    expect(mixed.messages.map((m: { result: string }) => m.result)).toEqual(['success', 'failure']);
    expect((await api('POST', '/api/appliance/networking/dns/servers?action=test', { servers: ['var'] })).body.status).toBe('red');
  });

  it('sets the host name that the summary shows, and refuses a bad one', async () => {
    expect((await api('PUT', '/api/appliance/networking/dns/hostname', { name: 'vc01.corp.example' })).status).toBe(204);
    expect((await api('GET', '/api/appliance/networking/dns/hostname')).body).toBe('vc01.corp.example');
    expect((await api('GET', '/api/appliance/networking')).body.dns.hostname).toBe('vc01.corp.example');
    expectInvalid(await api('PUT', '/api/appliance/networking/dns/hostname', { name: 'bad_host!' }), 'name');
    const test = (await api('POST', '/api/appliance/networking/dns/hostname?action=test', { name: 'bad_host!' })).body;
    expect(test.status).toBe('red');
  });

  it('sets and adds search domains without duplicates', async () => {
    expect((await api('PUT', '/api/appliance/networking/dns/domains', { domains: ['corp.example'] })).status).toBe(204);
    await api('POST', '/api/appliance/networking/dns/domains', { domain: 'lab.example' });
    await api('POST', '/api/appliance/networking/dns/domains', { domain: 'lab.example' });
    expect((await api('GET', '/api/appliance/networking/dns/domains')).body).toEqual(['corp.example', 'lab.example']);
  });
});

describe('appliance NTP', () => {
  it('reads back the servers set and tests each', async () => {
    expect((await api('PUT', '/api/appliance/ntp', { servers: ['time.google.com', '10.0.0.123'] })).status).toBe(204);
    expect((await api('GET', '/api/appliance/ntp')).body).toEqual(['time.google.com', '10.0.0.123']);
    const test = (await api('POST', '/api/appliance/ntp?action=test', { servers: ['time.google.com', 'not a host'] })).body;
    expect(test.map((t: { server: string; status: string }) => [t.server, t.status])).toEqual([
      ['time.google.com', 'SERVER_REACHABLE'],
      ['not a host', 'SERVER_UNREACHABLE'],
    ]);
  });

  it('refuses a server that is no host name, naming its position', async () => {
    expectInvalid(await api('PUT', '/api/appliance/ntp', { servers: ['ok.example', 'not a host'] }), 'servers[1]');
    expect((await api('GET', '/api/appliance/ntp')).body).toEqual(['time.vmware.com']);
  });
});

describe('appliance proxy', () => {
  it('starts with every protocol disabled (port -1), sets one and deletes it again', async () => {
    const all = (await api('GET', '/api/appliance/networking/proxy')).body;
    expect(all.https).toEqual({ server: '', port: -1, enabled: false });
    const cfg = { server: 'https://proxy.corp.example', port: 3128, enabled: true, username: 'svc', password: 'Proxy-Secret1' };
    expect((await api('PUT', '/api/appliance/networking/proxy/https', cfg)).status).toBe(204);
    const got = await api('GET', '/api/appliance/networking/proxy/https');
    expect(got.body).toEqual({ server: 'https://proxy.corp.example', port: 3128, enabled: true, username: 'svc' });
    expect(JSON.stringify(got.body)).not.toContain('Proxy-Secret1');
    expect((await api('DELETE', '/api/appliance/networking/proxy/https')).status).toBe(204);
    expect((await api('GET', '/api/appliance/networking/proxy/https')).body.enabled).toBe(false);
  });

  it('refuses an unknown protocol and a bad port, naming them', async () => {
    expectInvalid(await api('GET', '/api/appliance/networking/proxy/gopher'), 'protocol');
    expectInvalid(await api('PUT', '/api/appliance/networking/proxy/http', { server: 'proxy.corp.example', port: 0, enabled: true }), 'port');
  });

  it('tests a host through a proxy configuration', async () => {
    const config = { server: 'proxy.corp.example', port: 3128, enabled: true };
    expect((await api('POST', '/api/appliance/networking/proxy/http?action=test', { host: 'www.vmware.com', config })).body.status).toBe('SERVER_REACHABLE');
    expect(
      (await api('POST', '/api/appliance/networking/proxy/http?action=test', { host: 'www.vmware.com', config: { ...config, enabled: false } })).body.status,
    ).toBe('SERVER_UNREACHABLE');
  });

  it('reads back the hosts reached without a proxy', async () => {
    expect((await api('PUT', '/api/appliance/networking/noproxy', { servers: ['.corp.example', '10.0.0.0/8', 'localhost'] })).status).toBe(204);
    expect((await api('GET', '/api/appliance/networking/noproxy')).body).toEqual(['.corp.example', '10.0.0.0/8', 'localhost']);
    expectInvalid(await api('PUT', '/api/appliance/networking/noproxy', { servers: ['a b'] }), 'servers[0]');
  });
});

describe('appliance firewall', () => {
  it('replaces the inbound rules, `*` standing for every interface', async () => {
    const rules = [
      { address: '1.2.3.0', prefix: 24, policy: 'REJECT' },
      { address: '10.0.0.5', prefix: 32, policy: 'ACCEPT', interface_name: 'nic0' },
    ];
    expect((await api('PUT', '/api/appliance/networking/firewall/inbound', { rules })).status).toBe(204);
    expect((await api('GET', '/api/appliance/networking/firewall/inbound')).body).toEqual([
      { address: '1.2.3.0', prefix: 24, policy: 'REJECT', interface_name: '*' },
      { address: '10.0.0.5', prefix: 32, policy: 'ACCEPT', interface_name: 'nic0' },
    ]);
  });

  it('refuses a rule on an unknown interface and keeps the rules as they were', async () => {
    expectInvalid(
      await api('PUT', '/api/appliance/networking/firewall/inbound', { rules: [{ address: '1.2.3.0', prefix: 24, policy: 'REJECT', interface_name: 'eth7' }] }),
      'rules[0].interface_name',
    );
    expect((await api('GET', '/api/appliance/networking/firewall/inbound')).body).toEqual([]);
  });
});

describe('appliance network change (a task)', () => {
  async function settled(id: string): Promise<any> {
    for (let i = 0; i < 200; i++) {
      const t = (await api('GET', `/api/cis/tasks/${encodeURIComponent(id)}`)).body;
      if (t.status === 'SUCCEEDED' || t.status === 'FAILED') return t;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`task ${id} did not settle`);
  }
  const change = {
    hostname: 'vc02.corp.example',
    SSO_user: 'administrator@vsphere.local',
    SSO_password: 'VMware1!',
    dns: { mode: 'is_static', servers: ['10.20.0.53'] },
    ipv4: { mode: 'STATIC', address: '10.20.0.10', prefix: 24, default_gateway: '10.20.0.1' },
  };

  it('moves host name, DNS and address together', async () => {
    const id = (await api('POST', '/api/appliance/networking?action=change&vmw-task=true', change)).body as string;
    expect((await settled(id)).status).toBe('SUCCEEDED');
    const net = (await api('GET', '/api/appliance/networking')).body;
    expect(net.dns).toEqual({ mode: 'STATIC', hostname: 'vc02.corp.example', servers: ['10.20.0.53'] });
    expect(net.interfaces.nic0.ipv4.address).toBe('10.20.0.10');
  });

  it('fails on wrong SSO credentials and changes nothing', async () => {
    const id = (await api('POST', '/api/appliance/networking?action=change&vmw-task=true', { ...change, SSO_password: 'wrong' })).body as string;
    const task = await settled(id);
    expect(task.status).toBe('FAILED');
    expect(task.error.error_type).toBe('UNAUTHENTICATED');
    expect((await api('GET', '/api/appliance/networking/dns/hostname')).body).toBe('vcenter.vsphere.local');
  });

  it('fails on a bad address without moving the host name', async () => {
    const id = (
      await api('POST', '/api/appliance/networking?action=change&vmw-task=true', { ...change, ipv4: { ...change.ipv4, default_gateway: '10.99.0.1' } })
    ).body as string;
    const task = await settled(id);
    expect(task.status).toBe('FAILED');
    expect(task.error.messages[0].default_message).toContain('ipv4.default_gateway');
    expect((await api('GET', '/api/appliance/networking/dns/hostname')).body).toBe('vcenter.vsphere.local');
  });
});
