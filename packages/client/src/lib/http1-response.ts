/**
 * An incremental reader of one HTTP/1.1 response (RFC 9112), for NodeHttpDispatcher: the head,
 * then the body framed by Content-Length, chunked transfer coding, or the end of the connection.
 * Strict where a lenient reading could mix two answers up: conflicting lengths, a malformed
 * chunk size, an oversized head or a header line without a colon end the connection with an
 * error instead of a guess.
 */
import { isDigits, isToken, listsToken, parseStatusLine } from '../internal/http-syntax.js';

/** Larger heads are refused, as Node's own parser does (its default is 16 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHUNK_LINE = 1024;

export interface ResponseHead {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  /** Whether the connection may carry another request after this response. */
  readonly keepAlive: boolean;
}

/** A response that breaks HTTP/1.1's framing: the connection cannot be trusted any more. */
export class HttpFramingError extends Error {
  readonly code = 'UND_ERR_SOCKET';
  constructor(what: string) {
    super(`malformed HTTP response from the server: ${what}`);
    this.name = 'HttpFramingError';
  }
}

type Framing = { kind: 'none' } | { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' };
type ChunkState = 'size' | 'data' | 'data-end' | 'trailers';

export class ResponseReader {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #head: ResponseHead | undefined;
  #framing: Framing | undefined;
  #chunk: ChunkState = 'size';
  #chunkLeft = 0;
  #body: Buffer[] = [];
  #done = false;

  /**
   * @param noBody a HEAD request: the answer has a head only, whatever its headers say.
   * @param onHead called once the final (non-1xx) head is read.
   */
  constructor(
    private readonly noBody: boolean,
    private readonly onHead: (head: ResponseHead) => void,
  ) {}

  get done(): boolean {
    return this.#done;
  }

  get head(): ResponseHead | undefined {
    return this.#head;
  }

  /** The body read so far, as UTF-8 text. */
  text(): string {
    return Buffer.concat(this.#body).toString('utf8');
  }

  /** Feeds bytes from the socket; returns bytes past the end of this response (a server must not send any). Throws HttpFramingError. */
  push(data: Buffer): Buffer | undefined {
    if (this.#done) return data.length ? data : undefined;
    this.#pending.push(data);
    this.#pendingBytes += data.length;
    let buf = this.#take();
    while (!this.#done && buf.length) {
      const used = this.#head === undefined ? this.#readHead(buf) : this.#readBody(buf);
      if (used === 0) break;
      buf = buf.subarray(used);
    }
    this.#keep(buf);
    if (this.#done && this.#pendingBytes) return this.#take();
    return undefined;
  }

  /** The connection ended: completes a body framed by the end of the connection, or throws when the response is cut short. */
  end(): void {
    if (this.#done) return;
    if (this.#framing?.kind === 'close') {
      this.#done = true;
      return;
    }
    throw new HttpFramingError(this.#head ? 'the connection closed before the end of the body' : 'the connection closed before a complete head');
  }

  #take(): Buffer {
    const buf = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    return buf;
  }

  #keep(buf: Buffer): void {
    if (buf.length) {
      this.#pending.push(buf);
      this.#pendingBytes += buf.length;
    }
  }

  /** Reads a head if `buf` holds a whole one; returns the bytes used (0: wait for more). */
  #readHead(buf: Buffer): number {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) {
      if (buf.length > MAX_HEAD_BYTES) throw new HttpFramingError(`a head longer than ${MAX_HEAD_BYTES} bytes`);
      return 0;
    }
    if (end > MAX_HEAD_BYTES) throw new HttpFramingError(`a head longer than ${MAX_HEAD_BYTES} bytes`);
    const lines = buf.toString('latin1', 0, end).split('\r\n');
    const status = parseStatusLine(lines[0]!);
    if (!status) throw new HttpFramingError(`status line ${JSON.stringify(lines[0]!.slice(0, 80))}`);
    const { statusCode } = status;
    const headers: Record<string, string | string[]> = Object.create(null);
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon).toLowerCase() : '';
      if (!isToken(name)) throw new HttpFramingError(`header line ${JSON.stringify(line.slice(0, 80))}`);
      const value = line.slice(colon + 1).trim();
      const seen = headers[name];
      if (seen === undefined) headers[name] = name === 'set-cookie' ? [value] : value;
      else if (Array.isArray(seen)) seen.push(value);
      else headers[name] = `${seen}, ${value}`;
    }
    const used = end + 4;
    // 1xx answers (100 Continue, 103 Early Hints) come before the real one; 101 would switch protocols, which we never ask for.
    if (statusCode >= 100 && statusCode < 200) {
      if (statusCode === 101) throw new HttpFramingError('an unrequested protocol switch (101)');
      return used;
    }
    const connection = String(headers.connection ?? '').toLowerCase();
    let keepAlive = status.minor === 0 ? listsToken(connection, 'keep-alive') : !listsToken(connection, 'close');
    this.#framing = this.#framingOf(statusCode, headers);
    if (this.#framing.kind === 'close') keepAlive = false;
    this.#head = { statusCode, headers, keepAlive };
    this.onHead(this.#head);
    if (this.#framing.kind === 'none' || (this.#framing.kind === 'length' && this.#framing.left === 0)) this.#done = true;
    return used;
  }

  #framingOf(statusCode: number, headers: Record<string, string | string[]>): Framing {
    if (this.noBody || statusCode === 204 || statusCode === 304) return { kind: 'none' };
    const te = headers['transfer-encoding'];
    if (te !== undefined) {
      // Chunked must be the last coding; with any other the body runs to the end of the connection.
      const codings = String(te)
        .toLowerCase()
        .split(',')
        .map((c) => c.trim());
      return codings[codings.length - 1] === 'chunked' ? { kind: 'chunked' } : { kind: 'close' };
    }
    const cl = headers['content-length'];
    if (cl !== undefined) {
      const values = String(cl)
        .split(',')
        .map((v) => v.trim());
      if (!values.every((v) => isDigits(v, 15) && v === values[0])) throw new HttpFramingError(`Content-Length ${JSON.stringify(String(cl))}`);
      return { kind: 'length', left: Number(values[0]) };
    }
    return { kind: 'close' };
  }

  #readBody(buf: Buffer): number {
    const framing = this.#framing!;
    if (framing.kind === 'close') {
      this.#body.push(buf);
      return buf.length;
    }
    if (framing.kind === 'length') {
      const n = Math.min(framing.left, buf.length);
      this.#body.push(buf.subarray(0, n));
      framing.left -= n;
      if (framing.left === 0) this.#done = true;
      return n;
    }
    return this.#readChunked(buf);
  }

  #readChunked(buf: Buffer): number {
    if (this.#chunk === 'data') {
      const n = Math.min(this.#chunkLeft, buf.length);
      this.#body.push(buf.subarray(0, n));
      this.#chunkLeft -= n;
      if (this.#chunkLeft === 0) this.#chunk = 'data-end';
      return n;
    }
    const eol = buf.indexOf('\r\n');
    if (eol < 0) {
      if (buf.length > MAX_CHUNK_LINE) throw new HttpFramingError('a chunk line without an end');
      return 0;
    }
    const line = buf.toString('latin1', 0, eol);
    if (this.#chunk === 'data-end') {
      if (eol !== 0) throw new HttpFramingError('chunk data longer than its size');
      this.#chunk = 'size';
    } else if (this.#chunk === 'size') {
      const size = line.split(';', 1)[0]!.trim();
      if (!/^[0-9A-Fa-f]{1,12}$/.test(size)) throw new HttpFramingError(`chunk size ${JSON.stringify(line.slice(0, 40))}`);
      this.#chunkLeft = Number.parseInt(size, 16);
      this.#chunk = this.#chunkLeft === 0 ? 'trailers' : 'data';
    } else if (eol === 0) {
      this.#done = true; // the empty line after the (ignored) trailers
    }
    return eol + 2;
  }
}
