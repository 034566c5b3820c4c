// Packaging: `pnpm pack` the client, install the tarball with plain npm into an
// empty folder, run an ESM and a CommonJS program from it against the mock, and
// type-check a TypeScript program of each kind against the shipped declarations.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { installTarballs, packPackage, run } from '../../../test-support/pack.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const coreDir = fileURLToPath(new URL('../../core', import.meta.url));

let work: string;
let tarball: string;
let coreTarball: string;
let app: string;
let mock: MockServer;
const cleanup: string[] = [];

const PROGRAM_BODY = `
  const client = new VsphereClient({ baseUrl: process.env.MOCK_URL, username: 'administrator@vsphere.local', password: 'VMware1!' });
  const vms = await client.vcenter.vm.list();
  const off = vms.find((v) => v.power_state === 'POWERED_OFF');
  await client.vcenter.vm.power.start(off.vm);
  const on = (await client.vcenter.vm.power.get(off.vm)).state;
  await client.vcenter.vm.power.stop(off.vm);
  const after = (await client.vcenter.vm.power.get(off.vm)).state;
  let notFound = '';
  try { await client.vcenter.vm.get('vm-does-not-exist'); } catch (e) { notFound = e instanceof NotFoundError ? e.errorType : String(e); }
  await client.close();
  console.log(JSON.stringify({ count: vms.length, vm: off.vm, on, after, notFound }));
`;

beforeAll(async () => {
  if (!existsSync(join(pkgDir, 'dist/index.js')) || !existsSync(join(pkgDir, 'dist/index.cjs')) || !existsSync(join(pkgDir, 'dist/index.d.ts'))) {
    execFileSync(process.execPath, ['build.mjs'], { cwd: pkgDir, stdio: 'inherit' });
  }
  if (!existsSync(join(coreDir, 'dist/route.js')) || !existsSync(join(coreDir, 'dist/commonjs/route.js'))) {
    execFileSync(process.execPath, ['build.mjs'], { cwd: coreDir, stdio: 'inherit' });
  }
  // @vsphere-kit/core is published alongside the client: install its tarball too, as the registry would provide it.
  // The two packs are independent: side by side.
  const [client, core] = await Promise.all([packPackage(pkgDir, 'client'), packPackage(coreDir, 'core')]);
  ({ work, tarball } = client);
  coreTarball = core.tarball;
  cleanup.push(core.work);
  app = await installTarballs(work, [coreTarball, tarball]);
  mock = await startMockServer({ port: 0 });
}, 240_000);

afterAll(async () => {
  await mock?.close();
  for (const dir of [work, ...cleanup]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed client', () => {
  it('ships dist with declarations, and no sources or tests', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/commonjs/index.d.ts');
    expect(files).toContain('package/dist/commonjs/package.json');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.cjs');
    expect(files).toContain('package/package.json');
    expect(files).toContain('package/LICENSE');
    expect(files.filter((f) => /^package\/(src|test)\//.test(f))).toEqual([]);
    expect(readFileSync(join(app, 'node_modules/@vsphere-kit/client/LICENSE'), 'utf8')).toBe(readFileSync(join(pkgDir, '../../LICENSE'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/@vsphere-kit/client/package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(['@vsphere-kit/core', 'undici']);
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    expect(existsSync(join(app, 'node_modules/undici/package.json'))).toBe(true);
    // core ships one small module per subpath, ESM and CommonJS, with declarations, and no sources or tests
    const coreFiles = execFileSync('tar', ['-tzf', coreTarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const f of [
      'dist/route.js',
      'dist/route.d.ts',
      'dist/commonjs/route.js',
      'dist/commonjs/route.d.ts',
      'dist/commonjs/package.json',
      'dist/errors.js',
    ]) {
      expect(coreFiles).toContain(`package/${f}`);
    }
    expect(coreFiles.filter((f) => /^package\/(src|test)\//.test(f))).toEqual([]);
    const coreManifest = JSON.parse(readFileSync(join(app, 'node_modules/@vsphere-kit/core/package.json'), 'utf8'));
    expect(coreManifest.dependencies ?? {}).toEqual({});
  });

  it('runs an ESM program against the mock', async () => {
    mock.reset();
    const file = join(app, 'program.mjs');
    writeFileSync(file, `import { VsphereClient, NotFoundError } from '@vsphere-kit/client';\n${PROGRAM_BODY}`);
    const { stdout } = await run(process.execPath, [file], { cwd: app, env: { ...process.env, MOCK_URL: mock.url } });
    const out = JSON.parse(stdout.trim());
    expect(out.count).toBeGreaterThan(0);
    expect(out.vm).toMatch(/^vm-/);
    expect(out).toMatchObject({ on: 'POWERED_ON', after: 'POWERED_OFF', notFound: 'NOT_FOUND' });
  });

  it('runs a CommonJS program against the mock', async () => {
    mock.reset();
    const file = join(app, 'program.cjs');
    writeFileSync(
      file,
      `const { VsphereClient, NotFoundError } = require('@vsphere-kit/client');\n(async () => {${PROGRAM_BODY}})().catch((e) => { console.error(e); process.exit(1); });\n`,
    );
    const { stdout } = await run(process.execPath, [file], { cwd: app, env: { ...process.env, MOCK_URL: mock.url } });
    const out = JSON.parse(stdout.trim());
    expect(out.count).toBeGreaterThan(0);
    expect(out).toMatchObject({ on: 'POWERED_ON', after: 'POWERED_OFF', notFound: 'NOT_FOUND' });
  });
});

describe('stack traces from the packed client', () => {
  // A client error thrown inside the bundle, caught, and its stack printed.
  const stackOf = async (kind: 'mjs' | 'cjs', flags: string[]): Promise<string> => {
    const file = join(app, `stack.${kind}`);
    const load = kind === 'mjs' ? "import { VsphereClient } from '@vsphere-kit/client';" : "const { VsphereClient } = require('@vsphere-kit/client');";
    writeFileSync(file, `${load}\ntry { new VsphereClient({ baseUrl: 'not a url', username: 'u', password: 'p' }); } catch (e) { console.log(e.stack); }\n`);
    return (await run(process.execPath, [...flags, file], { cwd: app })).stdout;
  };
  const bundleFrames = (stack: string): number[] => [...stack.matchAll(/@vsphere-kit[\\/]client[\\/]dist[\\/]index\.c?js:(\d+):\d+/g)].map((m) => Number(m[1]));

  it('ships a source map next to each bundle', () => {
    const dist = join(app, 'node_modules/@vsphere-kit/client/dist');
    for (const bundle of ['index.js', 'index.cjs']) {
      expect(readFileSync(join(dist, bundle), 'utf8').trimEnd().endsWith(`//# sourceMappingURL=${bundle}.map`)).toBe(true);
      const map = JSON.parse(readFileSync(join(dist, `${bundle}.map`), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
      expect(map.sources.some((s) => /src\/.*\.ts$/.test(s))).toBe(true);
      expect(map.sourcesContent?.length).toBe(map.sources.length);
    }
  });

  it.each(['mjs', 'cjs'] as const)('%s: points at readable lines of the bundle, and at src/*.ts with --enable-source-maps', async (kind) => {
    const plain = await stackOf(kind, []);
    expect(plain).toContain('baseUrl');
    // Unminified output: frames land on many different lines, not on one long line.
    expect(bundleFrames(plain).length).toBeGreaterThan(0);
    expect(Math.min(...bundleFrames(plain))).toBeGreaterThan(1);
    const mapped = await stackOf(kind, ['--enable-source-maps']);
    expect(bundleFrames(mapped)).toEqual([]);
    expect(mapped).toMatch(/[\\/]src[\\/][\w\\/.-]+\.ts:\d+:\d+/);
  });
});

describe('the packed declarations', () => {
  // Types only a correct resolution gives: the enum of power states, a typed error class.
  const TYPED_BODY = `
  export async function main(url: string): Promise<string> {
    const client = new VsphereClient({ baseUrl: url, username: 'u', password: 'p' });
    const vms = await client.vcenter.vm.list({ power_states: ['POWERED_ON'] });
    const state: 'POWERED_ON' | 'POWERED_OFF' | 'SUSPENDED' = vms[0]!.power_state;
    // @ts-expect-error: not a power state
    const wrong: 'POWERED_ON' = 'RUNNING';
    const e: unknown = new Error('x');
    return e instanceof NotFoundError ? e.errorType : state + wrong;
  }
`;
  const tsc = createRequire(join(pkgDir, 'package.json')).resolve('typescript/bin/tsc');

  it.each([
    ['CommonJS (.cts, module node16)', 'program-types.cts'],
    ['ESM (.mts, module node16)', 'program-types.mts'],
  ])('type-check a %s program', async (_kind, name) => {
    const dir = join(app, name.replace(/\W/g, '-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), `import { VsphereClient, NotFoundError } from '@vsphere-kit/client';\n${TYPED_BODY}`);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', strict: true, noEmit: true, types: [], skipLibCheck: true },
        files: [name],
      }),
    );
    const result = await run(process.execPath, [tsc, '-p', dir], { cwd: dir }).then(
      () => 'ok',
      (e: { stdout?: string; message: string }) => e.stdout || e.message,
    );
    expect(result).toBe('ok');
  });
});
