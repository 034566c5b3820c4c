import { describe, expect, it } from 'vitest';
import { API_PACKAGES, checkApiReport } from '../../../test-support/api-report.js';

// The committed api/mock-server.api.md is the public surface of @vsphere-kit/mock-server:
// a change of it must show in review (update command in the failure message).
describe('API report', () => {
  it('api/mock-server.api.md matches the public declarations', () => {
    const pkg = API_PACKAGES.find((p) => p.dir === 'mock-server')!;
    expect(checkApiReport(pkg)).toBeUndefined();
  }, 240_000);
});
