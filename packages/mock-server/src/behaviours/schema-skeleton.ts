/**
 * A minimal value of a schema, for answers the spec gives no example of (task results,
 * list items): the schema's example where it has one, else the first enum value, else the
 * required properties only, with strings that satisfy their format and lengths and arrays
 * that hold their minimum of items. Callers still validate what they send.
 */
import { derefSchema } from '../server/validator.js';

/** A fixed instant, so that two skeletons of one schema are equal. */
const EPOCH = '2024-01-01T00:00:00.000Z';

/** A value of each string format the specs use that the validator checks. */
const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  'date-time': EPOCH,
  date: EPOCH.slice(0, 10),
  time: '00:00:00Z',
  uri: 'https://vcenter.example.com/',
  url: 'https://vcenter.example.com/',
  hostname: 'vcenter.example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  email: 'administrator@vsphere.local',
  uuid: '00000000-0000-4000-8000-000000000000',
  byte: '',
  binary: '',
  password: '',
};

/** Deeper than any schema of the specs; stops a recursive schema from looping. */
const MAX_DEPTH = 12;

function stringSkeleton(s: { format?: string; minLength?: number }): string {
  const base = (s.format && FORMAT_SAMPLES[s.format]) ?? '';
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  return base.length >= min ? base : base + 'x'.repeat(min - base.length);
}

export function schemaSkeleton(spec: unknown, schema: unknown, depth = 0): unknown {
  const s = derefSchema(spec, schema);
  if (!s || typeof s !== 'object' || depth > MAX_DEPTH) return undefined;
  if (s.example !== undefined) return structuredClone(s.example);
  if (s.const !== undefined) return structuredClone(s.const);
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (Array.isArray(s.allOf)) {
    const parts = s.allOf.map((x: unknown) => schemaSkeleton(spec, x, depth + 1));
    return parts.every((x: unknown) => x && typeof x === 'object' && !Array.isArray(x)) ? Object.assign({}, ...parts) : parts[0];
  }
  if (Array.isArray(s.oneOf ?? s.anyOf)) return schemaSkeleton(spec, (s.oneOf ?? s.anyOf)[0], depth + 1);
  // OpenAPI 3.1 allows `type: [x, 'null']`: the first non-null type.
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return stringSkeleton(s);
    case 'integer':
    case 'number':
      if (typeof s.minimum === 'number') return s.minimum;
      if (typeof s.exclusiveMinimum === 'number') return type === 'integer' ? Math.floor(s.exclusiveMinimum) + 1 : s.exclusiveMinimum + 1;
      return typeof s.maximum === 'number' && s.maximum < 0 ? s.maximum : 0;
    case 'boolean':
      return false;
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      if (min === 0) return [];
      const item = schemaSkeleton(spec, s.items, depth + 1);
      return Array.from({ length: min }, () => structuredClone(item));
    }
    case 'object':
    case undefined: {
      const out: Record<string, unknown> = {};
      for (const k of (s.required ?? []) as string[]) out[k] = schemaSkeleton(spec, s.properties?.[k], depth + 1);
      return out;
    }
  }
  return undefined;
}
