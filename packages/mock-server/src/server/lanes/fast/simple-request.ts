/**
 * Reads the one kind of request the fast lane (fast-lane.ts) answers: a
 * complete HTTP/1.1 request head with no body, filling a chunk exactly. It is
 * strict on purpose: whatever it does not accept goes to node:http, which then
 * answers (or refuses) it, so a doubt costs speed, never correctness.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { PipelineRequest } from '../../pipeline-http.js';

/** node:http's default limit on the size of a request head. */
const MAX_HEAD_BYTES = 16 * 1024;
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
  ) {}

  /** The request has no body: 'end' comes at once, nothing else ever does. */
  on(event: string, listener: () => void): this {
    if (event === 'end') queueMicrotask(listener);
    return this;
  }
}

/**
 * The request when `chunk` is exactly one HTTP/1.1 request head without a body;
 * undefined for anything else: a partial head, more than one request, a body
 * (Content-Length other than 0, Transfer-Encoding), Expect, Upgrade, a Connection
 * other than keep-alive, a duplicate header, no Host, a byte out of place.
 */
export function parseSimpleRequest(chunk: Buffer): SimpleRequest | undefined {
  const n = chunk.length;
  if (n > MAX_HEAD_BYTES || n < 4 || chunk[n - 4] !== CR || chunk[n - 3] !== LF || chunk[n - 2] !== CR || chunk[n - 1] !== LF) return undefined;
  // One decode, then string scanning: cheaper than a Buffer-to-string call per field.
  const text = chunk.toString('latin1');

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
  while (p < n - 2) {
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
    if (headers[name] !== undefined) return undefined; // duplicates: node:http's joining rules apply
    const value = text.slice(valueStart, valueEnd);
    switch (name) {
      case 'content-length':
        if (value !== '0') return undefined;
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
  return new SimpleRequest(method, url, pathname, headers);
}
