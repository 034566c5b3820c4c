/**
 * Reads the one kind of request the fast lane (fast-lane.ts) answers: a
 * complete HTTP/1.1 request head, with no body or with a small one declared by
 * Content-Length and complete in the same chunk, filling the chunk exactly. It is
 * strict on purpose: whatever it does not accept goes to node:http, which then
 * answers (or refuses) it, so a doubt costs speed, never correctness.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { MAX_HEADER_COUNT } from '../../http-limits.js';
import type { PipelineRequest } from '../../pipeline-http.js';

/** node:http's default limit on the size of a request head. */
const MAX_HEAD_BYTES = 16 * 1024;
/** The largest body the lane takes (create and update specs); larger ones go to node:http. */
export const MAX_LANE_BODY_BYTES = 16 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');
/** Methods whose body-less form the lane answers (HEAD needs body suppression; the rest are rare). */
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;
const SLASH = 0x2f;
/** 1 for the bytes of an HTTP token (header names). */
const TOKEN_BYTE = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TOKEN_BYTE[c.charCodeAt(0)] = 1;
const VERSION = ' HTTP/1.1\r\n';

/** A request the lane answers: the parts of IncomingMessage the pipeline reads. */
export class SimpleRequest implements PipelineRequest {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly pathname: string,
    readonly headers: IncomingHttpHeaders,
    /** The whole body, already read (undefined: none). */
    readonly body?: Buffer,
  ) {}

  /**
   * The body is already read: 'data' (when there is a body) and then 'end' come on the next
   * microtasks, 'end' one later so that it follows a 'data' listener added after it; nothing
   * else ever comes.
   */
  on(event: string, listener: (chunk?: Buffer) => void): this {
    const body = this.body;
    if (event === 'data' && body) queueMicrotask(() => listener(body));
    else if (event === 'end') queueMicrotask(() => queueMicrotask(() => listener()));
    return this;
  }
}

/**
 * The request when `chunk` is exactly one HTTP/1.1 request head and the body its
 * Content-Length declares (none, or up to MAX_LANE_BODY_BYTES); undefined for anything
 * else: a partial head or body, more than one request, Transfer-Encoding, Expect,
 * Upgrade, a Connection other than keep-alive, a duplicate header, more than
 * MAX_HEADER_COUNT headers, no Host, a byte out of place.
 */
export function parseSimpleRequest(chunk: Buffer): SimpleRequest | undefined {
  let n = chunk.length;
  if (n < 4) return undefined;
  // The head ends the chunk, or a body follows it (whose length Content-Length must give).
  const bodyless = chunk[n - 4] === CR && chunk[n - 3] === LF && chunk[n - 2] === CR && chunk[n - 1] === LF;
  if (!bodyless) {
    const end = chunk.indexOf(HEAD_END);
    if (end < 0 || end + 4 > MAX_HEAD_BYTES || n - end - 4 > MAX_LANE_BODY_BYTES) return undefined;
    n = end + 4;
  }
  if (n > MAX_HEAD_BYTES) return undefined;
  const bodyBytes = chunk.length - n;
  // One decode of the head, then string scanning: cheaper than a Buffer-to-string call per field.
  const text = chunk.toString('latin1', 0, n);

  // Request line: METHOD SP /target SP HTTP/1.1 CRLF
  const methodEnd = text.indexOf(' ');
  if (methodEnd <= 0 || methodEnd > 7) return undefined;
  const method = text.slice(0, methodEnd);
  if (!METHODS.has(method)) return undefined;
  const urlStart = methodEnd + 1;
  if (text.charCodeAt(urlStart) !== SLASH) return undefined;
  let p = urlStart;
  let query = -1;
  for (; p < n; p++) {
    const c = text.charCodeAt(p);
    if (c <= SP || c >= 0x7f) break; // printable ASCII only; node:http judges the rest
    if (c === 0x3f /* ? */ && query < 0) query = p;
  }
  if (!text.startsWith(VERSION, p)) return undefined;
  const url = text.slice(urlStart, p);
  const pathname = query < 0 ? url : text.slice(urlStart, query);
  p += VERSION.length;

  // Header lines until the empty line that ends the chunk.
  const headers: IncomingHttpHeaders = {};
  let count = 0;
  while (p < n - 2) {
    if (++count > MAX_HEADER_COUNT) return undefined; // node:http's count rule applies (431)
    const nameStart = p;
    let upper = false;
    for (;;) {
      const c = text.charCodeAt(p);
      if (TOKEN_BYTE[c] !== 1) break;
      if (c >= 0x41 && c <= 0x5a) upper = true;
      p++;
    }
    if (p === nameStart || text.charCodeAt(p) !== COLON) return undefined;
    const name = upper ? text.slice(nameStart, p).toLowerCase() : text.slice(nameStart, p);
    p++;
    while (text.charCodeAt(p) === SP || text.charCodeAt(p) === HT) p++;
    const valueStart = p;
    let valueEnd = p;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === CR) break;
      if ((c < SP && c !== HT) || c === 0x7f) return undefined; // control bytes, a bare LF
      p++;
      if (c !== SP && c !== HT) valueEnd = p;
    }
    if (text.charCodeAt(p + 1) !== LF) return undefined;
    p += 2;
    // Duplicates (node:http's joining rules apply), and names of Object.prototype members, which read as present.
    if (headers[name] !== undefined) return undefined;
    const value = text.slice(valueStart, valueEnd);
    switch (name) {
      case 'content-length':
        // Digits only, and exactly the bytes that follow the head (a partial body waits for node:http).
        if (!/^(?:0|[1-9]\d{0,4})$/.test(value) || Number(value) !== bodyBytes) return undefined;
        break;
      case 'connection':
        if (value.toLowerCase() !== 'keep-alive') return undefined;
        break;
      case 'transfer-encoding':
      case 'expect':
      case 'upgrade':
        return undefined;
    }
    headers[name] = value;
  }
  if (p !== n - 2 || headers.host === undefined) return undefined;
  if (bodyBytes === 0) return new SimpleRequest(method, url, pathname, headers);
  // A body needs its Content-Length (checked above to match); without one it would be the next request.
  if (headers['content-length'] === undefined) return undefined;
  return new SimpleRequest(method, url, pathname, headers, chunk.subarray(n));
}
