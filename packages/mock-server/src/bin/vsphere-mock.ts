#!/usr/bin/env node
/**
 * vsphere-mock --port N [--host 127.0.0.1] [--username U --password P]
 *              [--tls [--cert F --key F]] [--seed inventory.yaml] [--state file.json [--state-fsync]]
 *              [--session-idle-ms N] [--task-ms N] [--task-retention-ms N] [--prune-interval-ms N]
 *              [--tools-start-ms N] [--vsphere-version 8.0.2]
 *              [--vm-count N] [--body-limit N]
 *              [--lockout-failures N] [--lockout-unlock-ms N] [--admin-token T] [--no-fast-lane]
 *              [--seed-mode extend|replace] [--log requests|none] [--journal-size N] [--journal-headers] [--error-stacks] [--quiet]
 * The admin token can also come from VSPHERE_MOCK_ADMIN_TOKEN (kept out of `ps`).
 *
 * vsphere-mock --record-from https://vc… --out seed.json [--username U] [--password-stdin]
 *              [--thumbprint SHA | --ca-file F | --insecure]
 * records a vCenter's inventory into a seed (then `vsphere-mock --seed seed.json`) and reports
 * every difference of its answers from the specs; credentials as the vsphere CLI takes them.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { VSPHERE_RELEASES, vsphereRelease } from '@vsphere-kit/core/vsphere-version';
import { startMockServer, type MockServerOptions } from '../index.js';
import { recordToFile } from '../record/run.js';

/** Errors in what the user gave (seed, state file, certificate): message only, exit 2. */
const USER_ERRORS = new Set(['SeedError', 'StateFileError', 'UsageError', 'RecordError']);

class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads --cert/--key up front so that a bad file is named in one line (not a TLS stack trace). */
function checkTlsFiles(certFile: string, keyFile: string): void {
  const read = (file: string, what: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read the ${what} file ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  const certPem = read(certFile, 'certificate');
  const keyPem = read(keyFile, 'key');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch (e) {
    throw new UsageError(`${certFile}: not a PEM certificate (${(e as Error).message})`);
  }
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(keyPem);
  } catch (e) {
    throw new UsageError(`${keyFile}: not a PEM private key (${(e as Error).message})`);
  }
  if (!cert.checkPrivateKey(key)) throw new UsageError(`${keyFile}: the key does not belong to the certificate ${certFile}`);
}

const USAGE = `usage: vsphere-mock [--port N] [--host 127.0.0.1] [--username U] [--password P]
                    [--tls [--cert FILE --key FILE]] [--seed inventory.yaml] [--state state.json [--state-fsync]]
                    [--session-idle-ms N] [--task-ms N] [--task-retention-ms N] [--prune-interval-ms N]
                    [--tools-start-ms N (VMware Tools report this long after a power-on; default 5000)]
                    [--vsphere-version ${VSPHERE_RELEASES.map((r) => r.name).join('|')} (default: the newest)]
                    [--vm-count N] [--body-limit BYTES]
                    [--lockout-failures N (0: off)] [--lockout-unlock-ms N]
                    [--admin-token TOKEN] [--no-fast-lane]
                    [--seed-mode extend|replace (default extend: the seed adds to the default inventory;
                       a recorded seed replaces it)]
                    [--log requests|none (one line per request on stderr; default requests when stderr is
                       a terminal, none when it is a pipe or file or with --quiet)]
                    [--journal-size N (requests kept for GET /__mock/requests; default 1000, 0: off)] [--journal-headers]
                    [--error-stacks (log where each error answer was thrown)] [--quiet (no messages on stderr)]
  VSPHERE_MOCK_ADMIN_TOKEN  the admin token (instead of --admin-token, which other users see in ps)

       vsphere-mock --record-from URL --out seed.json [--username U] [--password-stdin]
                    [--thumbprint SHA256 | --ca-file FILE | --insecure]
  records the inventory of the vCenter at URL (read-only calls: inventory, VM hardware and devices,
  storage policies, content libraries, VM templates, Tools and guest names, tags) into a seed for --seed, which replays it alone (it is
  marked as recorded); reports every difference of its answers from the specs (operation, JSON
  pointer, expected, received) and every value the seed cannot hold as it came.
  VSPHERE_USERNAME, VSPHERE_PASSWORD, VSPHERE_THUMBPRINT, VSPHERE_CA_FILE, VSPHERE_INSECURE  as for the vsphere CLI`;

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`vsphere-mock: --${name} needs a non-negative integer, got '${v}'\n${USAGE}\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        tls: { type: 'boolean' },
        cert: { type: 'string' },
        key: { type: 'string' },
        seed: { type: 'string' },
        state: { type: 'string' },
        'state-fsync': { type: 'boolean' },
        'session-idle-ms': { type: 'string' },
        'task-ms': { type: 'string' },
        'tools-start-ms': { type: 'string' },
        'vsphere-version': { type: 'string' },
        'task-retention-ms': { type: 'string' },
        'prune-interval-ms': { type: 'string' },
        'vm-count': { type: 'string' },
        'body-limit': { type: 'string' },
        'admin-token': { type: 'string' },
        'lockout-failures': { type: 'string' },
        'lockout-unlock-ms': { type: 'string' },
        'no-fast-lane': { type: 'boolean' },
        'error-stacks': { type: 'boolean' },
        'seed-mode': { type: 'string' },
        log: { type: 'string' },
        'journal-size': { type: 'string' },
        'journal-headers': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'record-from': { type: 'string' },
        out: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        thumbprint: { type: 'string' },
        'ca-file': { type: 'string' },
        insecure: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    process.stderr.write(`vsphere-mock: ${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if ((values.cert === undefined) !== (values.key === undefined)) {
    process.stderr.write(`vsphere-mock: --cert and --key go together\n${USAGE}\n`);
    process.exit(2);
  }
  const str = (k: string) => values[k] as string | undefined;
  if (values['record-from'] !== undefined) return record(values);
  for (const only of ['out', 'password-stdin', 'thumbprint', 'ca-file', 'insecure']) {
    if (values[only] !== undefined) throw new UsageError(`--${only} goes with --record-from`);
  }
  const choice = (name: string, allowed: readonly string[]): string | undefined => {
    const v = str(name);
    if (v !== undefined && !allowed.includes(v)) {
      process.stderr.write(`vsphere-mock: --${name} takes ${allowed.join(' or ')}, got '${v}'\n${USAGE}\n`);
      process.exit(2);
    }
    return v;
  };
  const seedMode = choice('seed-mode', ['extend', 'replace']) as 'extend' | 'replace' | undefined;
  // Not by default into a pipe or file: a pipe that nobody reads fills up, and then the writes (synchronous for pipes) stall the mock.
  const logRequests = (choice('log', ['requests', 'none']) ?? (values.quiet || !process.stderr.isTTY ? 'none' : 'requests')) === 'requests';
  if (values.cert) checkTlsFiles(str('cert')!, str('key')!);
  const adminToken = str('admin-token') ?? (process.env.VSPHERE_MOCK_ADMIN_TOKEN || undefined);
  if (adminToken !== undefined && adminToken.length < 8) throw new UsageError('the admin token must be at least 8 characters');
  const vsphereVersion = str('vsphere-version');
  if (vsphereVersion !== undefined) {
    try {
      vsphereRelease(vsphereVersion, '--vsphere-version');
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  const opts: MockServerOptions = {
    ...(vsphereVersion !== undefined ? { vsphereVersion } : {}),
    port: int('port', str('port')) ?? 0,
    host: str('host') ?? '127.0.0.1',
    ...(str('username') ? { username: str('username') } : {}),
    ...(str('password') !== undefined ? { password: str('password') } : {}),
    ...(values.tls || values.cert ? { tls: values.cert ? { certFile: str('cert')!, keyFile: str('key')! } : true } : {}),
    ...(str('seed') ? { seed: str('seed') } : {}),
    ...(str('state') ? { stateFile: str('state') } : {}),
    ...(values['state-fsync'] ? { stateFsync: true } : {}),
    ...(str('session-idle-ms') !== undefined ? { sessionIdleMs: int('session-idle-ms', str('session-idle-ms')) } : {}),
    ...(str('task-ms') !== undefined ? { taskMs: int('task-ms', str('task-ms')) } : {}),
    ...(str('tools-start-ms') !== undefined ? { toolsStartMs: int('tools-start-ms', str('tools-start-ms')) } : {}),
    ...(str('task-retention-ms') !== undefined ? { taskRetentionMs: int('task-retention-ms', str('task-retention-ms')) } : {}),
    ...(str('prune-interval-ms') !== undefined ? { pruneIntervalMs: int('prune-interval-ms', str('prune-interval-ms')) } : {}),
    ...(str('vm-count') !== undefined ? { vmCount: int('vm-count', str('vm-count')) } : {}),
    ...(str('body-limit') !== undefined ? { bodyLimit: int('body-limit', str('body-limit')) } : {}),
    ...(adminToken !== undefined ? { adminToken } : {}),
    lockout: {
      ...(str('lockout-failures') !== undefined ? { maxFailures: int('lockout-failures', str('lockout-failures')) } : {}),
      ...(str('lockout-unlock-ms') !== undefined ? { unlockMs: int('lockout-unlock-ms', str('lockout-unlock-ms')) } : {}),
    },
    ...(values['no-fast-lane'] ? { fastLane: false } : {}),
    ...(values['error-stacks'] ? { errorStacks: true } : {}),
    ...(seedMode ? { seedMode } : {}),
    ...(str('journal-size') !== undefined ? { journalSize: int('journal-size', str('journal-size')) } : {}),
    ...(values['journal-headers'] ? { journalHeaders: true } : {}),
    ...(logRequests ? { requestLog: process.stderr } : {}),
    log: (line) => {
      if (!values.quiet) process.stderr.write(`vsphere-mock: ${line}\n`);
    },
  };
  const server = await startMockServer(opts);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void server.close().then(
      () => process.exit(signal === 'SIGINT' ? 130 : 0),
      () => process.exit(1),
    );
  };
  // Before the listening line: whoever waits for it may send SIGTERM at once, which must close cleanly.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // One write, so that whoever waits for the listening line has the release and thumbprint lines too.
  process.stdout.write(
    `listening on ${server.url}\n${vsphereVersion !== undefined ? `emulating vCenter ${server.vsphereVersion}\n` : ''}${server.thumbprint ? `SHA-256 thumbprint ${server.thumbprint}\n` : ''}`,
  );
}

/** --record-from: credentials and TLS as the vsphere CLI takes them (flag, then environment). */
async function record(values: Record<string, string | boolean | undefined>): Promise<void> {
  const from = values['record-from'] as string;
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('--record-from needs --out FILE (where the seed goes)');
  if (!/^https?:\/\//i.test(from)) throw new UsageError(`--record-from needs the vCenter's URL (https://…), got '${from.slice(0, 100)}'`);
  const env = process.env;
  const username = (values.username as string | undefined) ?? env.VSPHERE_USERNAME;
  if (!username) throw new UsageError('no user for the vCenter: give --username or VSPHERE_USERNAME');
  if (values.password !== undefined) throw new UsageError("--password is the mock's own; give the vCenter's with --password-stdin or VSPHERE_PASSWORD");
  const password = values['password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : env.VSPHERE_PASSWORD;
  if (!password) throw new UsageError('no password for the vCenter: give --password-stdin or VSPHERE_PASSWORD');
  const caFile = (values['ca-file'] as string | undefined) ?? (env.VSPHERE_CA_FILE || undefined);
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read the CA file ${caFile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  const thumbprint = (values.thumbprint as string | undefined) ?? (env.VSPHERE_THUMBPRINT || undefined);
  const insecure = values.insecure === true || /^(1|true|yes|on)$/i.test(env.VSPHERE_INSECURE ?? '');
  const recording = await recordToFile({
    from,
    out,
    username,
    password,
    ...(thumbprint ? { thumbprint } : {}),
    ...(ca ? { ca } : {}),
    ...(insecure ? { insecure } : {}),
  });
  const s = recording.seed;
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  process.stdout.write(
    `recorded ${count(s.datacenters.length, 'datacenter')}, ${count(s.folders.length, 'folder')}, ${count(s.clusters.length, 'cluster')}, ` +
      `${count(s.hosts.length, 'host')}, ${count(s.datastores.length, 'datastore')}, ${count(s.networks.length, 'network')}, ` +
      `${count(s.resource_pools.length, 'resource pool')}, ${count(s.vms.length, 'VM')}, ${count(s.templates.length, 'VM template')}, ${count(s.storage_policies.length, 'storage policy', 'storage policies')}, ` +
      `${count(s.libraries.length, 'content library', 'content libraries')} with ${count(s.library_items.length, 'item')}, ` +
      `${count(Object.keys(s.rules?.tag_categories ?? {}).length, 'tag category', 'tag categories')} with ${count(Object.keys(s.rules?.tags ?? {}).length, 'tag')} ` +
      `in ${recording.calls} read-only calls to ${out}\n`,
  );
  const { version, build } = recording.appliance;
  const release = VSPHERE_RELEASES.findLast((r) => version.startsWith(`${r.name}.`));
  // The seed says it is a recording, so it replaces the default inventory without --seed-mode.
  process.stdout.write(
    `the vCenter reports version ${version} (build ${build})${release ? `: replay it with --seed ${out} --vsphere-version ${release.name}` : ''}\n`,
  );
  const diffs = recording.differences;
  process.stdout.write(diffs.length === 0 ? 'every answer matches the specs\n' : `${count(diffs.length, 'difference')} from the specs:\n`);
  for (const d of diffs) process.stdout.write(`  ${d.operation} ${d.pointer || '(the answer)'}: expected ${d.expected}, received ${d.received}\n`);
  const misfits = recording.misfits;
  if (misfits.length) process.stdout.write(`${count(misfits.length, 'value')} the seed cannot hold as recorded:\n`);
  for (const m of misfits) process.stdout.write(`  ${m.operation}${m.object ? ` ${m.object}` : ''}${m.pointer ? ` ${m.pointer}` : ''}: ${m.message}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`vsphere-mock: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(USER_ERRORS.has((e as Error)?.name) ? 2 : 1);
});
