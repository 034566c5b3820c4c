// The vsphere-mock bin as a subprocess (from source through tsx): prints the listening URL,
// serves, and exits 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../src/bin/vsphere-mock.ts', import.meta.url));

it('prints "listening on http://127.0.0.1:<port>", serves, and exits on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, '--port', '0', '--quiet', '--vm-count', '10'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line; stdout=${out} stderr=${err}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.on('exit', () => reject(new Error(`exited early; stderr=${err}`)));
    });
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
    const health = await fetch(`${url}/__mock/health`);
    expect(health.status).toBe(200);
    const login = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { authorization: 'Basic ' + Buffer.from('administrator@vsphere.local:VMware1!').toString('base64') },
    });
    expect(login.status).toBe(201);
  } finally {
    child.kill('SIGTERM');
  }
  const { code, signal } = await exited;
  expect({ code, signal }).toEqual({ code: 0, signal: null });
}, 30_000);
