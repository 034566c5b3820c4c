// The setup most CLI test files share: the built bundle, one mock for the file (the mock's own
// vitest helper starts and closes it), and an environment that logs the bundle in to it.
import type { MockServer, MockServerOptions } from '@vsphere-kit/mock-server';
// By path: the workspace alias maps the package name to its sources' index, not its subpaths.
import { useMockServer } from '../../../mock-server/src/testing/vitest.js';
import { beforeAll } from 'vitest';
import { baseEnv, credsEnv, ensureBundle, PASSWORD, type Result, USER, vsphere } from './cli.js';

export interface CliMock {
  /** The running mock (valid inside tests and hooks). */
  readonly mock: MockServer;
  readonly url: string;
  /**
   * A clean environment with the credentials and a private config folder, the same object for the
   * whole file (so a file can take it at load: `const { env } = cli`); its VSPHERE_SERVER is the
   * mock's URL once the mock has started.
   */
  readonly env: NodeJS.ProcessEnv;
  /** `credsEnv` for this mock with extra variables (undefined removes one): a fresh config folder each call. */
  envWith(extra: Record<string, string | undefined>): NodeJS.ProcessEnv;
  /** Runs the bundle with `env` (or the given environment). */
  run(args: readonly string[], env?: NodeJS.ProcessEnv, input?: string): Promise<Result>;
}

export interface CliMockOptions {
  /** Runs once after the start: the state every test of the file starts from. */
  setup?: (mock: MockServer) => unknown;
  /** Check every answer against the spec and fail the file when one broke it (default off). */
  checkSpec?: boolean;
}

/**
 * Builds the bundle if it is stale and starts a mock (on port 0) before the file's first test;
 * closes it after the last. The state is not put back between tests: a test that changes it
 * resets it (`mock.reset()`).
 */
export function useCliMock(serverOptions: MockServerOptions = {}, { setup, checkSpec = false }: CliMockOptions = {}): CliMock {
  beforeAll(() => ensureBundle());
  const perFile = useMockServer(
    { port: 0, ...serverOptions },
    { login: false, resetEach: false, checkSpec, ...(setup ? { setup: (m) => setup(m.server) } : {}) },
  );
  const env = baseEnv({ VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD });
  beforeAll(() => {
    env.VSPHERE_SERVER = perFile.url;
  });
  return {
    get mock() {
      return perFile.server;
    },
    get url() {
      return perFile.url;
    },
    env,
    envWith: (extra) => credsEnv(perFile.url, extra),
    run: (args, runEnv, input) => vsphere(args, runEnv ?? env, input),
  };
}
