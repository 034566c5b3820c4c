/**
 * `@vsphere-kit/mock-server/vitest`: one mock per test file under vitest.
 *
 *   import { useMockServer } from '@vsphere-kit/mock-server/vitest';
 *   const mock = useMockServer({ taskMs: 50 });
 *   it('lists', async () => expect((await mock.api('GET', '/api/vcenter/vm')).status).toBe(200));
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { MockServerOptions } from '../index.js';
import { mockLifecycle, type MockPerFile, type UseMockServerOptions } from './lifecycle.js';

export { BASIC, call, login, type CallOptions, type Res } from './http.js';
export type { MockPerFile, UseMockServerOptions } from './lifecycle.js';

/** Starts the mock (and logs in) before the file's first test, puts it back before each test, closes it after the last. */
export function useMockServer(serverOptions: MockServerOptions = {}, options: UseMockServerOptions = {}): MockPerFile {
  return mockLifecycle({ beforeAll, afterAll, beforeEach }, serverOptions, options);
}
