import type { IncomingMessage } from 'node:http';

/**
 * Reads a request body, keeping at most `limit` bytes in memory (whole chunks up to the limit)
 * while counting all of it, so callers decide what an oversized body means: refuse it, or
 * use the prefix they kept.
 */
export function readBounded(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve({ bytes: Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}
