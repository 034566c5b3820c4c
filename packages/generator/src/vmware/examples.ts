/**
 * Synthesizes an example value that validates against a schema, for the imported operations.
 * Identifiers take the examples our specs already give for the same name, so that they name
 * objects the mock's default seed holds; other ids follow vCenter's shapes (`vm-42`, `host-21`).
 */
import type { JsonSchema } from './swagger2.js';

/** vCenter's managed-object id shapes, for names our specs give no example for. */
const ID_SHAPES: Readonly<Record<string, string>> = {
  vm: 'vm-42',
  host: 'host-21',
  datacenter: 'datacenter-2',
  cluster: 'domain-c8',
  datastore: 'datastore-11',
  network: 'network-13',
  folder: 'group-v4',
  resource_pool: 'resgroup-9',
  template: 'vm-43',
  portgroup: 'dvportgroup-14',
  distributed_switch: 'dvs-15',
  library: 'b7c8f2a0-4d1e-4a3b-9c5d-6e7f8a9b0c1d',
};

const FORMATS: Readonly<Record<string, unknown>> = {
  'date-time': '2026-01-15T09:30:00.000Z',
  date: '2026-01-15',
  uri: 'https://vcenter.example.com/resource',
  url: 'https://vcenter.example.com/resource',
  email: 'admin@example.com',
  ipv4: '192.0.2.10',
  ipv6: '2001:db8::10',
  hostname: 'esx-01.example.com',
  uuid: '2f1c7a6e-9b3d-4e5f-8a1b-0c2d3e4f5a6b',
  byte: 'ZXhhbXBsZQ==',
  binary: 'example',
  password: 'example-secret',
};

export interface ExampleContext {
  /** Resolves a component schema by name (names are global). */
  schema(name: string): JsonSchema | undefined;
  /** The id our specs already give as the example of a path parameter of this name. */
  knownExample(name: string): unknown;
}

/** `disks` → `disk`, `policies` → `policy`: the id name an array's or map's entries carry. */
export function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('sses')) return name.slice(0, -2);
  if (name.endsWith('s') && !name.endsWith('ss')) return name.slice(0, -1);
  return name;
}

/** An id-like example for a name, or undefined when the name is not an id. */
export function idExample(name: string, ctx: ExampleContext): string | undefined {
  const known = ctx.knownExample(name);
  if (typeof known === 'string' && name !== 'id') return known;
  const bare = name.replace(/_id$/, '');
  if (ID_SHAPES[name]) return ID_SHAPES[name];
  if (ID_SHAPES[bare]) return ID_SHAPES[bare];
  if (name.endsWith('_id') || name === 'id') return `${bare === 'id' ? 'object' : bare.replace(/_/g, '-')}-1`;
  return undefined;
}

/** Whether a value our specs already use fits a schema's type, enum and items (so it may be reused). */
export function fits(value: unknown, schema: JsonSchema | undefined, ctx: ExampleContext, depth = 0): boolean {
  if (!schema || depth > 5) return true;
  if (typeof schema.$ref === 'string') return fits(value, ctx.schema(schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1)), ctx, depth + 1);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : (schema.type as string | undefined);
  switch (type) {
    case 'string':
      return typeof value === 'string' && (typeof schema.format !== 'string' || FORMATS[schema.format] === undefined || schema.format === 'password');
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value) && value.every((v) => fits(v, schema.items as JsonSchema | undefined, ctx, depth + 1));
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return true;
  }
}

export function sampleOf(schema: JsonSchema | undefined, hint: string, ctx: ExampleContext, depth = 0, seen: ReadonlySet<string> = new Set()): unknown {
  if (!schema) return {};
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.slice(ref.lastIndexOf('/') + 1);
    if (seen.has(name)) return undefined; // recursive type: the caller drops an optional field
    return sampleOf(ctx.schema(name), hint, ctx, depth, new Set([...seen, name]));
  }
  if (schema.const !== undefined) return schema.const;
  const alternatives = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives)) {
    const first = alternatives.find((a) => a.type !== 'null') ?? alternatives[0];
    return sampleOf(first, hint, ctx, depth, seen);
  }
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as JsonSchema[]).map((part) => sampleOf(part, hint, ctx, depth, seen));
    return parts.every((v) => v && typeof v === 'object' && !Array.isArray(v)) ? Object.assign({}, ...parts) : parts[0];
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : (schema.type as string | undefined);
  switch (type) {
    case 'string': {
      const format = typeof schema.format === 'string' ? schema.format : undefined;
      if (format && FORMATS[format] !== undefined) return FORMATS[format];
      return idExample(hint, ctx) ?? (hint === 'name' ? 'example-name' : `example-${hint.replace(/_/g, '-') || 'value'}`);
    }
    case 'integer':
    case 'number': {
      let value = 1;
      if (typeof schema.minimum === 'number' && schema.minimum > value) value = schema.minimum;
      if (typeof schema.maximum === 'number' && schema.maximum < value) value = schema.maximum;
      return value;
    }
    case 'boolean':
      return false;
    case 'array': {
      const item = sampleOf(schema.items as JsonSchema | undefined, singular(hint), ctx, depth + 1, seen);
      return item === undefined ? [] : [item];
    }
    default:
      return objectSample(schema, hint, ctx, depth, seen);
  }
}

function objectSample(schema: JsonSchema, hint: string, ctx: ExampleContext, depth: number, seen: ReadonlySet<string>): unknown {
  const out: Record<string, unknown> = {};
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  // Near the top every field is shown; deeper down only the required ones keep examples small.
  for (const name of Object.keys(props)) {
    if (!required.has(name) && depth >= 2) continue;
    const value = sampleOf(props[name], name, ctx, depth + 1, seen);
    if (value === undefined) {
      if (required.has(name)) return undefined;
      continue;
    }
    out[name] = value;
  }
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object' && Object.keys(props).length === 0) {
    const key = idExample(singular(hint), ctx) ?? 'key';
    const value = sampleOf(extra as JsonSchema, singular(hint), ctx, depth + 1, seen);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
