import { describe, expect, it } from 'vitest';
import { cameAfter, compareVersions, NEWEST_VSPHERE_RELEASE, VSPHERE_RELEASES, vsphereRelease } from '../src/vsphere-version.js';

describe('vSphere releases', () => {
  it('compares dotted versions by number, not by text', () => {
    expect(compareVersions('8.0.0.1', '8.0.0')).toBe(1);
    expect(compareVersions('8.0.0', '8.0.0.0')).toBe(0);
    expect(compareVersions('7.0.10', '7.0.9')).toBe(1);
    expect(compareVersions('6.7.2', '7.0.0')).toBe(-1);
  });

  it('says which operations a release lacks by their since', () => {
    const r703 = vsphereRelease('7.0.3');
    expect(cameAfter(undefined, r703)).toBe(false);
    expect(cameAfter('7.0.3', r703)).toBe(false);
    expect(cameAfter('6.5.0', r703)).toBe(false);
    expect(cameAfter('8.0.0', r703)).toBe(true);
    expect(cameAfter('8.0.0.1', vsphereRelease('8.0.0'))).toBe(true);
    expect(cameAfter('8.0.0.1', vsphereRelease('8.0.1'))).toBe(false);
  });

  it('lists the releases oldest first, the newest being the default', () => {
    const names = VSPHERE_RELEASES.map((r) => r.name);
    expect([...names].sort(compareVersions)).toEqual(names);
    expect(NEWEST_VSPHERE_RELEASE.name).toBe('8.0.2');
    for (const r of VSPHERE_RELEASES) expect(r.version.startsWith(`${r.name}.`)).toBe(true);
  });

  it('refuses an unknown name, listing the known ones where it was given', () => {
    let thrown: unknown;
    try {
      vsphereRelease('8.0', '--vsphere-version');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(thrown).toMatchObject({
      message: "--vsphere-version: unknown vSphere version '8.0'; known versions: 7.0.2, 7.0.3, 8.0.0, 8.0.1, 8.0.2",
      code: 'ERR_VSPHERE_UNKNOWN_VERSION',
    });
  });
});
