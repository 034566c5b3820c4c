// Fault specs are validated: nonsense is refused with a clear 400 (admin endpoint) or a VapiError
// INVALID_ARGUMENT (programmatic API), and nothing is added.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VapiError, type MockServer } from '../src/index.js';
import { call, start } from './helpers/server.js';

let server: MockServer;
beforeAll(async () => {
  server = await start({ prism: false });
});
afterAll(() => server.close());

describe('fault spec validation', () => {
  it('faults.add() refuses an unknown error type and a bad `times`', () => {
    for (const [spec, message] of [
      [{ errorType: 'NOT_AN_ERROR' }, "Unknown error type 'NOT_AN_ERROR'."],
      [{ errorType: 'RESOURCE_BUSY', times: 0 }, "'times' must be a positive integer."],
      [{ errorType: 'RESOURCE_BUSY', times: 1.5 }, "'times' must be a positive integer."],
      [null, 'A fault must be an object.'],
      [5, 'A fault must be an object.'],
      [{ latencyMs: -5 }, "'latencyMs' must be a number of milliseconds, 0 or more."],
      [{ latencyMs: 'x' }, "'latencyMs' must be a number of milliseconds, 0 or more."],
      [{ errorType: 'RESOURCE_BUSY', probability: 2 }, "'probability' must be a number from 0 to 1."],
      [{ errorType: 'RESOURCE_BUSY', operation: 7 }, "'operation' must be an operation id string."],
      [{ errorType: 'RESOURCE_BUSY', status: 200 }, "'status' must be an HTTP error status (400-599)."],
      [{ bogus: 1 }, "Unknown fault field 'bogus'."],
      [{ blockTask: 'yes' }, "'blockTask' must be true or false."],
    ] as const) {
      let err: unknown;
      try {
        server.faults.add(spec as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(VapiError);
      expect((err as VapiError).errorType).toBe('INVALID_ARGUMENT');
      expect((err as VapiError).message).toBe(message);
    }
    expect(server.faults.list()).toEqual([]);
  });

  it('POST /__mock/faults answers 400 with the vSphere error body for an unknown error type, a bad `times` and a non-object', async () => {
    const cases: [string, string, string][] = [
      [JSON.stringify({ errorType: 'NOT_AN_ERROR', operation: 'vcenter.vm.list' }), 'INVALID_ARGUMENT', "Unknown error type 'NOT_AN_ERROR'."],
      [JSON.stringify({ errorType: 'RESOURCE_BUSY', times: -2 }), 'INVALID_ARGUMENT', "'times' must be a positive integer."],
      [JSON.stringify({ latencyMs: -1 }), 'INVALID_ARGUMENT', "'latencyMs' must be a number of milliseconds, 0 or more."],
      [JSON.stringify({ bogus: true }), 'INVALID_ARGUMENT', "Unknown fault field 'bogus'."],
      [JSON.stringify([{ errorType: 'RESOURCE_BUSY' }]), 'INVALID_REQUEST', 'The request body is not a JSON object.'],
      [JSON.stringify('RESOURCE_BUSY'), 'INVALID_REQUEST', 'The request body is not a JSON object.'],
      ['{"errorType": ', 'INVALID_REQUEST', 'The request body is not a JSON object.'],
    ];
    for (const [raw, errorType, message] of cases) {
      const r = await call(server, 'POST', '/__mock/faults', { raw, headers: { 'content-type': 'application/json' } });
      expect(r.status, raw).toBe(400);
      expect(r.body).toMatchObject({ error_type: errorType, messages: [{ default_message: message }] });
    }
    expect((await call(server, 'GET', '/__mock/faults')).body).toEqual([]);
    // A sound spec still goes in.
    const ok = await call(server, 'POST', '/__mock/faults', { body: { errorType: 'RESOURCE_BUSY', operation: 'vcenter.vm.list', times: 1 } });
    expect(ok.status).toBe(201);
    expect(ok.body.id).toMatch(/^fault-\d+$/);
    server.faults.clear();
  });
});
