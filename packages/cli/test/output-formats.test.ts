// -o csv, --fields in every format, human sizes and times in tables (exact values elsewhere).
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { csvField, renderCsv } from '../src/runtime/csv.js';
import { pick } from '../src/runtime/fields.js';
import { humanCell, humanSize, humanTime, sizeUnit } from '../src/runtime/humanize.js';
import { PASSWORD, afterHttpWarning, baseEnv, transcript, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

const cli = useCliMock();
const { env } = cli;

const MiB = 1024 ** 2;

describe('human values (unit)', () => {
  it('sizes in binary units, one decimal below 100', () => {
    expect(humanSize(0)).toBe('0 B');
    expect(humanSize(512)).toBe('512 B');
    expect(humanSize(1536)).toBe('1.5 KiB');
    expect(humanSize(4096 * MiB)).toBe('4 GiB');
    expect(humanSize(536870912000)).toBe('500 GiB');
    expect(humanSize(1.5 * 1024 ** 4)).toBe('1.5 TiB');
  });

  it('knows a size by its field: unit suffixes, byte counts, and results that say otherwise', () => {
    expect(sizeUnit('memory_size_MiB')).toBe(MiB);
    expect(sizeUnit('memory.size_MiB')).toBe(MiB);
    expect(sizeUnit('memory_MB')).toBe(MiB);
    expect(sizeUnit('capacity')).toBe(1);
    expect(sizeUnit('free_space')).toBe(1);
    expect(sizeUnit('size')).toBeUndefined();
    expect(sizeUnit('cpu_count')).toBeUndefined();
    expect(sizeUnit('capacity', 'vcenter.namespaceManagement.clusterSizeInfo.get')).toBe(MiB);
    expect(humanCell('memory_size_MiB', 4096)).toBe('4 GiB');
    expect(humanCell('cpu_count', 4)).toBeUndefined();
  });

  it('times as a local date with how long ago or ahead', () => {
    const now = Date.parse('2026-12-03T18:00:00Z');
    expect(humanTime('2026-12-03T17:55:00.000Z', now)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(5m ago\)$/);
    expect(humanTime('2026-12-05T18:00:00Z', now)).toMatch(/\(in 2d\)$/);
    expect(humanTime('web-01', now)).toBeUndefined();
    expect(humanTime('2026-12-03', now)).toBeUndefined();
  });

  it('csv fields are quoted as RFC 4180 says, records end in CRLF', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(
      renderCsv(
        [
          { a: 1, b: { c: [1, 2] } },
          { a: 2, d: null },
        ],
        undefined,
      ),
    ).toBe('a,b.c,d\r\n1,"[1,2]",\r\n2,,\r\n');
    expect(renderCsv('vm-1', undefined)).toBe('value\r\nvm-1\r\n');
  });
});

describe('-o csv', () => {
  it('prints every field of each row with a header, values exact', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '-o', 'csv'], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('vm,name,power_state,cpu_count,memory_size_MiB');
    expect(lines).toContain('vm-1072,web-01,POWERED_ON,2,4096');
    expect(lines.at(-1)).toBe('');
  });

  it('quotes a name that holds a comma and quotes', async () => {
    const name = 'csv,"quoted" vm';
    const created = await vsphere(
      [
        'vcenter',
        'vm',
        'create',
        '--name',
        name,
        '--guest-os',
        'RHEL_8_64',
        '--spec',
        JSON.stringify({ placement: { folder: 'group-v1003', cluster: 'domain-c1055', datastore: 'datastore-1061' } }),
        '-o',
        'ids',
      ],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const id = created.stdout.trim();
    const r = await vsphere(['vcenter', 'vm', 'list', '-o', 'csv', '--fields', 'vm,name'], env);
    expect(r.stdout.split('\r\n')).toContain(`${id},"csv,""quoted"" vm"`);
    expect((await vsphere(['vcenter', 'vm', 'delete', '--vm', id], env)).code).toBe(0);
  });

  it('makes dotted columns of nested fields', async () => {
    const r = await vsphere(['vcenter', 'vm', 'get', '--vm', 'vm-1072', '-o', 'csv', '--fields', 'name,hardware.version,memory.size_MiB'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('name,hardware.version,memory.size_MiB\r\nweb-01,VMX_19,4096\r\n');
  });
});

describe('--fields', () => {
  it('json keeps the nesting of the fields it picks', async () => {
    const r = await vsphere(['vcenter', 'vm', 'get', '--vm', 'vm-1072', '-o', 'json', '--fields', 'name,memory.size_MiB'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'web-01', memory: { size_MiB: 4096 } });
  });

  it('json and yaml pick the same fields of every row of a list', async () => {
    const [j, y] = await Promise.all([
      vsphere(['vcenter', 'vm', 'list', '-o', 'json', '--fields', 'vm,power_state'], env),
      vsphere(['vcenter', 'vm', 'list', '-o', 'yaml', '--fields', 'vm,power_state'], env),
    ]);
    const rows = JSON.parse(j.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(Object.keys(row)).toEqual(['vm', 'power_state']);
    expect(parseYaml(y.stdout)).toEqual(rows);
  });

  it('table columns are the fields, in the order given', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '--fields', 'name,memory_size_MiB'], env);
    expect(r.code).toBe(0);
    const [head, ...rows] = r.stdout.trimEnd().split('\n');
    expect(head!.split(/\s{2,}/)).toEqual(['NAME', 'MEMORY_SIZE_MIB']);
    expect(rows).toContainEqual(expect.stringMatching(/^web-01\s+4 GiB$/));
  });

  it('-o ids prints the one field given, a line per row', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '-o', 'ids', '--fields', 'name', '--power-states', 'POWERED_ON'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(expect.arrayContaining(['web-01', 'web-02']));
    const two = await vsphere(['vcenter', 'vm', 'list', '-o', 'ids', '--fields', 'vm,name'], baseEnv());
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('--fields with -o ids takes one field');
  });

  it('a field no row has is an error naming the closest ones (exit 2)', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '--fields', 'vm,nmae'], env);
    expect(r.code).toBe(2);
    expect(afterHttpWarning(r.stderr)).toBe(
      "error: --fields: no field 'nmae' in the result; did you mean 'name'?\nIts fields: vm, name, power_state, cpu_count, memory_size_MiB\n",
    );
    expect(r.stdout).toBe('');
  });

  it('a malformed list is refused before anything is sent', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '--fields', 'vm,,name'], baseEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--fields: invalid field name '' in 'vm,,name'");
  });

  it('a field named __proto__ is an ordinary key of the picked row, never its prototype', () => {
    const row = JSON.parse('{"name":"web-01","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const picked = pick(row, [{ name: '__proto__.polluted', path: ['__proto__', 'polluted'] }]);
    expect(JSON.stringify(picked)).toBe('{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(picked)).toBeNull();
  });
});

describe('human sizes and times in tables, exact values elsewhere', () => {
  it('datastore sizes in GiB/TiB in a table, bytes in json', async () => {
    const table = await vsphere(['vcenter', 'datastore', 'list'], env);
    expect(table.stdout).toMatch(/^datastore-1061\s+datastore1\s+VMFS\s+384 GiB\s+500 GiB$/m);
    const json = await vsphere(['vcenter', 'datastore', 'list', '-o', 'json'], env);
    const ds = (JSON.parse(json.stdout) as { datastore: string; capacity: number; free_space: number }[]).find((d) => d.datastore === 'datastore-1061');
    // The exact byte counts (499.75 GiB shows as 500 GiB: three significant digits).
    expect(ds).toMatchObject({ capacity: 536602476544, free_space: expect.any(Number) });
    expect(humanSize(ds!.capacity)).toBe('500 GiB');
  });

  it("a task's times read as local dates with their age in a table, RFC 3339 in json", async () => {
    const started = await vsphere(['raw', 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', '--body', '{"source":"vm-1074","name":"timed-task"}'], env);
    const id = JSON.parse(started.stdout) as string;
    // A task has a start time once it leaves PENDING: wait for its end first, so the check does not race the cli.mock.
    expect((await vsphere(['cis', 'tasks', 'get', '--task', id, '--wait'], env)).code).toBe(0);
    const table = await vsphere(['cis', 'tasks', 'get', '--task', id], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^start_time\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(\d+s ago\)$/m);
    const json = await vsphere(['cis', 'tasks', 'get', '--task', id, '-o', 'json'], env);
    expect((JSON.parse(json.stdout) as { start_time: string }).start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });
});

describe('secrets', () => {
  it('no output of this file contained the password', () => {
    expect(transcript.length).toBeGreaterThan(10);
    for (const text of transcript) expect(text).not.toContain(PASSWORD);
  });
});
