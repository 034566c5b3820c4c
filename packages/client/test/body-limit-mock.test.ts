// A request body over the mock's limit comes back as a typed error, not as a broken
// connection (#13 item 7): the mock reads the body it refuses before answering 413.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError, VsphereClient } from '../src/index.js';
import { ADMIN, startMock, type MockServer } from './helpers/mock.js';

describe('a 50 MB request body', () => {
  let mock: MockServer;
  let client: VsphereClient;
  beforeAll(async () => {
    mock = await startMock();
    client = new VsphereClient({ baseUrl: mock.url, ...ADMIN });
  });
  afterAll(async () => {
    await client?.close();
    await mock?.close();
  });

  it('is refused with InvalidRequestError (HTTP 413) naming the limit, and the session goes on', async () => {
    const err = await client.vcenter.vm.create({ name: 'x'.repeat(50 * 1024 * 1024), guest_OS: 'OTHER_LINUX_64' } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).status).toBe(413);
    expect((err as InvalidRequestError).errorType).toBe('INVALID_REQUEST');
    expect((err as InvalidRequestError).messages[0]).toContain('exceeds the limit of 1048576 bytes');
    expect((err as InvalidRequestError).operation).toMatchObject({ id: 'vcenter.vm.create' });
    // The same client carries on with its next call.
    expect((await client.vcenter.vm.list()).length).toBeGreaterThan(0);
  }, 60_000);
});
