// 6. Tree-shaking: esbuild (ESM, platform node, minify, undici external) of a
// one-call program (VsphereCore + VcenterVmService) vs the full VsphereClient
// program, both importing the published entry (@vsphere-kit/client → dist/index.js).
import { build } from 'esbuild';
import { BENCH, ratio, runIfMain } from './lib.mjs';

const TARGET = 0.25;

const ONE_CALL = `import { VsphereCore, VcenterVmService } from '@vsphere-kit/client';
const core = new VsphereCore({ baseUrl: 'http://127.0.0.1:1', username: 'u', password: 'p' });
console.log(await new VcenterVmService(core).list());`;
const FULL = `import { VsphereClient } from '@vsphere-kit/client';
const client = new VsphereClient({ baseUrl: 'http://127.0.0.1:1', username: 'u', password: 'p' });
console.log(await client.vcenter.vm.list());`;

async function size(contents) {
  const r = await build({
    stdin: { contents, resolveDir: BENCH, sourcefile: 'program.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    external: ['undici'],
    write: false,
    logLevel: 'error',
  });
  return r.outputFiles[0].text;
}

export async function main() {
  const one = await size(ONE_CALL);
  const full = await size(FULL);
  // A route of another namespace must not be in the one-call bundle.
  const foreign = ['/api/esx/settings', '/api/content/library', '/api/vcenter/namespace-management'].filter((p) => one.includes(p));
  const r = one.length / full.length;
  return [
    {
      name: 'tree-shaking: one-call bundle / full client bundle',
      ratio: r,
      value: ratio(r),
      target: `≤ ${TARGET.toFixed(2)}× and no other namespace's routes`,
      met: r <= TARGET && foreign.length === 0,
      raw: `one call ${(one.length / 1024).toFixed(1)} KiB, full VsphereClient ${(full.length / 1024).toFixed(1)} KiB (esbuild, ESM, node, minify, undici external)${foreign.length ? `; one-call bundle still holds routes of ${foreign.join(', ')}` : ''}`,
    },
  ];
}

runIfMain(import.meta.url, main);
