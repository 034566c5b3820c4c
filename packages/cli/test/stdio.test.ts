import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE, baseEnv, credsEnv, tempDir } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

// runtime/stdio.ts: pipes, files and /dev/null are written straight to the descriptor; the
// output must be the same whatever the reader is, whole even when the reader is slow.

// More VMs than a pipe buffer holds as JSON (64 KiB on Linux).
const cli = useCliMock({ vmCount: 2_000 });

describe('output to pipes, files and the null device', () => {
  it('writes the same text to a pipe and to a file', () => {
    const piped = spawnSync(process.execPath, [BUNDLE, '--help'], { env: baseEnv(), encoding: 'utf8' });
    expect(piped.status).toBe(0);
    const file = join(tempDir(), 'help.txt');
    const fd = openSync(file, 'w');
    const toFile = spawnSync(process.execPath, [BUNDLE, '--help'], { env: baseEnv(), stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    expect(toFile.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
    const toNull = spawnSync('sh', ['-c', `"${process.execPath}" "${BUNDLE}" --help > /dev/null`], { env: baseEnv(), encoding: 'utf8' });
    expect(toNull.status).toBe(0);
    expect(toNull.stderr).toBe('');
  });

  it('delivers a large answer whole to a reader that stops reading for a while', async () => {
    const child = spawn(process.execPath, [BUNDLE, 'vcenter', 'vm', 'list', '-o', 'json'], { env: credsEnv(cli.url), stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 300);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.length).toBeGreaterThan(64 * 1024);
    expect(JSON.parse(text)).toHaveLength(2_000 + 5);
  });

  it('ends quietly with exit 0 when the reader goes away (vsphere … | head -c 10)', async () => {
    // Asynchronously: the mock answers from this process.
    const child = spawn('bash', ['-c', `"${process.execPath}" "${BUNDLE}" vcenter vm list -o json | head -c 10 > /dev/null; echo "\${PIPESTATUS[0]}"`], {
      env: credsEnv(cli.url),
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    await new Promise((r) => child.on('close', r));
    expect(out.trim()).toBe('0');
    expect(err).not.toMatch(/EPIPE|Error/);
  });
});
