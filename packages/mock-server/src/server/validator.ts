// biome-ignore-all lint/suspicious/noExplicitAny: resolves JSON pointers in untyped OpenAPI documents
/**
 * Validators compiled lazily from spec.gen.json (JSON pointers from MOCK_ROUTES),
 * cached per pointer. Ajv2020 for OpenAPI 3.1 schemas.
 *
 * The document is never handed to ajv whole: ajv walks every key of what it is given (the whole
 * API's spec at start-up, or on the first call when that was deferred). Instead each schema a
 * validator reaches is registered on its own, under an id made of its pointer, the first time a
 * validator needs it, so a call pays only for the schemas of its own operation, and a schema that
 * several operations share is compiled once.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { addOpenApiFormats } from '@vsphere-kit/core/openapi-formats';
import { VapiError } from './errors.js';

// ajv-formats is CommonJS: its default import is the function under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

export function pointerSegments(pointer: string): string[] {
  const p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (p === '' || p === '/') return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Resolves a JSON pointer into the document. */
export function resolvePointer(doc: unknown, pointer: string): any {
  let cur: any = doc;
  for (const seg of pointerSegments(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** Follows `$ref` chains (internal refs only) until a schema without a bare `$ref`. */
export function derefSchema(doc: unknown, schema: any, depth = 0): any {
  while (schema && typeof schema === 'object' && typeof schema.$ref === 'string' && depth++ < 32) {
    schema = resolvePointer(doc, schema.$ref);
  }
  return schema;
}

/** The id a schema of the document is registered under: its pointer, each segment URI-encoded (`/components/schemas/VcenterVMInfo`). */
export function schemaIdOf(pointer: string): string {
  return `/${pointerSegments(pointer).map(encodeURIComponent).join('/')}`;
}

export class SpecValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();
  /** Ids of the schemas handed to ajv so far. */
  private readonly registered = new Set<string>();

  /** `allErrors`: report every problem of a value, not just the first (the request path stops at one). */
  constructor(
    readonly doc: unknown,
    { allErrors = false }: { allErrors?: boolean } = {},
  ) {
    this.ajv = new Ajv2020({
      strict: false,
      allErrors,
      validateSchema: false,
      addUsedSchema: false,
      validateFormats: true,
      discriminator: false,
    });
    addFormats(this.ajv);
    // the same OpenAPI format rules as the generator's example check
    addOpenApiFormats(this.ajv);
  }

  /** The compiled validator for the schema at `pointer` (cached). */
  get(pointer: string): ValidateFunction {
    let fn = this.cache.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: this.register(pointer) });
      this.cache.set(pointer, fn);
    }
    return fn;
  }

  /** Hands the schema at `pointer` to ajv (once), with the schemas it refers to; returns its id. */
  private register(pointer: string): string {
    const id = schemaIdOf(pointer);
    if (this.registered.has(id)) return id;
    this.registered.add(id); // before its refs: a schema may refer to itself
    const schema = resolvePointer(this.doc, pointer);
    if (schema === undefined) throw new Error(`no schema at ${pointer} in the spec`);
    this.ajv.addSchema(this.anchored(schema) as object, id);
    return id;
  }

  /** A copy of `value` whose document-internal refs (`#/components/...`) name registered ids. */
  private anchored(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.anchored(v));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? this.register(v.slice(1)) : this.anchored(v);
    }
    return out;
  }

  describe(errors: ErrorObject[] | null | undefined): string {
    return this.ajv.errorsText(errors ?? []);
  }

  /** Validates request input; throws INVALID_ARGUMENT / UNEXPECTED_INPUT. */
  check(pointer: string, value: unknown, what: string): void {
    const fn = this.get(pointer);
    if (!fn(value)) throw requestError(fn.errors ?? [], what);
  }
}

/** Turns the first ajv error into the vSphere error vCenter would send. */
export function requestError(errors: ErrorObject[], what: string): VapiError {
  const e = errors[0];
  const field = fieldName(what, e?.instancePath ?? '');
  if (e?.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty?: string }).additionalProperty);
    const at = field === what ? what : field;
    return new VapiError('UNEXPECTED_INPUT', `Unexpected field '${extra}' in '${at}'.`, [extra, at], 'vapi.bindings.typeconverter.unexpected.field');
  }
  if (e?.keyword === 'required') {
    const missing = String((e.params as { missingProperty?: string }).missingProperty);
    return new VapiError(
      'INVALID_ARGUMENT',
      `Structure '${field}' is missing a value for field '${missing}'.`,
      [field, missing],
      'vapi.bindings.typeconverter.missing.field',
    );
  }
  if (e?.keyword === 'enum' || e?.keyword === 'const') {
    return new VapiError(
      'INVALID_ARGUMENT',
      `Invalid value for field '${field}': not one of the allowed values.`,
      [field],
      'vapi.bindings.typeconverter.invalid.enum',
    );
  }
  return new VapiError(
    'INVALID_ARGUMENT',
    `Invalid value for field '${field}': ${e?.message ?? 'invalid'}.`,
    [field, e?.message ?? 'invalid'],
    'vapi.bindings.typeconverter.invalid.value',
  );
}

function fieldName(what: string, instancePath: string): string {
  if (!instancePath) return what;
  return `${what}${instancePath.replace(/\//g, '.')}`;
}
