/**
 * The OpenAPI `format` rules JSON Schema does not define, in one place: the
 * generator checks spec examples with them and the mock validates requests and
 * answers with them, so an example cannot pass one and fail the other.
 * Standard JSON Schema formats (date-time, uri, ...) come from ajv-formats in both.
 */

/** The part of an Ajv instance this module uses (structural, so core does not depend on ajv). */
export interface FormatRegistry {
  addFormat(name: string, format: true | { type: 'number'; validate: (n: number) => boolean }): unknown;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Each OpenAPI format and its rule: `true` accepts any value of the schema's type. */
export const OPENAPI_FORMATS: Readonly<Record<string, true | { type: 'number'; validate: (n: number) => boolean }>> = {
  int32: { type: 'number', validate: (n) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX },
  int64: { type: 'number', validate: (n) => Number.isInteger(n) },
  float: true,
  double: true,
  byte: true,
  binary: true,
  password: true,
  secret: true,
};

/** Registers every OpenAPI format rule on an Ajv instance (after ajv-formats' standard ones). */
export function addOpenApiFormats(ajv: FormatRegistry): void {
  for (const [name, rule] of Object.entries(OPENAPI_FORMATS)) ajv.addFormat(name, rule);
}
