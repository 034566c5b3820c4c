/**
 * A schema in words for a Markdown table: `array of [VcenterVmSummary](…)`,
 * `integer (int64)`, `map of string → [X](…)`, `string: `A`, `B``; and the field
 * rows of an object, nested inline objects as dotted names (`placement.folder`).
 */
import type { JsonSchema } from '../../ir/types.js';
import { refName } from './schema-walk.js';

/** Renders a link to a component schema from the page being written. */
export type SchemaLink = (name: string) => string;

/** How schemas are shown from one page: a link to each, and each one's own description. */
export interface SchemaWords {
  readonly link: SchemaLink;
  readonly describe: (name: string) => string;
}

export interface FieldRow {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

const code = (value: unknown): string => `\`${String(value)}\``;

/** One table cell of prose: a single line, pipes escaped, no raw HTML. */
export function cell(text: unknown): string {
  return prose(String(text ?? '')).replace(/\|/g, '\\|');
}

function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
}

const isInlineObject = (schema: JsonSchema | undefined): schema is JsonSchema =>
  !!schema && schema.$ref === undefined && typeof schema.properties === 'object' && schema.properties !== null;

/** The type of a schema in words, with component schemas linked. */
export function typeText(schema: JsonSchema | undefined, link: SchemaLink): string {
  if (!schema || Object.keys(schema).filter((k) => k !== 'description' && k !== 'example').length === 0) return 'any';
  const name = refName(schema.$ref);
  if (name) return link(name);
  const alternatives = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (alternatives) return `one of ${alternatives.map((s) => typeText(s, link)).join(', ')}`;
  const types = typesOf(schema);
  const nullable = types.includes('null');
  const [type] = types.filter((t) => t !== 'null');
  let text: string;
  if (type === 'array') text = `array of ${typeText(schema.items as JsonSchema | undefined, link)}`;
  else if (type === 'object' || (!type && (schema.properties || schema.additionalProperties))) {
    const values = schema.additionalProperties;
    if (schema.properties || values === undefined || values === false) text = 'object';
    else text = `map of string → ${values === true ? 'any' : typeText(values as JsonSchema, link)}`;
  } else text = type ? `${type}${schema.format ? ` (${schema.format})` : ''}` : 'any';
  if (Array.isArray(schema.enum)) text += `, one of ${schema.enum.map(code).join(', ')}`;
  if (schema.uniqueItems === true) text += ', unique';
  if (nullable) text += ', or null';
  return text;
}

/**
 * The fields of an object schema, in declared order. Inline objects (not a named schema)
 * add their own fields below, dotted: `backing.type`, `disks[].new_vmdk` for arrays of them.
 */
export function fieldRows(schema: JsonSchema, words: SchemaWords, prefix = ''): FieldRow[] {
  const { link } = words;
  const rows: FieldRow[] = [];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    const path = `${prefix}${name}`;
    rows.push({ name: path, type: typeText(property, link), required: required.has(name), description: fieldDescription(property, words) });
    if (isInlineObject(property)) rows.push(...fieldRows(property, words, `${path}.`));
    const items = property.items as JsonSchema | undefined;
    if (isInlineObject(items)) rows.push(...fieldRows(items, words, `${path}[].`));
    const values = property.additionalProperties as JsonSchema | undefined;
    if (typeof values === 'object' && isInlineObject(values)) rows.push(...fieldRows(values, words, `${path}.*.`));
  }
  return rows;
}

/** A field's own description, else that of the named schema it holds (or holds a list of). */
function fieldDescription(property: JsonSchema, words: SchemaWords): string {
  if (typeof property.description === 'string' && property.description.trim()) return property.description;
  const name = refName(property.$ref) ?? refName((property.items as JsonSchema | undefined)?.$ref);
  return name ? words.describe(name) : '';
}

/** Prose for Markdown: one paragraph, and `<` escaped outside code spans so that GitHub shows it rather than reading HTML. */
export function prose(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;')))
    .join('');
}

/** A Markdown table of field rows. */
export function fieldTable(rows: readonly FieldRow[]): string {
  const lines = ['| field | type | required | description |', '|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${code(row.name)} | ${row.type} | ${row.required ? 'yes' : 'no'} | ${cell(row.description)} |`);
  return lines.join('\n');
}

export { isInlineObject };
