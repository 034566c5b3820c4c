import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRegistry, isSecretKey, redactValue } from '../src/secrets.js';

describe('secret registry', () => {
  it('masks with its own mask (the CLI prints ********), secrets and well-known shapes alike', () => {
    const cli = new SecretRegistry({ mask: '********' });
    cli.add('s3cr3t-pw');
    expect(cli.redact('login with s3cr3t-pw to sftp://root:hunter22@backup/x')).toBe('login with ******** to sftp://********@backup/x');
    expect(cli.redactValue({ spec: { root_password: 'x1', size: 3 } })).toEqual({ spec: { root_password: '********', size: 3 } });
    expect(new SecretRegistry().redact('s3cr3t-pw')).toBe('s3cr3t-pw');
  });

  it('knows secret field names by pattern too, not only the listed ones', () => {
    for (const key of ['password', 'root_password', 'private_key', 'passphrase', 'client_secret', 'refresh_token', 'session_id'])
      expect(isSecretKey(key), key).toBe(true);
    for (const key of ['name', 'token_type', 'size_MiB']) expect(isSecretKey(key), key).toBe(false);
  });

  it('keeps a __proto__ key of a server answer a plain key of the copy', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = redactValue(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(REDACTED).toBe('[REDACTED]');
  });
});
