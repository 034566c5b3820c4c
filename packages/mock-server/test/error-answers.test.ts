// Error answers cost what answers cost: behaviours return their refusals (ErrorAnswer values, no
// throw), a VapiError captures no stack trace unless a server runs in debug mode (`errorStacks`,
// `--error-stacks`), which then logs where each error answer was made; the pipeline's own
// refusals (unknown route, 405, 401) build their bodies directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpContext, OpHandler } from '../src/behaviours/types.js';
import { behaviourTable } from '../src/families/index.js';
import type { MockServer } from '../src/index.js';
import { VapiError } from '../src/index.js';
import { ErrorAnswer } from '../src/server/errors.js';
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
    // vCenter's own answer for a path none of its operations takes.
    const notFound = { id: 'com.vmware.vapi.rest.httpNotFound', default_message: 'Not found.', args: [] };
    expect(unknown.body).toEqual({ error_type: 'NOT_FOUND', messages: [notFound] });
    const unknownRest = await call(server, 'GET', '/rest/no/such/route', { session: sid });
    expect(unknownRest.status).toBe(404);
    expect(unknownRest.body.type).toBe('com.vmware.vapi.std.errors.not_found');
    expect(unknownRest.body.value.messages).toEqual([notFound]);

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

describe('refusals returned by behaviours', () => {
  let server: MockServer;
  let sid: string;
  beforeAll(async () => {
    server = await start();
    sid = await login(server);
  });
  afterAll(() => server?.close());

  /** Runs one behaviour as the pipeline would, outside it: a thrown refusal fails the test. */
  function behave(key: string, params: Record<string, string>, body?: unknown): unknown {
    const handler = (behaviourTable() as Record<string, OpHandler>)[key]!;
    return handler({ state: server.state, params, query: {}, body, user: 'administrator@vsphere.local', headers: {}, asTask: false } as unknown as OpContext);
  }

  it('return an ErrorAnswer (no throw) for an unknown category, tag, VM or library, a login without credentials, a hardware change the VM refuses and a taken name, with the bodies as before', () => {
    const category = behave('GET /api/cis/tagging/category/{category_id}', { category_id: 'urn:nope' });
    expect(category).toBeInstanceOf(ErrorAnswer);
    expect((category as ErrorAnswer).status).toBe(404);
    expect((category as ErrorAnswer).toBody()).toEqual({
      error_type: 'NOT_FOUND',
      messages: [
        { id: 'com.vmware.cis.tagging.category.not_found', default_message: "Category with identifier 'urn:nope' does not exist.", args: ['urn:nope'] },
      ],
    });
    expect((behave('GET /api/cis/tagging/tag/{tag_id}', { tag_id: 'urn:nope' }) as ErrorAnswer).toBody().messages[0]!.id).toBe(
      'com.vmware.cis.tagging.tag.not_found',
    );
    const vm = behave('GET /api/vcenter/vm/{vm}', { vm: 'vm-nope' }) as ErrorAnswer;
    expect([vm.status, vm.toBody()]).toEqual([
      404,
      {
        error_type: 'NOT_FOUND',
        messages: [
          { id: 'com.vmware.api.vcenter.vm.not_found', default_message: "Virtual machine with identifier 'vm-nope' does not exist.", args: ['vm-nope'] },
        ],
      },
    ]);
    const library = behave('GET /api/content/library/{library_id}', { library_id: 'lib-nope' }) as ErrorAnswer;
    expect([library.status, library.toBody().messages[0]!.id]).toEqual([404, 'com.vmware.content.library.not_found']);
    const login = behave('POST /api/session', {}) as ErrorAnswer;
    expect([login.status, login.toBody()]).toEqual([
      401,
      {
        error_type: 'UNAUTHENTICATED',
        messages: [{ id: 'com.vmware.vapi.endpoint.method.authentication.required', default_message: 'Authentication required.', args: [] }],
      },
    ]);
    const cpu = behave('PATCH /api/vcenter/vm/{vm}/hardware/cpu', { vm: 'vm-1072' }, { count: 3, cores_per_socket: 2 }) as ErrorAnswer;
    expect([cpu.status, cpu.errorType, cpu.messageId]).toEqual([400, 'INVALID_ARGUMENT', 'com.vmware.api.vcenter.vm.hardware.cpu.invalid_count']);
    const running = behave('POST /api/vcenter/vm/{vm}/hardware/serial', { vm: 'vm-1072' }, {}) as ErrorAnswer;
    expect([running.status, running.errorType]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
    const spec = { name: 'returned-refusal', description: '', cardinality: 'SINGLE', associable_types: [] };
    expect(behave('POST /api/cis/tagging/category', {}, spec)).toMatchObject({ status: 201 });
    const taken = behave('POST /api/cis/tagging/category', {}, spec) as ErrorAnswer;
    expect([taken.status, taken.toBody()]).toEqual([
      400,
      {
        error_type: 'ALREADY_EXISTS',
        messages: [
          {
            id: 'com.vmware.cis.tagging.category.already_exists',
            default_message: "A category named 'returned-refusal' already exists.",
            args: ['returned-refusal'],
          },
        ],
      },
    ]);
  });

  it('write the JSON of their body directly, byte for byte what JSON.stringify of the body gives', () => {
    const answers = [
      new ErrorAnswer('NOT_FOUND', "Thing 'x' does not exist.", ['x'], 'com.example.not_found'),
      new ErrorAnswer('INVALID_ARGUMENT', 'Quotes " and \\ backslashes, a line\nbreak and ünïcödé \u2028.', ['a"b', ''], 'com.example.invalid', 400, {
        nested: [1, 'two'],
      }),
      new ErrorAnswer('UNAUTHENTICATED', 'No args, default id.'),
    ];
    for (const a of answers) expect(a.toJson()).toBe(JSON.stringify(a.toBody()));
  });

  it('answer a returned refusal in the /rest wire form on /rest operations', async () => {
    const r = await call(server, 'POST', '/rest/com/vmware/cis/tagging/tag-association/id:urn:nope?~action=attach', {
      session: sid,
      body: { object_id: { type: 'VirtualMachine', id: 'vm-1072' } },
    });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      type: 'com.vmware.vapi.std.errors.not_found',
      value: {
        messages: [{ id: 'com.vmware.cis.tagging.tag.not_found', default_message: "Tag with identifier 'urn:nope' does not exist.", args: ['urn:nope'] }],
      },
    });
    expect(server.core.responseViolations).toEqual([]);
  });

  it('fail a task whose behaviour returns a refusal, with that error', async () => {
    const started = await call(server, 'POST', '/api/vcenter/vm?action=clone&vmw-task=true', { session: sid, body: { source: 'vm-nope', name: 'never' } });
    expect(started.status).toBe(202);
    let info: { status: string; error?: unknown } | undefined;
    for (let i = 0; i < 100 && info?.status !== 'FAILED' && info?.status !== 'SUCCEEDED'; i++) {
      info = (await call(server, 'GET', `/api/cis/tasks/${encodeURIComponent(started.body as string)}`, { session: sid })).body;
      if (info?.status === 'RUNNING' || info?.status === 'PENDING') await new Promise((r) => setTimeout(r, 20));
    }
    expect(info).toMatchObject({
      status: 'FAILED',
      error: {
        error_type: 'NOT_FOUND',
        messages: [
          { id: 'com.vmware.api.vcenter.vm.not_found', default_message: "Virtual machine with identifier 'vm-nope' does not exist.", args: ['vm-nope'] },
        ],
      },
    });
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
