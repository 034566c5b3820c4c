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

export async function call(server: MockServer, method: string, path: string, opts: { session?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {}): Promise<Res> {
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
