import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../src/json-depth.js';

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, up to the limit and past it', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan('text')).toBe(false);
    expect(nestsDeeperThan({ a: null, b: [1, 'x'] }, 2)).toBe(false);
  });

  it('answers for 100,000 levels without exhausting the stack', () => {
    expect(nestsDeeperThan(nested(100_000))).toBe(true);
  });
});
