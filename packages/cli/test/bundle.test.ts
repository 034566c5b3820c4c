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
  it('is one executable CommonJS file with a node shebang, its packed data beside it', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(BUNDLE).mode & 0o111).not.toBe(0);
    expect(readdirSync(join(pkgDir, 'dist')).sort()).toEqual([
      'vsphere-client.js.map',
      'vsphere-payloads.bin',
      'vsphere-undici.js.map',
      'vsphere-yaml.js.map',
      'vsphere.cjs',
      'vsphere.cjs.map',
    ]);
  });

  it('ships source maps that --enable-source-maps follows from the bundle and its embedded client back to src/', async () => {
    // The main code sits in a comment after the launcher (src/launcher.ts), compiled under the bundle's own name.
    expect(readFileSync(BUNDLE, 'utf8')).toMatch(/\n\/\*VSPHERE_MAIN [0-9a-f]{20}\n[\s\S]+\n\/\/# sourceMappingURL=vsphere\.cjs\.map\n\n?\*\/\n$/);
    for (const name of ['vsphere.cjs', 'vsphere-client.js', 'vsphere-yaml.js', 'vsphere-undici.js']) {
      const map = JSON.parse(readFileSync(join(pkgDir, 'dist', `${name}.map`), 'utf8')) as { version: number; sources: string[] };
      expect(map.version).toBe(3);
      expect(map.sources.length).toBeGreaterThan(0);
    }
    // A failing login: the stack runs through the embedded client (compiled on first use).
    const args = ['vcenter', 'vm', 'list', '--server', 'http://127.0.0.1:1', '--username', 'u', '--debug'];
    const env = { ...baseEnv(), VSPHERE_PASSWORD: 'p' };
    const plain = spawnSync(process.execPath, [BUNDLE, ...args], { env, encoding: 'utf8' });
    expect(plain.stderr).toMatch(/dist[\\/]vsphere-client\.js:\d+:\d+/);
    const mapped = spawnSync(process.execPath, ['--enable-source-maps', BUNDLE, ...args], { env, encoding: 'utf8' });
    expect(mapped.stderr).not.toMatch(/dist[\\/]vsphere-client\.js:/);
    expect(mapped.stderr).toMatch(/client[\\/]src[\\/][\w\\/.-]+\.ts:\d+:\d+/);
  });

  it('keeps the packed client and command tables out of the file Node reads on every run', () => {
    // Base64 runs this long were the packed payloads: three quarters of the bundle, read and skipped by every run.
    expect(readFileSync(BUNDLE, 'latin1')).not.toMatch(/"[A-Za-z0-9+/=]{2000,}"/);
    expect(statSync(BUNDLE).size).toBeLessThan(statSync(join(pkgDir, 'dist', 'vsphere-payloads.bin')).size);
  });

  it('says which file to reinstall when the packed data is missing or damaged, and help still works without it', async () => {
    const dir = tempDir();
    const bundle = join(dir, 'vsphere.cjs');
    copyFileSync(BUNDLE, bundle);
    // No cache: the command must unpack the client and the table from the payload file.
    const env = { ...baseEnv(), VSPHERE_CODE_CACHE: 'off', VSPHERE_SERVER: 'http://127.0.0.1:1', VSPHERE_USERNAME: 'u', VSPHERE_PASSWORD: 'p' };
    const run = (args: string[]) => spawnSync(process.execPath, [bundle, ...args], { env, encoding: 'utf8' });
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: vsphere');
    const missing = run(['vcenter', 'vm', 'list']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      `error: ${join(dir, 'vsphere-payloads.bin')}: cannot read the CLI's packed code and command tables (ENOENT): reinstall @vsphere-kit/cli\n`,
    );
    const payloads = readFileSync(join(pkgDir, 'dist', 'vsphere-payloads.bin'));
    writeFileSync(join(dir, 'vsphere-payloads.bin'), payloads.subarray(0, 100));
    expect(run(['vcenter', 'vm', 'list']).stderr).toMatch(
      /vsphere-payloads\.bin: cannot read .* \((it is shorter than the bundle expects|it does not belong to this bundle)\): reinstall/,
    );
    // Another build's data of the same size: the bytes do not inflate to what this bundle expects.
    writeFileSync(join(dir, 'vsphere-payloads.bin'), Buffer.from(payloads.map((b) => b ^ 0x5a)));
    const other = run(['vcenter', 'vm', 'list']);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/vsphere-payloads\.bin: cannot read .* \(it does not belong to this bundle\): reinstall/);
    expect(other.stderr).not.toMatch(/\n\s+at /);
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
