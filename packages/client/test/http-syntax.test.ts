import { describe, expect, it } from 'vitest';
import { isDigits, isToken, isVisibleAscii, listsToken, parseStatusLine, splitsHeaderLine } from '../src/internal/http-syntax.js';
import { withoutTrailingSlashes } from '@vsphere-kit/core/target';

// The HTTP/1.1 character rules of the request writer and the response reader (src/internal/http-syntax.ts).

describe('HTTP syntax checks', () => {
  it('takes a header name made of RFC 9110 token characters only', () => {
    for (const name of ['vmware-api-session-id', 'Content-Length', 'x_custom', "a!#$%&'*+-.^_`|~9"]) expect(isToken(name), name).toBe(true);
    for (const name of ['', 'bad name', 'colon:', 'tab\t', 'é', 'semi;colon', '(paren)', 'slash/']) expect(isToken(name), name).toBe(false);
  });

  it('finds the CR, LF or NUL that would split a header line', () => {
    expect(splitsHeaderLine('plain value')).toBe(false);
    for (const value of ['a\rb', 'a\nb', 'a\0b', '\r\nX-Injected: 1']) expect(splitsHeaderLine(value), JSON.stringify(value)).toBe(true);
  });

  it('checks digit runs and visible ASCII within a length', () => {
    expect(isDigits('0', 15)).toBe(true);
    expect(isDigits('123456789012345', 15)).toBe(true);
    expect(isDigits('1234567890123456', 15)).toBe(false);
    for (const text of ['', '-1', '1e3', ' 1', '١']) expect(isDigits(text, 15), text).toBe(false);
    expect(isVisibleAscii('abc!~', 10)).toBe(true);
    for (const text of ['', 'a b', 'tab\t', 'é', 'x'.repeat(11)]) expect(isVisibleAscii(text, 10), text).toBe(false);
  });

  it('reads a status line: the minor version and the code, with or without a reason', () => {
    expect(parseStatusLine('HTTP/1.1 200 OK')).toEqual({ minor: 1, statusCode: 200 });
    expect(parseStatusLine('HTTP/1.0 404')).toEqual({ minor: 0, statusCode: 404 });
    expect(parseStatusLine('HTTP/1.1 503 Service Unavailable')).toEqual({ minor: 1, statusCode: 503 });
    for (const line of [
      'HTTP/1.2 200 OK',
      'HTTP/2 200',
      'HTTP/1.1 20 OK',
      'HTTP/1.1 2000 OK',
      'HTTP/1.1 200OK',
      'HTTP/1.1  200',
      'http/1.1 200',
      'HTTP/1.1 abc',
      'HTTP/1.1 200 a\rb',
    ]) {
      expect(parseStatusLine(line), line).toBeUndefined();
    }
  });

  it('finds a token in a comma-separated header value, case aside', () => {
    expect(listsToken('close', 'close')).toBe(true);
    expect(listsToken('Keep-Alive, Upgrade', 'keep-alive')).toBe(true);
    expect(listsToken('upgrade , CLOSE', 'close')).toBe(true);
    expect(listsToken('closed', 'close')).toBe(false);
    expect(listsToken('', 'close')).toBe(false);
  });

  it('drops the slashes a path ends with, and only those', () => {
    expect(withoutTrailingSlashes('/sdk//')).toBe('/sdk');
    expect(withoutTrailingSlashes('https://idp.example.com/realms/x/')).toBe('https://idp.example.com/realms/x');
    expect(withoutTrailingSlashes('/')).toBe('');
    expect(withoutTrailingSlashes('/a/b')).toBe('/a/b');
  });
});
