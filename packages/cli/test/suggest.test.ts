// The suggestion engine behind every "did you mean": enum values, flags, commands.
// Enum errors are also driven through the bundle, as a user meets them.
import { beforeAll, describe, expect, it } from 'vitest';
import { closest, suggestions } from '../src/runtime/suggest.js';
import { baseEnv, ensureBundle, vsphere } from './helpers/cli.js';

const POWER = ['POWERED_OFF', 'POWERED_ON', 'SUSPENDED'];
const GUESTS = ['DOS', 'WIN_31', 'WIN_XP_PRO', 'WINDOWS_7', 'WINDOWS_7_64', 'WINDOWS_9_64', 'WINDOWS_SERVER_2019', 'RHEL_8_64', 'RHEL_9_64', 'UBUNTU_64'];

describe('suggestions', () => {
  it('reads a swap of two letters as one typo (core counts it as one edit)', () => {
    // Two edits would be too many for a four-letter word; a swap is one.
    expect(suggestions('lsit', ['list', 'get', 'lisp'])).toEqual(['list']);
    expect(closest('vcentre', ['vcentral', 'vcenter'])).toBe('vcenter');
  });

  it('finds a whole word at the end of a value: ON → POWERED_ON', () => {
    expect(suggestions('ON', POWER)).toEqual(['POWERED_ON']);
    expect(suggestions('off', POWER)).toEqual(['POWERED_OFF']);
  });

  it('finds a family by its prefix, case-insensitively: windows → the WINDOWS_* values, shortest first', () => {
    expect(suggestions('windows', GUESTS)).toEqual(['WINDOWS_7', 'WINDOWS_7_64', 'WINDOWS_9_64', 'WINDOWS_SERVER_2019']);
    expect(suggestions('rhel', GUESTS)).toEqual(['RHEL_8_64', 'RHEL_9_64']);
    expect(suggestions('powered-o', POWER)).toEqual(['POWERED_ON', 'POWERED_OFF']);
  });

  it('forgives a typo, also in the start of a longer value', () => {
    expect(closest('POWERED_UP', POWER)).toBe('POWERED_ON');
    expect(suggestions('widnows', GUESTS)[0]).toBe('WINDOWS_7');
    expect(closest('ubunto_64', GUESTS)).toBe('UBUNTU_64');
  });

  it('suggests nothing rather than something unrelated: FOO is not DOS', () => {
    expect(suggestions('FOO', GUESTS)).toEqual([]);
    expect(closest('xyz', POWER)).toBeUndefined();
    expect(suggestions('', POWER)).toEqual([]);
  });

  it('ranks an exact word first, then prefixes, then later words, then typos', () => {
    expect(suggestions('list', ['list-all', 'blist', 'list', 'lists', 'get_list'])).toEqual(['list', 'lists', 'list-all', 'get_list', 'blist']);
  });
});

describe('enum errors of the CLI', () => {
  beforeAll(() => ensureBundle());
  // Values are checked before any connection: no server needed.
  const env = baseEnv({ VSPHERE_SERVER: 'http://127.0.0.1:9', VSPHERE_USERNAME: 'u', VSPHERE_PASSWORD: 'p' });

  it('--power-states ON suggests POWERED_ON and lists the three values (exit 2)', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '--power-states', 'ON'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: invalid value 'ON' for --power-states: expected one of POWERED_OFF, POWERED_ON, SUSPENDED\nDid you mean POWERED_ON?\n");
  });

  it('--guest-os FOO prints no wall of 181 values and no unrelated guess, and points to --help', async () => {
    const r = await vsphere(['vcenter', 'vm', 'create', '--name', 'x', '--guest-os', 'FOO'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: invalid value 'FOO' for --guest-os: no value is close; all 181 values are listed by 'vsphere vcenter vm create --help'\n");
  });

  it('--guest-os windows names a handful of the WINDOWS_* family and how many match', async () => {
    const r = await vsphere(['vcenter', 'vm', 'create', '--name', 'x', '--guest-os', 'windows'], env);
    expect(r.code).toBe(2);
    const [first, hint, ...rest] = r.stderr.trimEnd().split('\n');
    expect(first).toBe("error: invalid value 'windows' for --guest-os: all 181 values are listed by 'vsphere vcenter vm create --help'");
    expect(rest).toEqual([]);
    const named = hint!.match(/[A-Z][A-Z0-9_]+/g)!;
    expect(named).toHaveLength(5);
    expect(named.every((v) => v.startsWith('WINDOWS_'))).toBe(true);
    expect(hint).toMatch(/\(\d+ values match\)$/);
  });

  it('accepts any case and - for _ when the value is otherwise exact', async () => {
    const r = await vsphere(['vcenter', 'vm', 'list', '--power-states', 'powered-on', '--dry-run'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('power_states=POWERED_ON');
  });

  it('--help lists every value of a long enum, as the error promises', async () => {
    const r = await vsphere(['vcenter', 'vm', 'create', '--help'], baseEnv());
    expect(r.code).toBe(0);
    const flat = r.stdout.replace(/\s+/g, ' ');
    for (const v of ['DOS', 'WINDOWS_SERVER_2021', 'RHEL_9_64', 'OTHER_LINUX_64']) expect(flat).toContain(v);
    expect(flat).not.toContain('more (tab completion');
  });
});
