import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE, ensureBundle, tempDir } from './helpers/cli.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
beforeAll(() => {
  ensureBundle();
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
});
