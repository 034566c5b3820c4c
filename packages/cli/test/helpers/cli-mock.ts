// The setup most CLI test files share: the built bundle, one mock for the file, and an
// environment that logs the bundle in to it. One place, so every file starts and stops it alike.
import { type MockServer, type MockServerOptions, startMockServer } from '@vsphere-kit/mock-server';
import { afterAll, beforeAll } from 'vitest';
import { credsEnv, ensureBundle, type Result, vsphere } from './cli.js';

export interface CliMock {
  /** The running mock (valid from the file's first test on). */
  readonly mock: MockServer;
  readonly url: string;
  /** A clean environment with the mock's URL and credentials (and a private config folder). */
  readonly env: NodeJS.ProcessEnv;
  /** `credsEnv` for this mock with extra variables (undefined removes one): a fresh config folder each call. */
  envWith(extra: Record<string, string | undefined>): NodeJS.ProcessEnv;
  /** Runs the bundle with `env` (or the given environment). */
  run(args: readonly string[], env?: NodeJS.ProcessEnv, input?: string): Promise<Result>;
}

/**
 * Builds the bundle if it is stale and starts a mock before the file's first test (after
 * `setup`, if given, has prepared it); closes the mock after the last.
 */
export function useCliMock(options: MockServerOptions = {}, setup?: (mock: MockServer) => unknown): CliMock {
  let mock: MockServer | undefined;
  let env: NodeJS.ProcessEnv | undefined;
  const started = (): MockServer => {
    if (!mock) throw new Error('useCliMock: the mock starts in beforeAll; use it inside a test or hook');
    return mock;
  };
  beforeAll(async () => {
    ensureBundle();
    mock = await startMockServer({ port: 0, ...options });
    await setup?.(mock);
    env = credsEnv(mock.url);
  });
  afterAll(async () => {
    await mock?.close();
  });
  const startedEnv = (): NodeJS.ProcessEnv => {
    started();
    return env!;
  };
  return {
    get mock() {
      return started();
    },
    get url() {
      return started().url;
    },
    get env() {
      return startedEnv();
    },
    envWith: (extra) => credsEnv(started().url, extra),
    run: (args, runEnv, input) => vsphere(args, runEnv ?? startedEnv(), input),
  };
}
