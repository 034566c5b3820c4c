/**
 * Account lockout as vCenter SSO's default lockout policy does it: after `maxFailures` failed logins
 * of one account within `failureWindowMs`, the account is locked for `unlockMs`; meanwhile every
 * login of it answers UNAUTHENTICATED, even with the right password. A successful login clears the
 * count. Only configured users are tracked (names that do not exist cannot fill the table).
 */

export interface LockoutPolicy {
  /** Failed logins that lock the account (default 5, as vCenter; 0 turns lockout off). */
  maxFailures: number;
  /** Failures count only within this window since the first one (default 180 s, as vCenter). */
  failureWindowMs: number;
  /** How long the account stays locked (default 300 s, as vCenter). */
  unlockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, failureWindowMs: 180_000, unlockMs: 300_000 };

interface Account {
  failures: number;
  firstFailure: number;
  lockedUntil?: number;
}

export interface LockoutState {
  maxFailures: number;
  failureWindowMs: number;
  unlockMs: number;
  /** Accounts with failures or a lock now. */
  accounts: { user: string; failures: number; locked: boolean; lockedUntil?: string }[];
}

export class AccountLockout {
  private readonly accounts = new Map<string, Account>();

  constructor(
    readonly policy: LockoutPolicy,
    private readonly known: (user: string) => boolean,
  ) {}

  /** True while `user` is locked. */
  isLocked(user: string, now = Date.now()): boolean {
    const a = this.accounts.get(user);
    if (!a?.lockedUntil) return false;
    if (now < a.lockedUntil) return true;
    this.accounts.delete(user);
    return false;
  }

  /** Counts a failed login; returns true when it locked the account. */
  failed(user: string, now = Date.now()): boolean {
    if (this.policy.maxFailures <= 0 || !this.known(user)) return false;
    let a = this.accounts.get(user);
    if (!a || now - a.firstFailure > this.policy.failureWindowMs) this.accounts.set(user, (a = { failures: 0, firstFailure: now }));
    a.failures++;
    if (a.failures < this.policy.maxFailures) return false;
    a.lockedUntil = now + this.policy.unlockMs;
    return true;
  }

  succeeded(user: string): void {
    this.accounts.delete(user);
  }

  /** Forgets every failure and lock (reset). */
  clear(): void {
    this.accounts.clear();
  }

  state(now = Date.now()): LockoutState {
    const accounts: LockoutState['accounts'] = [];
    for (const [user, a] of this.accounts) {
      const locked = this.isLocked(user, now);
      if (!locked && now - a.firstFailure > this.policy.failureWindowMs) continue;
      accounts.push({ user, failures: a.failures, locked, ...(locked ? { lockedUntil: new Date(a.lockedUntil!).toISOString() } : {}) });
    }
    return { ...this.policy, accounts };
  }
}
