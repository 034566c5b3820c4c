import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE, PASSWORD, USER, baseEnv, credsEnv, tempDir, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

// One mock for the file: the default seed plus 4,500 generated VMs, past vCenter's 4,000 limit.
const cli = useCliMock({ vmCount: 4500 });
const { env } = cli;
let total: number;

beforeAll(async () => {
  total = cli.mock.state.vms.size;
});

/** The requests a run sent, from its --debug lines (`GET /api/vcenter/vm?names=web-01`). */
function requests(stderr: string): string[] {
  return [...stderr.matchAll(/^debug: (GET|POST|PATCH|PUT|DELETE) (\S+) ->/gm)].map((m) => `${m[1]} ${decodeURIComponent(m[2]!)}`);
}

describe('object flags take an identifier, a name or an inventory path', () => {
  it('finds a VM by name with one filtered list, and by identifier with none', async () => {
    // Every request of the command, the login and logout too (no session kept between commands).
    const once = { ...env, VSPHERE_PERSIST_SESSION: '0' };
    const byName = await vsphere(['vcenter', 'vm', 'get', '--vm', 'web-01', '-o', 'json', '--debug'], once);
    expect(byName.code).toBe(0);
    expect(JSON.parse(byName.stdout).name).toBe('web-01');
    expect(requests(byName.stderr)).toEqual(['POST /api/session', 'GET /api/vcenter/vm?names=web-01', 'GET /api/vcenter/vm/vm-1072', 'DELETE /api/session']);
    const byId = await vsphere(['vcenter', 'vm', 'get', '--vm', 'vm-1072', '-o', 'json', '--debug'], once);
    expect(requests(byId.stderr)).toEqual(['POST /api/session', 'GET /api/vcenter/vm/vm-1072', 'DELETE /api/session']);
  });

  it('walks an inventory path in govc layout', async () => {
    const r = await vsphere(['vcenter', 'vm', 'get', '--vm', '/Datacenter/vm/web/web-02', '-o', 'json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).name).toBe('web-02');
    const host = await vsphere(['vcenter', 'vm', 'list', '--hosts', '/Datacenter/host/cluster-a/esx-01.lab.local', '--names', 'web-01', '-o', 'ids'], env);
    expect(host.code).toBe(0);
    expect(host.stdout.trim()).toBe('vm-1072');
  });

  it('resolves other kinds: clusters, libraries, arrays of hosts', async () => {
    const cluster = await vsphere(['vcenter', 'cluster', 'get', '--cluster', 'cluster-a', '-o', 'json'], env);
    expect(cluster.code).toBe(0);
    expect(JSON.parse(cluster.stdout).name).toBe('cluster-a');
    const library = await vsphere(['content', 'library', 'get', '--library-id', 'lab-library', '-o', 'json'], env);
    expect(library.code).toBe(0);
    expect(JSON.parse(library.stdout).id).toBe('6f2a1c54-1a2b-4c3d-8e9f-0a1b2c3d4e5f');
    const hosts = await vsphere(['vcenter', 'vm', 'list', '--hosts', 'esx-01.lab.local,esx-02.lab.local', '--names', 'web-01,web-02', '-o', 'ids'], env);
    expect(hosts.code).toBe(0);
    expect(hosts.stdout.trim().split('\n').sort()).toEqual(['vm-1072', 'vm-1073']);
  });

  it('says NOT_FOUND naming the flag and the value (exit 1)', async () => {
    const r = await vsphere(['vcenter', 'vm', 'get', '--vm', 'web-99'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("NOT_FOUND: --vm 'web-99': no vm named 'web-99'");
    const path = await vsphere(['vcenter', 'vm', 'get', '--vm', '/Datacenter/vm/nope/web-01'], env);
    expect(path.code).toBe(1);
    expect(path.stderr).toContain("NOT_FOUND: --vm '/Datacenter/vm/nope/web-01': no folder named 'nope' in /Datacenter/vm");
    expect(path.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a name several objects share, listing them (exit 2); the path tells them apart', async () => {
    const made = await vsphere(
      [
        'vcenter',
        'vm',
        'create',
        '--name',
        'web-01',
        '--guest-os',
        'RHEL_8_64',
        '--placement.folder',
        '/Datacenter/vm',
        '--placement.cluster',
        'cluster-a',
        '--placement.datastore',
        'datastore1',
      ],
      env,
    );
    expect(made.code).toBe(0);
    const copy = made.stdout.trim();
    try {
      const r = await vsphere(['vcenter', 'vm', 'get', '--vm', 'web-01'], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--vm 'web-01' matches 2 objects:");
      // each match with its inventory path, which tells them apart
      expect(r.stderr).toMatch(/^\s+vm-1072\s+\/Datacenter\/vm\/web\/web-01$/m);
      expect(r.stderr).toMatch(new RegExp(`^\\s+${copy}\\s+/Datacenter/vm/web-01$`, 'm'));
      expect(r.stderr).toContain('inventory path');
      const byPath = await vsphere(['vcenter', 'vm', 'get', '--vm', '/Datacenter/vm/web-01', '-o', 'json'], env);
      expect(byPath.code).toBe(0);
      // created through names and paths: it sits in the root VM folder
      const inRoot = await vsphere(['vcenter', 'vm', 'list', '--folders', '/Datacenter/vm', '--names', 'web-01', '-o', 'ids'], env);
      expect(inRoot.stdout.trim()).toBe(copy);
    } finally {
      await vsphere(['vcenter', 'vm', 'delete', '--vm', copy], env);
    }
  });
});

describe('list paging', () => {
  it('lists past the 4,000 limit by itself', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '-o', 'ids'], env);
    expect(r.code).toBe(0);
    const ids = r.stdout.trim().split('\n');
    expect(total).toBeGreaterThan(4000);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });

  it('--limit stops early, on paged and plain lists; a bad limit is a usage error', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '--limit', '5', '-o', 'ids', '--debug'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
    const listed = requests(r.stderr).filter((q) => q.startsWith('GET /api/vcenter/vm'));
    const unlimited = await vsphere(['vcenter', 'vm', 'list', '-o', 'ids', '--debug'], env);
    expect(listed.length).toBeLessThan(requests(unlimited.stderr).filter((q) => q.startsWith('GET /api/vcenter/vm')).length);
    const hosts = await vsphere(['vcenter', 'host', 'list', '--limit', '2', '-o', 'ids'], env);
    expect(hosts.stdout.trim().split('\n')).toHaveLength(2);
    const bad = await vsphere(['vcenter', 'vm', 'list', '--limit', 'zero'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("invalid value 'zero' for --limit");
    const help = await vsphere(['vcenter', 'vm', 'list', '--help'], env);
    expect(help.stdout).toContain('--limit N');
  });
});

describe('object-valued body flags', () => {
  const dir = tempDir('vsphere-objects-');
  const body = async (args: string[]) => {
    const r = await vsphere([...args, '--dry-run'], env);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout.slice(r.stdout.indexOf('\n\n') + 2));
  };

  it('takes dot notation, whole JSON, @file.yaml and @file.json, and their combination', async () => {
    const base = ['vcenter', 'vm', 'create', '--guest-os', 'RHEL_8_64'];
    expect(
      await body([...base, '--placement.folder', 'group-v3', '--placement.resource-pool', 'resgroup-9', '--memory.size-mib', '2048', '--cpu.hot-add-enabled']),
    ).toEqual({
      guest_OS: 'RHEL_8_64',
      placement: { folder: 'group-v3', resource_pool: 'resgroup-9' },
      memory: { size_MiB: 2048 },
      cpu: { hot_add_enabled: true },
    });
    expect((await body([...base, '--placement', '{"folder":"group-v3","datastore":"datastore-1"}'])).placement).toEqual({
      folder: 'group-v3',
      datastore: 'datastore-1',
    });
    writeFileSync(join(dir, 'placement.yaml'), 'folder: group-v3\ncluster: domain-c8\n');
    writeFileSync(join(dir, 'disks.json'), '[{"new_vmdk":{"capacity":1024}}]');
    // the dotted field wins over the same field of the whole object, which wins over --spec
    writeFileSync(join(dir, 'spec.json'), '{"name":"from-spec","placement":{"host":"host-1"}}');
    expect(
      await body([
        ...base,
        '--spec',
        `@${join(dir, 'spec.json')}`,
        '--placement',
        `@${join(dir, 'placement.yaml')}`,
        '--placement.cluster',
        'domain-c9',
        '--disks',
        `@${join(dir, 'disks.json')}`,
      ]),
    ).toEqual({
      guest_OS: 'RHEL_8_64',
      name: 'from-spec',
      placement: { folder: 'group-v3', cluster: 'domain-c9' },
      disks: [{ new_vmdk: { capacity: 1024 } }],
    });
  });

  it('checks nested values by the schema and names the dotted flag', async () => {
    const r = await vsphere(['vcenter', 'vm', 'create', '--guest-os', 'RHEL_8_64', '--memory.size-mib', 'lots', '--dry-run'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invalid value 'lots' for --memory.size-mib: expected an integer");
    const e = await vsphere(['vcenter', 'vm', 'create', '--guest-os', 'RHEL_8_64', '--boot.type', 'UEFI', '--dry-run'], env);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('--boot.type');
    writeFileSync(join(dir, 'scalar-placement.json'), '{"placement":"x"}');
    const clash = await vsphere(
      ['vcenter', 'vm', 'create', '--guest-os', 'RHEL_8_64', '--spec', `@${join(dir, 'scalar-placement.json')}`, '--placement.folder', 'f', '--dry-run'],
      env,
    );
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('--placement.folder cannot be combined with a --placement that is not an object');
    const typo = await vsphere(['vcenter', 'vm', 'create', '--guest-os', 'RHEL_8_64', '--placement.fodler', 'f'], env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown flag --placement.fodler for 'vsphere vcenter vm create'");
    expect(typo.stderr).toContain("Did you mean '--placement.folder'?");
  });

  it('refuses a value that is not an object for an object flag, in one line naming the flag and what it takes', async () => {
    const takes = `takes an object: JSON ('{"…": …}'), @file.json or @file.yaml, or its fields one by one (--placement.cluster …)`;
    writeFileSync(join(dir, 'list.yaml'), '- 1\n- 2\n');
    const cases: [string, string][] = [
      ['__proto__', "the string '__proto__'"],
      ['5', 'the number 5'],
      ['[1]', 'an array'],
      ['null', 'null'],
      ['true', 'the boolean true'],
      [`@${join(dir, 'list.yaml')}`, `an array in ${join(dir, 'list.yaml')}`],
    ];
    for (const [value, got] of cases) {
      const r = await vsphere(['vcenter', 'vm', 'create', '--guest-os', 'OTHER', '--placement', value, '--dry-run'], env);
      expect(r.code, value).toBe(2);
      expect(r.stdout, value).toBe('');
      expect(r.stderr, value).toBe(`error: --placement ${takes}; got ${got}\n`);
    }
    const items = await vsphere(['vcenter', 'vm', 'create', '--guest-os', 'OTHER', '--disks', '[{"new_vmdk":{}},7]', '--dry-run'], env);
    expect(items.code).toBe(2);
    expect(items.stderr).toBe('error: --disks takes objects: a JSON array of them (or one), @file.json or @file.yaml; got the number 7 as an item\n');
  });

  it('reaches no prototype through dot flags or __proto__ keys', async () => {
    const dot = await vsphere(['vcenter', 'vm', 'create', '--guest-os', 'OTHER', '--placement.__proto__.x', '1', '--dry-run'], env);
    expect(dot.code).toBe(2);
    expect(dot.stderr).toContain("unknown flag --placement.__proto__.x for 'vsphere vcenter vm create'");
    // JSON and YAML keep __proto__ as a key of their own (JSON.stringify would drop a prototype), sent for the server to refuse
    for (const value of ['{"__proto__":{"x":1}}', '__proto__: {x: 1}']) {
      const sent = await body(['vcenter', 'vm', 'create', '--guest-os', 'OTHER', '--placement', value, '--placement.folder', 'group-v3']);
      expect(Object.keys(sent.placement), value).toEqual(['__proto__', 'folder']);
      expect(JSON.stringify(sent.placement)).toBe('{"__proto__":{"x":1},"folder":"group-v3"}');
    }
  });

  it('resolves names inside whole objects and --spec too', async () => {
    writeFileSync(
      join(dir, 'vm.yaml'),
      'guest_OS: OTHER\nname: from-yaml\nplacement:\n  folder: web\n  cluster: cluster-a\n  datastore: /Datacenter/datastore/datastore1\n',
    );
    const r = await vsphere(['vcenter', 'vm', 'create', '--spec', `@${join(dir, 'vm.yaml')}`], env);
    expect(r.stderr.replace(/^warning: plain http.*\n/m, '')).toBe('');
    expect(r.code).toBe(0);
    const id = r.stdout.trim();
    const inWeb = await vsphere(['vcenter', 'vm', 'list', '--folders', 'group-v1007', '-o', 'ids'], env);
    expect(inWeb.stdout.split('\n')).toContain(id);
    await vsphere(['vcenter', 'vm', 'delete', '--vm', id], env);
  });

  it('--help lists nested fields with types, enums, required and object kinds', async () => {
    const r = await vsphere(['vcenter', 'vm', 'create', '--help'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--placement JSON\|@FILE\s+Where a new virtual machine goes\. JSON, @file/);
    expect(r.stdout).toMatch(/^\s{4}--placement\.folder FOLDER\s+Virtual machine folder to put it in\. Takes an identifier, a name\s+or an inventory path\./m);
    expect(r.stdout).toMatch(/^\s{4}--memory\.size-mib INTEGER\s+Memory size in mebibytes\./m);
    expect(r.stdout).toMatch(/^\s{4}--boot\.type STRING\s+Firmware the machine boots with\. One of: BIOS, EFI\./m);
    expect(r.stdout).toMatch(/--storage-policy\.policy STRING\s+\(required in --storage-policy\)/);
    expect(r.stdout).toMatch(/Example:\n\s+vsphere vcenter vm create .*--placement\.folder /);
  });
});

describe('completion of object flags from the server', () => {
  // A mock of the default seed only: one list answers, well within completion's short wait.
  const small = useCliMock();
  /** An environment with a stored session (vsphere login) and nothing else: completion never sees a password. */
  let stored: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const login = baseEnv({ XDG_CACHE_HOME: join(tempDir('vsphere-cache-'), 'cache') });
    const r = await vsphere(['login', '--server', small.url, '--username', USER, '--password-stdin'], login, `${PASSWORD}\n`);
    expect(r.code).toBe(0);
    stored = login;
  });
  const complete = async (...words: string[]) => (await vsphere(['__complete', ...words], stored)).stdout.trim().split('\n');

  it('offers identifiers and names, after a comma too, and keeps them briefly in a private cache', async () => {
    expect(await complete('vcenter', 'vm', 'get', '--vm', 'web-0')).toEqual(['web-01', 'web-02']);
    expect(await complete('vcenter', 'vm', 'get', '--vm', 'vm-107')).toEqual(expect.arrayContaining(['vm-1072', 'vm-1073']));
    expect(await complete('vcenter', 'vm', 'create', '--placement.folder', 'we')).toEqual(['web']);
    expect(await complete('vcenter', 'vm', 'list', '--hosts', 'esx-01.lab.local,esx-0')).toEqual(
      expect.arrayContaining(['esx-01.lab.local,esx-02.lab.local', 'esx-01.lab.local,esx-03.lab.local']),
    );
    const dir = join(stored.XDG_CACHE_HOME!, 'vsphere-kit', 'completion');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    // within the minute the cache answers: a VM made now is not offered yet
    const made = await vsphere(
      [
        'vcenter',
        'vm',
        'create',
        '--name',
        'web-07',
        '--guest-os',
        'OTHER',
        '--placement.folder',
        'group-v1003',
        '--placement.cluster',
        'domain-c1055',
        '--placement.datastore',
        'datastore-1061',
      ],
      env,
    );
    expect(made.code).toBe(0);
    expect(await complete('vcenter', 'vm', 'get', '--vm', 'web-0')).toEqual(['web-01', 'web-02']);
    await vsphere(['vcenter', 'vm', 'delete', '--vm', made.stdout.trim()], credsEnv(small.url));
  });

  it('offers nothing without a stored session, and never file names for an object flag', async () => {
    const none = await vsphere(['__complete', 'vcenter', 'vm', 'get', '--vm', ''], credsEnv(small.url));
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect((await vsphere(['__complete', 'vcenter', 'vm', 'create', '--spec', ''], stored)).stdout.trim()).toBe(':files');
    // bash runs synchronously, so the in-process mock cannot answer it: the candidates come from the
    // cache this call fills (the first test shows that completion asks the server).
    expect(await complete('vcenter', 'vm', 'get', '--vm', 'web-0')).toEqual(['web-01', 'web-02']);
    const bin = tempDir();
    symlinkSync(BUNDLE, join(bin, 'vsphere'));
    const work = tempDir();
    writeFileSync(join(work, 'web-notes.txt'), '');
    // biome-ignore-start lint/suspicious/noTemplateCurlyInString: bash expansions, not template literals
    const script = [
      'source <(vsphere completion bash)',
      'COMP_WORDS=(vsphere vcenter vm get --vm web-0); COMP_CWORD=5; _vsphere_complete; echo "A:${COMPREPLY[*]}"',
      'COMP_WORDS=(vsphere vcenter vm get --vm we); COMP_CWORD=5; _vsphere_complete; echo "B:${COMPREPLY[*]}"',
      'COMP_WORDS=(vsphere vcenter vm create --spec web); COMP_CWORD=5; _vsphere_complete; echo "C:${COMPREPLY[*]}"',
    ].join('\n');
    // biome-ignore-end lint/suspicious/noTemplateCurlyInString: bash expansions, not template literals
    const r = spawnSync('bash', ['-c', script], { cwd: work, env: { ...stored, PATH: `${bin}:${stored.PATH}` }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('A:web-01 web-02\n');
    expect(r.stdout).toContain('B:web-01 web-02\n');
    expect(r.stdout).toContain('C:web-notes.txt\n');
  });

  it('uses only the stored session: an expired one gives no candidates and no new login, even with a password at hand', async () => {
    const e = { ...stored, XDG_CACHE_HOME: join(tempDir('vsphere-cache-'), 'cache'), VSPHERE_PASSWORD: PASSWORD };
    expect(small.mock.faults.expireSessions()).toBeGreaterThan(0);
    const before = small.mock.core.sessions.size;
    const r = await vsphere(['__complete', 'vcenter', 'vm', 'get', '--vm', 'web-0'], e);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(small.mock.core.sessions.size).toBe(before);
  });

  it('gives up quickly on a server that never answers', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const home = tempDir('vsphere-home-');
      const cfg = join(home, 'config', 'vsphere-kit');
      mkdirSync(cfg, { recursive: true, mode: 0o700 });
      const port = (silent.address() as { port: number }).port;
      writeFileSync(
        join(cfg, 'config.json'),
        JSON.stringify({ current: 'default', profiles: { default: { server: `http://127.0.0.1:${port}`, username: USER, sessionId: 'stored-session-id' } } }),
        { mode: 0o600 },
      );
      const e = baseEnv({ HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') });
      // The server holds the connection open and never answers: completion returns empty, with
      // success, long before the client's own timeouts (the test's timeout would catch a hang).
      const r = await vsphere(['__complete', 'vcenter', 'vm', 'get', '--vm', ''], e);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
    } finally {
      silent.close();
    }
  }, 9000);
});

describe('hostile object values and documents', () => {
  it('finds no object for __proto__, constructor, //other-host or a path through __proto__, and changes nothing', async () => {
    const env = credsEnv(cli.url);
    const before = await vsphere(['vcenter', 'vm', 'list', '-o', 'ids'], env);
    for (const value of ['__proto__', 'constructor', '//other-host/x', '/Datacenter/vm/__proto__', '/__proto__/vm/x']) {
      const r = await vsphere(['vcenter', 'vm', 'get', '--vm', value], env);
      expect(r.code, value).toBe(1);
      expect(r.stderr, value).toMatch(/NOT_FOUND: --vm '.*': no (vm|datacenter) named/);
    }
    expect((await vsphere(['vcenter', 'vm', 'list', '-o', 'ids'], env)).stdout).toBe(before.stdout);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses a --spec document nested 10,000 deep with the file and the limit, before any request', async () => {
    let deep = '1';
    for (let i = 0; i < 10_000; i++) deep = `{"a":${deep}}`;
    const file = join(tempDir(), 'deep.json');
    writeFileSync(file, deep);
    const r = await vsphere(['vcenter', 'vm', 'create', '--name', 'deep', '--guest-os', 'OTHER', '--spec', `@${file}`], credsEnv(cli.url));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: nests objects and arrays deeper than 64 levels`);
    expect(r.stderr).not.toMatch(/call stack|RangeError/);
  });
});
