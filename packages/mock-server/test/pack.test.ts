// Packaging: `pnpm pack` the mock, install the tarball with plain npm into an empty folder
// (its dependencies come from the registry, as for a user), then run the installed
// `vsphere-mock` bin, an ESM program that imports startMockServer(), a CommonJS program that
// requires it, and contract tests written against the test helpers: one run by jest (the CommonJS
// `/jest` entry), one by vitest (`/vitest`), both taken from this workspace and pointed at the app.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTarballs, packPackage, run } from '../../../test-support/pack.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const coreDir = fileURLToPath(new URL('../../core', import.meta.url));
const BASIC = `Basic ${Buffer.from('administrator@vsphere.local:VMware1!').toString('base64')}`;

let work: string;
let coreWork: string;
let tarball: string;
let app: string;

beforeAll(async () => {
  if (!['dist/index.js', 'dist/bin/vsphere-mock.js', 'dist/cjs/index.js', 'dist/testing/vitest.js'].every((f) => existsSync(join(pkgDir, f)))) {
    execFileSync('npx', ['-y', 'pnpm@12.4.2', 'run', 'build'], { cwd: pkgDir, stdio: 'inherit' });
  }
  if (!existsSync(join(coreDir, 'dist/route.js')) || !existsSync(join(coreDir, 'dist/commonjs/route.js'))) {
    execFileSync(process.execPath, ['build.mjs'], { cwd: coreDir, stdio: 'inherit' });
  }
  // @vsphere-kit/core is published alongside: install its tarball too, as the registry would provide it.
  // The two packs are independent: side by side.
  const [mockPack, core] = await Promise.all([packPackage(pkgDir, 'mock-server'), packPackage(coreDir, 'core')]);
  ({ work, tarball } = mockPack);
  coreWork = core.work;
  // Dependencies' metadata from npm's cache when it has them: the runs on several Node lines install the same ~140 packages.
  app = await installTarballs(work, [core.tarball, tarball]);
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
    for (const entry of ['cjs/index.js', 'cjs/index.d.ts', 'cjs/package.json', 'cjs/testing/jest.js', 'testing/vitest.js', 'testing/jest.js']) {
      expect(files).toContain(`package/dist/${entry}`);
    }
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

/** The contract test both frameworks run: fixtures from `setup`, state and journal back before each test. */
const CONTRACT_TEST = (framework: string) => `
let category;
const mock = useMockServer({ taskMs: 10, journalHeaders: true }, {
  setup: async (m) => {
    const r = await m.api('POST', '/api/cis/tagging/category', { name: 'fixture', description: '', cardinality: 'SINGLE', associable_types: [] });
    if (r.status !== 201) throw new Error('setup: the category create answered ' + r.status);
    category = r.body;
    m.server.faults.error('SERVICE_UNAVAILABLE', 'vcenter.host.list');
  },
});
${framework === 'jest' ? 'test' : 'it'}('asserts on what the code sent', async () => {
  const r = await mock.api('GET', '/api/vcenter/vm?names=web-01');
  expect(r.status).toBe(200);
  const sent = mock.server.requests({ operation: 'vcenter.vm.list' });
  expect(sent).toHaveLength(1);
  expect(sent[0].query).toEqual({ names: 'web-01' });
  expect(sent[0].headers['vmware-api-session-id']).toBe('[REDACTED]');
  expect((await mock.api('DELETE', '/api/vcenter/vm/vm-1074')).status).toBe(204);
});
${framework === 'jest' ? 'test' : 'it'}('starts from the state setup left: the VM is back, the fault is there, the journal is empty', async () => {
  expect(mock.server.requests()).toEqual([]);
  expect((await mock.api('GET', '/api/vcenter/vm/vm-1074')).status).toBe(200);
  expect((await mock.api('GET', '/api/cis/tagging/category/' + category)).body.name).toBe('fixture');
  expect((await mock.api('GET', '/api/vcenter/host')).status).toBe(503);
  expect(() => mock.server.faults.error('RESOURCE_BUSY', 'vcenter.vm.lsit')).toThrow("the closest are 'vcenter.vm.list'");
});
`;

/** The test runner's environment, without what the outer vitest run set for its own workers. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|TEST|JEST_WORKER_ID|NODE_OPTIONS)/.test(k)));
}

describe('the packed mock-server for contract tests', () => {
  it('works from a CommonJS program: require() gives the mock, its journal and the jest helper', async () => {
    const file = join(app, 'program.cjs');
    writeFileSync(
      file,
      `const { startMockServer, defaultSeed } = require('@vsphere-kit/mock-server');
const { useMockServer } = require('@vsphere-kit/mock-server/jest');
(async () => {
  const mock = await startMockServer({ port: 0, seed: { vms: [{ ...defaultSeed().vms[0], id: 'vm-9001', name: 'from-cjs' }] } });
  const login = await fetch(mock.url + '/api/session', { method: 'POST', headers: { authorization: ${JSON.stringify(BASIC)} } });
  const sid = await login.json();
  const vms = await (await fetch(mock.url + '/api/vcenter/vm', { headers: { 'vmware-api-session-id': sid } })).json();
  const journal = mock.requests().map((r) => r.operation + ' ' + r.status);
  await mock.close();
  console.log(JSON.stringify({ names: vms.map((v) => v.name), journal, helper: typeof useMockServer }));
})();
`,
    );
    const { stdout } = await run(process.execPath, [file], { cwd: app });
    const out = JSON.parse(stdout.trim()) as { names: string[]; journal: string[]; helper: string };
    expect(out.names).toEqual(expect.arrayContaining(['from-cjs', 'web-01']));
    expect(out.journal).toEqual(['session.create 201', 'vcenter.vm.list 200']);
    expect(out.helper).toBe('function');
  });

  it('runs a jest contract test (CommonJS) with useMockServer() from /jest', async () => {
    const dir = join(app, 'jest-suite');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'contract.test.js'), `const { useMockServer } = require('@vsphere-kit/mock-server/jest');\n${CONTRACT_TEST('jest')}`);
    const jest = join(dirname(createRequire(join(pkgDir, 'package.json')).resolve('jest/package.json')), 'bin/jest.js');
    const config = JSON.stringify({ rootDir: dir, testEnvironment: 'node', transform: {}, testMatch: ['**/*.test.js'] });
    const result = await run(process.execPath, [jest, '--config', config, '--ci', '--colors=false'], { cwd: app, env: cleanEnv() }).catch(
      (e: { stdout: string; stderr: string }) => e,
    );
    expect(result.stderr, result.stdout).toMatch(/Tests:\s+2 passed, 2 total/);
  });

  it('runs a vitest contract test with useMockServer() from /vitest', async () => {
    const dir = join(app, 'vitest-suite');
    mkdirSync(dir, { recursive: true });
    // vitest from this workspace, linked where the app's imports find it: the helper's `vitest` is then the runner's own.
    const vitestDir = realpathSync(dirname(createRequire(join(pkgDir, 'package.json')).resolve('vitest/package.json')));
    if (!existsSync(join(app, 'node_modules/vitest'))) symlinkSync(vitestDir, join(app, 'node_modules/vitest'), 'dir');
    writeFileSync(
      join(dir, 'contract.test.mjs'),
      `import { expect, it } from 'vitest';\nimport { useMockServer } from '@vsphere-kit/mock-server/vitest';\n${CONTRACT_TEST('vitest')}`,
    );
    const result = await run(process.execPath, [join(vitestDir, 'vitest.mjs'), 'run', '--root', dir, '--reporter', 'default', '--no-color'], {
      cwd: dir,
      env: cleanEnv(),
    }).catch((e: { stdout: string; stderr: string }) => e);
    expect(result.stdout, result.stderr).toMatch(/Tests\s+2 passed \(2\)/);
  });
});
