// The guest is state: with --state, a guest's files, uploaded bytes, Tools policy and pending
// customization survive a restart (journal replay), and a seed may give a guest its accounts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { Inventory } from '../src/state/inventory.js';
import { call, login } from './helpers/server.js';

const ROOT = { interactive_session: false, type: 'USERNAME_PASSWORD', user_name: 'root', password: 'VMware1!' };

it('guest files, uploaded bytes, the Tools policy and a pending customization survive a restart', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'guest-state-')), 'state.json');
  const a = await startMockServer({ stateFile: file, prism: false, toolsStartMs: 0 });
  const sa = await login(a);
  const api = (server: typeof a, session: string, method: string, path: string, body?: unknown) =>
    call(server, method, path, { session, ...(body !== undefined ? { body } : {}) });
  expect(
    (
      await api(a, sa, 'POST', '/api/vcenter/vm/vm-1072/guest/filesystem/directories?action=create', {
        credentials: ROOT,
        path: '/srv/www',
        create_parents: true,
      })
    ).status,
  ).toBe(204);
  const url = (
    await api(a, sa, 'POST', '/api/vcenter/vm/vm-1072/guest/filesystem?action=create', {
      credentials: ROOT,
      spec: { path: '/srv/www/index.html', attributes: { size: 5 } },
    })
  ).body;
  expect((await fetch(url, { method: 'PUT', body: 'hello' })).status).toBe(200);
  expect((await api(a, sa, 'PATCH', '/api/vcenter/vm/vm-1074/tools', { upgrade_policy: 'UPGRADE_AT_POWER_CYCLE' })).status).toBe(204);
  expect(
    (await api(a, sa, 'PUT', '/api/vcenter/vm/vm-1074/guest/customization', { spec: { configuration_spec: {}, global_DNS_settings: {}, interfaces: [] } }))
      .status,
  ).toBe(204);
  await a.close();

  const b = await startMockServer({ stateFile: file, prism: false, toolsStartMs: 0 });
  try {
    const sb = await login(b);
    const list = await api(b, sb, 'POST', '/api/vcenter/vm/vm-1072/guest/filesystem/files?action=list', { credentials: ROOT, path: '/srv/www' });
    expect(list.body.files).toEqual([{ filename: 'index.html', type: 'FILE', size: 5 }]);
    const down = (
      await api(b, sb, 'POST', '/api/vcenter/vm/vm-1072/guest/filesystem?action=create', { credentials: ROOT, spec: { path: '/srv/www/index.html' } })
    ).body;
    expect(await (await fetch(down)).text()).toBe('hello');
    expect((await api(b, sb, 'GET', '/api/vcenter/vm/vm-1074/tools')).body.upgrade_policy).toBe('UPGRADE_AT_POWER_CYCLE');
    expect((await api(b, sb, 'GET', '/api/vcenter/vm/vm-1074/guest/customization')).body).toEqual({ status: 'PENDING' });
  } finally {
    await b.close();
  }
});

it('a seed gives guests their accounts; a bad guests entry is refused naming it', () => {
  const seed = Inventory.defaults().toData();
  const inv = Inventory.fromSeedData({ ...seed, rules: { ...seed.rules, guests: { 'vm-1072': { accounts: { deploy: 'pw-1' } } } } });
  expect(inv.rules.guests['vm-1072']?.accounts).toEqual({ deploy: 'pw-1' });
  expect(() => Inventory.fromSeedData({ ...seed, rules: { guests: { 'vm-1072': { tools_start_at: 'soon' } } } }, 'lab.yaml')).toThrow(
    /lab\.yaml.*guests.*vm-1072.*tools_start_at/s,
  );
});
