// --tools-start-ms reaches the Tools model through the bin; a bad value is a usage error.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../src/bin/vsphere-mock.ts', import.meta.url));
const BASIC = 'Basic ' + Buffer.from('administrator@vsphere.local:VMware1!').toString('base64');

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`exited; stderr=${err}`)));
  });
  return { child, url, exited, stderr: () => err };
}

it('--tools-start-ms N: Tools report N ms after a power-on', async () => {
  const bin = run(['--tools-start-ms', '3600000']);
  try {
    const url = await bin.url;
    const sid = (await (await fetch(`${url}/api/session`, { method: 'POST', headers: { authorization: BASIC } })).json()) as string;
    const call = (method: string, path: string) => fetch(url + path, { method, headers: { 'vmware-api-session-id': sid } });
    expect((await call('POST', '/api/vcenter/vm/vm-1072/power?action=stop')).status).toBe(204);
    expect((await call('POST', '/api/vcenter/vm/vm-1072/power?action=start')).status).toBe(204);
    expect(((await (await call('GET', '/api/vcenter/vm/vm-1072/tools')).json()) as { run_state: string }).run_state).toBe('NOT_RUNNING');
    expect((await call('GET', '/api/vcenter/vm/vm-1073/tools')).status).toBe(200);
  } finally {
    bin.child.kill('SIGTERM');
  }
  expect(await bin.exited).toBe(0);
}, 30_000);

it('--tools-start-ms with a negative or non-integer value exits 2 naming the flag', async () => {
  const bin = run(['--tools-start-ms', 'soon']);
  bin.url.catch(() => {});
  expect(await bin.exited).toBe(2);
  expect(bin.stderr()).toContain("--tools-start-ms needs a non-negative integer, got 'soon'");
}, 30_000);
