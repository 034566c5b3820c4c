// The runtime flags are declared once (src/runtime/flag-table.ts): these tests check that
// parsing, the environment twins, the profile keys, --help and completion all follow that table.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { GLOBAL_FLAGS, parseFlags, scanWords } from '../src/runtime/args.js';
import { profileFields, resolveSettings } from '../src/runtime/connection.js';
import { UsageError } from '../src/runtime/errors.js';
import { textSetting, toggleSetting } from '../src/runtime/flag-sources.js';
import { FLAG_TABLE, GLOBAL_FLAG_DECLS, flagsIn, type FlagDecl } from '../src/runtime/flag-table.js';
import { baseEnv, ensureBundle, vsphere } from './helpers/cli.js';

beforeAll(() => {
  ensureBundle();
});

/** A value that fits the flag: a URL for the server, true for a toggle, a word otherwise. */
function sample(decl: FlagDecl, tag: string): string {
  return decl.name === 'server' ? `https://${tag}.example.com` : `${tag}-${decl.name}`;
}

const withEnv = FLAG_TABLE.filter((d) => d.env && !d.readsStdin);
const withProfileKey = FLAG_TABLE.filter((d) => d.profileKey);

describe('the table', () => {
  it('declares each flag once, with help text, and every short alias once', () => {
    const names = FLAG_TABLE.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    const shorts = FLAG_TABLE.flatMap((d) => (d.short ? [d.short] : []));
    expect(new Set(shorts).size).toBe(shorts.length);
    for (const d of FLAG_TABLE) {
      expect(d.help.length, d.name).toBeGreaterThan(5);
      expect(d.scopes.length, d.name).toBeGreaterThan(0);
      if (d.scopes.includes('global')) expect(d.section, d.name).toBeDefined();
      if (d.kind === 'value') expect(d.metavar, d.name).toBeDefined();
      if (d.readsStdin) expect(d.kind, d.name).toBe('switch');
    }
  });

  it('is what the parser accepts: every global flag, its short alias, --no-X for toggles', () => {
    expect([...GLOBAL_FLAGS.keys()].sort()).toEqual(GLOBAL_FLAG_DECLS.map((d) => d.name).sort());
    for (const d of GLOBAL_FLAG_DECLS) {
      const argv = d.kind === 'value' ? [`--${d.name}`, 'x'] : [`--${d.name}`];
      expect(scanWords(['vcenter', ...argv, 'vm']).globals.get(d.name), d.name).toEqual([d.kind === 'value' ? 'x' : 'true']);
      if (d.short) expect(scanWords([`-${d.short}`, ...argv.slice(1)]).globals.has(d.name), d.name).toBe(true);
      if (d.kind === 'toggle') expect(parseFlags([`--no-${d.name}`], new Map(), new Map(), 'vsphere').flags.get(d.name)).toEqual(['false']);
    }
  });
});

describe('environment twins and profile keys, from the table', () => {
  it('each environment twin gives its flag a value, and the flag wins over it', () => {
    expect(withEnv.length).toBeGreaterThanOrEqual(8);
    for (const d of withEnv) {
      const fromEnv = d.kind === 'value' ? sample(d, 'env') : '1';
      const env = { [d.env!]: fromEnv };
      if (d.kind === 'value') {
        expect(textSetting(d.name, new Map(), env), d.name).toEqual({ value: fromEnv, from: d.env });
        expect(textSetting(d.name, new Map([[d.name, [sample(d, 'flag')]]]), env), d.name).toEqual({ value: sample(d, 'flag'), from: `--${d.name}` });
      } else {
        expect(toggleSetting(d.name, new Map(), env), d.name).toEqual({ value: true, from: d.env });
        expect(toggleSetting(d.name, new Map([[d.name, ['false']]]), env), d.name).toEqual({ value: false, from: `--${d.name}` });
      }
    }
  });

  it('each profile key gives its flag a value when neither flag nor environment does, and the environment wins over it', () => {
    expect(withProfileKey.map((d) => d.profileKey).sort()).toEqual([
      'allowHttp',
      'caFile',
      'insecure',
      'knownHosts',
      'server',
      'thumbprint',
      'timeout',
      'username',
      'vsphereVersion',
    ]);
    for (const d of withProfileKey) {
      const stored = d.kind === 'toggle' ? true : sample(d, 'profile');
      const profile = { [d.profileKey!]: stored };
      const read = d.kind === 'toggle' ? toggleSetting(d.name, new Map(), {}, profile, 'lab') : textSetting(d.name, new Map(), {}, profile, 'lab');
      expect(read, d.name).toEqual({ value: stored, from: "profile 'lab'" });
      const env = { [d.env!]: d.kind === 'toggle' ? 'false' : sample(d, 'env') };
      const over = d.kind === 'toggle' ? toggleSetting(d.name, new Map(), env, profile, 'lab') : textSetting(d.name, new Map(), env, profile, 'lab');
      expect(over.from, d.name).toBe(d.env);
    }
  });

  it('resolveSettings reads every profile key of the current profile, and login stores the same fields back', () => {
    const env = baseEnv();
    const dir = join(env.XDG_CONFIG_HOME!, 'vsphere-kit');
    mkdirSync(dir, { recursive: true });
    const profile: Record<string, unknown> = {};
    for (const d of withProfileKey) profile[d.profileKey!] = d.kind === 'toggle' ? true : sample(d, 'profile');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ current: 'lab', profiles: { lab: profile } }));
    const settings = resolveSettings(new Map(), env);
    expect(settings.profileName).toBe('lab');
    expect(settings.baseUrl).toBe('https://profile.example.com');
    for (const d of withProfileKey.filter((x) => x.profileKey !== 'server')) {
      expect(settings[d.profileKey as Exclude<typeof d.profileKey, 'server' | undefined>], d.name).toBe(profile[d.profileKey!]);
      expect(settings.origins[d.profileKey!], d.name).toBe("profile 'lab'");
    }
    expect(profileFields(settings)).toEqual(profile);
  });

  it('a toggle twin that is not a boolean is a usage error that names the variable', () => {
    for (const d of FLAG_TABLE.filter((x) => x.kind === 'toggle' && x.env)) {
      expect(() => toggleSetting(d.name, new Map(), { [d.env!]: 'maybe' }), d.name).toThrow(UsageError);
      expect(() => toggleSetting(d.name, new Map(), { [d.env!]: 'maybe' }), d.name).toThrow(`${d.env}=maybe`);
    }
  });

  it('a --profile named like an Object.prototype member is no profile at all', () => {
    expect(() => resolveSettings(new Map([['profile', ['__proto__']]]), baseEnv())).toThrow("no profile named '__proto__'");
    expect(() => resolveSettings(new Map([['profile', ['constructor']]]), baseEnv())).toThrow("no profile named 'constructor'");
  });
});

describe('help and completion follow the table', () => {
  it('vsphere --help lists every global flag with its environment twin', async () => {
    const r = await vsphere(['--help'], baseEnv());
    expect(r.code).toBe(0);
    for (const d of GLOBAL_FLAG_DECLS) {
      const line = r.stdout.split('\n').find((l) => new RegExp(`^\\s+(-${d.short}, )?--${d.name}\\b`).test(l));
      expect(line, d.name).toBeDefined();
      expect(line, d.name).toContain(d.help);
      if (d.env) expect(line, d.name).toContain(d.env);
      if (d.profileKey) expect(line, d.name).toContain('profile');
    }
  });

  it('login --help and raw --help list their own flags with their environment twins', async () => {
    for (const scope of ['login', 'raw'] as const) {
      const r = await vsphere([scope, '--help'], baseEnv());
      expect(r.code).toBe(0);
      for (const d of flagsIn(scope)) {
        const line = r.stdout.split('\n').find((l) => new RegExp(`^\\s+--${d.name}\\b`).test(l));
        expect(line, d.name).toContain(d.help);
        if (d.env) expect(line, d.name).toContain(d.env);
      }
    }
  });

  it("a command's help lists its runtime flags and names every global flag", async () => {
    const r = await vsphere(['vcenter', 'vm', 'clone', '--help'], baseEnv());
    expect(r.code).toBe(0);
    for (const d of flagsIn('body').concat(flagsIn('task'))) expect(r.stdout).toMatch(new RegExp(`^\\s+--${d.name}\\b`, 'm'));
    const footer = r.stdout.split('\n').find((l) => l.startsWith('Global flags:'))!;
    for (const d of GLOBAL_FLAG_DECLS) expect(footer, d.name).toContain(d.short ? `-${d.short} ` : `--${d.name} `);
  });

  it('completion offers every global flag, the runtime flags of a command and of login, and declared values', async () => {
    const env = baseEnv();
    const top = (await vsphere(['__complete', '--'], env)).stdout.trim().split('\n');
    expect(top.sort()).toEqual(GLOBAL_FLAG_DECLS.map((d) => `--${d.name}`).sort());
    const clone = (await vsphere(['__complete', 'vcenter', 'vm', 'clone', '--'], env)).stdout.trim().split('\n');
    for (const d of [...flagsIn('body'), ...flagsIn('task'), ...GLOBAL_FLAG_DECLS]) expect(clone, d.name).toContain(`--${d.name}`);
    const login = (await vsphere(['__complete', 'login', '--'], env)).stdout.trim().split('\n');
    for (const d of flagsIn('login')) expect(login, d.name).toContain(`--${d.name}`);
    for (const d of FLAG_TABLE.filter((x) => x.values)) {
      const values = (await vsphere(['__complete', 'vcenter', 'vm', 'list', `--${d.name}`, ''], env)).stdout.trim().split('\n');
      expect(values, d.name).toEqual([...d.values!]);
    }
  });

  it("the README's connection table names every global flag that has an environment twin, with that twin", () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    for (const d of GLOBAL_FLAG_DECLS.filter((x) => x.env)) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`--${d.name}`));
      expect(row, d.name).toBeDefined();
      expect(row, d.name).toContain(`\`${d.env}\``);
      expect(row, d.name).toMatch(d.profileKey ? /\| yes \|/ : /\| (never )?\|/);
    }
  });

  it('completion skips the value of a --flag=value word when it counts the command words', async () => {
    const r = await vsphere(['__complete', '--server=https://vc', 'vcenter', 'vm', 'po'], baseEnv());
    expect(r.stdout.trim()).toBe('power');
  });
});
