/** Plain HTTP calls to a mock (fetch): what a test needs besides the client under test. */
import { DEFAULT_PASSWORD, DEFAULT_USERNAME } from '../index.js';

/** `Authorization` for the mock's default user. */
export const BASIC = `Basic ${Buffer.from(`${DEFAULT_USERNAME}:${DEFAULT_PASSWORD}`).toString('base64')}`;

/** An answer: status, body (parsed when JSON, else the text) and headers. */
export interface Res {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers of every shape
  body: any;
  headers: Headers;
}

export interface CallOptions {
  /** Sent as `vmware-api-session-id`. */
  session?: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** A body sent as given. */
  raw?: string;
}

/** One request to `server` (anything with a `url`). */
export async function call(server: { readonly url: string }, method: string, path: string, opts: CallOptions = {}): Promise<Res> {
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
    // not JSON: keep the text
  }
  return { status: r.status, body: parsed, headers: r.headers };
}

/** Logs in as `authorization` (default: the mock's default user); returns the session id. */
export async function login(server: { readonly url: string }, authorization = BASIC): Promise<string> {
  const r = await call(server, 'POST', '/api/session', { headers: { authorization } });
  if (r.status !== 201) throw new Error(`login to the mock failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as string;
}
