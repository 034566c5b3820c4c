// Guest customization: set only while powered off, applied at the next power-on, and what it
// sets (host name, domain, DNS, static IPv4) is what the guest then reports.
import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer({ toolsStartMs: 3_600_000 });
const { api } = mock;

const SPEC = {
  configuration_spec: { linux_config: { hostname: { type: 'FIXED', fixed_name: 'db-primary' }, domain: 'corp.example' } },
  global_DNS_settings: { dns_servers: ['10.0.0.53'], dns_suffix_list: ['corp.example'] },
  interfaces: [{ adapter: { ipv4: { type: 'STATIC', ip_address: '192.168.10.20', prefix: 24, gateways: ['192.168.10.1'] } } }],
};

describe('guest customization', () => {
  it('PENDING after set, RUNNING at power-on, SUCCEEDED when Tools report; the guest shows what it set', async () => {
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/customization')).body).toEqual({ status: 'IDLE' });
    expect((await api('PUT', '/api/vcenter/vm/vm-1074/guest/customization', { spec: SPEC })).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/customization')).body).toEqual({ status: 'PENDING' });
    expect((await api('POST', '/api/vcenter/vm/vm-1074/power?action=start')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/customization')).body.status).toBe('RUNNING');
    const g = mock.server.state.rules.guests['vm-1074']!;
    g.tools_start_at = 0;
    g.customization!.end_time = new Date(0).toISOString();
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/customization')).body.status).toBe('SUCCEEDED');
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/identity')).body).toMatchObject({ host_name: 'db-primary', ip_address: '192.168.10.20' });
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/networking')).body).toEqual({
      dns_values: { host_name: 'db-primary', domain_name: 'corp.example' },
      dns: { ip_addresses: ['10.0.0.53'], search_domains: ['corp.example'] },
    });
    const routes = (await api('GET', '/api/vcenter/vm/vm-1074/guest/networking/routes')).body;
    expect(routes[0]).toEqual({ network: '0.0.0.0', prefix_length: 0, gateway_address: '192.168.10.1', interface_index: 0 });
  });

  it('is NOT_ALLOWED_IN_CURRENT_STATE on a powered-on VM; an unknown named spec is NOT_FOUND; too many interfaces INVALID_ARGUMENT', async () => {
    const on = await api('PUT', '/api/vcenter/vm/vm-1072/guest/customization', { spec: SPEC });
    expect(on.status).toBe(400);
    expect(on.body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    expect((await api('PUT', '/api/vcenter/vm/vm-1074/guest/customization', { name: 'no-such-spec' })).status).toBe(404);
    const many = await api('PUT', '/api/vcenter/vm/vm-1074/guest/customization', { spec: { ...SPEC, interfaces: [SPEC.interfaces[0], SPEC.interfaces[0]] } });
    expect(many.body.error_type).toBe('INVALID_ARGUMENT');
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/customization')).body).toEqual({ status: 'IDLE' });
  });

  it('a set may name a stored customization spec instead of giving one', async () => {
    const created = await api('POST', '/api/vcenter/guest/customization-specs', { name: 'db-fixed', description: 'db hosts', spec: SPEC });
    expect(created.status).toBe(201);
    expect((await api('PUT', '/api/vcenter/vm/vm-1074/guest/customization', { name: 'db-fixed' })).status).toBe(204);
    expect((await api('POST', '/api/vcenter/vm/vm-1074/power?action=start')).status).toBe(204);
    mock.server.state.rules.guests['vm-1074']!.tools_start_at = 0;
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/identity')).body.host_name).toBe('db-primary');
  });

  it('a set without name and spec clears the pending customization', async () => {
    await api('PUT', '/api/vcenter/vm/vm-1074/guest/customization', { spec: SPEC });
    expect((await api('PUT', '/api/vcenter/vm/vm-1074/guest/customization', {})).status).toBe(204);
    expect((await api('GET', '/api/vcenter/vm/vm-1074/guest/customization')).body).toEqual({ status: 'IDLE' });
  });
});
