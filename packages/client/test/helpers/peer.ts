/**
 * A tiny HTTP server that plays the remote vCenter for behaviours the mock does
 * not offer (exact reply bytes, resets, BLOCKED tasks). It is the peer, not the
 * code under test: the client talks to it over real loopback HTTP.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteDef } from '@vsphere-kit/core/route';

export type Handler = (req: IncomingMessage & { body: string }, res: ServerResponse) => void | Promise<void>;

export interface Peer {
  readonly url: string;
  readonly requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

export async function startPeer(handler: Handler): Promise<Peer> {
  const requests: Peer['requests'] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    try {
      await handler(Object.assign(req, { body }), res);
    } catch (err) {
      res.statusCode = 599;
      res.end(String(err));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function vapiError(errorType: string, message = `${errorType} happened`, args: string[] = []) {
  return { error_type: errorType, messages: [{ id: `test.${errorType.toLowerCase()}`, default_message: message, args }] };
}

/** A peer that accepts any Basic login and answers `route` handlers for everything else. */
export function withLogin(handler: Handler, sessionId = 'peer-session-0123456789'): Handler {
  return async (req, res) => {
    if (req.method === 'POST' && req.url === '/api/session') return json(res, 201, sessionId);
    if (req.method === 'DELETE' && req.url === '/api/session') {
      res.writeHead(204).end();
      return;
    }
    return handler(req, res);
  };
}

/** A session-authenticated GET of `path` answering JSON: the route a scripted peer is called through. */
export function peerGetRoute(id: string, path: string): RouteDef {
  return { id, method: 'GET', path, pathParams: [], queryParams: [], successStatus: 200, responseBody: true, rest: false, auth: 'session' };
}
