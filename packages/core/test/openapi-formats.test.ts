import { describe, expect, it } from 'vitest';
import { OPENAPI_FORMATS, addOpenApiFormats } from '../src/openapi-formats.js';

describe('OpenAPI format rules', () => {
  it('int32 is an integer in range; int64 any integer; the others constrain nothing', () => {
    const int32 = OPENAPI_FORMATS.int32 as { validate: (n: number) => boolean };
    expect([0, -2147483648, 2147483647].every(int32.validate)).toBe(true);
    expect([2147483648, 1.5].some(int32.validate)).toBe(false);
    expect((OPENAPI_FORMATS.int64 as { validate: (n: number) => boolean }).validate(1.5)).toBe(false);
    const seen: string[] = [];
    addOpenApiFormats({ addFormat: (name) => seen.push(name) });
    expect(seen.sort()).toEqual(['binary', 'byte', 'double', 'float', 'int32', 'int64', 'password', 'secret']);
  });
});
