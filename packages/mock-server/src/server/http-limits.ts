/**
 * The limits on a request's head, and the answers to requests beyond them: 414 for a
 * request target over MAX_URL_BYTES, 431 for a head over node:http's size limit or with
 * more than MAX_HEADER_COUNT header lines, 408 for a head still incomplete when the
 * headers timeout strikes. The fast lane leaves every such request to node:http (or to the
 * pipeline's checks), so both lanes answer alike.
 */
import type { Socket } from 'node:net';

/** Longest request target (path and query) accepted. */
export const MAX_URL_BYTES = 8 * 1024;
/** Most header lines accepted in one request (node:http would silently drop those past its own count). */
export const MAX_HEADER_COUNT = 100;

/** What a request refused before it reached the pipeline gets: status line, close, and a vSphere error body. */
function errorAnswer(status: number, reason: string, message: string, id: string): string {
  const body = JSON.stringify({ error_type: 'INVALID_REQUEST', messages: [{ id, default_message: message, args: [] }] });
  return `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** node:http's 'clientError': the request could not be read. Answers with the status that says why, then closes. */
export function answerClientError(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  let answer: string;
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      answer = requestLineTooLong(err.rawPacket)
        ? errorAnswer(414, 'URI Too Long', `The request target is longer than ${MAX_URL_BYTES} bytes.`, 'com.vmware.mock.http.uri_too_long')
        : errorAnswer(431, 'Request Header Fields Too Large', 'The request head is larger than the server accepts.', 'com.vmware.mock.http.headers_too_large');
      break;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      answer = errorAnswer(408, 'Request Timeout', 'The request head did not arrive in time.', 'com.vmware.mock.http.request_timeout');
      break;
    default:
      answer = errorAnswer(400, 'Bad Request', 'The request is not valid HTTP/1.1.', 'com.vmware.mock.http.bad_request');
  }
  socket.end(answer);
}

/**
 * True when the bytes node:http was reading as it gave up still hold the request line past
 * MAX_URL_BYTES, or no end of it at all: the target, not the header fields, is too long.
 */
function requestLineTooLong(raw: Buffer | undefined): boolean {
  if (!raw) return false;
  const end = raw.indexOf('\r\n');
  if (end >= 0) return end > MAX_URL_BYTES;
  // No line end in this chunk: too long a request line if the chunk still starts with one.
  return /^[A-Z]+ \S/.test(raw.toString('latin1', 0, 16));
}
