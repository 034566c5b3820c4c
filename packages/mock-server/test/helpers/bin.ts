// The vsphere-mock bin as a subprocess, from source: `node --import tsx src/bin/vsphere-mock.ts`
// (node itself is the server process, so SIGKILL reaches the server and not a wrapper).
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../src/bin/vsphere-mock.ts', import.meta.url));

export interface BinRun {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  /** The thumbprint line's value (with --tls / --cert). */
  thumbprint?: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the bin to completion (for arguments it refuses, or a recording): exit code and output. */
export function runBin(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bin did not exit; stdout=${stdout} stderr=${stderr}`));
    }, 25_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Starts the bin and waits for `listening on URL` (and the thumbprint line when `tls`). */
export async function startBin(args: string[], opts: { tls?: boolean } = {}): Promise<BinRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = await new Promise<{ url: string; thumbprint?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stdout=${out} stderr=${err}`)), 25_000);
    const check = () => {
      const m = /^listening on (https?:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      const t = /^SHA-256 thumbprint (\S+)$/m.exec(out);
      if (m && (!opts.tls || t)) {
        clearTimeout(timer);
        resolve({ url: m[1]!, ...(t ? { thumbprint: t[1]! } : {}) });
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      check();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bin exited early (${code}); stdout=${out} stderr=${err}`));
    });
  });
  return { child, ...ready, stdout: () => out, stderr: () => err, exited };
}

/** SIGTERM (or `signal`) and wait for the exit. */
export async function stopBin(run: BinRun, signal: NodeJS.Signals = 'SIGTERM') {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill(signal);
  return run.exited;
}
