// The lifecycle behind useMockServer() (src/testing/), driven through the jest entry with hooks a
// tiny harness collects and then calls in a framework's order: start and login, setup, restore
// before each test, the spec check and close after the last. (pack.test.ts runs real jest and vitest.)
import { describe, expect, it } from 'vitest';
import { useMockServer } from '../src/testing/jest.js';
import type { TestHooks } from '../src/testing/lifecycle.js';

function harness() {
  const registered: Record<keyof TestHooks, (() => unknown)[]> = { beforeAll: [], afterAll: [], beforeEach: [] };
  const hooks: TestHooks = {
    beforeAll: (fn) => registered.beforeAll.push(fn),
    afterAll: (fn) => registered.afterAll.push(fn),
    beforeEach: (fn) => registered.beforeEach.push(fn),
  };
  const run = async (which: keyof TestHooks) => {
    for (const fn of registered[which]) await fn();
  };
  return { hooks, registered, run };
}

describe('useMockServer() lifecycle', () => {
  it('starts and logs in, keeps setup fixtures, restores them and empties the journal before each test, closes after', async () => {
    const h = harness();
    const mock = useMockServer(
      { prism: false },
      {
        hooks: h.hooks,
        setup: async (m) => {
          expect((await m.api('POST', '/api/vcenter/vm/vm-1074/power?action=start')).status).toBe(204);
        },
      },
    );
    expect(() => mock.server).toThrow('the mock starts in beforeAll');
    await h.run('beforeAll');
    expect(mock.sid).toMatch(/\S{8}/);
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // A test changes the state; the next one starts from the fixtures with an empty journal.
    await h.run('beforeEach');
    expect((await mock.api('POST', '/api/vcenter/vm/vm-1074/power?action=stop')).status).toBe(204);
    expect(mock.server.requests()).toHaveLength(1);
    await h.run('beforeEach');
    expect(mock.server.requests()).toEqual([]);
    expect((await mock.api('GET', '/api/vcenter/vm/vm-1074/power')).body.state).toBe('POWERED_ON');
    const server = mock.server;
    await h.run('afterAll');
    await expect(fetch(`${server.url}/api/vcenter/vm`)).rejects.toThrow();
  });

  it('fails the file after its last test when an answer broke the spec, naming it', async () => {
    const h = harness();
    const mock = useMockServer({ prism: false }, { hooks: h.hooks, resetEach: false });
    expect(h.registered.beforeEach).toEqual([]);
    await h.run('beforeAll');
    mock.server.core.responseViolations.push({ operation: 'vcenter.vm.list', status: 200, message: '/0 must have property vm', body: [{}] });
    await expect(h.run('afterAll')).rejects.toThrow('the mock answered 1 time(s) against the spec:\n  vcenter.vm.list 200 /0 must have property vm');
  });

  it("says what it needs when jest's globals are missing", () => {
    expect(() => useMockServer()).toThrow(
      "useMockServer() from '@vsphere-kit/mock-server/jest' needs jest's global beforeAll, afterAll and beforeEach; with injectGlobals: false, pass them",
    );
  });
});
