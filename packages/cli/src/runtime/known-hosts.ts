/**
 * The known-hosts file: the certificate thumbprint pinned for each server, as govc keeps
 * `~/.govmomi/known_hosts`. One server per line, `HOST[:PORT] THUMBPRINT` (the port only when
 * it is not 443), `#` comments. A command to an https server with no trust of its own
 * (no --thumbprint, --ca-file or --insecure) pins the thumbprint found here; a thumbprint the
 * user pinned is written here after the server proved it has that certificate. Loaded only on
 * the paths that need it (connection.ts).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { VsphereCoreOptions } from '@vsphere-kit/client';
import { CliError } from './errors.js';
import { loadClientApi } from './lazy.js';
import { warnOnce } from './notices.js';
import type { OutStream } from './stdio.js';

type Dispatcher = NonNullable<VsphereCoreOptions['dispatcher']>;

export interface KnownHost {
  readonly thumbprint: string;
  /** Where it came from, for messages: `known_hosts /home/me/.config/vsphere-kit/known_hosts line 3`. */
  readonly origin: string;
}

const HEADER = '# vsphere-kit known hosts: one server per line, HOST[:PORT] THUMBPRINT (SHA-256 or SHA-1)';

/** The file's lines, or none when it does not exist. A file that others could change is refused: it decides whom the CLI trusts. */
function readLines(file: string): string[] {
  if (!existsSync(file)) return [];
  const st = statSync(file);
  // POSIX only: Windows has no uid, and its mode bits do not say who may write.
  const uid = process.getuid?.();
  if (uid !== undefined && ((st.mode & 0o022) !== 0 || st.uid !== uid)) {
    throw new CliError(`refusing the known-hosts file ${file}: ${st.uid !== uid ? 'another user owns it' : 'others can write to it'} (chmod 600 ${file})`);
  }
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch (err) {
    throw new CliError(`cannot read the known-hosts file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function entryOf(line: string): { host: string; thumbprint: string } | undefined {
  const text = line.trim();
  if (!text || text.startsWith('#')) return undefined;
  const [host, thumbprint] = text.split(/\s+/);
  return host && thumbprint ? { host: host.toLowerCase(), thumbprint } : undefined;
}

/** The thumbprint pinned for `host` (`vc.example.com`, `10.0.0.5:8443`), if any. */
export function lookupKnownHost(file: string, host: string): KnownHost | undefined {
  const lines = readLines(file);
  const wanted = host.toLowerCase();
  for (let i = 0; i < lines.length; i++) {
    const entry = entryOf(lines[i]!);
    if (entry?.host === wanted) return { thumbprint: entry.thumbprint, origin: `known_hosts ${file} line ${i + 1}` };
  }
  return undefined;
}

/** Records `thumbprint` for `host`, in place of an older one; says on stderr what it changed. */
export async function rememberKnownHost(file: string, host: string, thumbprint: string, stderr: OutStream): Promise<void> {
  const { normalizeThumbprint, formatThumbprint } = await loadClientApi();
  const hex = normalizeThumbprint(thumbprint).hex;
  const lines = readLines(file);
  if (lines[lines.length - 1] === '') lines.pop();
  const wanted = host.toLowerCase();
  const at = lines.findIndex((l) => entryOf(l)?.host === wanted);
  const line = `${wanted} ${formatThumbprint(hex)}`;
  if (at >= 0) {
    const old = entryOf(lines[at]!)!.thumbprint;
    if (normalizeThumbprint(old).hex === hex) return;
    lines[at] = line;
    warnOnce(stderr, `replaced the pinned thumbprint of ${wanted} in ${file} (was ${old})`);
  } else {
    if (lines.length === 0) lines.push(HEADER);
    lines.push(line);
    stderr.write(`Remembered the certificate thumbprint of ${wanted} in ${file}.\n`);
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/**
 * A dispatcher that records the pinned thumbprint once the server has answered: an answer
 * means the TLS handshake passed the pin check. A failure to write the file is said, not fatal.
 */
export function rememberOnFirstAnswer(inner: Dispatcher, file: string, host: string, thumbprint: string, stderr: OutStream): Dispatcher {
  let done: Promise<void> | undefined;
  const remember = (): Promise<void> =>
    (done ??= rememberKnownHost(file, host, thumbprint, stderr).catch((err: Error) => {
      warnOnce(stderr, `could not update the known-hosts file: ${err.message}`);
    }));
  return {
    request: async (options) => {
      const res = await inner.request(options);
      await remember();
      return res;
    },
    close: () => inner.close(),
  };
}
