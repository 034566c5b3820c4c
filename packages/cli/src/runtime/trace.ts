/**
 * `--trace`: each request and answer on stderr, as `curl -v` shows them: `>` lines for the
 * request (method, URL, headers, body), `<` lines for the answer (status, time, headers,
 * body). Every secret is masked with the shared rules of @vsphere-kit/core/secrets before it is
 * written: secret headers by name, secret fields of JSON bodies by key, and every value in the
 * process's registry (a session id is registered before the answer that carries it is shown).
 * The federated login's exchanges with the identity provider are traced the same way (`idpTracer`).
 * Loaded only when --trace is given.
 */
import type { IdpHttpOptions, VsphereCoreOptions } from '@vsphere-kit/client';
import { isSecretKey, redactHeaders } from '@vsphere-kit/core/secrets';
import { secrets } from './secrets.js';
import type { OutStream } from './stdio.js';

type Dispatcher = NonNullable<VsphereCoreOptions['dispatcher']>;

function headerLines(prefix: string, headers: Readonly<Record<string, string | string[] | undefined>> | undefined): string {
  if (!headers) return '';
  let out = '';
  for (const [name, value] of Object.entries(redactHeaders(headers, secrets.mask))) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out += `${prefix} ${name.toLowerCase()}: ${secrets.redact(String(v))}\n`;
  }
  return out;
}

/** A body as JSON with secret fields masked, a form with secret fields masked, or as masked text otherwise. */
function bodyText(text: string | undefined): string {
  if (!text) return '';
  let shown: string;
  try {
    shown = JSON.stringify(secrets.redactValue(JSON.parse(text) as unknown), null, 2);
  } catch {
    shown = /^[\w.%+-]+=[^&\s]*(&[\w.%+-]+=[^&\s]*)*$/.test(text) ? formText(text) : secrets.redact(text);
  }
  return `${shown}\n`;
}

/** `grant_type=password&password=********`: the fields of a form body, secret ones masked by name. */
function formText(text: string): string {
  const shown: string[] = [];
  for (const [k, v] of new URLSearchParams(text)) shown.push(`${k}=${isSecretKey(k) ? secrets.mask : secrets.redact(v)}`);
  return shown.join('&');
}

/** One exchange as `curl -v` shows it: the request, then the answer (or why there was none). */
interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly requestHeaders?: Readonly<Record<string, string | string[] | undefined>>;
  readonly requestBody?: string;
  readonly status?: number;
  readonly responseHeaders?: Readonly<Record<string, string | string[] | undefined>>;
  readonly responseBody?: string;
  readonly error?: unknown;
  readonly elapsedMs: number;
}

function writeExchange(out: OutStream, e: Exchange): void {
  const request = `> ${e.method} ${secrets.redact(e.url)}\n${headerLines('>', e.requestHeaders)}${bodyText(e.requestBody)}`;
  const elapsed = `${Math.round(e.elapsedMs)} ms`;
  if (e.status === undefined) {
    const why = e.error instanceof Error ? e.error.message : String(e.error);
    out.write(`${request}< no answer after ${elapsed}: ${secrets.redact(why)}\n\n`);
    return;
  }
  const status = `< ${e.status} ${process.getBuiltinModule('node:http').STATUS_CODES[e.status] ?? ''}`.trimEnd();
  out.write(`${request}${status} (${elapsed})\n${headerLines('<', e.responseHeaders)}${bodyText(e.responseBody)}\n`);
}

/**
 * The `onExchange` of the client's identity-provider helpers: the federated login's requests to
 * the IdP (discovery, device authorization, token grants) traced as vCenter's are. The secrets an
 * exchange carries are registered before anything of it is written.
 */
export function idpTracer(out: OutStream): NonNullable<IdpHttpOptions['onExchange']> {
  return (e) => {
    secrets.add(...e.secrets);
    writeExchange(out, e);
  };
}

/** The answer to a login carries the new session id (`"id"` or `{"value": "id"}`): a secret before anyone prints it. */
function registerLoginAnswer(text: string): void {
  try {
    const value = JSON.parse(text) as unknown;
    const id = value && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
    if (typeof id === 'string') secrets.add(id);
  } catch {
    // not JSON: nothing to register
  }
}

function isLogin(headers: Readonly<Record<string, string>> | undefined): boolean {
  return headers !== undefined && Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
}

/** `inner`, with each exchange written to `out` once its answer (or failure) is complete. */
export function tracedDispatcher(inner: Dispatcher, out: OutStream): Dispatcher {
  return {
    async request(options) {
      const started = performance.now();
      const sent = { method: options.method, url: new URL(options.path, options.origin).href, requestHeaders: options.headers, requestBody: options.body };
      let res: Awaited<ReturnType<Dispatcher['request']>>;
      let text: string;
      try {
        res = await inner.request(options);
        text = await res.body.text();
      } catch (err) {
        writeExchange(out, { ...sent, error: err, elapsedMs: performance.now() - started });
        throw err;
      }
      if (isLogin(options.headers) && res.statusCode >= 200 && res.statusCode < 300) registerLoginAnswer(text);
      writeExchange(out, { ...sent, status: res.statusCode, responseHeaders: res.headers, responseBody: text, elapsedMs: performance.now() - started });
      return { ...res, body: { text: () => Promise.resolve(text) } };
    },
    close: () => inner.close(),
  };
}
