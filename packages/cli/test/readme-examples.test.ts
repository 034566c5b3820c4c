// Every shell example in the READMEs and docs runs: each `vsphere …` line of a ```sh or ```console
// block goes through the built bundle against the mock, in order, from a fresh mock state and a
// fresh config folder per block. Extraction is mechanical, so a new example runs without editing
// this file. Markers (HTML comments on the line before a fence) say what the block needs:
//   <!-- not-run: REASON -->  the block is shown, not run; REASON is one of NOT_RUN_REASONS
//   <!-- run: tls -->         the block runs against a mock with a self-signed certificate
//   <!-- file: NAME -->       the block is the content of file NAME, which examples name as @NAME
// A line ending in `# exit N` expects that exit status (the refusals an example shows); else 0.
// A `vsphere-mock` line runs the mock's bin: a recording runs to its end; a server starts (on a free
// port), must say it listens, and serves the block's later `vsphere` lines until the block's next
// `vsphere-mock` line or its end, when it must stop cleanly on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MockServer } from '@vsphere-kit/mock-server';
import { describe, expect, it } from 'vitest';
// By path: the workspace alias maps the package name to its sources' index, not its subpaths.
import { selfSignedTls } from '../../mock-server/src/server/tls.js';
import { credsEnv, PASSWORD, tempDir, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';
import { shellWords } from './helpers/shell-words.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MOCK_BIN = join(ROOT, 'packages/mock-server/dist/bin/vsphere-mock.js');

/** Why a block may be shown without running: each needs something the mock on this machine is not. */
export const NOT_RUN_REASONS: Record<string, string> = {
  'needs a real vCenter': 'reads a vCenter other than the mock (record-from)',
  'needs an identity provider': 'federated login through an OIDC provider',
  'installs or builds': 'npm install / pnpm / build steps',
  'runs the repository scripts': 'npm test, demo, bench: minutes each, and they run this test',
  'changes the shell': 'shell setup: completion scripts sourced, variables exported from secrets',
};

/** The documents users read: the root's Markdown, each package's README, docs/ (not the generated reference). */
function documents(): string[] {
  const root = readdirSync(ROOT).filter((f) => f.endsWith('.md'));
  const packages = readdirSync(join(ROOT, 'packages'))
    .map((p) => join('packages', p, 'README.md'))
    .filter((f) => existsSync(join(ROOT, f)));
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f));
  return [...root, ...packages, ...docs];
}

interface Block {
  doc: string;
  line: number;
  lang: string;
  body: string;
  /** The markers on the lines right above the fence. */
  markers: Map<string, string>;
}

const FENCE = /^```(\w*)[^\n]*\n([\s\S]*?)^```/gm;
const MARKER = /^<!--\s*([\w-]+):\s*(.*?)\s*-->$/;

function blocks(doc: string): Block[] {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const lines = text.split('\n');
  return [...text.matchAll(FENCE)].map((m) => {
    const line = text.slice(0, m.index).split('\n').length;
    const markers = new Map<string, string>();
    for (let i = line - 2; i >= 0; i--) {
      const marker = MARKER.exec(lines[i]!.trim());
      if (!marker) break;
      markers.set(marker[1]!, marker[2]!);
    }
    return { doc, line, lang: m[1]!, body: m[2]!, markers };
  });
}

interface Command {
  line: string;
  /** The exit status the document shows: `# exit N`, a console transcript that prints `error:` (any but 0), else 0. */
  expected: number | 'failure';
}

/** The commands of a shell block: a console block's are its `$ ` lines (the rest is output), a sh block's every line not a comment. */
function commands(block: Block): Command[] {
  const lines = block.body.split('\n').map((l) => l.trim());
  const out: Command[] = [];
  lines.forEach((line, i) => {
    if (block.lang === 'console' ? !line.startsWith('$ ') : !line || line.startsWith('#')) return;
    const exit = /#\s*exit (\d+)/.exec(line)?.[1];
    const shownError = block.lang === 'console' && lines[i + 1]?.startsWith('error:');
    out.push({ line: block.lang === 'console' ? line.slice(2) : line, expected: exit ? Number(exit) : shownError ? 'failure' : 0 });
  });
  return out;
}

/**
 * The placeholder rule, in one place: a server an example names (`--server vc.lab.local`,
 * `VSPHERE_SERVER=https://vcenter.example.com`) is the mock, and an elided thumbprint (`AB:CD:…`)
 * is the mock's. `name` is the flag or variable without its prefix, in lower case.
 */
function placeholder(name: string, value: string, mock: MockServer): string {
  if (name === 'server' || name === 'record-from') return mock.url;
  if (name === 'thumbprint' && value.includes('…') && mock.thumbprint) return mock.thumbprint;
  if (name === 'password' && value.includes('…')) return PASSWORD;
  return value;
}

function mapPlaceholders(words: string[], mock: MockServer): string[] {
  return words.map((w, i) => (words[i - 1]?.startsWith('--') ? placeholder(words[i - 1]!.slice(2), w, mock) : w));
}

interface Ran {
  where: string;
  line: string;
  expected: number | 'failure';
  code: number;
  stderr: string;
}

/** `echo "$VAR" | vsphere …`: the one pipe the examples use, to give a secret on stdin. */
const ECHO_PIPE = /^echo "\$(\w+)" \| (vsphere .*)$/;

interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

function exited(child: ChildProcess, output: Output): Promise<Output> {
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ ...output, code: code ?? (signal ? 128 : -1) })));
}

/** Runs the mock's bin as the README shows it, on a free port; a `--cert`/`--key` pair the document does not give is made self-signed. */
function mockBin(words: string[], env: NodeJS.ProcessEnv, cwd: string): { child: ChildProcess; output: Output } {
  const args = words.slice(1);
  const serving = !args.includes('--record-from');
  const port = args.indexOf('--port');
  if (port >= 0) args[port + 1] = '0';
  else if (serving) args.push('--port', '0');
  return spawnBin(args, env, cwd);
}

function spawnBin(args: string[], env: NodeJS.ProcessEnv, cwd: string): { child: ChildProcess; output: Output } {
  const child = spawn(process.execPath, [MOCK_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: Output = { code: -1, stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (output.stdout += d));
  child.stderr!.on('data', (d: Buffer) => (output.stderr += d));
  return { child, output };
}

async function pemFiles(words: string[], cwd: string): Promise<void> {
  const cert = words[words.indexOf('--cert') + 1];
  const key = words[words.indexOf('--key') + 1];
  if (!words.includes('--cert') || !cert || !key || existsSync(join(cwd, cert))) return;
  const tls = await selfSignedTls('127.0.0.1');
  writeFileSync(join(cwd, cert), tls.cert);
  writeFileSync(join(cwd, key), tls.key);
}

/** A started server: its URL (and thumbprint, over TLS) once it says it listens, or why it did not. */
async function listening(child: ChildProcess, output: Output): Promise<{ url: string; thumbprint?: string } | string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const url = /listening on (\S+)/.exec(output.stdout)?.[1];
    if (url) return { url, thumbprint: /SHA-256 thumbprint (\S+)/.exec(output.stdout)?.[1] };
    if (child.exitCode !== null) return `exited ${child.exitCode} before listening: ${output.stderr.trim()}`;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  return 'did not say it listens within 30 s';
}

async function runBlock(block: Block, mock: MockServer, cwd: string): Promise<Ran[]> {
  mock.reset();
  // A fresh config folder: a TLS block starts as a user would, nothing trusted yet.
  const env = credsEnv(mock.url);
  const out: Ran[] = [];
  const where = `${block.doc}:${block.line}`;
  let server: { child: ChildProcess; output: Output; line: string; expected: number | 'failure' } | undefined;
  const stopServer = async () => {
    if (!server) return;
    const { child, output, line, expected } = server;
    server = undefined;
    const stopped = exited(child, output);
    child.kill('SIGTERM');
    const r = await stopped;
    out.push({ where, line, expected, code: r.code, stderr: r.stderr });
  };
  try {
    await runLines();
  } finally {
    await stopServer();
  }
  return out;

  async function runLines(): Promise<void> {
    for (const { line, expected } of commands(block)) {
      if (shellWords(line)[0] === 'vsphere-mock') {
        await stopServer();
        const words = mapPlaceholders(shellWords(line), mock);
        await pemFiles(words, cwd);
        const { child, output } = mockBin(words, env, cwd);
        if (words.includes('--record-from')) {
          const r = await exited(child, output);
          out.push({ where, line, expected, code: r.code, stderr: r.stderr });
          continue;
        }
        const up = await listening(child, output);
        if (typeof up === 'string') {
          child.kill('SIGKILL');
          out.push({ where, line, expected, code: -1, stderr: up });
          continue;
        }
        server = { child, output, line, expected };
        // The block's later lines talk to this server, as a reader's would.
        env.VSPHERE_SERVER = up.url;
        env.VSPHERE_THUMBPRINT = up.thumbprint;
        continue;
      }
      const piped = ECHO_PIPE.exec(line);
      const words = shellWords(piped ? piped[2]! : line);
      if (words[0] === 'export') {
        for (const assignment of words.slice(1)) {
          const [name, ...value] = assignment.split('=');
          env[name!] = placeholder(name!.replace(/^VSPHERE_/, '').toLowerCase(), value.join('='), mock);
        }
        continue;
      }
      if (words[0] !== 'vsphere') {
        out.push({ where, line, expected, code: -1, stderr: 'not a vsphere command: run it, or mark the block <!-- not-run: REASON -->' });
        continue;
      }
      const input = piped ? `${env[piped[1]!] ?? ''}\n` : undefined;
      const r = await vsphere(mapPlaceholders(words, mock).slice(1), env, input, { cwd });
      out.push({ where, line, expected, code: r.code, stderr: r.stderr });
    }
  }
}

const plain = useCliMock();
const tls = useCliMock({ tls: true });

const all = documents().flatMap(blocks);
const shell = all.filter((b) => b.lang === 'sh' || b.lang === 'console');

describe('README and docs shell examples', () => {
  it('are found in the documents', () => {
    expect(documents()).toEqual(expect.arrayContaining(['README.md', 'packages/cli/README.md', 'packages/mock-server/README.md', 'CONTRIBUTING.md']));
    expect(shell.filter((b) => !b.markers.has('not-run')).length).toBeGreaterThan(5);
  });

  it('carry only known markers', () => {
    const unknown = all.flatMap((b) =>
      [...b.markers]
        .filter(([k, v]) => !(k === 'not-run' && v in NOT_RUN_REASONS) && !(k === 'run' && v === 'tls') && k !== 'file')
        .map(([k, v]) => `${b.doc}:${b.line} <!-- ${k}: ${v} -->`),
    );
    expect(unknown).toEqual([]);
  });

  it('run through the bundle against the mock, each with the exit it shows', async () => {
    const ran: Ran[] = [];
    for (const doc of documents()) {
      const docBlocks = all.filter((b) => b.doc === doc);
      const cwd = tempDir('vsphere-readme-');
      for (const b of docBlocks) if (b.markers.has('file')) writeFileSync(join(cwd, b.markers.get('file')!), b.body);
      for (const b of docBlocks) {
        if ((b.lang !== 'sh' && b.lang !== 'console') || b.markers.has('not-run')) continue;
        ran.push(...(await runBlock(b, b.markers.get('run') === 'tls' ? tls.mock : plain.mock, cwd)));
      }
    }
    const notRun = shell.filter((b) => b.markers.has('not-run'));
    console.log(
      `README shell examples: ${ran.length} commands run in ${shell.length - notRun.length} blocks; ${notRun.length} blocks not run (${notRun.map((b) => `${b.doc}:${b.line} ${b.markers.get('not-run')}`).join('; ')})`,
    );
    expect(ran.length).toBeGreaterThan(30);
    const wrong = ran
      .filter((r) => (r.expected === 'failure' ? r.code <= 0 : r.code !== r.expected))
      .map((r) => `${r.where}: ${r.line}\n  exit ${r.code}, expected ${r.expected}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    expect(wrong).toEqual([]);
  }, 300_000);
});
