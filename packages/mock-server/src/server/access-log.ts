/**
 * The access log: one line per answered request, secrets masked (`vsphere-mock --log requests`,
 * `startMockServer({ requestLog })`):
 *
 *   2026-12-03T19:04:05.120Z GET /api/vcenter/vm?names=web-01 200 2ms vcenter.vm.list
 *
 * (arrival time, method, path and query as sent, status or `-` when the connection ended without
 * one, time to answer, the operation or `-`).
 */
import { REDACTED, isSecretKey, redactText } from '@vsphere-kit/core/secrets';
import type { RequestRecord } from './request-journal.js';

/** Where log lines go: a function that takes each line, or a stream (each line is written with a newline). */
export type LogSink = ((line: string) => void) | { write(chunk: string): unknown };

/** A function that takes one line, whichever kind of sink was given. */
export function lineWriter(sink: LogSink, what: string): (line: string) => void {
  if (typeof sink === 'function') return sink;
  if (sink && typeof (sink as { write?: unknown }).write === 'function') return (line) => void sink.write(`${line}\n`);
  throw new TypeError(`${what} must be a function that takes a line or a writable stream, got ${sink === null ? 'null' : typeof sink}`);
}

/** The access-log line of one request. */
export function accessLogLine(r: RequestRecord): string {
  return `${new Date(r.at).toISOString()} ${r.method} ${maskedTarget(r.url)} ${r.status || '-'} ${r.end - r.at}ms ${r.route?.id ?? '-'}`;
}

/** The request target with the values of secret query parameters masked (and anything shaped like a secret). */
function maskedTarget(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // keep it as sent
      }
      return eq >= 0 && isSecretKey(decoded) ? `${name}=${REDACTED}` : pair;
    });
  return redactText(`${url.slice(0, q)}?${parts.join('&')}`);
}
