// Session ids come from a pool of random bytes refilled every 256 logins: each is still 128
// random bits as 32 hex digits, and none repeats across refills.
import { describe, expect, it } from 'vitest';
import { newSessionId, SessionStore } from '../src/server/sessions.js';

describe('session ids', () => {
  it('are 32 hex digits, all different across several refills of the pool', () => {
    const ids = Array.from({ length: 1000 }, () => newSessionId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('name the sessions the store creates', () => {
    const store = new SessionStore(0);
    const a = store.create('u');
    const b = store.create('u');
    expect(a.id).toMatch(/^[0-9a-f]{32}$/);
    expect(a.id).not.toBe(b.id);
    expect(store.use(a.id)?.user).toBe('u');
  });
});
