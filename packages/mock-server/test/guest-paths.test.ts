// Guest paths: one check and one normal form for POSIX and Windows guests, so that every guest
// file operation indexes the same entry for the same file and refuses what the guest would.
import { describe, expect, it } from 'vitest';
import { guestPath, isInside, joinGuestPath } from '../src/families/guest/guest-paths.js';
import { ipOfMac, networkAddress } from '../src/families/guest/guest-addresses.js';

const err = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as { errorType: string; message: string };
  }
  throw new Error('expected an error');
};

describe('guest paths', () => {
  it('normalizes POSIX paths: repeated slashes, . and .. (never above the root)', () => {
    expect(guestPath('/tmp//a/./b/../c/', false, 'path')).toMatchObject({ key: '/tmp/a/c', display: '/tmp/a/c', name: 'c', parent: { key: '/tmp/a' } });
    expect(guestPath('/../../etc', false, 'path').key).toBe('/etc');
    expect(guestPath('/', false, 'path')).toEqual({ key: '/', display: '/', name: '' });
  });

  it('normalizes Windows paths: either slash, drive letter upper-cased, keys without case', () => {
    const p = guestPath('c:/Users\\Administrator/Desktop', true, 'path');
    expect(p.display).toBe('C:\\Users\\Administrator\\Desktop');
    expect(p.key).toBe('c:\\users\\administrator\\desktop');
    expect(p.parent).toEqual({ key: 'c:\\users\\administrator', display: 'C:\\Users\\Administrator' });
    expect(guestPath('C:\\', true, 'path').parent).toBeUndefined();
  });

  it('refuses relative, empty, NUL-bearing and Windows-invalid paths with INVALID_ARGUMENT naming the field', () => {
    for (const [path, windows] of [
      ['tmp/a', false],
      ['', false],
      ['/tmp/a\u0000b', false],
      ['\\Windows', true],
      ['C:\\a<b', true],
      ['C:\\dir.\\x', true],
      [42, false],
    ] as const) {
      const e = err(() => guestPath(path, windows, 'spec.path'));
      expect(e.errorType, String(path)).toBe('INVALID_ARGUMENT');
      expect(e.message).toContain('spec.path');
    }
  });

  it('joins a name only when it is one component; isInside sees subtrees, not prefixes', () => {
    expect(joinGuestPath('/tmp', 'x.txt', false, 'prefix').display).toBe('/tmp/x.txt');
    expect(err(() => joinGuestPath('/tmp', '../etc/passwd', false, 'prefix')).errorType).toBe('INVALID_ARGUMENT');
    expect(isInside('/tmp/a/b', '/tmp/a', false)).toBe(true);
    expect(isInside('/tmp/ab', '/tmp/a', false)).toBe(false);
    expect(isInside('/anything', '/', false)).toBe(true);
  });
});

describe('guest addresses', () => {
  it('derives one stable address per MAC inside the network, never .0/.1/.255 host parts', () => {
    const a = ipOfMac('network-1070', '00:50:56:b1:04:30')!;
    expect(a).toMatch(/^10\.\d+\.4\.\d+$/);
    expect(ipOfMac('network-1070', '00:50:56:b1:04:30')).toBe(a);
    expect(ipOfMac('network-1070', '00:50:56:b1:04:31')).not.toBe(a);
    for (const last of ['00', '01', 'fe', 'ff']) {
      const host = Number(ipOfMac('n', `00:50:56:00:00:${last}`)!.split('.')[3]);
      expect(host).toBeGreaterThanOrEqual(2);
      expect(host).toBeLessThanOrEqual(254);
    }
    expect(ipOfMac('n', 'not-a-mac')).toBeUndefined();
    expect(networkAddress('10.7.4.51', 16)).toBe('10.7.0.0');
    expect(networkAddress('192.168.1.77', 24)).toBe('192.168.1.0');
  });
});
