import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { addOpenApiFormats } from '@vsphere-kit/core/openapi-formats';

// ajv-formats is CommonJS; under NodeNext its function arrives wrapped in `default`.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

const BUNDLE_ID = 'vsphere-bundle.json';

/** Compiles JSON Schema 2020-12 validators for schemas inside the bundled OpenAPI document. */
export class SchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(document: object) {
    // Each validator here checks a handful of examples once: ajv's code optimisation pass costs more than it saves
    // (about a third of the example check for the whole API).
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true, code: { optimize: false } });
    addFormats(this.ajv);
    // the same OpenAPI format rules as the mock's validator
    addOpenApiFormats(this.ajv);
    this.ajv.addSchema({ ...(document as Record<string, unknown>), $id: BUNDLE_ID });
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

/** Makes `#/components/...` refs of an inline schema point into the registered bundle. */
function anchorRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchorRefs);
  if (node === null || typeof node !== 'object') return typeof node === 'boolean' ? node : (node ?? {});
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${BUNDLE_ID}${v}` : anchorRefs(v);
  }
  return out;
}
