import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { addOpenApiFormats } from '@vsphere-kit/core/openapi-formats';

// ajv-formats is CommonJS; under NodeNext its function arrives wrapped in `default`.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

const BUNDLE_ID = 'vsphere-bundle.json';
const SCHEMAS_POINTER = '#/components/schemas/';
/**
 * Each component schema is registered under its own id: ajv compiles a schema registered by id once and
 * shares it, while a `$ref` into a fragment of one big document is compiled again by every validator that
 * reaches it (most of the example check's time for the whole API).
 */
const schemaId = (name: string): string => `/components/schemas/${encodeURIComponent(name)}`;

/** Compiles JSON Schema 2020-12 validators for schemas inside the bundled OpenAPI document. */
export class SchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(document: object) {
    // Each validator here checks a handful of examples once: ajv's code optimisation pass costs more than it saves
    // (about a third of the example check for the whole API).
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true, inlineRefs: false, code: { optimize: false } });
    addFormats(this.ajv);
    // the same OpenAPI format rules as the mock's validator
    addOpenApiFormats(this.ajv);
    this.ajv.addSchema({ ...(document as Record<string, unknown>), $id: BUNDLE_ID });
    const schemas = ((document as { components?: { schemas?: Record<string, unknown> } }).components?.schemas ?? {}) as Record<string, unknown>;
    for (const [name, schema] of Object.entries(schemas)) this.ajv.addSchema(anchorRefs(schema) as object, schemaId(name));
  }

  /** Returns an error message, or undefined when `value` is valid against `schema`. */
  check(schema: unknown, value: unknown): string | undefined {
    const validate = this.compile(schema);
    if (validate(value)) return undefined;
    const err = validate.errors?.[0];
    if (!err) return 'does not match its schema';
    const where = err.instancePath === '' ? 'the value' : `'${err.instancePath}'`;
    const extra = err.keyword === 'additionalProperties' ? ` ('${String((err.params as { additionalProperty?: string }).additionalProperty)}')` : '';
    const allowed = err.keyword === 'enum' ? ` (${(err.params as { allowedValues?: unknown[] }).allowedValues?.slice(0, 8).join(', ')}…)` : '';
    return `${where} ${err.message ?? 'is invalid'}${extra}${allowed}`;
  }

  private compile(schema: unknown): ValidateFunction {
    const key = JSON.stringify(schema);
    let fn = this.cache.get(key);
    if (!fn) {
      fn = this.ajv.compile(anchorRefs(schema) as object);
      this.cache.set(key, fn);
    }
    return fn;
  }
}

/** Makes `#/components/...` refs of an inline schema point at the registered component schemas or into the bundle. */
function anchorRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchorRefs);
  if (node === null || typeof node !== 'object') return typeof node === 'boolean' ? node : (node ?? {});
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? anchorRef(v) : anchorRefs(v);
  }
  return out;
}

function anchorRef(ref: string): string {
  if (ref.startsWith(SCHEMAS_POINTER)) {
    const rest = ref.slice(SCHEMAS_POINTER.length);
    // a ref to a whole component schema; one deeper inside a schema still goes through the bundle
    if (!rest.includes('/')) return schemaId(rest.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return `${BUNDLE_ID}${ref}`;
}
