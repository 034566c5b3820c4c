/**
 * Secret registration and masking, shared by the client (errors, logs) and the
 * CLI (everything it prints). Redaction: passwords, session identifiers, tokens and Authorization headers
 * must never reach an error message, a stack, a JSON form or a log line.
 *
 * Two layers:
 * - a {@link SecretRegistry} per client knows the exact secret values it handled
 *   (password, Basic credentials, session ids, OAuth/SAML tokens) and replaces them
 *   wherever they appear;
 * - {@link redactText} removes well-known secret shapes (Authorization schemes,
 *   `vmware-api-session-id: ...`, `password=...`, `"access_token": "..."`) even
 *   when the value was never registered.
 */

export const REDACTED = '[REDACTED]';

/** Header names whose values are always secret. Lower-case. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'vmware-api-session-id', 'cookie', 'set-cookie', 'x-vmware-vcenter-session-id']);

/** JSON keys / form fields whose values are always secret. Lower-case, `_` for `-`. */
const SECRET_KEYS = new Set([
  'password',
  'passwd',
  'secret',
  'client_secret',
  'access_token',
  'refresh_token',
  'id_token',
  'subject_token',
  'actor_token',
  'token',
  'session_id',
  'sessionid',
  'vmware_api_session_id',
  'authorization',
  'code_verifier',
  'code',
  // the device flow's code (RFC 8628) gets tokens as an authorization code does
  'device_code',
  'saml_token',
  'samltoken',
]);

/**
 * Property names (lower-case, `_` for `-`) that carry a secret even when not listed above
 * (`root_password`, `private_key`, `passphrase`, ...). `authorization` only at the end:
 * `authorization_endpoint` is a URL, `proxy_authorization` a credential. String tests rather than
 * a regular expression: every flag of every command is checked, and V8 compiles an expression
 * twice in its first two uses, more than a short-lived process checks.
 */
function namesASecret(k: string): boolean {
  return (
    k.endsWith('password') ||
    k.endsWith('passwd') ||
    k.endsWith('passphrase') ||
    k.includes('secret') ||
    k === 'token' ||
    k.endsWith('_token') ||
    k.endsWith('sessionid') ||
    k.endsWith('session_id') ||
    k.endsWith('authorization') ||
    k.includes('privatekey') ||
    k.includes('private_key')
  );
}

const TEXT_PATTERNS: readonly [RegExp, (mask: string) => string][] = [
  // SIGN token="..." (vCenter SAML login)
  [/\bSIGN\s+token="[^"]*"/gi, (m) => `SIGN token="${m}"`],
  // Authorization: <scheme> <credentials> (header form, any scheme)
  [/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)[^\r\n"',}]+/gi, (m) => `$1$2${m}`],
  // Basic / Bearer credentials anywhere
  [/\b(Basic|Bearer|Negotiate)\s+[A-Za-z0-9+/=._~-]{4,}/g, (m) => `$1 ${m}`],
  // session headers
  [/\b(vmware-api-session-id|x-vmware-vcenter-session-id|cookie|set-cookie)(["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, (m) => `$1$2${m}`],
  // "key": "value" JSON pairs with secret keys
  [
    /("(?:password|passwd|secret|client_secret|access_token|refresh_token|id_token|subject_token|actor_token|token|session_id|code_verifier|saml_token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    (m) => `$1"${m}"`,
  ],
  // key=value form / query pairs with secret keys
  [/\b(password|passwd|client_secret|access_token|refresh_token|id_token|subject_token|actor_token|session_id|code_verifier)=[^&\s"']+/gi, (m) => `$1=${m}`],
  // user:password@ in URLs
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, (m) => `$1${m}@`],
];

/**
 * Words at least one of which every pattern above needs (its keyword; `://` for `user:pass@`), lower
 * case. Text with none of them (JSON of inventory, most tables) is returned after a few substring
 * searches, without compiling a regular expression: the CLI masks every line it prints, so this is
 * on its start-up path.
 */
const SECRET_WORDS = ['token', 'authorization', 'basic', 'bearer', 'negotiate', 'session', 'cookie', 'pass', 'secret', 'code_verifier', '://'];

/**
 * Then one scan of the lower-cased text for what each pattern needs in order to match: most text with
 * one of those words (help, error messages) holds no secret shape, and the seven replacement passes are
 * skipped. Lower-casing first keeps the expression case-sensitive, which V8 compiles in half the time.
 */
const MIGHT_HOLD_A_SECRET =
  /sign\s+token=|authorization|\b(?:basic|bearer|negotiate)\s|vmware-api-session-id|vmware-vcenter-session-id|cookie|(?:password|passwd|secret|token|session_id|code_verifier)"?\s*[:=]|:\/\/[^/\s:@]+:[^/\s@]+@/;

/** Removes well-known secret shapes from free text, replacing each with `mask`. */
export function redactText(text: string, mask: string = REDACTED): string {
  const lower = text.toLowerCase();
  if (!SECRET_WORDS.some((word) => lower.includes(word)) || !MIGHT_HOLD_A_SECRET.test(lower)) return text;
  let out = text;
  for (const [re, replacement] of TEXT_PATTERNS) out = out.replace(re, replacement(mask));
  return out;
}

/** A copy of `headers` with every secret header value replaced by `mask`. */
export function redactHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  mask: string = REDACTED,
): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = SECRET_HEADERS.has(k.toLowerCase()) && v !== undefined ? mask : v;
  }
  return out;
}

/** Whether a property (or CLI flag: `-` reads as `_`) name is known to carry a secret. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replaceAll('-', '_');
  return SECRET_KEYS.has(k) || namesASecret(k);
}

/**
 * The exact secret values one client handled. Values shorter than 4 characters
 * are not registered (they would redact ordinary words).
 */
export class SecretRegistry {
  readonly #secrets = new Set<string>();
  /** What replaces a secret (default `[REDACTED]`; the CLI prints `********`). */
  readonly mask: string;

  constructor(options: { mask?: string } = {}) {
    this.mask = options.mask ?? REDACTED;
  }

  add(...values: (string | undefined | null)[]): void {
    for (const v of values) {
      if (typeof v !== 'string' || v.length < 4) continue;
      this.#secrets.add(v);
      // the same secret as it appears URL-encoded or base64-encoded
      const enc = encodeURIComponent(v);
      if (enc !== v) this.#secrets.add(enc);
    }
  }

  delete(value: string | undefined | null): void {
    if (typeof value === 'string') {
      this.#secrets.delete(value);
      this.#secrets.delete(encodeURIComponent(value));
    }
  }

  get size(): number {
    return this.#secrets.size;
  }

  /** Replaces every registered secret, then every well-known secret shape. */
  redact(text: string): string {
    let out = text;
    if (this.#secrets.size > 0) {
      // longest first, so a secret that contains another is replaced whole
      const sorted = [...this.#secrets].sort((a, b) => b.length - a.length);
      for (const s of sorted) if (out.includes(s)) out = out.split(s).join(this.mask);
    }
    return redactText(out, this.mask);
  }

  /** Whether `text` contains a registered secret (exactly, or URL-encoded). */
  has(text: string): boolean {
    for (const s of this.#secrets) if (text.includes(s)) return true;
    return false;
  }

  /** Deep copy of a JSON-like value with secret keys blanked and secret strings redacted. */
  redactValue<T>(value: T): T {
    return redactValue(value, (s) => this.redact(s), 0, this.mask);
  }

  /** Redacts an error in place (see {@link redactError}) with this registry. */
  redactError<E>(err: E): E {
    return redactError(err, (s) => this.redact(s), this.mask);
  }
}

/**
 * Redacts an error in place: `message`, `stack` and every own enumerable
 * property (the vAPI `messages`, `data`, an OAuth `description`, a body
 * snippet...), then its `cause` chain. Used where an error built elsewhere (a
 * custom login, an identity provider, the transport) leaves the client, so that
 * `message`, `stack`, `util.inspect` and `JSON.stringify` show no registered secret.
 */
export function redactError<E>(err: E, redactString: (s: string) => string = redactText, mask: string = REDACTED, depth = 0): E {
  if (!(err instanceof Error) || depth > 4) return err;
  const set = (key: string, value: unknown): void => {
    const d = Object.getOwnPropertyDescriptor(err, key);
    if (d && !d.configurable) {
      if (d.writable) (err as Record<string, unknown>)[key] = value;
      return;
    }
    if (!d && !Object.isExtensible(err)) return; // a frozen error keeps its text: it was built elsewhere
    Object.defineProperty(err, key, { value, configurable: true, writable: true, enumerable: d?.enumerable ?? false });
  };
  if (typeof err.message === 'string') set('message', redactString(err.message));
  if (typeof err.stack === 'string') set('stack', redactString(err.stack));
  for (const key of Object.keys(err)) {
    if (key === 'cause') continue;
    const value = (err as Record<string, unknown>)[key];
    if (value !== null && value !== undefined && typeof value !== 'number' && typeof value !== 'boolean') set(key, redactValue(value, redactString, 0, mask));
  }
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) redactError(cause, redactString, mask, depth + 1);
  else if (typeof cause === 'string') set('cause', redactString(cause));
  return err;
}

/**
 * Passwords carried inside URLs (`sftp://user:pw@host/...`) anywhere in a text,
 * as written and percent-decoded, so they can be registered as secrets.
 */
export function urlPasswords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^/\s@]+)@/gi)) {
    const raw = m[1]!;
    out.push(raw);
    try {
      const decoded = decodeURIComponent(raw);
      if (decoded !== raw) out.push(decoded);
    } catch {
      // not valid percent-encoding: the raw form is all there is
    }
  }
  return out;
}

/** Deep copy of a JSON-like value with secret keys blanked and strings passed through `redactString`. */
export function redactValue<T>(value: T, redactString: (s: string) => string = redactText, depth = 0, mask: string = REDACTED): T {
  if (depth > 32) return mask as unknown as T;
  if (typeof value === 'string') return redactString(value) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redactString, depth + 1, mask)) as unknown as T;
  if (value !== null && typeof value === 'object') {
    if (value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const clean = isSecretKey(k) && v !== null && v !== undefined ? mask : redactValue(v, redactString, depth + 1, mask);
      // a `__proto__` key from a server answer stays a plain key of the copy
      if (k === '__proto__') Object.defineProperty(out, k, { value: clean, enumerable: true, writable: true, configurable: true });
      else out[k] = clean;
    }
    return out as T;
  }
  return value;
}
