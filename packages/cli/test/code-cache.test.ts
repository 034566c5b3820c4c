import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credsEnv, tempDir, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

// The CLI's code cache (src/runtime/code-cache.ts): the main code and the embedded client a
// command used, compiled, kept per user so the next run neither parses nor inflates them.

const cli = useCliMock();

const LIST = ['vcenter', 'vm', 'list', '-o', 'json'];

function envWithCache(extra: Record<string, string> = {}): { env: NodeJS.ProcessEnv; dir: string } {
  const cacheHome = join(tempDir('vsphere-cache-'), 'cache');
  return { env: credsEnv(cli.url, { XDG_CACHE_HOME: cacheHome, ...extra }), dir: join(cacheHome, 'vsphere-kit', 'code-cache') };
}

function entries(dir: string): Map<string, number> {
  return new Map(readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mtimeMs]));
}

describe('the code cache', () => {
  it('is written by the first run in a private folder and read, not rewritten, by the next', async () => {
    const { env, dir } = envWithCache();
    const first = await vsphere(LIST, env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).length).toBeGreaterThan(0);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = entries(dir);
    // the main code (the client with it) compiled; the command tables are read in place, not cached
    expect([...files.keys()]).toHaveLength(1);
    expect([...files.keys()].filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    for (const f of files.keys()) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);

    const second = await vsphere(LIST, env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(entries(dir)).toEqual(files);
  });

  it('passes over damaged entries: the command still answers and the entries are written again', async () => {
    const { env, dir } = envWithCache();
    // YAML output compiles the packed YAML bundle too: two entries, the main code's and YAML's.
    const yamlList = ['vcenter', 'vm', 'list', '-o', 'yaml'];
    const first = await vsphere(yamlList, env);
    expect(first.code).toBe(0);
    const bin = readdirSync(dir).filter((f) => f.endsWith('.bin'));
    expect(bin).toHaveLength(2);
    // one entry cut short (its header names more code than it holds), one whose code V8 must reject
    writeFileSync(join(dir, bin[0] as string), Buffer.from([200, 0, 0, 0, 1, 2, 3]));
    writeFileSync(join(dir, bin[1] as string), Buffer.concat([Buffer.from([4, 0, 0, 0]), Buffer.from('junk')]));
    const again = await vsphere(yamlList, env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    for (const f of bin) expect(statSync(join(dir, f)).size).toBeGreaterThan(1000);
  });

  it('reads nothing from a folder that others can write, and takes the folder back before writing', async () => {
    const { env, dir } = envWithCache();
    const first = await vsphere(LIST, env);
    expect(first.code).toBe(0);
    // Someone else could have put code there: an entry whose cached code V8 rejects, and whose
    // source (what an unpacked bundle's entry carries) prints 'planted'. A run must not read it.
    const planted = Buffer.concat([Buffer.alloc(8), Buffer.from("(function () { process.stdout.write('planted'); })")]);
    const names = readdirSync(dir);
    for (const name of names) writeFileSync(join(dir, name), planted);
    chmodSync(dir, 0o777);
    const again = await vsphere(LIST, env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    // The folder is ours: closed again, and the planted entries replaced by real ones.
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of names) expect(readFileSync(join(dir, name), 'latin1')).not.toContain('planted');
  });

  it('is off with VSPHERE_CODE_CACHE=off, and a cache that cannot be written costs nothing but time', async () => {
    const off = envWithCache({ VSPHERE_CODE_CACHE: 'off' });
    const r = await vsphere(LIST, off.env);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(off.dir)).toBe(false);

    const blocked = tempDir('vsphere-cache-');
    writeFileSync(join(blocked, 'vsphere-kit'), 'a file where the folder would go');
    const unwritable = credsEnv(cli.url, { XDG_CACHE_HOME: blocked });
    const b = await vsphere(LIST, unwritable);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toBe(r.stdout);
  });

  it('holds what --help and a namespace listing need as well, and they read the same from it', async () => {
    const { env, dir } = envWithCache();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const first = await vsphere(['vcenter', 'vm', '--help'], env);
    const second = await vsphere(['vcenter', 'vm', '--help'], env);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stdout).toMatch(/^\s+list\s+List virtual machines/m);
  });

  it('grows once per new kind of run: a cache begun by --help takes in the command path at the first command', async () => {
    const { env, dir } = envWithCache();
    expect((await vsphere(['--help'], env)).code).toBe(0);
    const mainEntry = readdirSync(dir).find((f) => f.endsWith('.bin')) as string;
    const afterHelp = statSync(join(dir, mainEntry));
    const list = await vsphere(LIST, env);
    expect(list.code, list.stderr).toBe(0);
    const afterList = statSync(join(dir, mainEntry));
    // written again, now holding the command path too
    expect(afterList.size).toBeGreaterThan(afterHelp.size);
    const files = entries(dir);
    // a second command of the same kind, and --help again, find everything they need: nothing is rewritten
    expect((await vsphere(LIST, env)).stdout).toBe(list.stdout);
    expect((await vsphere(['--help'], env)).code).toBe(0);
    expect(entries(dir)).toEqual(files);
  });
});
