/**
 * Every secret this process handles (passwords on every login path, client
 * secrets, tokens, session ids, passwords inside URLs) goes into one registry,
 * and everything the CLI prints passes through it: stdout and stderr are
 * wrapped once in `run()`, so no command, progress line, debug line, dry-run
 * or error can show a registered secret or a well-known secret shape.
 * The same registry is handed to the client, which adds the session ids and
 * tokens it obtains.
 */
import { SecretRegistry, isSecretKey, urlPasswords } from '@vsphere-kit/core/secrets';
import type { OutStream } from './stdio.js';

/** Masks with `********`, as a terminal shows a hidden password. */
export const secrets = new SecretRegistry({ mask: '********' });

export function maskSecrets(text: string): string {
  return secrets.redact(text);
}

/**
 * Registers the secrets inside a value the user gave (a flag, a request body):
 * passwords inside URLs anywhere, and the values of fields named like secrets
 * (`password`, `client_secret`, `token`...).
 */
export function registerSecretsIn(value: unknown, key = '', depth = 0): void {
  if (depth > 32 || value === null || value === undefined) return;
  if (typeof value === 'string') {
    if (key && isSecretKey(key)) secrets.add(value);
    if (value.includes('@')) secrets.add(...urlPasswords(value));
    else if (value.includes('%40')) {
      // a URL written percent-encoded inside a query (`?target=sftp%3A%2F%2Fuser%3Apw%40host`)
      try {
        secrets.add(...urlPasswords(decodeURIComponent(value)));
      } catch {
        // not valid percent-encoding
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) registerSecretsIn(v, key, depth + 1);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) registerSecretsIn(v, k, depth + 1);
  }
}

/** A view of `stream` whose `write` masks every secret in text chunks; everything else is the stream's own. */
export function maskedStream<T extends OutStream>(stream: T): T {
  const view = Object.create(stream) as T;
  const write = stream.write as (...a: unknown[]) => unknown;
  view.write = (chunk: unknown, ...rest: unknown[]) => write.call(stream, typeof chunk === 'string' ? secrets.redact(chunk) : chunk, ...rest);
  return view;
}
