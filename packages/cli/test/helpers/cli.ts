import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLE = fileURLToPath(new URL('../../dist/vsphere.cjs', import.meta.url));
const PKG = fileURLToPath(new URL('../..', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/**
 * Builds dist/vsphere.cjs when it is missing or older than its sources (CLI, client, core)
 * (each test file calls this in beforeAll; parallel builds write a temp folder
 * and move the bundle in last, so a reader never sees half a bundle).
 */
export function ensureBundle(): void {
  const sources = Math.max(
    newest(join(PKG, 'src')),
    newest(join(PKG, '..', 'client', 'src')),
    newest(join(PKG, '..', 'core', 'src')),
    statSync(join(PKG, 'build.mjs')).mtimeMs,
  );
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= sources) return;
  mkdirSync(join(PKG, '.tmp'), { recursive: true });
  const tmp = mkdtempSync(join(PKG, '.tmp', 'build-'));
  const built = join(tmp, 'vsphere.cjs');
  execFileSync(process.execPath, [join(PKG, 'build.mjs')], { env: { ...process.env, VSPHERE_CLI_OUTFILE: built }, stdio: 'inherit' });
  const dist = join(PKG, 'dist');
  mkdirSync(dist, { recursive: true });
  // Source maps first, the bundle last.
  for (const name of readdirSync(tmp)) if (name !== 'vsphere.cjs') renameSync(join(tmp, name), join(dist, name));
  renameSync(built, BUNDLE);
  rmSync(tmp, { recursive: true, force: true });
}
export const USER = 'administrator@vsphere.local';
export const PASSWORD = 'VMware1!';

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Every output any test saw: the secrets test checks them all. */
export const transcript: string[] = [];

export function tempDir(prefix = 'vsphere-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A clean environment: no inherited VSPHERE_* or colour settings, a private config folder. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'SystemRoot', 'TMPDIR', 'LANG']) if (process.env[k] !== undefined) env[k] = process.env[k];
  const home = tempDir('vsphere-home-');
  env.HOME = home;
  env.XDG_CONFIG_HOME = join(home, 'config');
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function credsEnv(url: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return baseEnv({ VSPHERE_SERVER: url, VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD, ...extra });
}

/** Runs the built bundle (asynchronously, so the in-process mock keeps answering). */
export function vsphere(args: readonly string[], env: NodeJS.ProcessEnv, input?: string, options: { cwd?: string } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    // A command that exits without reading stdin closes the pipe first: not the test's error.
    child.stdin.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') reject(err);
    });
    child.on('close', (code) => {
      transcript.push(stdout, stderr);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the bundle under a pseudo-terminal (util-linux `script`): stdin, stdout and
 * stderr are all the terminal. `answer` is typed once `prompt` has appeared.
 */
export function vsphereTty(args: readonly string[], env: NodeJS.ProcessEnv, dialog?: { prompt: string; answer: string }): Promise<Result> {
  const cmd = [process.execPath, BUNDLE, ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let answered = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (dialog && !answered && stdout.includes(dialog.prompt)) {
        answered = true;
        child.stdin.write(dialog.answer);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      transcript.push(stdout, stderr);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    if (!dialog) child.stdin.end();
  });
}

/**
 * What a command that connects to a mock on 127.0.0.1 over plain http says first on stderr, once:
 * credentials are not encrypted (allowed to loopback only).
 */
export const LOOPBACK_HTTP_WARNING = /^warning: plain http to 127\.0\.0\.1:\d+: credentials travel unencrypted \(allowed to this machine only\)\n/;

/** stderr after the plain-http warning, which must be its first line (and must not come twice). */
export function afterHttpWarning(stderr: string): string {
  const m = LOOPBACK_HTTP_WARNING.exec(stderr);
  if (!m) throw new Error(`expected the plain-http warning first on stderr, got: ${JSON.stringify(stderr.slice(0, 300))}`);
  const rest = stderr.slice(m[0].length);
  if (rest.includes('warning: plain http')) throw new Error(`the plain-http warning came twice: ${JSON.stringify(stderr.slice(0, 300))}`);
  return rest;
}

export function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}
