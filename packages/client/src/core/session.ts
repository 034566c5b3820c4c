import { dirname } from 'node:path';
import { nodeFsSync } from '../internal/builtins.js';
import { isVisibleAscii } from '../internal/http-syntax.js';

let tmpCounter = 0;

/** The longest session id kept: ids are tens of characters. */
const MAX_SESSION_ID = 4096;

/**
 * A file that keeps session identifiers across processes (mode 0600). Entries
 * are keyed by server and principal, so one file can serve several servers and users.
 */
export class SessionCacheFile {
  readonly path: string;
  readonly #key: string;

  constructor(path: string, key: string) {
    this.path = path;
    this.#key = key;
  }

  /**
   * This client's kept session id; undefined when none is kept. Throws, naming the file, when the file is
   * not the cache's JSON or the entry holds no session id a request header can carry (the caller then logs in).
   */
  async read(): Promise<string | undefined> {
    const all = await this.#readAll(true);
    const entry = all[this.#key];
    if (entry === undefined) return undefined;
    const id = (entry as { sessionId?: unknown } | null)?.sessionId;
    // A session id goes into a header as is: visible ASCII only, so a hand-edited file cannot add header lines.
    if (typeof id !== 'string' || !isVisibleAscii(id, MAX_SESSION_ID)) {
      throw new Error(`session cache file ${this.path}: the session kept for ${this.#key.replace('|', ' as ')} is no usable session id; logging in instead`);
    }
    return id;
  }

  async write(sessionId: string): Promise<void> {
    const all = await this.#readAll();
    all[this.#key] = { sessionId, savedAt: new Date().toISOString() };
    await this.#writeAll(all);
  }

  /** Removes this client's entry, only if it still holds `sessionId` (when given). */
  async remove(sessionId?: string): Promise<void> {
    const all = await this.#readAll();
    const entry = all[this.#key];
    if (!entry) return;
    if (sessionId !== undefined && entry.sessionId !== sessionId) return;
    delete all[this.#key];
    await this.#writeAll(all);
  }

  /** The entries; `strict` throws, naming the file, where they cannot be read (else an unreadable file counts as empty, and is replaced). */
  async #readAll(strict = false): Promise<Record<string, { sessionId: string; savedAt: string }>> {
    let text: string;
    try {
      // Read synchronously: a few hundred bytes, and fs/promises' machinery costs a short-lived process (a CLI) more
      // to load than the read itself.
      text = nodeFsSync().readFileSync(this.path, 'utf8');
    } catch {
      return {};
    }
    let sessions: unknown;
    try {
      sessions = (JSON.parse(text) as { sessions?: unknown } | null)?.sessions;
    } catch {
      // sessions stays undefined: reported below
    }
    if (sessions && typeof sessions === 'object' && !Array.isArray(sessions)) return sessions as Record<string, { sessionId: string; savedAt: string }>;
    if (strict)
      throw new Error(`session cache file ${this.path} is not a session cache (JSON with a "sessions" object); logging in instead, and the file is rewritten`);
    return {};
  }

  /**
   * Written synchronously, as it is read: a few hundred bytes, once per login, and fs/promises' machinery cost a
   * short-lived process (a CLI's first command) more than the writes.
   */
  async #writeAll(sessions: Record<string, unknown>): Promise<void> {
    const fs = nodeFsSync();
    fs.mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    // Unique among this machine's writers (pid) and this process's (a counter); no randomness: loading crypto
    // for it cost a short-lived process (a CLI's first command) more than its login.
    const tmp = `${this.path}.${process.pid}.${++tmpCounter}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ version: 1, sessions }, null, 2), { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    try {
      fs.renameSync(tmp, this.path);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }
}

/**
 * Holds the current session id and makes sure that concurrent callers share a
 * single login: while one is in flight, every caller awaits the same promise.
 */
export class SessionState {
  #id: string | undefined;
  #login: Promise<string> | undefined;
  #generation = 0;

  constructor(
    private readonly doLogin: () => Promise<string>,
    initialId?: string,
  ) {
    this.#id = initialId;
  }

  get current(): string | undefined {
    return this.#id;
  }

  /** Number of logins started so far (for diagnostics and tests). */
  get logins(): number {
    return this.#generation;
  }

  set(id: string | undefined): void {
    this.#id = id;
  }

  /** The current session id, logging in (once, shared) when there is none. */
  get(): Promise<string> {
    if (this.#id !== undefined) return Promise.resolve(this.#id);
    return this.login();
  }

  /** Starts a login unless one is already in flight; all callers share it. */
  login(): Promise<string> {
    if (this.#login) return this.#login;
    this.#generation++;
    const p = this.doLogin().then(
      (id) => {
        this.#id = id;
        this.#login = undefined;
        return id;
      },
      (err: unknown) => {
        this.#login = undefined;
        throw err;
      },
    );
    this.#login = p;
    return p;
  }

  /** Drops `id` if it is still the current session (a stale 401 does not drop a newer session). */
  invalidate(id: string | undefined): void {
    if (id !== undefined && this.#id === id) this.#id = undefined;
  }

  /** Waits for an in-flight login, ignoring its failure. */
  async settle(): Promise<void> {
    if (this.#login) await this.#login.catch(() => undefined);
  }
}
