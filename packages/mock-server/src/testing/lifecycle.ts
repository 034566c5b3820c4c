/**
 * One mock per test file, whatever the test framework: started (and logged in) before the first
 * test, put back before each test, closed after the last. `vitest.ts` and `jest.ts` hand it their
 * hooks; nothing here imports a framework.
 */
import { startMockServer, type MockServer, type MockServerOptions, type MockSnapshot } from '../index.js';
import { call, login, type Res } from './http.js';

type Hook = (fn: () => unknown, timeout?: number) => unknown;

/** The hooks of a test framework (vitest's and jest's have this shape). */
export interface TestHooks {
  beforeAll: Hook;
  afterAll: Hook;
  beforeEach: Hook;
}

export interface UseMockServerOptions {
  /** Log in as the default user before the first test (`mock.sid`); default true. */
  login?: boolean;
  /**
   * Check every answer against the spec and fail the file, after its last test, when one broke it
   * (default true; turns on the mock's `validateResponses`).
   */
  checkSpec?: boolean;
  /**
   * Before each test: the state back to where the file started (default true) and the request
   * journal emptied. Without `setup` that is `mock.reset()` (the seed, faults cleared); with
   * `setup`, `mock.restore()` of the snapshot taken after it.
   */
  resetEach?: boolean;
  /** Runs once after the start (and login): fixtures every test of the file starts from. */
  setup?: (mock: MockPerFile) => unknown;
  /** How long the start may take (ms, default 60,000: the first start compiles the spec). */
  startTimeoutMs?: number;
}

export interface MockPerFile {
  /** The running mock (throws before the file's first hook ran). */
  readonly server: MockServer;
  readonly url: string;
  /** The default user's session (empty with `login: false`). */
  readonly sid: string;
  /** A call with that session (and `body` as JSON when given). */
  api(method: string, path: string, body?: unknown): Promise<Res>;
  /** Logs in again (after a test ended the session) and makes that the session. */
  relogin(): Promise<string>;
}

export function mockLifecycle(hooks: TestHooks, serverOptions: MockServerOptions = {}, options: UseMockServerOptions = {}): MockPerFile {
  const { login: loginFirst = true, checkSpec = true, resetEach = true, setup, startTimeoutMs = 60_000 } = options;
  let server: MockServer | undefined;
  let sid = '';
  let snapshot: MockSnapshot | undefined;
  const ctx: MockPerFile = {
    get server() {
      if (!server) throw new Error('the mock starts in beforeAll: use it inside tests and hooks');
      return server;
    },
    get url() {
      return ctx.server.url;
    },
    get sid() {
      return sid;
    },
    api: (method, path, body) => call(ctx.server, method, path, { session: sid, ...(body !== undefined ? { body } : {}) }),
    relogin: async () => (sid = await login(ctx.server)),
  };
  hooks.beforeAll(async () => {
    server = await startMockServer({ ...(checkSpec ? { validateResponses: true } : {}), ...serverOptions });
    if (loginFirst) sid = await login(server);
    if (setup) {
      await setup(ctx);
      snapshot = server.snapshot();
    }
  }, startTimeoutMs);
  hooks.afterAll(async () => {
    const violations = checkSpec && server ? server.core.responseViolations.map((v) => `${v.operation} ${v.status} ${v.message}`) : [];
    await server?.close();
    if (violations.length) throw new Error(`the mock answered ${violations.length} time(s) against the spec:\n  ${violations.join('\n  ')}`);
  });
  if (resetEach) {
    hooks.beforeEach(() => {
      const s = ctx.server;
      if (snapshot) s.restore(snapshot);
      else s.reset();
      if (s.core.journal) s.clearRequests();
    });
  }
  return ctx;
}
