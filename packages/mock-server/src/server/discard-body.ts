/**
 * A request refused before its body was read (413) still has bytes on the way. Closing
 * the connection at once fails the client's send (EPIPE), and the reset that follows can
 * swallow the answer, so the body is read and dropped first; then the answer leaves and
 * the connection closes. Reading stops, and the answer leaves anyway, once DISCARD_LIMIT
 * bytes are dropped or the client sends nothing for DISCARD_IDLE_MS (a Content-Length
 * larger than what it sends).
 */
import type { IncomingMessage } from 'node:http';
import type { PipelineRequest } from './pipeline-http.js';

export const DISCARD_LIMIT = 64 * 1024 * 1024;
export const DISCARD_IDLE_MS = 500;

/** Resolves once the rest of the request body is read and dropped; undefined when nothing is left to read. */
export function discardBody(req: PipelineRequest): Promise<void> | undefined {
  const msg = req as Partial<IncomingMessage>;
  if (typeof msg.resume !== 'function' || msg.complete || msg.readableEnded || msg.destroyed) return undefined;
  return new Promise<void>((resolve) => {
    let dropped = 0;
    const idle = setTimeout(() => done(), DISCARD_IDLE_MS);
    const done = (): void => {
      clearTimeout(idle);
      msg.off?.('data', count);
      resolve();
    };
    const count = (chunk: Buffer): void => {
      dropped += chunk.length;
      if (dropped > DISCARD_LIMIT) done();
      else idle.refresh();
    };
    req.on('data', count);
    req.on('end', done);
    req.on('close', done);
    req.on('error', done);
    msg.resume!();
  });
}
