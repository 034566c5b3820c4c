import { describe, expect, it } from 'vitest';
import { basicAuthorization, parseBasicAuthorization, parseSignAuthorization, samlSignAuthorization } from '../src/auth.js';

describe('auth primitives', () => {
  it('Basic: the client builds what the mock reads (UTF-8, a colon in the password)', () => {
    const header = basicAuthorization('administrator@vsphere.local', 'pä:ss');
    expect(header).toBe(`Basic ${Buffer.from('administrator@vsphere.local:pä:ss', 'utf8').toString('base64')}`);
    expect(parseBasicAuthorization(header)).toEqual({ username: 'administrator@vsphere.local', password: 'pä:ss' });
    expect(parseBasicAuthorization(`basic ${Buffer.from('no-colon').toString('base64')}`)).toBeNull();
    expect(parseBasicAuthorization('Bearer abc')).toBeUndefined();
    expect(parseBasicAuthorization(undefined)).toBeUndefined();
  });

  it('SIGN: the token the client encodes is the one the mock reads back', () => {
    const header = samlSignAuthorization('<saml:Assertion/>');
    const token = parseSignAuthorization(header);
    expect(header).toBe(`SIGN token="${token}"`);
    expect(parseSignAuthorization('SIGN nothing')).toBeUndefined();
    expect(parseSignAuthorization('Basic abc')).toBeUndefined();
  });
});
