import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRegistry, isSecretKey, redactText, redactValue } from '../src/secrets.js';

describe('secret registry', () => {
  it('masks with its own mask (the CLI prints ********), secrets and well-known shapes alike', () => {
    const cli = new SecretRegistry({ mask: '********' });
    cli.add('s3cr3t-pw');
    expect(cli.redact('login with s3cr3t-pw to sftp://root:hunter22@backup/x')).toBe('login with ******** to sftp://********@backup/x');
    expect(cli.redactValue({ spec: { root_password: 'x1', size: 3 } })).toEqual({ spec: { root_password: '********', size: 3 } });
    expect(new SecretRegistry().redact('s3cr3t-pw')).toBe('s3cr3t-pw');
  });

  it('knows secret field names by pattern too, not only the listed ones', () => {
    for (const key of [
      'password',
      'root_password',
      'private_key',
      'passphrase',
      'client_secret',
      'refresh_token',
      'session_id',
      'device_code',
      'proxy_authorization',
    ])
      expect(isSecretKey(key), key).toBe(true);
    // an OIDC discovery document's endpoints are URLs, not credentials
    for (const key of ['name', 'token_type', 'size_MiB', 'authorization_endpoint', 'device_authorization_endpoint']) expect(isSecretKey(key), key).toBe(false);
  });

  it('keeps a __proto__ key of a server answer a plain key of the copy', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = redactValue(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(REDACTED).toBe('[REDACTED]');
  });

  it('redacts every secret shape whatever its case and surroundings, and leaves secret-free text as it is (the quick pre-check skips nothing)', () => {
    const shapes = [
      'SIGN token="PHNhbWw+"',
      'sign  TOKEN="x"',
      'Authorization: Basic dXNlcjpwdw==',
      '"authorization":"Bearer abc.def"',
      'PROXY-AUTHORIZATION=Negotiate YIIabc',
      'retry with Bearer eyJhbGciOi.x.y',
      'vmware-api-session-id: 3f2a9c',
      'X-VMware-vCenter-Session-Id=abc123',
      'Set-Cookie: vmware-api-session-id=abc; Path=/',
      '{"password": "pw"}',
      '{"client_secret" : "s"}',
      '{"saml_token":"t"}',
      '{"refresh_token":"r","id_token":"i"}',
      '{"session_id":"s1"}',
      '{"code_verifier":"v"}',
      'grant_type=password&password=pw&client_id=x',
      'access_token=a&subject_token=b',
      'session_id=abc',
      'sftp://backup:Pa55@files.example.com/vcsa',
      'HTTPS://u:p@h/x',
    ];
    for (const shape of shapes) {
      for (const text of [shape, `prefix ${shape} suffix`, `line one\n${shape}\nline three`]) {
        expect(redactText(text, '<M>'), text).toContain('<M>');
      }
    }
    const plain =
      'Usage: vsphere vcenter vm list [--names NAME] [--power-states POWERED_ON|POWERED_OFF]\n  --password-stdin  read the password from standard input\n[{"vm":"vm-1","name":"web-01"}]';
    expect(redactText(plain, '<M>')).toBe(plain);
  });
});
