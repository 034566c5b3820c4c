// The repository's tests use the published helpers (src/testing/): one mock per file, plain calls.
import { startMockServer, type MockServer, type MockServerOptions } from '../../src/index.js';

export { BASIC, call, login, type Res } from '../../src/testing/http.js';
export { useMockServer } from '../../src/testing/vitest.js';
export type { MockPerFile } from '../../src/testing/lifecycle.js';

/** A mock that checks each of its answers against the spec (the violations are in `core.responseViolations`). */
export async function start(options: MockServerOptions = {}): Promise<MockServer> {
  return startMockServer({ validateResponses: true, ...options });
}
