// Version emulation: the release the mock reports, and the operations of later releases
// answering as the unknown paths they are on that release.
import { cameAfter, vsphereRelease, VSPHERE_RELEASES } from '@vsphere-kit/core/vsphere-version';
import { describe, expect, it } from 'vitest';
import { loadGenerated, startMockServer } from '../src/index.js';
import { runBin, startBin, stopBin } from './helpers/bin.js';
import { call, login, useMockServer } from './helpers/server.js';

const UNKNOWN_PATH = { error_type: 'NOT_FOUND', messages: [{ id: 'com.vmware.vapi.rest.httpNotFound', default_message: 'Not found.', args: [] }] };

const old = useMockServer({ vsphereVersion: '7.0.3' });

describe('vsphereVersion 7.0.3', () => {
  it('reports the 7.0 Update 3 appliance', async () => {
    const r = await old.api('GET', '/api/appliance/system/version');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      version: '7.0.3.00000',
      build: '18700403',
      summary: 'VMware vCenter Server 7.0 Update 3',
      product: 'VMware vCenter Server',
    });
    expect(old.server.vsphereVersion).toBe('7.0.3');
    const health = (await old.api('GET', '/__mock/health')).body;
    expect(health.vsphereVersion).toBe('7.0.3');
    expect(health.operations).toBe(old.server.core.router.size);
    expect(health.operations).toBeLessThan(old.server.core.routes.length);
  });

  it('answers the operations of 8.0 as unknown paths, the older ones as before', async () => {
    // VM data sets came with 8.0.0, entropy pools with 8.0.1.
    for (const [method, path] of [
      ['GET', '/api/vcenter/vm/vm-1072/data-sets'],
      ['POST', '/api/vcenter/vm/vm-1072/data-sets'],
      ['GET', '/api/vcenter/host/host-1015/entropy/external-pool'],
      ['GET', '/api/esx/settings/hosts/host-1015/software'],
    ] as const) {
      const r = await call(old.server, method, path, { session: old.sid, ...(method === 'POST' ? { body: {} } : {}) });
      expect({ status: r.status, body: r.body }, `${method} ${path}`).toEqual({ status: 404, body: UNKNOWN_PATH });
    }
    expect((await old.api('GET', '/api/vcenter/vm/vm-1072')).status).toBe(200);
    expect((await old.api('GET', '/api/content/security-policies')).status).toBe(200);
  });

  it('routes no operation of a later release', async () => {
    const { routes } = await loadGenerated();
    const release = vsphereRelease('7.0.3');
    const later = routes.filter((r) => cameAfter(r.since, release));
    expect(later.length).toBeGreaterThan(40);
    for (const r of later) expect(old.server.core.router.get(r.id), r.id).toBeUndefined();
    const kept = routes.filter((r) => !cameAfter(r.since, release));
    expect(kept.every((r) => old.server.core.router.get(r.id) === r)).toBe(true);
  });
});

describe('the default and the choices', () => {
  it('emulates the newest release by default and serves its operations', async () => {
    const server = await startMockServer({ port: 0 });
    try {
      const sid = await login(server);
      expect(server.vsphereVersion).toBe(VSPHERE_RELEASES.at(-1)!.name);
      expect((await call(server, 'GET', '/api/appliance/system/version', { session: sid })).body).toMatchObject({ version: '8.0.2.00000', build: '22385739' });
      expect((await call(server, 'GET', '/api/vcenter/vm/vm-1072/data-sets', { session: sid })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('8.0.0 has data sets but not the 8.0.1 entropy pools', async () => {
    const server = await startMockServer({ port: 0, vsphereVersion: '8.0.0' });
    try {
      const sid = await login(server);
      expect((await call(server, 'GET', '/api/vcenter/vm/vm-1072/data-sets', { session: sid })).status).toBe(200);
      expect((await call(server, 'GET', '/api/vcenter/host/host-1015/entropy/external-pool', { session: sid })).body).toEqual(UNKNOWN_PATH);
    } finally {
      await server.close();
    }
  });

  it('refuses an unknown version, naming the known ones', async () => {
    await expect(startMockServer({ vsphereVersion: '7.0' })).rejects.toThrow(
      "vsphereVersion: unknown vSphere version '7.0'; known versions: 7.0.2, 7.0.3, 8.0.0, 8.0.1, 8.0.2",
    );
  });

  it('takes --vsphere-version in the bin and refuses a bad one with exit 2', async () => {
    const bad = await runBin(['--vsphere-version', '9.9']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--vsphere-version: unknown vSphere version '9.9'; known versions: 7.0.2, 7.0.3, 8.0.0, 8.0.1, 8.0.2");
    const run = await startBin(['--port', '0', '--vsphere-version', '7.0.2', '--quiet']);
    try {
      expect(run.stdout()).toContain('emulating vCenter 7.0.2');
      const sid = (await (
        await fetch(`${run.url}/api/session`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from('administrator@vsphere.local:VMware1!').toString('base64')}` },
        })
      ).json()) as string;
      const r = await fetch(`${run.url}/api/appliance/system/version`, { headers: { 'vmware-api-session-id': sid } });
      expect(((await r.json()) as { build: string }).build).toBe('17694817');
    } finally {
      await stopBin(run);
    }
  });
});
