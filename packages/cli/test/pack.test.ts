// Packaging: `pnpm pack` the CLI (its bundle), `npm install -g --prefix` the
// tarball into an empty folder, and run the installed `vsphere` against the mock.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { credsEnv } from './helpers/cli.js';
import { npm, packPackage, run } from '../../../test-support/pack.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;

let work: string;
let prefix: string;
let tarball: string;
let mock: MockServer;

beforeAll(async () => {
  if (!existsSync(join(pkgDir, 'dist/vsphere.cjs'))) execFileSync(process.execPath, ['build.mjs'], { cwd: pkgDir, stdio: 'inherit' });
  ({ work, tarball } = await packPackage(pkgDir, 'cli'));
  prefix = join(work, 'global');
  mkdirSync(prefix);
  await run(npm, ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', tarball], { maxBuffer: 16 * 2 ** 20 });
  mock = await startMockServer({ port: 0 });
}, 240_000);

afterAll(async () => {
  await mock?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed CLI installed with npm -g', () => {
  const bin = (): string => join(prefix, 'bin', process.platform === 'win32' ? 'vsphere.cmd' : 'vsphere');
  const installed = (): string => join(prefix, 'lib', 'node_modules', '@vsphere-kit', 'cli');

  it('ships the bundle only and needs no dependencies', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/dist/vsphere.cjs');
    expect(files).toContain('package/LICENSE');
    expect(files).toContain('package/dist/vsphere.cjs.map');
    expect(files).toContain('package/dist/vsphere-main.cjs');
    expect(files).toContain('package/dist/vsphere-payloads.bin');
    expect(files).toContain('package/dist/vsphere-commands.bin');
    expect(files.filter((f) => /^package\/(src|test)\//.test(f))).toEqual([]);
    expect(readFileSync(join(installed(), 'LICENSE'), 'utf8')).toBe(readFileSync(join(pkgDir, '../../LICENSE'), 'utf8'));
    expect(existsSync(join(installed(), 'dist', 'vsphere.cjs'))).toBe(true);
    expect(existsSync(join(installed(), 'node_modules'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
  });

  it('prints its version', async () => {
    const { stdout } = await run(bin(), ['--version'], { env: credsEnv('http://127.0.0.1:1') });
    expect(stdout.trim()).toBe(`vsphere ${version}`);
  });

  it('lists VMs as JSON against the mock', async () => {
    const { stdout } = await run(bin(), ['vcenter', 'vm', 'list', '-o', 'json'], { env: credsEnv(mock.url) });
    const vms = JSON.parse(stdout) as { vm: string; name: string; power_state: string }[];
    expect(Array.isArray(vms)).toBe(true);
    expect(vms.length).toBeGreaterThan(0);
    for (const v of vms) expect(v).toMatchObject({ vm: expect.stringMatching(/^vm-/), power_state: expect.any(String) });
  });
});
