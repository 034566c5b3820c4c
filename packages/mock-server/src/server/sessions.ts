/** API sessions (`vmware-api-session-id`) with idle expiry. */
import { randomBytes } from 'node:crypto';

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
    const s: Session = { id: randomBytes(16).toString('hex'), user, created: now, lastAccess: now };
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
