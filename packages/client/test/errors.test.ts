import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CLASSES, errorFromTask } from '@vsphere-kit/core/errors';
import { VSPHERE_ERROR_TYPES, formatVapiMessage } from '@vsphere-kit/core/error-types';
import {
  VsphereApiError,
  VsphereClient,
  VsphereConnectionError,
  VsphereCore,
  VsphereGenericError,
  VsphereResponseError,
  NotFoundError,
  UnableToAllocateResourceError,
} from '../src/index.js';
import { ADMIN, startMock, type MockServer } from './helpers/mock.js';
import { json, startPeer, vapiError, withLogin, type Peer } from './helpers/peer.js';

const EXPECTED_NAMES: Record<string, string> = {
  ALREADY_EXISTS: 'AlreadyExistsError',
  ALREADY_IN_DESIRED_STATE: 'AlreadyInDesiredStateError',
  CANCELED: 'CanceledError',
  CONCURRENT_CHANGE: 'ConcurrentChangeError',
  ERROR: 'VsphereGenericError',
  FEATURE_IN_USE: 'FeatureInUseError',
  INTERNAL_SERVER_ERROR: 'InternalServerError',
  INVALID_ARGUMENT: 'InvalidArgumentError',
  INVALID_ELEMENT_CONFIGURATION: 'InvalidElementConfigurationError',
  INVALID_ELEMENT_TYPE: 'InvalidElementTypeError',
  INVALID_REQUEST: 'InvalidRequestError',
  NOT_ALLOWED_IN_CURRENT_STATE: 'NotAllowedInCurrentStateError',
  NOT_FOUND: 'NotFoundError',
  OPERATION_NOT_FOUND: 'OperationNotFoundError',
  RESOURCE_BUSY: 'ResourceBusyError',
  RESOURCE_INACCESSIBLE: 'ResourceInaccessibleError',
  RESOURCE_IN_USE: 'ResourceInUseError',
  SERVICE_UNAVAILABLE: 'ServiceUnavailableError',
  TIMED_OUT: 'TimedOutError',
  UNABLE_TO_ALLOCATE_RESOURCE: 'UnableToAllocateResourceError',
  UNAUTHENTICATED: 'UnauthenticatedError',
  UNAUTHORIZED: 'UnauthorizedError',
  UNEXPECTED_INPUT: 'UnexpectedInputError',
  UNSUPPORTED: 'UnsupportedError',
  UNVERIFIED_PEER: 'UnverifiedPeerError',
};

describe('error mapping against the mock', () => {
  let mock: MockServer;
  let client: VsphereClient;
  beforeAll(async () => {
    mock = await startMock();
    client = new VsphereClient({ baseUrl: mock.url, ...ADMIN, retry: false });
  });
  afterAll(async () => {
    await client?.close();
    await mock?.close();
  });

  it('has one class per error_type (25)', () => {
    expect(VSPHERE_ERROR_TYPES).toHaveLength(25);
    expect(Object.keys(ERROR_CLASSES).sort()).toEqual([...VSPHERE_ERROR_TYPES].sort());
  });

  it.each(VSPHERE_ERROR_TYPES.filter((t) => t !== 'UNAUTHENTICATED'))('maps %s to its class with status, messages and operation', async (type) => {
    mock.faults.clear();
    mock.faults.error(type, 'vcenter.vm.list', { times: 1 });
    const err = await client.vcenter.vm.list({ names: ['secret-name-filter'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ERROR_CLASSES[type]);
    expect(err).toBeInstanceOf(VsphereApiError);
    const e = err as VsphereApiError;
    expect(e.name).toBe(EXPECTED_NAMES[type]);
    expect(e.errorType).toBe(type);
    expect(e.status).toBeGreaterThanOrEqual(400);
    expect(e.messages.length).toBeGreaterThan(0);
    expect(e.operation).toEqual({ id: 'vcenter.vm.list', method: 'GET', path: '/api/vcenter/vm' });
    expect(e.message).not.toContain('secret-name-filter');
    expect(e.stack?.split('\n')[0]).toContain(EXPECTED_NAMES[type]);
  });

  it('maps UNAUTHENTICATED when the client cannot log in again', async () => {
    const login = new VsphereClient({ baseUrl: mock.url, ...ADMIN });
    const sessionId = await login.core.login();
    const bare = new VsphereClient({ baseUrl: mock.url, sessionId });
    mock.faults.expireSessions(sessionId);
    const err = await bare.vcenter.vm.list().catch((e: unknown) => e);
    expect((err as VsphereApiError).name).toBe('UnauthenticatedError');
    expect((err as VsphereApiError).status).toBe(401);
    await bare.close();
    await login.close({ logout: false });
  });

  it('maps real server errors: NOT_FOUND for an unknown VM', async () => {
    mock.faults.clear();
    const err = await client.vcenter.vm.get('vm-does-not-exist').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).toJSON()).toMatchObject({ name: 'NotFoundError', status: 404, errorType: 'NOT_FOUND' });
  });
});

describe('error details and malformed replies', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startPeer(
      withLogin((req, res) => {
        if (req.url === '/api/args')
          return json(res, 400, {
            error_type: 'INVALID_ARGUMENT',
            messages: [{ id: 'x', default_message: 'Field {0} of {1} is wrong', args: ['name', 'vm-1'] }],
            data: { field: 'name' },
          });
        if (req.url === '/rest/thing')
          return json(res, 404, { type: 'com.vmware.vapi.std.errors.not_found', value: { messages: [{ id: 'y', default_message: 'gone', args: [] }] } });
        if (req.url === '/api/html') {
          res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>');
          return;
        }
        if (req.url === '/api/truncated') {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"vm": "vm-1", "na');
          return;
        }
        if (req.url === '/api/unknown-type') return json(res, 500, vapiError('SOMETHING_NEW'));
        if (req.url === '/rest/wrapped') return json(res, 200, { value: { answer: 42 } });
        return json(res, 404, {});
      }),
    );
  });
  afterAll(async () => {
    await peer?.close();
  });

  const route = (path: string, rest = false) => ({
    id: `test.${path}`,
    method: 'GET' as const,
    path,
    pathParams: [],
    queryParams: [],
    successStatus: 200,
    responseBody: true,
    rest,
    auth: 'session' as const,
  });

  it('fills {0}-style arguments into messages and keeps data', async () => {
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'p4ssw0rd!' });
    const err = (await core.call(route('/api/args')).catch((e: unknown) => e)) as VsphereApiError;
    expect(err.messages).toEqual(['Field name of vm-1 is wrong']);
    expect(err.data).toEqual({ field: 'name' });
    expect(formatVapiMessage({ id: 'z', default_message: 'Named {who}', args: [], params: { who: { s: 'x' } } })).toBe('Named x');
    await core.close();
  });

  it('understands the /rest error form and unwraps /rest values', async () => {
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'p4ssw0rd!' });
    const err = await core.call(route('/rest/thing', true)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(await core.call(route('/rest/wrapped', true))).toEqual({ answer: 42 });
    await core.close();
  });

  it('gives a clear error for HTML, truncated JSON and unknown error types', async () => {
    const core = new VsphereCore({ baseUrl: peer.url, username: 'u', password: 'p4ssw0rd!', retry: false });
    const html = (await core.call(route('/api/html')).catch((e: unknown) => e)) as VsphereResponseError;
    expect(html).toBeInstanceOf(VsphereResponseError);
    expect(html.status).toBe(502);
    expect(html.message).toMatch(/not JSON.*502.*text\/html/);
    const truncated = (await core.call(route('/api/truncated')).catch((e: unknown) => e)) as VsphereResponseError;
    expect(truncated).toBeInstanceOf(VsphereResponseError);
    expect(truncated.message).toMatch(/malformed JSON/);
    const unknown = (await core.call(route('/api/unknown-type')).catch((e: unknown) => e)) as VsphereApiError;
    expect(unknown).toBeInstanceOf(InternalServerErrorOr(VsphereApiError));
    expect(unknown.errorType).toBe('INTERNAL_SERVER_ERROR');
    await core.close();
  });

  it('maps task errors given as objects or strings', () => {
    const a = errorFromTask('task-1', vapiError('UNABLE_TO_ALLOCATE_RESOURCE', 'no room'));
    expect(a).toBeInstanceOf(UnableToAllocateResourceError);
    expect(a.taskId).toBe('task-1');
    expect(a.status).toBe(500);
    const b = errorFromTask('task-2', 'disk exploded');
    expect(b).toBeInstanceOf(VsphereGenericError);
    expect(b.messages).toEqual(['disk exploded']);
  });

  it('puts network failures in the connection family', async () => {
    const core = new VsphereCore({ baseUrl: 'http://127.0.0.1:1', sessionId: 'abcdefgh', retry: false });
    const err = await core.call(route('/api/x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereConnectionError);
    expect((err as VsphereConnectionError).code).toBe('ECONNREFUSED');
    expect(err).not.toBeInstanceOf(VsphereApiError);
    await core.close();
  });
});

function InternalServerErrorOr(fallback: typeof VsphereApiError) {
  return ERROR_CLASSES.INTERNAL_SERVER_ERROR ?? fallback;
}
