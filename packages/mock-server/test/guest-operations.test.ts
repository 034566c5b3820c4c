// Guest operations: credentials checked against the guest's accounts, a per-VM guest file
// system and process table, paths validated; a refused call changes nothing.
import { describe, expect, it } from 'vitest';
import { MAX_ENDED_PROCESSES } from '../src/families/guest/guest-processes.js';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer({ toolsStartMs: 3_600_000 });
const { api } = mock;

const ROOT = { interactive_session: false, type: 'USERNAME_PASSWORD', user_name: 'root', password: 'VMware1!' };
const ADMIN = { ...ROOT, user_name: 'administrator' };
const G = '/api/vcenter/vm/vm-1072/guest';
const op = (path: string, body: Record<string, unknown> = {}, vm = 'vm-1072') =>
  api('POST', `/api/vcenter/vm/${vm}/guest/${path}`, { credentials: vm === 'vm-1075' ? ADMIN : ROOT, ...body });
const list = async (path: string) => ((await op('filesystem/files?action=list', { path })).body.files as any[]).map((f) => f.filename);

describe('guest credentials', () => {
  it('a wrong password or unknown user is UNAUTHENTICATED and never echoes the password', async () => {
    for (const credentials of [
      { ...ROOT, password: 'wrong-secret-123' },
      { ...ROOT, user_name: 'nobody' },
    ]) {
      const r = await api('POST', `${G}/processes?action=list`, { credentials });
      expect(r.status).toBe(401);
      expect(r.body.error_type).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(r.body)).not.toContain('wrong-secret-123');
    }
  });

  it('SAML tokens and interactive sessions are refused; the accounts a seed gives replace the default one', async () => {
    expect(
      (await api('POST', `${G}/processes?action=list`, { credentials: { interactive_session: false, type: 'SAML_BEARER_TOKEN', saml_token: 'x' } })).status,
    ).toBe(401);
    const interactive = await api('POST', `${G}/processes?action=list`, { credentials: { ...ROOT, interactive_session: true } });
    expect(interactive.body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    mock.server.state.rules.guests['vm-1072'] = { accounts: { deploy: 's3cret-pass' } };
    expect((await op('processes?action=list')).status).toBe(401);
    const ok = await api('POST', `${G}/processes?action=list`, { credentials: { ...ROOT, user_name: 'deploy', password: 's3cret-pass' } });
    expect(ok.status).toBe(200);
  });

  it('guest operations need a running VM (400), its Tools (503) and an existing VM (404)', async () => {
    const off = await op('processes?action=list', {}, 'vm-1074');
    expect(off.status).toBe(400);
    expect(off.body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    expect((await api('POST', '/api/vcenter/vm/vm-1074/power?action=start')).status).toBe(204);
    const booting = await op('processes?action=list', {}, 'vm-1074');
    expect(booting.status).toBe(503);
    expect(booting.body.messages[0].id).toBe('com.vmware.api.vcenter.vm.guest.information_not_available');
    expect((await op('processes?action=list', {}, 'vm-9999')).status).toBe(404);
  });
});

describe('guest files and directories', () => {
  it('create, list, move and delete directories; the tree is per VM', async () => {
    expect((await op('filesystem/directories?action=create', { path: '/opt/app/logs', create_parents: true })).status).toBe(204);
    expect(await list('/opt')).toEqual(['app']);
    expect(await list('/opt/app')).toEqual(['logs']);
    const twice = await op('filesystem/directories?action=create', { path: '/opt/app' });
    expect(twice.body.error_type).toBe('ALREADY_EXISTS');
    const noParent = await op('filesystem/directories?action=create', { path: '/srv/x/y' });
    expect(noParent.status).toBe(404);
    expect(noParent.body.messages[0].args).toEqual(['/srv/x']);
    expect((await op('filesystem/directories?action=move', { path: '/opt/app', new_path: '/opt/service' })).status).toBe(204);
    expect(await list('/opt/service')).toEqual(['logs']);
    const into = await op('filesystem/directories?action=move', { path: '/opt/service', new_path: '/opt/service/logs/x' });
    expect(into.body.error_type).toBe('INVALID_ARGUMENT');
    const notEmpty = await op('filesystem/directories?action=delete', { path: '/opt' });
    expect(notEmpty.body.error_type).toBe('RESOURCE_IN_USE');
    expect((await op('filesystem/directories?action=delete', { path: '/opt', recursive: true })).status).toBe(204);
    expect((await op('filesystem/files?action=list', { path: '/opt' })).status).toBe(404);
    // The other VM's guest did not change.
    expect(
      (await api('POST', '/api/vcenter/vm/vm-1073/guest/filesystem/files?action=list', { credentials: ROOT, path: '/' })).body.files.map(
        (f: any) => f.filename,
      ),
    ).not.toContain('opt');
  });

  it('temporary files, get with attributes, update, move with overwrite, delete', async () => {
    const tmp = await op('filesystem/files?action=createTemporary', { prefix: 'job-', suffix: '.log' });
    expect(tmp.status).toBe(200);
    expect(tmp.body).toMatch(/^\/tmp\/job-[0-9a-f]+\.log$/);
    const enc = encodeURIComponent(tmp.body);
    const info = await op(`filesystem/files/${enc}?action=get`);
    expect(info.body).toMatchObject({ type: 'FILE', size: 0, attributes: { filesystem_family: 'POSIX', posix_attributes: { owner: 0, permissions: '644' } } });
    expect((await op('filesystem/files?action=update', { path: tmp.body, file_attributes: { posix: { permissions: '600', owner_id: 1000 } } })).status).toBe(
      204,
    );
    expect((await op(`filesystem/files/${enc}?action=get`)).body.attributes.posix_attributes).toEqual({ owner: 1000, group: 0, permissions: '600' });
    const badMode = await op('filesystem/files?action=update', { path: tmp.body, file_attributes: { posix: { permissions: 'rwx' } } });
    expect(badMode.body.error_type).toBe('INVALID_ARGUMENT');
    const winAttr = await op('filesystem/files?action=update', { path: tmp.body, file_attributes: { windows: { hidden: true } } });
    expect(winAttr.body.error_type).toBe('INVALID_ARGUMENT');
    const clash = await op('filesystem/files?action=move', { path: tmp.body, new_path: '/etc/hosts' });
    expect(clash.body.error_type).toBe('ALREADY_EXISTS');
    expect((await op('filesystem/files?action=move', { path: tmp.body, new_path: '/etc/hosts', overwrite: true })).status).toBe(204);
    expect((await op(`filesystem/files/${enc}?action=get`)).status).toBe(404);
    expect((await op(`filesystem/files/${encodeURIComponent('/etc/hosts')}?action=get`)).body.attributes.posix_attributes.permissions).toBe('600');
    const dir = await op(`filesystem/files/${encodeURIComponent('/etc')}?action=delete`);
    expect(dir.body.error_type).toBe('INVALID_ARGUMENT');
    expect((await op(`filesystem/files/${encodeURIComponent('/etc/hosts')}?action=delete`)).status).toBe(204);
    expect(await list('/etc')).toEqual(['os-release']);
  });

  it('list pages with iteration and filters with match_pattern', async () => {
    const all = await op('filesystem/files?action=list', { path: '/usr/bin' });
    expect(all.body).toMatchObject({ total: 5, start_index: 0, end_index: 4, status: 'END_OF_DATA' });
    const page = await op('filesystem/files?action=list', { path: '/usr/bin', iteration: { index: 1, size: 2 } });
    expect(page.body).toMatchObject({ total: 5, start_index: 1, end_index: 2, status: 'READY' });
    expect(page.body.files.map((f: any) => f.filename)).toEqual(all.body.files.slice(1, 3).map((f: any) => f.filename));
    const py = await op('filesystem/files?action=list', { path: '/usr/bin', filter: { match_pattern: '^py' } });
    expect(py.body.files).toEqual([{ filename: 'python3', type: 'FILE', size: 6168 }]);
    const bad = await op('filesystem/files?action=list', { path: '/usr/bin', filter: { match_pattern: '(' } });
    expect(bad.body.error_type).toBe('INVALID_ARGUMENT');
  });

  it('bad paths are INVALID_ARGUMENT naming the field, and change nothing', async () => {
    for (const body of [{ path: 'relative/dir' }, { path: '' }, { path: '/tmp/\u0000x' }]) {
      const r = await op('filesystem/directories?action=create', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error_type).toBe('INVALID_ARGUMENT');
      expect(r.body.messages[0].default_message).toContain("'path'");
    }
    const sep = await op('filesystem/files?action=createTemporary', { prefix: '../x', suffix: '' });
    expect(sep.body.error_type).toBe('INVALID_ARGUMENT');
    expect(mock.server.state.rules.guests['vm-1072']).toBeUndefined();
  });

  it('a Windows guest: drive paths, either slash, names without case', async () => {
    mock.server.state.vms.get('vm-1075')!.power_state = 'POWERED_ON';
    expect((await op('filesystem/directories?action=create', { path: 'c:/Temp/Build', create_parents: true }, 'vm-1075')).status).toBe(204);
    const r = await op('filesystem/files?action=list', { path: 'C:\\TEMP' }, 'vm-1075');
    expect(r.body.files).toEqual([{ filename: 'Build', type: 'DIRECTORY', size: 0 }]);
    const info = await op(`filesystem/files/${encodeURIComponent('C:\\temp\\build')}?action=get`, {}, 'vm-1075');
    expect(info.body.attributes).toMatchObject({ filesystem_family: 'WINDOWS', win_attributes: { hidden: false, read_only: false } });
    const bad = await op('filesystem/directories?action=create', { path: '/tmp/x' }, 'vm-1075');
    expect(bad.body.error_type).toBe('INVALID_ARGUMENT');
  });

  it('a transfer URL is served once: an upload PUTs the declared bytes, a download GETs them back', async () => {
    const up = await op('filesystem?action=create', { spec: { path: '/tmp/upload.bin', attributes: { size: 11 } } });
    expect(up.status).toBe(201);
    expect(up.body.startsWith(`${mock.server.url}/guestFile?id=`)).toBe(true);
    expect((await op(`filesystem/files/${encodeURIComponent('/tmp/upload.bin')}?action=get`)).body.size).toBe(11);
    expect((await fetch(up.body, { method: 'PUT', body: 'hello guest' })).status).toBe(200);
    const reused = await fetch(up.body, { method: 'PUT', body: 'hello guest' });
    expect(reused.status).toBe(404);
    expect(((await reused.json()) as { error_type: string }).error_type).toBe('NOT_FOUND');
    const again = await op('filesystem?action=create', { spec: { path: '/tmp/upload.bin', attributes: { size: 1 } } });
    expect(again.body.error_type).toBe('ALREADY_EXISTS');
    const down = await op('filesystem?action=create', { spec: { path: '/tmp/upload.bin' } });
    expect(down.status).toBe(201);
    const got = await fetch(down.body);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('hello guest');
    expect((await op('filesystem?action=create', { spec: { path: '/tmp/missing.bin' } })).status).toBe(404);
  });

  it('an upload of another size than declared is refused and changes nothing; a download URL refuses PUT', async () => {
    const up = await op('filesystem?action=create', { spec: { path: '/tmp/sized.bin', attributes: { size: 4 } } });
    const wrong = await fetch(up.body, { method: 'PUT', body: 'too long' });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error_type: string }).error_type).toBe('INVALID_ARGUMENT');
    expect((await op(`filesystem/files/${encodeURIComponent('/tmp/sized.bin')}?action=get`)).body.size).toBe(4);
    const down = await op('filesystem?action=create', { spec: { path: '/etc/hosts' } });
    expect((await fetch(down.body, { method: 'PUT', body: 'x' })).status).toBe(405);
    expect((await fetch(`${mock.server.url}/guestFile?id=1&token=nope`)).status).toBe(404);
  });
});

describe('guest processes and environment', () => {
  it('a started program must exist; it is listed and has run to completion', async () => {
    const pid = await op('processes?action=create', { spec: { path: '/usr/bin/sleep', arguments: '1' } });
    expect(pid.status).toBe(201);
    expect(typeof pid.body).toBe('number');
    const info = await op(`processes/${pid.body}?action=get`);
    expect(info.body).toMatchObject({ name: 'sleep', owner: 'root', command: '"/usr/bin/sleep" 1', exit_code: 0 });
    const rows = (await op('processes?action=list')).body as any[];
    expect(rows.map((p) => p.pid)).toContain(pid.body);
    const missing = await op('processes?action=create', { spec: { path: '/usr/bin/nope' } });
    expect(missing.status).toBe(404);
    const cwd = await op('processes?action=create', { spec: { path: '/bin/bash', working_directory: '/nowhere' } });
    expect(cwd.status).toBe(404);
  });

  it('delete kills a running process; an unknown pid is NOT_FOUND; a power-off ends every process', async () => {
    expect((await op('processes/812?action=delete')).status).toBe(204);
    expect((await op('processes/812?action=get')).body).toMatchObject({ name: 'sshd', exit_code: 143 });
    expect((await op('processes/99999?action=get')).status).toBe(404);
    // The pid is an integer path parameter: text that is no number is refused before the behaviour runs.
    const text = await op('processes/sshd?action=get');
    expect(text.status).toBe(400);
    expect(text.body.messages[0].args[0]).toBe('pid');
    const pid = (await op('processes?action=create', { spec: { path: '/bin/bash' } })).body;
    await api('POST', '/api/vcenter/vm/vm-1072/power?action=stop');
    await api('POST', '/api/vcenter/vm/vm-1072/power?action=start');
    mock.server.state.rules.guests['vm-1072']!.tools_start_at = 0;
    expect((await op(`processes/${pid}?action=get`)).status).toBe(404);
    expect((await op('processes/812?action=get')).body.exit_code).toBeUndefined();
  });

  it('keeps the last MAX_ENDED_PROCESSES ended processes; running ones stay', async () => {
    const pids: number[] = [];
    for (let i = 0; i < MAX_ENDED_PROCESSES + 3; i++) pids.push((await op('processes?action=create', { spec: { path: '/usr/bin/env' } })).body);
    const listed = new Set(((await op('processes?action=list')).body as any[]).map((p) => p.pid));
    expect(pids.slice(0, 3).some((p) => listed.has(p))).toBe(false);
    expect(pids.slice(3).every((p) => listed.has(p))).toBe(true);
    expect(listed.has(812)).toBe(true);
  });

  it('environment: one variable, a list of names, all; per user', async () => {
    expect((await op('environment/HOME?action=get')).body).toBe('/root');
    expect((await op('environment/NOPE?action=get')).status).toBe(404);
    expect((await op('environment?action=list', { names: ['USER', 'HOSTNAME', 'NOPE'] })).body).toEqual({ USER: 'root', HOSTNAME: 'web-01' });
    const all = (await op('environment?action=list', { names: [] })).body;
    expect(Object.keys(all)).toContain('PATH');
  });
});
