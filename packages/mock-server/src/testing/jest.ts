/**
 * `@vsphere-kit/mock-server/jest`: one mock per test file under jest (CommonJS or ESM).
 *
 *   const { useMockServer } = require('@vsphere-kit/mock-server/jest');
 *   const mock = useMockServer({ taskMs: 50 });
 *   test('lists', async () => expect((await mock.api('GET', '/api/vcenter/vm')).status).toBe(200));
 *
 * It uses jest's global hooks; with `injectGlobals: false`, pass them:
 * `useMockServer(options, { hooks: { beforeAll, afterAll, beforeEach } })` (from `@jest/globals`).
 */
import type { MockServerOptions } from '../index.js';
import { mockLifecycle, type MockPerFile, type TestHooks, type UseMockServerOptions } from './lifecycle.js';

export { BASIC, call, login, type CallOptions, type Res } from './http.js';
export type { MockPerFile, TestHooks, UseMockServerOptions } from './lifecycle.js';

/** Starts the mock (and logs in) before the file's first test, puts it back before each test, closes it after the last. */
export function useMockServer(serverOptions: MockServerOptions = {}, options: UseMockServerOptions & { hooks?: TestHooks } = {}): MockPerFile {
  const { hooks = globalHooks(), ...rest } = options;
  return mockLifecycle(hooks, serverOptions, rest);
}

function globalHooks(): TestHooks {
  const g = globalThis as Partial<Record<keyof TestHooks, unknown>>;
  if (typeof g.beforeAll !== 'function' || typeof g.afterAll !== 'function' || typeof g.beforeEach !== 'function') {
    throw new Error(
      "useMockServer() from '@vsphere-kit/mock-server/jest' needs jest's global beforeAll, afterAll and beforeEach; " +
        "with injectGlobals: false, pass them: useMockServer(options, { hooks: { beforeAll, afterAll, beforeEach } }) from '@jest/globals'",
    );
  }
  return {
    beforeAll: g.beforeAll as TestHooks['beforeAll'],
    afterAll: g.afterAll as TestHooks['afterAll'],
    beforeEach: g.beforeEach as TestHooks['beforeEach'],
  };
}
