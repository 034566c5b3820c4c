import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { copyFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE, baseEnv, ensureBundle, tempDir } from './helpers/cli.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
beforeAll(() => {
  ensureBundle();
});

describe('the bundle', () => {
  it('is a small executable CommonJS launcher with a node shebang, its main code and data beside it', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(BUNDLE).mode & 0o111).not.toBe(0);
    expect(readdirSync(join(pkgDir, 'dist')).sort()).toEqual([
      'vsphere-commands.bin',
      'vsphere-main.cjs',
      'vsphere-payloads.bin',
      'vsphere-undici.js.map',
      'vsphere-yaml.js.map',
      'vsphere.cjs',
      'vsphere.cjs.map',
    ]);
  });

  it('ships source maps that --enable-source-maps follows from the bundle and its embedded client back to src/', async () => {
    // The main code, in Node's module wrapper and followed by its hash, is compiled under the bundle's own name.
    expect(readFileSync(join(pkgDir, 'dist', 'vsphere-main.cjs'), 'utf8')).toMatch(
      /^\(function \(exports, require, module, __filename, __dirname\) \{ [\s\S]+\n\/\/# sourceMappingURL=vsphere\.cjs\.map\n\n\}\);\n\/\/VSPHERE_MAIN [0-9a-f]{20}\n$/,
    );
    for (const name of ['vsphere.cjs', 'vsphere-yaml.js', 'vsphere-undici.js']) {
      const map = JSON.parse(readFileSync(join(pkgDir, 'dist', `${name}.map`), 'utf8')) as { version: number; sources: string[] };
      expect(map.version).toBe(3);
      expect(map.sources.length).toBeGreaterThan(0);
    }
    // A failing login: the stack runs through the client (in the main code, initialized on first use).
    const args = ['vcenter', 'vm', 'list', '--server', 'http://127.0.0.1:1', '--username', 'u', '--debug'];
    const env = { ...baseEnv(), VSPHERE_PASSWORD: 'p' };
    const plain = spawnSync(process.execPath, [BUNDLE, ...args], { env, encoding: 'utf8' });
    expect(plain.stderr).toMatch(/dist[\\/]vsphere\.cjs:\d+:\d+/);
    const mapped = spawnSync(process.execPath, ['--enable-source-maps', BUNDLE, ...args], { env, encoding: 'utf8' });
    expect(mapped.stderr).not.toMatch(/dist[\\/]vsphere\.cjs:/);
    expect(mapped.stderr).toMatch(/client[\\/]src[\\/][\w\\/.-]+\.ts:\d+:\d+/);
  });

  it('keeps the main code, the packed client and the command tables out of the file Node reads on every run', () => {
    // Node reads and compiles the launcher; the rest is read by it, from the code cache or in ranges.
    expect(statSync(BUNDLE).size).toBeLessThan(16 * 1024);
    expect(readFileSync(BUNDLE, 'latin1')).not.toMatch(/"[A-Za-z0-9+/=]{2000,}"/);
  });

  it('says which file to reinstall when the main code or the data is missing or damaged, and help needs no data', () => {
    const dir = tempDir();
    const bundle = join(dir, 'vsphere.cjs');
    copyFileSync(BUNDLE, bundle);
    // No cache: the command must unpack the client and read the table from the files beside the bundle.
    const env = { ...baseEnv(), VSPHERE_CODE_CACHE: 'off', VSPHERE_SERVER: 'http://127.0.0.1:1', VSPHERE_USERNAME: 'u', VSPHERE_PASSWORD: 'p' };
    const run = (args: string[]) => spawnSync(process.execPath, [bundle, ...args], { env, encoding: 'utf8' });
    const dist = (name: string) => readFileSync(join(pkgDir, 'dist', name));
    const cannotRead = (name: string, what: string, why: string) =>
      `error: ${join(dir, name)}: cannot read the CLI's ${what} ${why}: reinstall @vsphere-kit/cli\n`;

    const noMain = run(['--help']);
    expect(noMain.status).toBe(1);
    expect(noMain.stderr).toBe(cannotRead('vsphere-main.cjs', 'main code', '(ENOENT)'));
    // Another build's main code (its hash is not the launcher's), or one cut short.
    writeFileSync(
      join(dir, 'vsphere-main.cjs'),
      dist('vsphere-main.cjs')
        .toString('latin1')
        .replace(/VSPHERE_MAIN [0-9a-f]{20}/, 'VSPHERE_MAIN 0123456789abcdef0123'),
      'latin1',
    );
    expect(run(['--help']).stderr).toBe(cannotRead('vsphere-main.cjs', 'main code', '(it does not belong to this bundle)'));
    writeFileSync(join(dir, 'vsphere-main.cjs'), dist('vsphere-main.cjs').subarray(0, 1000));
    expect(run(['--help']).stderr).toBe(cannotRead('vsphere-main.cjs', 'main code', '(it does not belong to this bundle)'));

    copyFileSync(join(pkgDir, 'dist', 'vsphere-main.cjs'), join(dir, 'vsphere-main.cjs'));
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: vsphere');

    const noTables = run(['vcenter', 'vm', 'list']);
    expect(noTables.status).toBe(1);
    expect(noTables.stderr).toBe(cannotRead('vsphere-commands.bin', 'command tables', '(ENOENT)'));
    const tables = dist('vsphere-commands.bin');
    writeFileSync(join(dir, 'vsphere-commands.bin'), tables.subarray(0, 100));
    expect(run(['vcenter', 'vm', 'list']).stderr).toMatch(
      /vsphere-commands\.bin: cannot read the CLI's command tables \((it is shorter than the bundle expects|it does not belong to this bundle)\): reinstall/,
    );
    writeFileSync(join(dir, 'vsphere-commands.bin'), Buffer.from(tables.map((b) => b ^ 0x5a)));
    expect(run(['vcenter', 'vm', 'list']).stderr).toMatch(
      /vsphere-commands\.bin: cannot read the CLI's command tables \(it does not belong to this bundle\): reinstall/,
    );
    // Headers that still parse, where the first command's line ends at a negative offset (same length): no read at it.
    writeFileSync(join(dir, 'vsphere-commands.bin'), Buffer.from(tables.toString('latin1').replace(/"ends":\[\d(\d)/g, '"ends":[-$1'), 'latin1'));
    const negative = run(['vcenter', 'vm', 'list']);
    expect(negative.stderr).toMatch(/vsphere-commands\.bin: cannot read the CLI's command tables \(it does not belong to this bundle\): reinstall/);
    expect(negative.stderr).not.toMatch(/\n\s+at /);

    copyFileSync(join(pkgDir, 'dist', 'vsphere-commands.bin'), join(dir, 'vsphere-commands.bin'));
    // The packed code is YAML's (and undici's): a body given as YAML needs it, a list does not.
    const yamlBody = ['vcenter', 'vm', 'create', '--spec', 'name: web-03\nguest_OS: OTHER_LINUX_64', '--dry-run'];
    const missing = run(yamlBody);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(cannotRead('vsphere-payloads.bin', 'packed code', '(ENOENT)'));
    const payloads = dist('vsphere-payloads.bin');
    writeFileSync(join(dir, 'vsphere-payloads.bin'), payloads.subarray(0, 100));
    expect(run(yamlBody).stderr).toMatch(
      /vsphere-payloads\.bin: cannot read the CLI's packed code \((it is shorter than the bundle expects|it does not belong to this bundle)\): reinstall/,
    );
    // Another build's data of the same size: the bytes do not inflate to what this bundle expects.
    writeFileSync(join(dir, 'vsphere-payloads.bin'), Buffer.from(payloads.map((b) => b ^ 0x5a)));
    const other = run(yamlBody);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/vsphere-payloads\.bin: cannot read the CLI's packed code \(it does not belong to this bundle\): reinstall/);
    expect(other.stderr).not.toMatch(/\n\s+at /);
    copyFileSync(join(pkgDir, 'dist', 'vsphere-payloads.bin'), join(dir, 'vsphere-payloads.bin'));
    const whole = run(yamlBody);
    expect(whole.status, whole.stderr).toBe(0);
    expect(whole.stdout).toContain('"name": "web-03"');
  });

  it('requires nothing but Node built-ins (no ts-morph, generator or node_modules)', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    const required = new Set([...text.matchAll(/require\(\\?["']([^"'\\]+)\\?["']\)/g)].map((m) => m[1]));
    expect(required.size).toBeGreaterThan(0);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    // `node:`-only modules (node:sqlite, behind a guard in undici) are built-ins too.
    expect([...required].filter((r) => !builtins.has(r) && !r.startsWith('node:'))).toEqual([]);
    expect(text).not.toMatch(/ts-morph|@vsphere-kit\/generator/);
  });

  it('does not load the HTTP client for --help or completion (lazy loading)', () => {
    const probe = join(tempDir(), 'probe.cjs');
    writeFileSync(
      probe,
      `const M = require('module'); const seen = new Set(); const load = M._load;
M._load = function (request, ...rest) { seen.add(request.replace(/^node:/, '')); return load.call(this, request, ...rest); };
process.on('exit', () => require('fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify([...seen])));`,
    );
    const loaded = (args: string[]) => {
      const out = join(tempDir(), 'seen.json');
      const r = spawnSync(process.execPath, ['-r', probe, BUNDLE, ...args], { env: { ...process.env, PROBE_OUT: out }, encoding: 'utf8' });
      expect(r.status).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')) as string[];
    };
    for (const args of [['--help'], ['vcenter', 'vm', 'list', '--help'], ['__complete', 'vcenter', 'vm', '']]) {
      const seen = loaded(args);
      expect(seen).not.toContain('tls');
      expect(seen).not.toContain('http');
      expect(seen).not.toContain('net');
    }
  });
});
