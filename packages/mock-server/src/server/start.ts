/** startMockServer(): the mock vCenter on node:http / node:https. */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createRequire } from 'node:module';
import { Inventory } from '../state/inventory.js';
import { loadStateFile, StatePersister } from '../state/persistence.js';
import type { StateData } from '../state/types.js';
import type { IdentityProvider, IdpOptions } from '../idp/provider.js';
import { serveBuiltinExchange, TOKEN_EXCHANGE_PATH } from '../idp/exchange.js';
import { serveAdmin } from './admin.js';
import { MockCore } from './core.js';
import { installFastLane } from './lanes/fast/index.js';
import type { Faults } from './faults.js';
import type { MockRouteDef } from './route-types.js';
import { fileTls, selfSignedTls, type TlsMaterial } from './tls.js';

export const DEFAULT_USERNAME = 'administrator@vsphere.local';
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
  /** The inventory to start from (and that reset() restores): a YAML/JSON seed file path or the data itself. */
  seed?: string | Partial<StateData>;
  /** Adds this many generated VMs to the seed (load tests). */
  vmCount?: number;
  /** Persist the state here: loaded at start when it exists, saved atomically on change and at close. */
  stateFile?: string;
  /** Idle time after which a session expires (ms, default 30 min; 0 = never). */
  sessionIdleMs?: number;
  /** How long a task takes from PENDING to SUCCEEDED/FAILED (ms, default 1000). */
  taskMs?: number;
  /** Largest accepted request body in bytes (default 1 MiB); larger → 413. */
  bodyLimit?: number;
  /** Check every response against the spec and record violations (core.responseViolations). Default false. */
  validateResponses?: boolean;
  /**
   * Answer plain body-less API calls straight from the socket (fast-lane.ts; default true).
   * Everything else goes through node:http either way; false sends everything there.
   */
  fastLane?: boolean;
  /** Use @stoplight/prism-http for example answers of stateless operations (default true). */
  prism?: boolean;
  /** The built-in OIDC identity provider (under /idp). */
  idp?: IdpOptions;
  /** Debounce of state-file saves (ms, default 100). */
  saveDebounceMs?: number;
  log?: (line: string) => void;
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

function seedInventory(seed: MockServerOptions['seed']): Inventory {
  if (seed === undefined) return Inventory.defaults();
  if (typeof seed === 'string') return Inventory.fromSeedFile(seed);
  return Inventory.fromSeedData(seed, 'the seed option');
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const log = options.log ?? (() => {});
  const { spec, routes } = options.spec && options.routes ? { spec: options.spec, routes: options.routes } : await loadGenerated();
  const users: Record<string, string> = {
    [options.username ?? DEFAULT_USERNAME]: options.password ?? DEFAULT_PASSWORD,
    ...(options.users ?? {}),
  };
  const seed = seedInventory(options.seed);
  if (options.vmCount) seed.generateVms(options.vmCount);
  const seedData = seed.toData();
  let state = seed;
  const saved = options.stateFile ? loadStateFile(options.stateFile) : undefined;
  if (saved) state = Inventory.fromData(saved);

  const core = new MockCore(spec, routes, state, {
    users,
    sessionIdleMs: options.sessionIdleMs ?? 30 * 60_000,
    taskMs: options.taskMs ?? 1000,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    validateResponses: options.validateResponses ?? false,
    prism: options.prism ?? true,
    ...(options.idp ? { idp: options.idp } : {}),
    log,
  });
  core.setSeed(seedData);
  core.tasks.resume();

  let persister: StatePersister | undefined;
  if (options.stateFile) {
    persister = new StatePersister(options.stateFile, () => core.state, options.saveDebounceMs ?? 100, log);
    core.state.onChange = () => persister!.schedule();
    if (!saved) {
      core.state.changed();
      persister.flush();
    }
  }

  const hasExchangeRoute = routes.some((r) => r.method === 'POST' && r.path === TOKEN_EXCHANGE_PATH && !r.action);
  core.extraRoutes = [
    { prefix: '/__mock/', serve: (req, res, p, s) => serveAdmin(core, req, res, p, s) },
    { prefix: '/idp/', serve: (req, res, p, s) => core.ensureIdp().serve(req, res, p, s) },
    ...(hasExchangeRoute ? [] : [{ prefix: TOKEN_EXCHANGE_PATH, serve: (req: IncomingMessage, res: ServerResponse, p: string) => serveBuiltinExchange(core, req, res, p) }]),
  ];

  let tls: TlsMaterial | undefined;
  const host = options.host ?? '127.0.0.1';
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
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createHttpServer(listener);
  server.keepAliveTimeout = 5000;
  // Before any other connection listener, so that node:http's own is the one the lane wraps.
  if (options.fastLane ?? true) core.fastLane = installFastLane(server, core, Boolean(tls));
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.on('clientError', (_err, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
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
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        core.tasks.reset();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      }).then(() => persister?.flush())),
  };
}
