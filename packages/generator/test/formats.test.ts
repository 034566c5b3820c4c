import { describe, expect, it } from 'vitest';
import { SchemaValidator } from '../src/validate/schema-validator.js';

// The example check uses @vsphere-kit/core's OpenAPI format rules, the ones the
// mock validates with: an example outside int32 used to pass here and fail there.
describe('spec example formats', () => {
  it('refuses an int32 example out of range, as the mock does', () => {
    const validator = new SchemaValidator({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: {} });
    expect(validator.check({ type: 'integer', format: 'int32' }, 2 ** 31)).toMatch(/format "int32"/);
    expect(validator.check({ type: 'integer', format: 'int32' }, -7)).toBeUndefined();
    expect(validator.check({ type: 'integer', format: 'int64' }, 2 ** 40)).toBeUndefined();
  });
});
