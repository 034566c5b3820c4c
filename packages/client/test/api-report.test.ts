import { describe, expect, it } from 'vitest';
import { API_PACKAGES, checkApiReport } from '../../../test-support/api-report.js';

// The committed api/client.api.md is the public surface of @vsphere-kit/client:
// a change of it must show in review (update command in the failure message).
describe('API report', () => {
  it('api/client.api.md matches the public declarations', () => {
    const pkg = API_PACKAGES.find((p) => p.dir === 'client')!;
    expect(checkApiReport(pkg)).toBeUndefined();
  }, 240_000);
});
