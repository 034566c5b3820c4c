/**
 * `--trace`: each request and answer on stderr, as `curl -v` shows them: `>` lines for the
 * request (method, URL, headers, body), `<` lines for the answer (status, time, headers,
 * body). Every secret is masked with the shared rules of @vsphere-kit/core/secrets before it is
 * written: secret headers by name, secret fields of JSON bodies by key, and every value in the
 * process's registry (a session id is registered before the answer that carries it is shown).
 * Loaded only when --trace is given.
 */
import type { VsphereCoreOptions } from '@vsphere-kit/client';
import { redactHeaders } from '@vsphere-kit/core/secrets';
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

/** A body as JSON with secret fields masked, or as masked text when it is not JSON. */
function bodyText(text: string | undefined): string {
  if (!text) return '';
  let shown: string;
  try {
    shown = JSON.stringify(secrets.redactValue(JSON.parse(text) as unknown), null, 2);
  } catch {
    shown = secrets.redact(text);
  }
  return `${shown}\n`;
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
  const statusText = process.getBuiltinModule('node:http').STATUS_CODES;
  return {
    async request(options) {
      const started = performance.now();
      const elapsed = () => `${Math.round(performance.now() - started)} ms`;
      const request = `> ${options.method} ${secrets.redact(new URL(options.path, options.origin).href)}\n${headerLines('>', options.headers)}${bodyText(options.body)}`;
      let res: Awaited<ReturnType<Dispatcher['request']>>;
      let text: string;
      try {
        res = await inner.request(options);
        text = await res.body.text();
      } catch (err) {
        out.write(`${request}< no answer after ${elapsed()}: ${secrets.redact((err as Error).message ?? String(err))}\n\n`);
        throw err;
      }
      if (isLogin(options.headers) && res.statusCode >= 200 && res.statusCode < 300) registerLoginAnswer(text);
      const status = `< ${res.statusCode} ${statusText[res.statusCode] ?? ''}`.trimEnd();
      out.write(`${request}${status} (${elapsed()})\n${headerLines('<', res.headers)}${bodyText(text)}\n`);
      return { ...res, body: { text: () => Promise.resolve(text) } };
    },
    close: () => inner.close(),
  };
}
