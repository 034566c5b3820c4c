// Error answers cost what answers cost: a VapiError captures no stack trace unless a server runs
// in debug mode (`errorStacks`, `--error-stacks`), which then logs where each error answer was
// thrown; the pipeline's own refusals (unknown route, 405, 401) build their bodies directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../src/index.js';
import { VapiError } from '../src/index.js';
import { call, login, start } from './helpers/server.js';

const FRAME = /\n\s+at /;
const UNKNOWN_CATEGORY = '/api/cis/tagging/category/urn:vmomi:InventoryServiceCategory:nope:GLOBAL';

describe('error answers without debug mode', () => {
  let server: MockServer;
  let sid: string;
  const logged: string[] = [];
  beforeAll(async () => {
    server = await start({ log: (line) => logged.push(line) });
    sid = await login(server);
  });
  afterAll(() => server?.close());

  it('builds VapiErrors without a stack trace and leaves Error.stackTraceLimit as it was', () => {
    const limit = Error.stackTraceLimit;
    const e = new VapiError('NOT_FOUND', 'Thing does not exist.', ['x']);
    expect(e.stack).not.toMatch(FRAME);
    expect(e.message).toBe('Thing does not exist.');
    expect(e.status).toBe(404);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('a real fault').stack).toMatch(FRAME);
  });

  it('answers a behaviour error with the same body and logs nothing', async () => {
    const r = await call(server, 'GET', UNKNOWN_CATEGORY, { session: sid });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      error_type: 'NOT_FOUND',
      messages: [
        {
          id: 'com.vmware.cis.tagging.category.not_found',
          default_message: "Category with identifier 'urn:vmomi:InventoryServiceCategory:nope:GLOBAL' does not exist.",
          args: ['urn:vmomi:InventoryServiceCategory:nope:GLOBAL'],
        },
      ],
    });
    expect(logged).toEqual([]);
  });

  it('answers an unknown route (404), a wrong method (405 with Allow) and a missing session (401) in both wire forms', async () => {
    const unknown = await call(server, 'GET', '/api/no/such/route', { session: sid });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      error_type: 'OPERATION_NOT_FOUND',
      messages: [
        {
          id: 'vapi.method.input.invalid.operation',
          default_message: "Operation 'GET /api/no/such/route' does not exist.",
          args: ['GET', '/api/no/such/route'],
        },
      ],
    });
    const unknownRest = await call(server, 'GET', '/rest/no/such/route', { session: sid });
    expect(unknownRest.status).toBe(404);
    expect(unknownRest.body.type).toBe('com.vmware.vapi.std.errors.operation_not_found');
    expect(unknownRest.body.value.messages[0].args).toEqual(['GET', '/rest/no/such/route']);

    const wrongMethod = await call(server, 'PUT', '/api/cis/tagging/category', { session: sid });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    expect(wrongMethod.body.error_type).toBe('OPERATION_NOT_FOUND');
    expect(wrongMethod.body.messages[0].default_message).toBe(
      "Operation 'PUT /api/cis/tagging/category' does not exist; the path takes GET, HEAD, POST, OPTIONS.",
    );

    const unauthenticated = {
      error_type: 'UNAUTHENTICATED',
      messages: [{ id: 'vapi.method.authentication.required', default_message: 'This method requires authentication.', args: [] }],
    };
    for (let i = 0; i < 2; i++) {
      const r = await call(server, 'GET', '/api/cis/tagging/category');
      expect(r.status).toBe(401);
      expect(r.body).toEqual(unauthenticated);
    }
    const rest = await call(server, 'GET', '/rest/com/vmware/cis/tagging/tag');
    expect(rest.status).toBe(401);
    expect(rest.body).toEqual({ type: 'com.vmware.vapi.std.errors.unauthenticated', value: { messages: unauthenticated.messages } });
    expect(server.core.responseViolations).toEqual([]);
    expect(logged).toEqual([]);
  });
});

describe('error answers in debug mode (errorStacks)', () => {
  let server: MockServer;
  let sid: string;
  const logged: string[] = [];
  beforeAll(async () => {
    server = await start({ errorStacks: true, log: (line) => logged.push(line) });
    sid = await login(server);
  });
  afterAll(() => server?.close());

  it('logs where each error answer was thrown, with its stack', async () => {
    expect(new VapiError('NOT_FOUND', 'x').stack).toMatch(FRAME);
    const r = await call(server, 'GET', UNKNOWN_CATEGORY, { session: sid });
    expect(r.status).toBe(404);
    expect(r.body.error_type).toBe('NOT_FOUND');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`error answer 404 NOT_FOUND to GET ${UNKNOWN_CATEGORY}: `);
    expect(logged[0]).toMatch(/at categoryById/);
  });

  it('stops capturing stacks once the last server in debug mode is closed', async () => {
    await server.close();
    expect(new VapiError('NOT_FOUND', 'x').stack).not.toMatch(FRAME);
  });
});
