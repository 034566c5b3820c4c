import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BUNDLE, PASSWORD, baseEnv, tempDir, transcript, vsphere, afterHttpWarning } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

const cli = useCliMock();
const { env } = cli;

describe('help', () => {
  it('lists the namespaces and global flags at the top level', async () => {
    const r = await vsphere(['--help'], baseEnv());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+vcenter\s+/m);
    expect(r.stdout).toMatch(/^\s+cis\s+/m);
    expect(r.stdout).toContain('--server');
    expect(r.stdout).toContain('VSPHERE_SERVER');
  });

  it('lists the commands of a namespace', async () => {
    const r = await vsphere(['vcenter', 'vm', '--help'], baseEnv());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+list\s+List virtual machines/m);
    expect(r.stdout).toMatch(/^\s+power\s+\d+ commands/m);
  });

  it('documents a command: description, required flags, enum values, example', async () => {
    const r = await vsphere(['vcenter', 'vm', 'get', '--help'], baseEnv());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--vm VM\s+\(required\)/);
    expect(r.stdout).toContain('Example:');
    expect(r.stdout).toContain('vsphere vcenter vm get --vm');
    const list = await vsphere(['vcenter', 'vm', 'list', '--help'], baseEnv());
    expect(list.stdout).toContain('POWERED_ON');
    expect(list.stdout).toContain('--power-states');
  });

  it('shows a namespace without a command on stderr and exits 2', async () => {
    const r = await vsphere(['vcenter'], baseEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: vsphere vcenter <command>');
  });
});

describe('output formats', () => {
  it('-o json prints the exact API body', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '-o', 'json'], env);
    expect(afterHttpWarning(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    const vms = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(vms.length).toBeGreaterThan(3);
    expect(vms.find((v) => v.vm === 'vm-1072')).toMatchObject({ name: 'web-01', power_state: 'POWERED_ON', cpu_count: 2, memory_size_MiB: 4096 });
  });

  it('a selector operation is a command of its own: `file get --name` reads one file, `file list` all of them', async () => {
    const item = ['--library-item-id', '3f1e5d7c-9b2a-4c6e-8d0f-1a3b5c7d9e2f', '-o', 'json'];
    const one = await vsphere(['content', 'library', 'item', 'file', 'get', ...item, '--name', 'ubuntu-22.04.ovf'], env);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ name: 'ubuntu-22.04.ovf', cached: true });
    const all = await vsphere(['content', 'library', 'item', 'file', 'list', ...item], env);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toHaveLength(2);
  });

  it('-o table prints the default columns of VM summaries', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list'], env);
    expect(r.code).toBe(0);
    const [head, ...rows] = r.stdout.trimEnd().split('\n');
    expect(head.split(/\s+/)).toEqual(['VM', 'NAME', 'POWER_STATE', 'CPU_COUNT', 'MEMORY_SIZE_MIB']);
    // memory_size_MiB reads in human units in a table (json keeps 4096: see output-formats.test.ts).
    expect(rows.some((row) => /^vm-1072\s+web-01\s+POWERED_ON\s+2\s+4 GiB$/.test(row))).toBe(true);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('-o table falls back to the scalar fields of other types', async () => {
    const r = await vsphere(['vcenter', 'datastore', 'list', '-o', 'table'], env);
    expect(r.code).toBe(0);
    const head = r.stdout.split('\n')[0];
    expect(head).toMatch(/^DATASTORE\s+NAME/);
    expect(r.stdout).toContain('datastore-1061');
  });

  it('-o ids prints one identifier per line', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '-o', 'ids', '--power-states', 'POWERED_ON'], env);
    expect(r.code).toBe(0);
    const ids = r.stdout.trim().split('\n');
    expect(ids).toContain('vm-1072');
    expect(ids.every((id) => /^vm-\d+$/.test(id))).toBe(true);
  });

  it('-o yaml prints the same data as json', async () => {
    const [y, j] = await Promise.all([
      vsphere(['vcenter', 'vm', 'get', '--vm', 'vm-1072', '-o', 'yaml'], env),
      vsphere(['vcenter', 'vm', 'get', '--vm', 'vm-1072', '-o', 'json'], env),
    ]);
    expect(y.code).toBe(0);
    expect(parseYaml(y.stdout)).toEqual(JSON.parse(j.stdout));
  });

  it('filters with enum flags, repeated or comma-separated', async () => {
    const repeated = await vsphere(['vcenter', 'vm', 'list', '-o', 'json', '--power-states', 'POWERED_OFF', '--power-states', 'SUSPENDED'], env);
    const comma = await vsphere(['vcenter', 'vm', 'list', '-o', 'json', '--power-states=POWERED_OFF,SUSPENDED'], env);
    expect(repeated.code).toBe(0);
    const states = new Set((JSON.parse(repeated.stdout) as { power_state: string }[]).map((v) => v.power_state));
    expect([...states].sort()).toEqual(['POWERED_OFF', 'SUSPENDED']);
    expect(JSON.parse(comma.stdout)).toEqual(JSON.parse(repeated.stdout));
  });

  it('colours the table header only on request and never with NO_COLOR', async () => {
    const forced = await vsphere(['vcenter', 'vm', 'list'], { ...env, FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[1m');
    const none = await vsphere(['vcenter', 'vm', 'list'], { ...env, FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(none.stdout).not.toContain('\u001b[');
  });
});

describe('a VM lifecycle with state', () => {
  it('creates from a YAML spec plus flags, powers on and off, and deletes', async () => {
    const dir = tempDir();
    const spec = join(dir, 'vm.yaml');
    writeFileSync(spec, 'guest_OS: RHEL_8_64\nplacement:\n  folder: group-v1003\n  cluster: domain-c1055\n  datastore: datastore-1061\n');
    const created = await vsphere(['vcenter', 'vm', 'create', '--spec', `@${spec}`, '--name', 'cli-test-01', '-o', 'json'], env);
    expect(afterHttpWarning(created.stderr)).toBe('');
    expect(created.code).toBe(0);
    const id = JSON.parse(created.stdout) as string;
    expect(id).toMatch(/^vm-\d+$/);

    expect((await vsphere(['vcenter', 'vm', 'power', 'start', '--vm', id], env)).code).toBe(0);
    const state = await vsphere(['vcenter', 'vm', 'power', 'get', '--vm', id, '-o', 'json'], env);
    expect(JSON.parse(state.stdout)).toMatchObject({ state: 'POWERED_ON' });

    const again = await vsphere(['vcenter', 'vm', 'power', 'start', '--vm', id], env);
    expect(again.code).toBe(1);
    expect(afterHttpWarning(again.stderr)).toMatch(/^ALREADY_IN_DESIRED_STATE: /);

    const busy = await vsphere(['vcenter', 'vm', 'delete', '--vm', id], env);
    expect(busy.code).toBe(1);
    expect(afterHttpWarning(busy.stderr)).toMatch(/^NOT_ALLOWED_IN_CURRENT_STATE: /);

    expect((await vsphere(['vcenter', 'vm', 'power', 'stop', '--vm', id], env)).code).toBe(0);
    expect((await vsphere(['vcenter', 'vm', 'delete', '--vm', id], env)).code).toBe(0);
    const gone = await vsphere(['vcenter', 'vm', 'list', '-o', 'ids'], env);
    expect(gone.stdout.split('\n')).not.toContain(id);
  });

  it('reads the body from stdin with --spec -', async () => {
    const body = JSON.stringify({
      name: 'cli-stdin',
      guest_OS: 'RHEL_8_64',
      placement: { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' },
    });
    const r = await vsphere(['vcenter', 'vm', 'create', '--spec', '-', '-o', 'ids'], env, body);
    expect(r.code).toBe(0);
    const id = r.stdout.trim();
    const info = await vsphere(['vcenter', 'vm', 'get', '--vm', id, '-o', 'json'], env);
    expect(JSON.parse(info.stdout)).toMatchObject({ name: 'cli-stdin' });
    expect((await vsphere(['vcenter', 'vm', 'delete', '--vm', id], env)).code).toBe(0);
  });
});

describe('exit codes and errors', () => {
  it('API errors print ERROR_TYPE: message, exit 1, no stack', async () => {
    const r = await vsphere(['vcenter', 'vm', 'get', '--vm', 'vm-999999'], env);
    expect(r.code).toBe(1);
    expect(afterHttpWarning(r.stderr)).toMatch(/^NOT_FOUND: \S/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('--debug adds the stack trace', async () => {
    const r = await vsphere(['vcenter', 'vm', 'get', '--vm', 'vm-999999', '--debug'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('--debug warns about plain http once, as without it', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '--debug'], env);
    expect(r.code).toBe(0);
    expect(afterHttpWarning(r.stderr)).toMatch(/^debug: /);
    expect(r.stderr.match(/plain http/g)).toHaveLength(1);
  });

  it('an unknown command suggests the closest and exits 2', async () => {
    const r = await vsphere(['vcenter', 'vm', 'lst'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'lst'");
    expect(r.stderr).toContain("Did you mean 'vcenter vm list'?");
    const top = await vsphere(['vcentre', 'vm', 'list'], env);
    expect(top.code).toBe(2);
    expect(top.stderr).toContain("Did you mean 'vcenter'?");
  });

  it('command words named like Object members are unknown commands, found in no prototype (exit 2)', async () => {
    for (const [args, message] of [
      [['__proto__'], "unknown command '__proto__'"],
      [['vcenter', '__proto__'], "unknown command '__proto__' in 'vsphere vcenter'"],
      [['vcenter', 'vm', 'constructor'], "unknown command 'constructor' in 'vsphere vcenter vm'"],
      [['vcenter', 'vm', 'toString', '--help'], "unknown command 'toString' in 'vsphere vcenter vm'"],
      [['vcenter', 'vm', '__proto__', 'list'], "unknown command '__proto__' in 'vsphere vcenter vm'"],
    ] as const) {
      const r = await vsphere([...args], env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`error: ${message}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('an unknown flag suggests the closest and exits 2', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '--power-state', 'POWERED_ON'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Did you mean '--power-states'?");
  });

  it('a value outside the enum exits 2 and names the allowed values', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '--power-states', 'POWERED_UP'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected one of');
    expect(r.stderr).toContain('POWERED_ON');
  });

  it('a missing required flag exits 2', async () => {
    const r = await vsphere(['vcenter', 'vm', 'get'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing required flag --vm');
  });

  it('a badly typed value exits 2', async () => {
    const r = await vsphere(['cis', 'tasks', 'get', '--task', 'x', '--return-all=maybe'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected true or false');
  });

  it('wrong credentials say so (exit 1)', async () => {
    // Without a session kept by the commands before (--persist-session), which would be used whatever the password.
    const r = await vsphere(['vcenter', 'vm', 'list'], { ...env, VSPHERE_PASSWORD: 'wrong-password-123', VSPHERE_PERSIST_SESSION: '0' });
    expect(r.code).toBe(1);
    expect(afterHttpWarning(r.stderr)).toMatch(/^error: wrong user name or password: 127\.0\.0\.1:\d+ refused the login of administrator@vsphere\.local /);
    expect(r.stderr).not.toContain('wrong-password-123');
  });

  it('no server or no credentials is a usage error (exit 2)', async () => {
    const noServer = await vsphere(['vcenter', 'vm', 'list'], baseEnv());
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain('no server');
    const noPassword = await vsphere(['vcenter', 'vm', 'list', '--server', cli.url, '--username', 'administrator@vsphere.local'], baseEnv());
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('no password');
  });

  it('an unreachable server is a connection error (exit 1)', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list'], { ...env, VSPHERE_SERVER: 'http://127.0.0.1:9' });
    expect(r.code).toBe(1);
    expect(afterHttpWarning(r.stderr)).toBe('error: cannot connect to 127.0.0.1:9: connection refused (is the server running, and is the port right?)\n');
  });

  it('flags take precedence over the environment, --password-stdin over VSPHERE_PASSWORD', async () => {
    const r = await vsphere(
      ['vcenter', 'host', 'list', '-o', 'ids', '--server', cli.url, '--username', 'administrator@vsphere.local', '--password-stdin'],
      { ...env, VSPHERE_SERVER: 'http://127.0.0.1:9', VSPHERE_PASSWORD: 'not-it' },
      `${PASSWORD}\n`,
    );
    expect(afterHttpWarning(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('host-1062');
  });
});

describe('escape hatches', () => {
  it('--dry-run prints the request with secrets masked and sends nothing', async () => {
    const r = await vsphere(['vcenter', 'vm', 'power', 'start', '--vm', 'vm-1074', '--dry-run'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`POST ${cli.url.replace(/\/$/, '')}/api/vcenter/vm/vm-1074/power?action=start`);
    expect(r.stdout).toContain('vmware-api-session-id: ********');
    const state = await vsphere(['vcenter', 'vm', 'power', 'get', '--vm', 'vm-1074', '-o', 'json'], env);
    expect(JSON.parse(state.stdout)).toMatchObject({ state: 'POWERED_OFF' });
  });

  it('--dry-run shows the body and array query parameters', async () => {
    const q = await vsphere(['vcenter', 'vm', 'list', '--power-states', 'POWERED_ON,SUSPENDED', '--dry-run'], env);
    expect(q.stdout).toContain('/api/vcenter/vm?power_states=POWERED_ON&power_states=SUSPENDED');
    const b = await vsphere(['vcenter', 'vm', 'create', '--guest-os', 'RHEL_8_64', '--name', 'dry', '--dry-run'], env);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('Content-Type: application/json');
    expect(JSON.parse(b.stdout.slice(b.stdout.indexOf('\n{')))).toEqual({ guest_OS: 'RHEL_8_64', name: 'dry' });
  });

  it('--dry-run masks secret fields of the body', async () => {
    const r = await vsphere(
      [
        'raw',
        'POST',
        '/api/appliance/example',
        '--dry-run',
        '--body',
        JSON.stringify({ user: 'root', password: PASSWORD, spec: { client_secret: 'abc123secret', size: 3 } }),
      ],
      env,
    );
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout.slice(r.stdout.indexOf('\n{')));
    expect(body).toEqual({ user: 'root', password: '********', spec: { client_secret: '********', size: 3 } });
    expect(r.stdout).not.toContain('abc123secret');
  });

  it('--dry-run masks with the shared registry: secret-named fields by pattern and passwords inside URLs', async () => {
    const body = { location: 'sftp://backup:url-pw-1234@10.0.0.9/vc', root_password: 'root-pw-5678', name: 'keep' };
    const r = await vsphere(['raw', 'POST', '/api/appliance/example', '--dry-run', '--body', JSON.stringify(body)], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.slice(r.stdout.indexOf('\n{')))).toEqual({ location: 'sftp://********@10.0.0.9/vc', root_password: '********', name: 'keep' });
  });

  it('raw sends an authenticated request', async () => {
    const r = await vsphere(['raw', 'GET', '/api/vcenter/vm?power_states=POWERED_ON'], env);
    expect(r.code).toBe(0);
    const vms = JSON.parse(r.stdout) as { power_state: string }[];
    expect(vms.length).toBeGreaterThan(0);
    expect(vms.every((v) => v.power_state === 'POWERED_ON')).toBe(true);
  });

  it('raw reports API errors like any command', async () => {
    const r = await vsphere(['raw', 'GET', '/api/vcenter/vm/vm-999999'], env);
    expect(r.code).toBe(1);
    expect(afterHttpWarning(r.stderr)).toMatch(/^NOT_FOUND: /);
  });

  it('raw --dry-run masks secrets', async () => {
    const r = await vsphere(['raw', 'POST', '/api/vcenter/vm/vm-1/power?action=start', '--dry-run'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/api/vcenter/vm/vm-1/power?action=start');
    expect(r.stdout).toContain('vmware-api-session-id: ********');
  });
});

describe('completion', () => {
  it.each(['bash', 'zsh', 'fish', 'powershell'])('prints a %s script that asks vsphere for candidates', async (shell) => {
    const r = await vsphere(['completion', shell], baseEnv());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('vsphere __complete');
    expect(r.stdout.length).toBeGreaterThan(100);
  });

  it('completes namespaces, commands, flags and enum values', async () => {
    const e = baseEnv();
    expect((await vsphere(['__complete', 'vc'], e)).stdout.split('\n')).toContain('vcenter');
    expect((await vsphere(['__complete', 'vcenter', 'vm', 'po'], e)).stdout.trim()).toBe('power');
    const flags = (await vsphere(['__complete', 'vcenter', 'vm', 'list', '--po'], e)).stdout.trim().split('\n');
    expect(flags).toContain('--power-states');
    const values = (await vsphere(['__complete', 'vcenter', 'vm', 'list', '--power-states', ''], e)).stdout.trim().split('\n');
    expect(values).toEqual(expect.arrayContaining(['POWERED_ON', 'POWERED_OFF', 'SUSPENDED']));
    const comma = (await vsphere(['__complete', 'vcenter', 'vm', 'list', '--power-states', 'POWERED_ON,S'], e)).stdout.trim();
    expect(comma).toBe('POWERED_ON,SUSPENDED');
    expect((await vsphere(['__complete', 'vcenter', 'vm', 'list', '-o', ''], e)).stdout.split('\n')).toContain('yaml');
  });

  it('the bash script completes in a real bash', () => {
    const bin = tempDir();
    symlinkSync(BUNDLE, join(bin, 'vsphere'));
    // biome-ignore-start lint/suspicious/noTemplateCurlyInString: bash expansions, not template literals
    const script = [
      'source <(vsphere completion bash)',
      'COMP_WORDS=(vsphere vcenter vm lis); COMP_CWORD=3; _vsphere_complete; echo "A:${COMPREPLY[*]}"',
      'COMP_WORDS=(vsphere vcenter vm list --power-states ""); COMP_CWORD=5; _vsphere_complete; echo "B:${COMPREPLY[*]}"',
    ].join('\n');
    // biome-ignore-end lint/suspicious/noTemplateCurlyInString: bash expansions, not template literals
    const env = baseEnv();
    const r = spawnSync('bash', ['-c', script], { env: { ...env, PATH: `${bin}:${env.PATH}` }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('A:list\n');
    expect(r.stdout).toContain('B:POWERED_OFF POWERED_ON SUSPENDED\n');
  });

  it('an unknown shell exits 2', async () => {
    const r = await vsphere(['completion', 'tcsh'], baseEnv());
    expect(r.code).toBe(2);
  });
});

describe('secrets', () => {
  it('no output of this file contained the password', () => {
    expect(transcript.length).toBeGreaterThan(20);
    for (const text of transcript) expect(text).not.toContain(PASSWORD);
  });
});
