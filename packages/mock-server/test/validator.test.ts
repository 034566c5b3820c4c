// The request validators: each schema is handed to ajv when a validator first reaches it, never the
// whole spec (ajv walks every key of what it is given: the whole API at start-up, or on the first call
// when that was deferred). Validation through refs keeps naming the field at fault.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { MockRouteDef } from '../src/server/route-types.js';
import { SpecValidator } from '../src/server/validator.js';

const require = createRequire(import.meta.url);
const spec = require('../src/generated/spec.gen.json') as { components: { schemas: Record<string, unknown> } };
const routes = (require('../src/generated/routes.gen.json') as { routes: MockRouteDef[] }).routes;

/** The spec with its component schemas behind a proxy that notes which ones are read. */
function watchedSpec(): { doc: unknown; read: Set<string> } {
  const read = new Set<string>();
  const schemas = new Proxy(spec.components.schemas, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver);
    },
    ownKeys(target) {
      read.add('*every schema*');
      return Reflect.ownKeys(target);
    },
  });
  return { doc: { ...spec, components: { ...spec.components, schemas } }, read };
}

describe('SpecValidator', () => {
  const create = routes.find((r) => r.method === 'POST' && r.path === '/api/vcenter/vm' && !r.action)!;

  it('reads no schema at construction and, on first use, only the schemas the operation reaches', () => {
    const { doc, read } = watchedSpec();
    const v = new SpecValidator(doc);
    expect([...read]).toEqual([]);
    v.check(create.requestSchema!, { guest_OS: 'RHEL_9_64', placement: { folder: 'group-v1003' } }, 'spec');
    expect(read.has('*every schema*')).toBe(false);
    expect(read.has('VcenterVMCreateSpec')).toBe(true);
    expect(read.size).toBeLessThan(Object.keys(spec.components.schemas).length / 10);
  });

  it('names the field at fault two refs deep (and keeps each compiled validator)', () => {
    const v = new SpecValidator(spec);
    expect(() => v.check(create.requestSchema!, { guest_OS: 'RHEL_9_64', placement: { folder: 5 } }, 'spec')).toThrow(
      expect.objectContaining({ errorType: 'INVALID_ARGUMENT', message: expect.stringContaining("'spec.placement.folder'") }),
    );
    expect(() => v.check(create.requestSchema!, { guest_OS: 'RHEL_9_64', placement: { shelf: 'x' } }, 'spec')).toThrow(
      expect.objectContaining({ errorType: 'UNEXPECTED_INPUT', message: expect.stringContaining("'shelf'") }),
    );
    expect(v.get(create.requestSchema!)).toBe(v.get(create.requestSchema!));
  });
});
