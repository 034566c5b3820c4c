// biome-ignore-all lint/suspicious/noExplicitAny: resolves JSON pointers in untyped OpenAPI documents
/**
 * Validators compiled lazily from spec.gen.json (JSON pointers from MOCK_ROUTES),
 * cached per pointer. Ajv2020 for OpenAPI 3.1 schemas.
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

export class SpecValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

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
    this.ajv.addSchema(doc as object, 'spec.json');
  }

  /** The compiled validator for the schema at `pointer` (cached). */
  get(pointer: string): ValidateFunction {
    let fn = this.cache.get(pointer);
    if (!fn) {
      const fragment = pointerSegments(pointer)
        .map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1')))
        .join('/');
      fn = this.ajv.compile({ $ref: `spec.json#/${fragment}` });
      this.cache.set(pointer, fn);
    }
    return fn;
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
