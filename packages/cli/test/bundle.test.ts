import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE, baseEnv, ensureBundle, tempDir } from './helpers/cli.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
beforeAll(() => {
  ensureBundle();
});

describe('the bundle', () => {
  it('is one executable CommonJS file with a node shebang', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(BUNDLE).mode & 0o111).not.toBe(0);
    expect(readdirSync(join(pkgDir, 'dist')).sort()).toEqual([
      'vsphere-client.js.map',
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
