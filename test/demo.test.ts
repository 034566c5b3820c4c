// `npm run demo` tells one story: scripts/demo.mjs runs its STEPS against the mock vCenter with
// the built CLI bundle and client, and prints only what each step shows. (The preparation in
// scripts/run.mjs logs its tools' output to .tmp/demo-setup.log; that part needs installs and
// builds, so it is not run from inside the suite.)
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the demo', () => {
  it('runs every step in order and shows the fault it rides out and the pinned certificate', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(root, 'scripts/demo.mjs')], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(stderr).toBe('');
    const steps = [...stdout.matchAll(/^▶ (\d+)\/(\d+) (.*)$/gm)];
    const total = Number(steps[0]![2]);
    expect(steps.map((m) => Number(m[1]))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(stdout).toMatch(/^mock vCenter listening on https:\/\/127\.0\.0\.1:\d+ /);
    expect(stdout).toMatch(/client log: GET \/api\/vcenter\/vm answered 503; retry 1\/\d+ in \d+ ms\n {2}the list came back on the retry: \d+ VMs/);
    const pinned = /certificate SHA-256 ([0-9A-F:]{95})\)/.exec(stdout)![1];
    expect(stdout).toContain(`VsphereTlsError (ERR_VSPHERE_THUMBPRINT_MISMATCH): the server presented ${pinned}`);
    expect(stdout.trimEnd().endsWith('mock vCenter stopped')).toBe(true);
    // Nothing from the tools that prepared the workspace.
    expect(stdout).not.toMatch(/turbo|pnpm|Tasks:|Lockfile/);
  }, 180_000);
});
