/**
 * Admin endpoints under /__mock/ (loopback Host, no foreign Origin, JSON bodies, and the admin token
 * when one is set: admin-guard.ts):
 *   GET    /__mock/health                    → { ok, operations, sessions, tasks, lockout: { policy…, accounts }, fastLane }
 *   GET    /__mock/faults                    → [fault]
 *   POST   /__mock/faults     {FaultSpec}    → 201 { id }
 *   DELETE /__mock/faults[/{id}]             → 204
 *   POST   /__mock/sessions/expire [{session}] → { expired }
 *   POST   /__mock/reset                     → 204 (seed state back, faults cleared)
 *   GET    /__mock/state                     → the state as JSON (as --state saves it)
 *   GET    /__mock/violations                → responses that did not match the spec (validateResponses)
 *   GET    /__mock/requests[?operation=&method=&path=&since=] → the request journal (request-journal.ts)
 *   DELETE /__mock/requests                  → 204 (the journal emptied)
 *   GET    /__mock/tasks                     → every task with its info
 *   POST   /__mock/tasks/{id}?action=release → 204 (a BLOCKED task goes on)
 *   POST   /__mock/tasks/{id}?action=cancel  → 204 (an unsettled task FAILS with CANCELED)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readText } from '../idp/provider.js';
import { adminRefusal } from './admin-guard.js';
import type { MockCore } from './core.js';
import { VapiError } from './errors.js';
import type { FaultSpec } from './faults.js';
import { journalOf, type RequestFilter } from './request-journal.js';

/** `?operation=&method=&path=&since=` as a filter; any other parameter is refused by the journal, naming it. */
function requestFilter(search: string): RequestFilter {
  const filter: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) {
    if (Object.hasOwn(filter, k)) throw new VapiError('INVALID_ARGUMENT', `The request filter '${k.slice(0, 50)}' is given twice.`, [k.slice(0, 50)]);
    Object.defineProperty(filter, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  // `since` in a URL is an ISO 8601 time or epoch milliseconds.
  return (filter.since !== undefined && /^\d+$/.test(filter.since) ? { ...filter, since: Number(filter.since) } : filter) as RequestFilter;
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(req, 64 * 1024);
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new VapiError('INVALID_REQUEST', 'The request body is not a JSON object.');
}

export async function serveAdmin(core: MockCore, req: IncomingMessage, res: ServerResponse, pathname: string, search = ''): Promise<boolean> {
  if (!pathname.startsWith('/__mock/')) return false;
  const refusal = adminRefusal(req.method ?? 'GET', req.headers, core.options.admin);
  if (refusal) throw refusal;
  const sub = pathname.slice('/__mock'.length);
  const method = req.method ?? 'GET';
  const done = (status: number, body?: unknown) => {
    if (body === undefined) {
      res.writeHead(status);
      res.end();
    } else core.sendJson(res, status, body);
    return true;
  };
  if (sub === '/health' && method === 'GET') {
    return done(200, {
      ok: true,
      operations: core.routes.length,
      sessions: core.sessions.size,
      tasks: core.state.tasks.size,
      lockout: core.lockout.state(),
      ...(core.fastLane ? { fastLane: core.fastLane } : {}),
    });
  }
  if (sub === '/faults' && method === 'GET') return done(200, core.faults.list());
  if (sub === '/faults' && method === 'POST') {
    const spec = (await jsonBody(req)) as FaultSpec;
    return done(201, { id: core.faults.add(spec) });
  }
  if (sub === '/faults' && method === 'DELETE') {
    core.faults.clear();
    return done(204);
  }
  if (sub.startsWith('/faults/') && method === 'DELETE') {
    core.faults.remove(decodeURIComponent(sub.slice('/faults/'.length)));
    return done(204);
  }
  if (sub === '/sessions/expire' && method === 'POST') {
    const body = await jsonBody(req);
    const expired = core.faults.expireSessions(typeof body.session === 'string' ? body.session : undefined);
    return done(200, { expired });
  }
  if (sub === '/reset' && method === 'POST') {
    core.reset();
    return done(204);
  }
  if (sub === '/state' && method === 'GET') return done(200, core.state.toData());
  if (sub === '/violations' && method === 'GET') return done(200, core.responseViolations);
  if (sub === '/requests' && method === 'GET') return done(200, journalOf(core).list(requestFilter(search)));
  if (sub === '/requests' && method === 'DELETE') {
    journalOf(core).clear();
    return done(204);
  }
  if (sub === '/tasks' && method === 'GET') return done(200, await core.tasks.list());
  if (sub.startsWith('/tasks/') && method === 'POST') {
    const id = decodeURIComponent(sub.slice('/tasks/'.length));
    const action = new URLSearchParams(search).get('action');
    if (action === 'release') core.tasks.release(id);
    else if (action === 'cancel') core.tasks.cancel(id);
    else throw new VapiError('OPERATION_NOT_FOUND', `Unknown task action '${String(action).slice(0, 50)}'; use release or cancel.`);
    return done(204);
  }
  throw new VapiError('OPERATION_NOT_FOUND', `Admin operation '${method} ${pathname.slice(0, 100)}' does not exist.`);
}
