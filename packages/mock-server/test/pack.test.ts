// Packaging: `pnpm pack` the mock, install the tarball with plain npm into an empty folder
// (its dependencies come from the registry, as for a user), then run the installed
// `vsphere-mock` bin and an ESM program that imports startMockServer().
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npm, packPackage, run } from '../../../test-support/pack.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const coreDir = fileURLToPath(new URL('../../core', import.meta.url));
const BASIC = `Basic ${Buffer.from('administrator@vsphere.local:VMware1!').toString('base64')}`;

let work: string;
let coreWork: string;
let tarball: string;
let app: string;

beforeAll(async () => {
  if (!existsSync(join(pkgDir, 'dist/index.js')) || !existsSync(join(pkgDir, 'dist/bin/vsphere-mock.js'))) {
    execFileSync('npx', ['-y', 'pnpm@12.4.2', 'run', 'build'], { cwd: pkgDir, stdio: 'inherit' });
  }
  if (!existsSync(join(coreDir, 'dist/route.js')) || !existsSync(join(coreDir, 'dist/commonjs/route.js'))) {
    execFileSync(process.execPath, ['build.mjs'], { cwd: coreDir, stdio: 'inherit' });
  }
  ({ work, tarball } = await packPackage(pkgDir, 'mock-server'));
  // @vsphere-kit/core is published alongside: install its tarball too, as the registry would provide it.
  let coreTarball: string;
  ({ work: coreWork, tarball: coreTarball } = await packPackage(coreDir, 'core'));
  app = join(work, 'app');
  mkdirSync(app);
  await run(npm, ['init', '-y'], { cwd: app });
  // --prefer-offline: the dependencies' metadata from npm's cache when it has them (the runs on
  // several Node lines install the same ~140 packages), from the registry otherwise.
  await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', coreTarball, tarball], {
    cwd: app,
    maxBuffer: 16 * 2 ** 20,
  });
}, 240_000);

afterAll(() => {
  for (const dir of [work, coreWork]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Logs in and lists VMs: the first thing a contract test does. */
async function listVms(url: string): Promise<{ vm: string }[]> {
  const login = await fetch(`${url}/api/session`, { method: 'POST', headers: { authorization: BASIC } });
  expect(login.status).toBe(201);
  const sid = (await login.json()) as string;
  const list = await fetch(`${url}/api/vcenter/vm`, { headers: { 'vmware-api-session-id': sid } });
  expect(list.status).toBe(200);
  return (await list.json()) as { vm: string }[];
}

describe('the packed mock-server installed with npm', () => {
  it('ships dist (with the generated spec data), the LICENSE, and no sources or tests', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/bin/vsphere-mock.js');
    expect(files.some((f) => /^package\/dist\/generated\/.+\.json$/.test(f))).toBe(true);
    expect(files).toContain('package/LICENSE');
    expect(files.filter((f) => /^package\/(src|test)\//.test(f))).toEqual([]);
    const installed = join(app, 'node_modules/@vsphere-kit/mock-server');
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toBe(readFileSync(join(pkgDir, '../../LICENSE'), 'utf8'));
    expect(JSON.stringify(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')))).not.toContain('workspace:');
  });

  it('runs the installed vsphere-mock bin: listens on 127.0.0.1, serves a login and a VM list', async () => {
    const bin = join(app, 'node_modules', '.bin', process.platform === 'win32' ? 'vsphere-mock.cmd' : 'vsphere-mock');
    const child = spawn(bin, ['--port', '0', '--quiet'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line; stdout=${out} stderr=${err}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited early (${code}); stderr=${err}`)));
      });
      const vms = await listVms(url);
      expect(vms.length).toBeGreaterThan(0);
      for (const v of vms) expect(v.vm).toMatch(/^vm-/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('runs an ESM program that starts the mock with startMockServer()', async () => {
    const file = join(app, 'program.mjs');
    writeFileSync(
      file,
      `import { startMockServer } from '@vsphere-kit/mock-server';
const mock = await startMockServer({ port: 0 });
const login = await fetch(mock.url + '/api/session', { method: 'POST', headers: { authorization: ${JSON.stringify(BASIC)} } });
const sid = await login.json();
const vms = await (await fetch(mock.url + '/api/vcenter/vm', { headers: { 'vmware-api-session-id': sid } })).json();
await mock.close();
console.log(JSON.stringify({ url: mock.url, login: login.status, count: vms.length }));
`,
    );
    const { stdout } = await run(process.execPath, [file], { cwd: app });
    const out = JSON.parse(stdout.trim()) as { url: string; login: number; count: number };
    expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out.login).toBe(201);
    expect(out.count).toBeGreaterThan(0);
  });
});
