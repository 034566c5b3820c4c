// vLCM compliance: a scan (a task) compares the desired software with what the hosts run,
// its task result is the compliance, and the compliance call reads back the last scan.
import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer({ taskMs: 0 });
const api = mock.api;
const CLUSTER = '/api/esx/settings/clusters/domain-c1055/software';

async function scan(path: string): Promise<any> {
  const started = await api('POST', `${path}?action=scan&vmw-task=true`);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const task = await api('GET', `/api/cis/tasks/${encodeURIComponent(started.body)}`);
  expect(task.body.status, JSON.stringify(task.body.error)).toBe('SUCCEEDED');
  return task.body.result;
}

describe('software compliance', () => {
  it('reads back the scan the seed holds for cluster-a, and is NOT_FOUND until a scan ran', async () => {
    const seeded = await api('GET', `${CLUSTER}/compliance`);
    expect(seeded.body).toMatchObject({ status: 'NON_COMPLIANT', commit: '1', non_compliant_hosts: ['host-1062', 'host-1063', 'host-1068'] });
    delete mock.server.state.rules.software_compliance['clusters/domain-c1055'];
    const r = await api('GET', `${CLUSTER}/compliance`);
    expect([r.status, r.body.error_type, r.body.messages[0].args]).toEqual([404, 'NOT_FOUND', ['domain-c1055']]);
  });

  it('of a cluster whose hosts run its desired image lists every host as compliant, and reads back the same', async () => {
    // cluster-a's seeded image adds a component no host runs; its hosts run the bare base image.
    mock.server.state.rules.software['clusters/domain-c1055'] = { commit: 1, spec: { base_image: { version: '8.0.2-0.0.22380479' }, components: {} } };
    const result = await scan(CLUSTER);
    const hosts = [...mock.server.state.hosts.values()].filter((h) => h.cluster === 'domain-c1055').map((h) => h.id);
    expect(hosts.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ status: 'COMPLIANT', impact: 'NO_IMPACT', compliant_hosts: hosts, non_compliant_hosts: [], commit: '1' });
    expect(Object.keys(result.hosts)).toEqual(hosts);
    expect((await api('GET', `${CLUSTER}/compliance`)).body).toEqual(result);
  });

  it('finds the hosts NON_COMPLIANT, needing a reboot, once a new base image is the desired state', async () => {
    mock.server.state.rules.software['clusters/domain-c1055'] = { commit: 2, spec: { base_image: { version: '8.0.3-0.0.24022510' }, components: {} } };
    const result = await scan(CLUSTER);
    expect(result).toMatchObject({ status: 'NON_COMPLIANT', impact: 'REBOOT_REQUIRED', compliant_hosts: [], commit: '2' });
    const first = Object.values(result.hosts)[0] as any;
    expect(first.base_image).toMatchObject({ status: 'NON_COMPLIANT', current: { version: '8.0.2-0.0.22380479' }, target: { version: '8.0.3-0.0.24022510' } });
  });

  it('of a host is its own result, and an unknown host is NOT_FOUND', async () => {
    expect(await scan('/api/esx/settings/hosts/host-1064/software')).toMatchObject({ status: 'COMPLIANT', impact: 'NO_IMPACT' });
    const r = await api('POST', '/api/esx/settings/hosts/host-404/software?action=scan&vmw-task=true');
    const task = await api('GET', `/api/cis/tasks/${encodeURIComponent(r.body)}`);
    expect([task.body.status, task.body.error.error_type]).toEqual(['FAILED', 'NOT_FOUND']);
  });
});
