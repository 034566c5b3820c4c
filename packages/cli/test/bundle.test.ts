import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { BUNDLE, credsEnv, tempDir } from './helpers/cli.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterAll(async () => {
  await mock?.close();
});

describe('the bundle', () => {
  it('is one executable CommonJS file with a node shebang', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(BUNDLE).mode & 0o111).not.toBe(0);
    expect(readdirSync(join(pkgDir, 'dist'))).toEqual(['vsphere.cjs']);
  });

  it('requires nothing but Node built-ins (no ts-morph, generator or node_modules)', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    const required = new Set([...text.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
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

  it('npm i -g of the packed tarball gives a working vsphere', async () => {
    const dir = tempDir('vsphere-pack-');
    const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: pkgDir, encoding: 'utf8' }).trim().split('\n').pop()!;
    const prefix = join(dir, 'global');
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(dir, tgz)], { encoding: 'utf8' });
    const bin = join(prefix, 'bin', 'vsphere');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^vsphere \d+\.\d+\.\d+/);
    const env = credsEnv(mock.url);
    const list = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(bin, ['vcenter', 'vm', 'list', '-o', 'ids'], { env });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(list.code).toBe(0);
    expect(list.out).toContain('vm-1072');
  }, 120_000);
});
