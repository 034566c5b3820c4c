import type { Agent, Dispatcher } from 'undici';
import { OAuthError, VsphereConnectionError, VsphereResponseError, VsphereTimeoutError } from '@vsphere-kit/core/errors';
import { SecretRegistry, redactText } from '@vsphere-kit/core/secrets';

/** How federation helpers reach the identity provider. */
export interface IdpHttpOptions {
  /** An undici dispatcher for the IdP (e.g. an Agent with its own CA). Default: undici's global dispatcher. */
  readonly dispatcher?: Dispatcher;
  /** Trusted CA (PEM) of the IdP; ignored when `dispatcher` is given. */
  readonly ca?: string | Buffer;
  /** Skip certificate verification of the IdP (labs only); ignored when `dispatcher` is given. */
  readonly insecure?: boolean;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /**
   * Told of each exchange with the IdP once it is over (a `--trace` of the login). The exchange is
   * as sent and received: mask `secrets` and secret headers and fields before showing any of it.
   */
  readonly onExchange?: (exchange: IdpExchange) => void;
}

/** One request to the identity provider and its answer (or failure), for {@link IdpHttpOptions.onExchange}. */
export interface IdpExchange {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** The form sent, `application/x-www-form-urlencoded`. */
  readonly requestBody?: string;
  /** The secret values the request carries (passwords, client secrets, codes, tokens). */
  readonly secrets: readonly string[];
  readonly status?: number;
  readonly responseHeaders?: Readonly<Record<string, string | string[] | undefined>>;
  readonly responseBody?: string;
  /** Why no answer came (a refused connection, a timeout). */
  readonly error?: unknown;
  readonly elapsedMs: number;
}

const agents = new WeakMap<object, Agent>();

function dispatcherFor(undici: typeof import('undici'), options: IdpHttpOptions): Dispatcher | undefined {
  if (options.dispatcher) return options.dispatcher;
  if (options.ca === undefined && !options.insecure) return undefined;
  // cache per options object so repeated calls with the same options share sockets
  let agent = agents.get(options);
  if (!agent) {
    agent = new undici.Agent({ connect: { ca: options.ca, rejectUnauthorized: !options.insecure } });
    agents.set(options, agent);
  }
  return agent;
}

export interface IdpResponse {
  readonly status: number;
  readonly body: unknown;
}

/** One HTTP exchange with the IdP; JSON out. Maps OAuth errors (`{error, error_description}`). */
export async function idpRequest(
  url: string,
  init: {
    method: 'GET' | 'POST';
    headers?: Record<string, string>;
    form?: URLSearchParams;
    /** Values this exchange sends that must never be shown (passwords, client secrets, tokens, codes). */
    secrets?: readonly (string | undefined)[];
  },
  options: IdpHttpOptions = {},
): Promise<IdpResponse> {
  // An IdP may echo what it got (in error_description, an HTML page, a redirect): every error leaves through this.
  const secrets = [...(init.secrets ?? []), init.headers?.authorization, init.headers?.authorization?.replace(/^\S+\s+/, '')].filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  const registry = new SecretRegistry();
  registry.add(...secrets);
  try {
    return await exchange(url, init, options, secrets);
  } catch (err) {
    throw registry.redactError(err);
  }
}

async function exchange(
  url: string,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; form?: URLSearchParams },
  options: IdpHttpOptions,
  secrets: readonly string[],
): Promise<IdpResponse> {
  assertIdpUrl(url);
  const endpoint = safeEndpoint(url);
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 30_000)];
  if (options.signal) signals.push(options.signal);
  const signal = AbortSignal.any(signals);
  let res: Dispatcher.ResponseData;
  const undici = await import('undici');
  const headers = {
    accept: 'application/json',
    ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    ...init.headers,
  };
  const body = init.form?.toString();
  const started = performance.now();
  const tell = options.onExchange
    ? (answer: Pick<IdpExchange, 'status' | 'responseHeaders' | 'responseBody' | 'error'>) =>
        options.onExchange!({
          method: init.method,
          url,
          requestHeaders: headers,
          requestBody: body,
          secrets,
          ...answer,
          elapsedMs: performance.now() - started,
        })
    : undefined;
  let text: string;
  try {
    res = await undici.request(url, { method: init.method, headers, body, signal, dispatcher: dispatcherFor(undici, options) });
    text = await res.body.text();
  } catch (err) {
    tell?.({ error: err });
    if (signal.aborted && !options.signal?.aborted) throw new VsphereTimeoutError(options.timeoutMs ?? 30_000, { cause: err });
    throw new VsphereConnectionError(`identity provider ${endpoint} unreachable: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
      code: (err as { code?: string }).code,
    });
  }
  tell?.({ status: res.statusCode, responseHeaders: res.headers, responseBody: text });
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch (cause) {
    throw new VsphereResponseError(`identity provider ${endpoint} did not answer JSON`, {
      status: res.statusCode,
      contentType: String(res.headers['content-type'] ?? ''),
      body: text,
      cause,
    });
  }
  if (res.statusCode >= 400) {
    const b = (json ?? {}) as { error?: unknown; error_description?: unknown };
    throw new OAuthError(
      res.statusCode,
      typeof b.error === 'string' ? b.error : 'http_error',
      typeof b.error_description === 'string' ? b.error_description : undefined,
      endpoint,
    );
  }
  return { status: res.statusCode, body: json };
}

/**
 * Refuses an IdP URL that URL parsers may read differently (backslashes,
 * whitespace, control characters), that carries credentials or a fragment, or
 * that is not http(s): tokens and client secrets go only where the URL plainly says.
 */
export function assertIdpUrl(url: string): void {
  const refuse = (why: string): never => {
    throw Object.assign(new TypeError(`identity provider URL ${JSON.stringify(safeEndpoint(url))} refused: ${why}`), { code: 'ERR_VSPHERE_IDP_URL' });
  };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this check refuses
  const bad = url.search(/[\\\x00-\x20\x7f-\uffff]/);
  if (bad !== -1) refuse(`it contains ${url[bad] === '\\' ? 'a backslash' : 'whitespace, a control or a non-ASCII character'} at index ${bad}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return refuse('it is not an absolute URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') refuse(`the scheme must be https: or http:, not ${u.protocol}`);
  if (u.username !== '' || u.password !== '') refuse('it must not carry credentials');
  if (u.hash !== '' || url.includes('#')) refuse('it must not carry a fragment');
}

/** The endpoint without query or credentials, for messages. */
export function safeEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return redactText(`${u.origin}${u.pathname}`);
  } catch {
    return '(invalid URL)';
  }
}
