import { describe, expect, it } from 'vitest';
import { closestMatches, editDistance } from '../src/closest.js';

const IDS = ['vcenter.vm.list', 'vcenter.vm.get', 'vcenter.vm.clone', 'vcenter.storage.policies.vm.list', 'vcenter.host.list', 'session.create'];

describe('closestMatches', () => {
  it('counts edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('puts a one-letter typo first', () => {
    expect(closestMatches('vcenter.vm.lsit', IDS)[0]).toBe('vcenter.vm.list');
    expect(closestMatches('VCENTER.VM.GET', IDS)[0]).toBe('vcenter.vm.get');
  });

  it('completes a dotted suffix or a prefix, shortest completion first', () => {
    expect(closestMatches('vm.list', IDS, 2)).toEqual(['vcenter.vm.list', 'vcenter.storage.policies.vm.list']);
    expect(closestMatches('session', IDS, 1)).toEqual(['session.create']);
  });

  it('gives at most max names, and none for max 0', () => {
    expect(closestMatches('x', IDS)).toHaveLength(3);
    expect(closestMatches('x', IDS, 0)).toEqual([]);
    expect(closestMatches('x', [])).toEqual([]);
  });
});
