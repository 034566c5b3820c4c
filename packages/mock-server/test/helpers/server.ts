import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startMockServer, type MockServer, type MockServerOptions } from '../../src/index.js';
export async function start(options: MockServerOptions = {}): Promise<MockServer> {
  return startMockServer({ validateResponses: true, ...options });
}

export const BASIC = 'Basic ' + Buffer.from('administrator@vsphere.local:VMware1!').toString('base64');

export interface Res {
  status: number;
  body: any;
  headers: Headers;
}

export async function call(
  server: MockServer,
  method: string,
  path: string,
  opts: { session?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.session) headers['vmware-api-session-id'] = opts.session;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const r = await fetch(server.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep text */
  }
  return { status: r.status, body: parsed, headers: r.headers };
}

export async function login(server: MockServer): Promise<string> {
  const r = await call(server, 'POST', '/api/session', { headers: { authorization: BASIC } });
  if (r.status !== 201) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as string;
}

export interface MockPerFile {
  readonly server: MockServer;
  /** The session of the default user. */
  readonly sid: string;
  /** A call with that session (and `body` as JSON when given). */
  api(method: string, path: string, body?: unknown): Promise<Res>;
  /** Logs in again (after a test ended the session) and makes that the session. */
  relogin(): Promise<string>;
}

/**
 * One mock for a test file: started and logged in before the first test, closed after the
 * last. `checkSpec` (default true): after the last test, no answer may have broken the spec.
 * `resetEach` (default true): the seed state comes back before each test.
 */
export function useMockServer(options: MockServerOptions = {}, { checkSpec = true, resetEach = true } = {}): MockPerFile {
  let server: MockServer | undefined;
  let sid = '';
  const ctx: MockPerFile = {
    get server() {
      if (!server) throw new Error('the mock starts in beforeAll');
      return server;
    },
    get sid() {
      return sid;
    },
    api: (method, path, body) => call(ctx.server, method, path, { session: sid, ...(body !== undefined ? { body } : {}) }),
    relogin: async () => (sid = await login(ctx.server)),
  };
  beforeAll(async () => {
    server = await start(options);
    sid = await login(server);
  });
  afterAll(async () => {
    if (checkSpec && server) expect(server.core.responseViolations.map((v) => `${v.operation} ${v.status} ${v.message}`)).toEqual([]);
    await server?.close();
  });
  if (resetEach) beforeEach(() => ctx.server.reset());
  return ctx;
}
