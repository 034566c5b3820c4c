/** startMockServer(): the mock vCenter on node:http / node:https. */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createRequire } from 'node:module';
import { seedExampleRecords } from '../behaviours/example-seed.js';
import { defaultSeed } from '../state/default-seed.js';
import { extendSeed, type SeedData, type SeedMode, seedModeOf } from '../state/seed-extend.js';
import { restoreSnapshot, takeSnapshot, type MockSnapshot } from '../state/snapshot.js';
import { lineWriter, type LogSink } from './access-log.js';
import { DEFAULT_JOURNAL_SIZE, journalOf, type RecordedRequest, type RequestFilter } from './request-journal.js';
import { GUEST_FILE_PATH, serveGuestFile } from '../families/guest/guest-transfers.js';
import { behaviourTable } from '../families/index.js';
import { dict } from '../state/dict.js';
import { Inventory } from '../state/inventory.js';
import { loadState, replayJournal, StatePersister } from '../state/persistence.js';
import type { IdentityProvider, IdpOptions } from '../idp/provider.js';
import { serveBuiltinExchange, TOKEN_EXCHANGE_PATH } from '../idp/exchange.js';
import { serveAdmin } from './admin.js';
import { MockCore } from './core.js';
import { installFastLane } from './lanes/fast/index.js';
import { answerClientError, MAX_HEADER_COUNT } from './http-limits.js';
import { DEFAULT_LOCKOUT, type LockoutPolicy } from './lockout.js';
import { captureErrorStacks } from './errors.js';
import type { Faults } from './faults.js';
import type { MockRouteDef } from './route-types.js';
import { NEWEST_VSPHERE_RELEASE, vsphereRelease } from '@vsphere-kit/core/vsphere-version';
import { fileTls, selfSignedTls, type TlsMaterial } from './tls.js';

export const DEFAULT_USERNAME = 'administrator@vsphere.local';
/** How long VMware Tools take to report after a power-on unless `toolsStartMs` says otherwise. */
export const DEFAULT_TOOLS_START_MS = 5000;
export const DEFAULT_PASSWORD = 'VMware1!';

export interface MockServerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** The login user (default administrator@vsphere.local / VMware1!). */
  username?: string;
  password?: string;
  /** More users: name → password. */
  users?: Record<string, string>;
  /** HTTPS: true for a self-signed certificate generated at start, or PEM text / files. */
  tls?: boolean | { cert: string; key: string } | { certFile: string; keyFile: string };
  /**
   * The inventory to start from (and that reset() restores): a YAML/JSON seed file path or the data
   * itself. It extends the default inventory (objects matched by id: same id replaces, new ids are
   * added) unless `seedMode` is `'replace'`, or the seed is a recording (`--record-from` marks it), which replaces it.
   */
  seed?: string | SeedData;
  /** `'extend'` (default, but for a recorded seed): the seed is laid over the default inventory; `'replace'` (default for a recorded seed): the seed alone. */
  seedMode?: SeedMode;
  /** Adds this many generated VMs to the seed (load tests). */
  vmCount?: number;
  /**
   * Persist the state here: loaded at start when it exists; every change is appended to
   * `<stateFile>.journal` before it is answered (it survives a kill -9 of the mock) and folded
   * into the snapshot in the background and at close.
   */
  stateFile?: string;
  /**
   * Flush each journal line to the disk before answering (default false): then an answered
   * change survives a power loss too; without it, the changes of the last few seconds before a
   * power loss or an OS crash can be lost (the snapshot itself is always flushed).
   */
  stateFsync?: boolean;
  /** Idle time after which a session expires (ms, default 30 min; 0 = never). */
  sessionIdleMs?: number;
  /** How long a task takes from PENDING to SUCCEEDED/FAILED (ms, default 1000). */
  taskMs?: number;
  /**
   * How long VMware Tools take to report after a guest is powered on, rebooted or has its Tools
   * upgraded (ms, default 5000); guest calls answer SERVICE_UNAVAILABLE until then. VMs that a
   * seed holds powered on have Tools running from the start.
   */
  toolsStartMs?: number;
  /** How long a finished task stays readable before it is pruned (ms, default 1 hour); vCenter also forgets finished tasks after a while. */
  taskRetentionMs?: number;
  /** How often idle sessions and old finished tasks are pruned (ms, default 60 s; 0 = never). */
  pruneIntervalMs?: number;
  /** Largest accepted request body in bytes (default 1 MiB); larger → 413. */
  bodyLimit?: number;
  /**
   * Debug mode: log the stack of every error answer a behaviour threw (where a 400 or 404 came
   * from). Off by default: error answers then carry no stack trace, so they cost what answers cost.
   */
  errorStacks?: boolean;
  /** Check every response against the spec and record violations (core.responseViolations). Default false. */
  validateResponses?: boolean;
  /**
   * Answer plain body-less API calls straight from the socket (fast-lane.ts; default true).
   * Everything else goes through node:http either way; false sends everything there.
   */
  fastLane?: boolean;
  /** Use @stoplight/prism-http for example answers of stateless operations (default true). */
  prism?: boolean;
  /**
   * SSO account lockout: after `maxFailures` failed logins (default 5; 0 = off) within
   * `failureWindowMs` (default 180 s) the account is locked for `unlockMs` (default 300 s).
   */
  lockout?: Partial<LockoutPolicy>;
  /**
   * Protects the admin endpoints (/__mock/…): each call needs `Authorization: Bearer <adminToken>`.
   * Without it they are still reachable only with a loopback Host, no foreign Origin and JSON bodies.
   */
  adminToken?: string;
  /**
   * The vCenter release to emulate: `7.0.2`, `7.0.3`, `8.0.0`, `8.0.1` or `8.0.2` (default: the newest).
   * `GET /api/appliance/system/version` reports it, and operations that came later (`x-vsphere-since`)
   * answer 404 as an unknown path does on that release.
   */
  vsphereVersion?: string;
  /** The built-in OIDC identity provider (under /idp). */
  idp?: IdpOptions;
  /** Time a client has to send a whole request head (ms, default 10,000); a slower one gets 408. */
  headersTimeoutMs?: number;
  /** Delay of the background compaction of the state journal into the snapshot (ms, default 100). */
  saveDebounceMs?: number;
  /** Where the mock's own messages go (internal errors, state file problems): a function or a stream. Default: nowhere. */
  log?: LogSink;
  /** The access log: one line per answered request, secrets masked (a function or a stream, e.g. `process.stderr`). Default: none. */
  requestLog?: LogSink;
  /**
   * How many requests the journal keeps for `requests()` and `GET /__mock/requests` (default 1000;
   * the oldest go first; 0 turns the journal off).
   */
  journalSize?: number;
  /**
   * The journal also keeps each request's headers (secret ones masked when read). Default false:
   * holding them costs every call some CPU (about 8 % on GET /api/vcenter/vm), the rest costs none.
   */
  journalHeaders?: boolean;
  /** Override the generated spec/routes (tests). */
  spec?: unknown;
  routes?: readonly MockRouteDef[];
}

export interface MockServer {
  /** `http://127.0.0.1:PORT` (or https). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** SHA-256 thumbprint of the TLS certificate (with tls). */
  readonly thumbprint?: string;
  /** The vCenter release emulated (`8.0.2`). */
  readonly vsphereVersion: string;
  /** PEM of the TLS certificate (with tls), for clients that pin a CA. */
  readonly certificate?: string;
  /** Fault injection: latency, error types per operation or globally, forced session expiry. */
  readonly faults: Faults;
  /** The live state (inventory, generic objects, tasks). */
  readonly state: Inventory;
  readonly core: MockCore;
  /** The built-in OIDC provider (created on first access). */
  readonly idp: IdentityProvider;
  /** Restores the seed state and clears faults. */
  reset(): void;
  /**
   * The requests received so far (oldest first, at most `journalSize`), each with its operation id,
   * method, path, query, headers and body (secrets masked), status and time; `filter` selects by
   * operation, method, path (as sent or the template) and arrival time. Admin calls (`/__mock/…`) are not recorded.
   */
  requests(filter?: RequestFilter): RecordedRequest[];
  /** Empties the request journal. */
  clearRequests(): void;
  /** The whole state (inventory, generic objects, rule state, tasks) and the faults, for restore(). Sessions are not part of it. */
  snapshot(): MockSnapshot;
  /** Puts the state and the faults back to a snapshot(); sessions stay, account lockouts clear. */
  restore(snapshot: MockSnapshot): void;
  /** Stops listening, ends open connections and saves the state file. */
  close(): Promise<void>;
}

const ignore = (): void => {};

let generatedCache: { spec: unknown; routes: readonly MockRouteDef[] } | undefined;

/** Loads src/generated/spec.gen.json and routes.gen.json (works from src/ under vitest/tsx and from dist/). */
export async function loadGenerated(): Promise<{ spec: unknown; routes: readonly MockRouteDef[] }> {
  if (generatedCache) return generatedCache;
  const require = createRequire(import.meta.url);
  const spec = require('../generated/spec.gen.json') as unknown;
  const table = require('../generated/routes.gen.json') as { routes: readonly MockRouteDef[] };
  generatedCache = { spec, routes: table.routes };
  return generatedCache;
}

/**
 * How to build the seed inventory, as often as needed (at start when no state file holds one,
 * then at every reset()): from what it is made of, never from a copy of a live inventory. A seed
 * file is read once (later edits of the file do not change what reset() restores), seed data is
 * copied once (later changes of the caller's object do not either).
 */
function seedBuilder(options: MockServerOptions, spec: unknown, routes: readonly MockRouteDef[]): () => Inventory {
  const { seed, vmCount } = options;
  // The mode the last build used: a seed that does not say (a recorded one does) extends the default inventory.
  let mode: SeedMode = options.seedMode ?? 'extend';
  const layOver = (doc: unknown) => {
    mode = seedModeOf(doc, options.seedMode);
    return mode === 'extend' ? extendSeed(defaultSeed(), doc) : doc;
  };
  let base: () => Inventory;
  if (seed === undefined) base = () => Inventory.defaults();
  else if (typeof seed === 'string') {
    const text = Inventory.readSeedFile(seed);
    base = () => Inventory.fromSeedText(text, seed, layOver);
  } else {
    const data = structuredClone(seed);
    base = () => Inventory.fromSeedData(layOver(data), 'the seed option');
  }
  const handled = new Set(Object.keys(behaviourTable()));
  return () => {
    const inv = base();
    // The default inventory also holds the objects the spec examples name in the generic families.
    if (seed === undefined || mode === 'extend') seedExampleRecords(inv, spec, routes, handled);
    if (vmCount) inv.generateVms(vmCount);
    return inv;
  };
}

function lockoutPolicy(given: Partial<LockoutPolicy> | undefined): LockoutPolicy {
  const policy = { ...DEFAULT_LOCKOUT };
  for (const key of Object.keys(DEFAULT_LOCKOUT) as (keyof LockoutPolicy)[]) {
    const v = given?.[key];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 0) throw new TypeError(`lockout.${key} must be a non-negative integer, got ${String(v)}`);
    policy[key] = v;
  }
  return policy;
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const log = options.log === undefined ? () => {} : lineWriter(options.log, 'log');
  const requestLog = options.requestLog === undefined ? undefined : lineWriter(options.requestLog, 'requestLog');
  const journalSize = options.journalSize ?? DEFAULT_JOURNAL_SIZE;
  if (!Number.isInteger(journalSize) || journalSize < 0) throw new TypeError(`journalSize must be a non-negative integer, got ${String(journalSize)}`);
  const seedMode = options.seedMode;
  if (seedMode !== undefined && seedMode !== 'extend' && seedMode !== 'replace')
    throw new TypeError(`seedMode must be 'extend' or 'replace', got '${String(seedMode)}'`);
  const release = options.vsphereVersion === undefined ? NEWEST_VSPHERE_RELEASE : vsphereRelease(options.vsphereVersion);
  const { spec, routes } = options.spec && options.routes ? { spec: options.spec, routes: options.routes } : await loadGenerated();
  // Looked up by the user name a client sends: no prototype, so `constructor` is no user.
  const users = dict<string>([[options.username ?? DEFAULT_USERNAME, options.password ?? DEFAULT_PASSWORD], ...Object.entries(options.users ?? {})]);
  const host = options.host ?? '127.0.0.1';
  if (options.adminToken !== undefined && options.adminToken.length < 8) throw new TypeError('adminToken must be at least 8 characters');
  const seed = seedBuilder(options, spec, routes);
  const saved = options.stateFile ? loadState(options.stateFile) : undefined;
  // A state file replaces the seed; a seed the caller wrote is still built, so that its mistakes show at start.
  const seeded = !saved?.data || options.seed !== undefined ? seed() : undefined;
  const state = saved?.data ? Inventory.fromData(saved.data) : seeded!;
  if (saved) replayJournal(state, saved.journal, options.stateFile!);

  const core = new MockCore(
    spec,
    routes,
    state,
    {
      users,
      sessionIdleMs: options.sessionIdleMs ?? 30 * 60_000,
      taskMs: options.taskMs ?? 1000,
      toolsStartMs: options.toolsStartMs ?? DEFAULT_TOOLS_START_MS,
      taskRetentionMs: options.taskRetentionMs ?? 60 * 60_000,
      bodyLimit: options.bodyLimit ?? 1024 * 1024,
      validateResponses: options.validateResponses ?? false,
      prism: options.prism ?? true,
      ...(options.idp ? { idp: options.idp } : {}),
      lockout: lockoutPolicy(options.lockout),
      admin: { bindHost: host, ...(options.adminToken !== undefined ? { token: options.adminToken } : {}) },
      release,
      errorStacks: options.errorStacks ?? false,
      log,
      journalSize,
      journalHeaders: options.journalHeaders ?? false,
      ...(requestLog ? { requestLog } : {}),
    },
    seed,
  );
  core.tasks.resume();
  if (options.errorStacks) captureErrorStacks(true);

  let persister: StatePersister | undefined;
  if (options.stateFile) {
    persister = new StatePersister(
      options.stateFile,
      () => core.state,
      { fsync: options.stateFsync ?? false, compactDelayMs: options.saveDebounceMs ?? 100, log },
      saved!.journal.validBytes,
    );
    core.state.onChange = () => persister!.record();
    if (!saved!.data) persister.snapshot();
  }

  // Sessions and finished tasks would otherwise pile up for as long as the mock runs (and in --state files).
  const pruneEvery = options.pruneIntervalMs ?? 60_000;
  const pruner = pruneEvery > 0 ? setInterval(() => core.prune(), pruneEvery) : undefined;
  pruner?.unref();

  const hasExchangeRoute = routes.some((r) => r.method === 'POST' && r.path === TOKEN_EXCHANGE_PATH && !r.action);
  core.extraRoutes = [
    { prefix: '/__mock/', serve: (req, res, p, s) => serveAdmin(core, req, res, p, s) },
    { prefix: '/idp/', serve: (req, res, p, s) => core.ensureIdp().serve(req, res, p, s) },
    { prefix: GUEST_FILE_PATH, serve: (req, res, p, s) => serveGuestFile(core, req, res, p, s) },
    ...(hasExchangeRoute
      ? []
      : [{ prefix: TOKEN_EXCHANGE_PATH, serve: (req: IncomingMessage, res: ServerResponse, p: string) => serveBuiltinExchange(core, req, res, p) }]),
  ];

  let tls: TlsMaterial | undefined;
  if (options.tls) {
    if (options.tls === true) tls = await selfSignedTls(host);
    else if ('certFile' in options.tls) tls = fileTls(options.tls.certFile, options.tls.keyFile);
    else tls = { cert: options.tls.cert, key: options.tls.key, thumbprint: (await import('./tls.js')).thumbprintOf(options.tls.cert) };
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    req.on('error', ignore);
    res.on('error', ignore);
    void core.handle(req, res);
  };
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const serverOptions = {
    // node:http checks the headers timeout on this clock (default 30 s, past the timeout itself).
    connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(headersTimeout / 4))),
  };
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key, ...serverOptions }, listener) : createHttpServer(serverOptions, listener);
  server.keepAliveTimeout = 5000;
  // One more than accepted, so that the pipeline sees a request that has too many (node:http drops the rest silently).
  server.maxHeadersCount = MAX_HEADER_COUNT + 1;
  // Before any other connection listener, so that node:http's own is the one the lane wraps.
  if (options.fastLane ?? true) core.fastLane = installFastLane(server, core, Boolean(tls));
  server.headersTimeout = headersTimeout;
  server.requestTimeout = Math.max(30_000, headersTimeout);
  server.on('clientError', answerClientError);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const urlHost = addr.family === 'IPv6' || host.includes(':') ? `[${addr.address}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `${tls ? 'https' : 'http'}://${urlHost}:${addr.port}`;
  core.baseUrl = url;

  let closed: Promise<void> | undefined;
  return {
    url,
    port: addr.port,
    host,
    vsphereVersion: release.name,
    ...(tls ? { thumbprint: tls.thumbprint, certificate: tls.cert } : {}),
    faults: core.faults,
    get state() {
      return core.state;
    },
    core,
    get idp() {
      return core.ensureIdp();
    },
    reset: () => core.reset(),
    requests: (filter) => journalOf(core).list(filter),
    clearRequests: () => journalOf(core).clear(),
    snapshot: () => takeSnapshot(core),
    restore: (snapshot) => restoreSnapshot(core, snapshot),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        if (pruner) clearInterval(pruner);
        if (options.errorStacks) captureErrorStacks(false);
        core.tasks.reset();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      }).then(() => persister?.close())),
  };
}
