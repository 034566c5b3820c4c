import { describe, expect, it } from 'vitest';
import { closestMatches, editDistance, rankCandidates } from '../src/closest.js';

const IDS = ['vcenter.vm.list', 'vcenter.vm.get', 'vcenter.vm.clone', 'vcenter.storage.policies.vm.list', 'vcenter.host.list', 'session.create'];

describe('closestMatches', () => {
  it('counts edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('vcentre', 'vcenter')).toBe(1);
    expect(editDistance('lsit', 'list')).toBe(1);
    expect(editDistance('lst', 'list')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('abc', 'ca')).toBe(3);
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

describe('rankCandidates', () => {
  it('orders by the keys left to right, keeps the given order on full ties, drops refused and repeated names', () => {
    const keys: Record<string, number[] | undefined> = { a: [1, 2], b: [0, 9], c: [1, 1], d: undefined, e: [1, 2] };
    expect(rankCandidates(['a', 'b', 'c', 'd', 'e', 'b'], (n) => keys[n])).toEqual(['b', 'c', 'a', 'e']);
  });

  it('reads a missing key position as 0', () => {
    expect(rankCandidates(['x', 'y'], (n) => (n === 'x' ? [1, 1] : [1]))).toEqual(['y', 'x']);
  });
});
