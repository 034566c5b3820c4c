/**
 * The request journal: the last N requests the mock received, so that a contract test can assert
 * on what the code under test sent (`mock.requests({ operation })`, `GET /__mock/requests`).
 *
 * Cheap on the hot path: a call stores references (method, URL, the headers object, the body
 * text it read anyway) in a fixed ring; nothing is parsed, copied or masked until someone reads
 * the journal. Reading builds plain objects with every secret masked by core's rules
 * (passwords, session ids, Authorization, tokens, guest credentials).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { REDACTED, redactHeaders, redactText, redactValue, isSecretKey } from '@vsphere-kit/core/secrets';
import { VapiError } from './errors.js';
import { checkOperationId, type OperationId } from './operation-ids.js';
import type { MockRouteDef } from './route-types.js';

/** How many requests the journal keeps unless told otherwise (the oldest go first). */
export const DEFAULT_JOURNAL_SIZE = 1000;
/** Bodies larger than this (in bytes) are journaled by their size only. */
export const MAX_JOURNALED_BODY = 64 * 1024;

/** One request as the journal gives it back. */
export interface RecordedRequest {
  /** Position in the journal: 1 for the first request since the mock started (clearing does not restart it). */
  seq: number;
  /** When the request arrived (ISO 8601). */
  time: string;
  /** The operation that answered it; null when none did (unknown path, IdP, file transfer). */
  operation: OperationId | null;
  method: string;
  /** The path as sent (percent-encoded, without the query). */
  path: string;
  /** Query parameters (a repeated one as a list), secret ones masked. */
  query: Record<string, string | string[]>;
  /**
   * Request headers (lower-case names), secret ones masked; only with `journalHeaders: true`
   * (`--journal-headers`): holding every request's headers costs the pipeline measurable CPU.
   */
  headers?: Record<string, string | string[]>;
  /** The body as parsed (JSON or form), secrets masked; absent without a body or above 64 KiB (see `bodyBytes`). */
  body?: unknown;
  /** Size of the body in bytes, when the mock read one. */
  bodyBytes?: number;
  /** The answer's HTTP status; null while it is being answered or when the connection ended without one. */
  status: number | null;
  /** Milliseconds from arrival to the answer; null while it is being answered. */
  durationMs: number | null;
}

/** What `requests()` and `GET /__mock/requests` select by; every given field must match. */
export interface RequestFilter {
  /** The operation id (checked: an unknown id is an error naming the closest ones). */
  operation?: OperationId;
  /** HTTP method, any case. */
  method?: string;
  /** The path as sent or the operation's path template (`/api/vcenter/vm/{vm}`), or a pattern the path matches. */
  path?: string | RegExp;
  /** Only requests that arrived at or after this time (a Date, epoch milliseconds or an ISO 8601 text). */
  since?: Date | number | string;
}

/**
 * One request while the pipeline runs: what it knows (its route once matched, the body text once
 * read) and, once answered, the status. The journal keeps these as they are.
 */
export class RequestRecord {
  route: MockRouteDef | undefined = undefined;
  /** The body's size in bytes (-1: none read), its text when it is at most MAX_JOURNALED_BODY bytes, and its content type. */
  bodyBytes = -1;
  bodyText: string | undefined = undefined;
  contentType: string | undefined = undefined;
  /** 0 until answered. */
  status = 0;
  end = 0;
  seq = 0;
  readonly at = Date.now();

  constructor(
    readonly method: string,
    readonly url: string,
    /** Kept only when the journal records headers. */
    readonly headers: IncomingHttpHeaders | undefined,
  ) {}
}

/** The journal of a mock, or an error saying that it was turned off (rather than an empty list a test would trust). */
export function journalOf(holder: { readonly journal: RequestJournal | undefined }): RequestJournal {
  if (!holder.journal) throw new VapiError('NOT_ALLOWED_IN_CURRENT_STATE', 'The request journal is off (journalSize 0, --journal-size 0).');
  return holder.journal;
}

/** A fixed-size ring of the latest requests. */
export class RequestJournal {
  private readonly ring: (RequestRecord | undefined)[];
  private count = 0;
  /** Sequence numbers at or below this were cleared. */
  private clearedUpTo = 0;

  constructor(
    readonly capacity: number,
    private readonly operations: ReadonlySet<string>,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new TypeError(`the journal size must be a positive integer, got ${String(capacity)}`);
    this.ring = new Array<RequestRecord | undefined>(capacity);
  }

  add(record: RequestRecord): void {
    record.seq = ++this.count;
    this.ring[this.count % this.capacity] = record;
  }

  /** Forgets every request recorded so far. */
  clear(): void {
    this.clearedUpTo = this.count;
    this.ring.fill(undefined);
  }

  /** The recorded requests that match `filter`, oldest first, secrets masked. */
  list(filter: RequestFilter = {}): RecordedRequest[] {
    const match = this.matcher(filter);
    const out: RecordedRequest[] = [];
    const first = Math.max(this.clearedUpTo, this.count - this.capacity) + 1;
    for (let seq = first; seq <= this.count; seq++) {
      const r = this.ring[seq % this.capacity];
      if (r && r.seq === seq && match(r)) out.push(view(r));
    }
    return out;
  }

  /** Checks `filter` whole (so a typo fails loudly rather than matching nothing) and returns its test. */
  private matcher(filter: RequestFilter): (r: RequestRecord) => boolean {
    if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
      throw new VapiError('INVALID_ARGUMENT', 'A request filter must be an object with operation, method, path or since.', [String(filter)]);
    }
    for (const key of Object.keys(filter)) {
      if (!FILTER_KEYS.has(key)) throw new VapiError('INVALID_ARGUMENT', `Unknown request filter field '${key}'; use operation, method, path or since.`, [key]);
    }
    const { operation, method, path, since } = filter;
    if (operation !== undefined) checkOperationId(operation, this.operations, `request filter 'operation'`);
    if (method !== undefined && (typeof method !== 'string' || method === '')) {
      throw new VapiError('INVALID_ARGUMENT', `request filter 'method' must be an HTTP method such as 'GET'.`, [String(method)]);
    }
    if (path !== undefined && typeof path !== 'string' && !(path instanceof RegExp)) {
      throw new VapiError('INVALID_ARGUMENT', `request filter 'path' must be a path or a RegExp.`, [String(path)]);
    }
    const from = since === undefined ? undefined : sinceMs(since);
    const upper = method?.toUpperCase();
    return (r) => {
      if (operation !== undefined && r.route?.id !== operation) return false;
      if (upper !== undefined && r.method !== upper) return false;
      if (from !== undefined && r.at < from) return false;
      if (path !== undefined) {
        const p = pathOf(r.url);
        if (typeof path === 'string' ? p !== path && r.route?.path !== path : !path.test(p)) return false;
      }
      return true;
    };
  }
}

const FILTER_KEYS = new Set(['operation', 'method', 'path', 'since']);

function sinceMs(since: unknown): number {
  const ms = since instanceof Date ? since.getTime() : typeof since === 'number' ? since : typeof since === 'string' ? Date.parse(since) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new VapiError(
      'INVALID_ARGUMENT',
      `request filter 'since' must be a Date, epoch milliseconds or an ISO 8601 time, got '${String(since).slice(0, 50)}'.`,
      [String(since).slice(0, 50)],
    );
  }
  return ms;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** A query as name → value (a list when repeated), secret names masked. */
export function maskedQuery(url: string): Record<string, string | string[]> {
  const q = url.indexOf('?');
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  if (q < 0) return out;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(url.slice(q + 1));
  } catch {
    return out;
  }
  for (const [name, raw] of params) {
    const value = isSecretKey(name) ? REDACTED : redactText(raw);
    const had = out[name];
    out[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}

/** The body a request carried, parsed as it was sent, with secrets masked. */
function maskedBody(text: string, contentType: string | undefined): unknown {
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return redactValue(Object.fromEntries(new URLSearchParams(text)));
  }
  try {
    return redactValue(JSON.parse(text) as unknown);
  } catch {
    return redactText(text);
  }
}

function view(r: RequestRecord): RecordedRequest {
  const out: RecordedRequest = {
    seq: r.seq,
    time: new Date(r.at).toISOString(),
    operation: (r.route?.id as OperationId | undefined) ?? null,
    method: r.method,
    path: pathOf(r.url),
    query: { ...maskedQuery(r.url) },
    ...(r.headers ? { headers: redactHeaders(r.headers) as Record<string, string | string[]> } : {}),
    status: r.status || null,
    durationMs: r.end ? r.end - r.at : null,
  };
  if (r.bodyBytes >= 0) out.bodyBytes = r.bodyBytes;
  if (r.bodyText !== undefined) out.body = maskedBody(r.bodyText, r.contentType);
  return out;
}
