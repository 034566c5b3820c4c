// `npm run demo` tells one story: scripts/run.mjs prepares the workspace with one line per tool
// (their output goes to .tmp/demo-setup.log), then scripts/demo.mjs runs its STEPS against the mock
// vCenter with the built CLI bundle and client, printing only what each step shows.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
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
    // A lookup by name, and a task followed to its end with its progress lines.
    expect(stdout).toMatch(/\$ vsphere vcenter vm get --vm web-01 .*\n {2}\{\n {4}"name": "web-01"/);
    expect(stdout).toMatch(/ {2}task \S+: RUNNING \d+%.*\n(.*\n)* {2}task \S+: SUCCEEDED/);
    const pinned = /certificate SHA-256 ([0-9A-F:]{95})\)/.exec(stdout)![1];
    expect(stdout).toContain(`VsphereTlsError (ERR_VSPHERE_THUMBPRINT_MISMATCH): the server presented ${pinned}`);
    expect(stdout.trimEnd().endsWith('mock vCenter stopped')).toBe(true);
    // Nothing from the tools that prepared the workspace.
    expect(stdout).not.toMatch(/turbo|pnpm|Tasks:|Lockfile/);
  }, 180_000);

  it('prepares quietly: one line per tool, and on failure the log and its last lines', async () => {
    // A stand-in for npx that answers as pnpm, the generator and turbo do, and fails the build:
    // the suite must not install or build while other tests use the workspace.
    const bin = mkdtempSync(join(tmpdir(), 'vsphere-kit-fake-npx-'));
    const npx = join(bin, 'npx');
    writeFileSync(
      npx,
      [
        '#!/bin/sh',
        'case "$*" in',
        '  *install*) echo "Lockfile is up to date, resolution step is skipped"; echo "Already up to date" ;;',
        '  *generate*) echo "generated code is up to date: inputs and outputs match ir/manifest.json (12 ms)" ;;',
        '  *turbo*) echo "• Packages in scope: @vsphere-kit/client"; echo "src/x.ts(1,7): error TS2322: Type number is not assignable" >&2; exit 2 ;;',
        'esac',
        '',
      ].join('\n'),
    );
    chmodSync(npx, 0o755);
    try {
      const failure = await promisify(execFile)(process.execPath, [join(root, 'scripts/run.mjs'), 'demo'], {
        cwd: root,
        env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
      }).catch((err: { code: number; stdout: string; stderr: string }) => err);
      const { code, stdout, stderr } = failure as { code: number; stdout: string; stderr: string };
      expect(code).toBe(2);
      expect(stdout.split('\n').map((l) => l.replace(/\(\d+\.\ds\)$/, '(…)'))).toEqual([
        "preparing the workspace (tools' output in .tmp/demo-setup.log)",
        '  ✓ install (…)',
        '  ✓ generate: specs/ unchanged since ir/manifest.json was written, skipped (…)',
        '',
      ]);
      expect(stderr).toMatch(/^✖ build failed \(exit 2\) after \d+\.\ds; its output is in \.tmp\/demo-setup\.log:\n/);
      expect(stderr).toContain('error TS2322: Type number is not assignable');
      const log = readFileSync(join(root, '.tmp/demo-setup.log'), 'utf8');
      expect(log).toContain('Already up to date');
      expect(log).toContain('Packages in scope');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
