/** API sessions (`vmware-api-session-id`) with idle expiry, shared by `/api/session` and the `/rest` login. */
import { randomFillSync } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SESSION_HEADER } from '@vsphere-kit/core/auth';

/**
 * The session a request names: the `vmware-api-session-id` header, else, on a `/rest` call, the
 * cookie of the same name that the `/rest` login sets (its path is `/rest`, so `/api` never gets it).
 */
export function requestSessionId(headers: IncomingHttpHeaders, rest: boolean): string | undefined {
  const header = headers[SESSION_HEADER];
  if (typeof header === 'string') return header;
  return rest ? sessionCookie(headers.cookie) : undefined;
}

function sessionCookie(cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  for (const pair of cookie.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_HEADER) return pair.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** `Set-Cookie` of the `/rest` login (`id`), or the one that clears it at logout (no `id`). */
export function sessionCookieHeader(id: string | undefined, secure: boolean): string {
  const attributes = `Path=/rest;${secure ? ' Secure;' : ''} HttpOnly; SameSite=Strict`;
  return id === undefined ? `${SESSION_HEADER}=; Max-Age=0; ${attributes}` : `${SESSION_HEADER}=${id}; ${attributes}`;
}

/** Random bytes for session ids, drawn a pool at a time: one call into the CSPRNG per 256 logins instead of one per login. */
const ID_BYTES = 16;
const idPool = Buffer.alloc(ID_BYTES * 256);
let idAt = idPool.length;

/** A new session id: 128 random bits as 32 hex digits. */
export function newSessionId(): string {
  if (idAt === idPool.length) {
    randomFillSync(idPool);
    idAt = 0;
  }
  const id = idPool.toString('hex', idAt, idAt + ID_BYTES);
  idAt += ID_BYTES;
  return id;
}

export interface Session {
  id: string;
  user: string;
  created: number;
  lastAccess: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  constructor(public idleMs: number) {}

  create(user: string): Session {
    const now = Date.now();
    const s: Session = { id: newSessionId(), user, created: now, lastAccess: now };
    this.sessions.set(s.id, s);
    return s;
  }

  /** The live session for `id`, touched; undefined when unknown or idle too long. */
  use(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const now = Date.now();
    if (this.idleMs > 0 && now - s.lastAccess > this.idleMs) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastAccess = now;
    return s;
  }

  /** Drops the sessions idle longer than the idle time (the pruning timer); returns how many. */
  prune(now = Date.now()): number {
    if (this.idleMs <= 0) return 0;
    let n = 0;
    for (const [id, s] of this.sessions) {
      if (now - s.lastAccess > this.idleMs) {
        this.sessions.delete(id);
        n++;
      }
    }
    return n;
  }

  delete(id: string): boolean {
    return this.sessions.delete(id);
  }

  /** Forced expiry: one session, or all when `id` is omitted. Returns how many ended. */
  expire(id?: string): number {
    if (id !== undefined) return this.sessions.delete(id) ? 1 : 0;
    const n = this.sessions.size;
    this.sessions.clear();
    return n;
  }

  get size(): number {
    return this.sessions.size;
  }
}
