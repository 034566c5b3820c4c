/**
 * `--fields a,b.c`: which fields of a result every output format shows. A field is a dotted path
 * into each row (`placement.folder`); json and yaml keep the nesting of what they pick, tables and
 * csv make one column per path, `-o ids` prints the one field it is given.
 */
import { UsageError } from './errors.js';
import { suggestions } from './suggest.js';

/** One selected field: its path segments and how it was written. */
export interface Field {
  readonly path: readonly string[];
  readonly name: string;
}

const SEGMENT = /^[A-Za-z0-9_$@-]+$/;

/** Parses `--fields`; undefined when not given. */
export function parseFields(text: string | undefined, format: string): Field[] | undefined {
  if (text === undefined) return undefined;
  const fields: Field[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim();
    const path = name.split('.');
    if (!name || !path.every((s) => SEGMENT.test(s))) {
      throw new UsageError(`--fields: invalid field name '${name}' in '${text}': expected names like vm,name,placement.folder`);
    }
    if (!fields.some((f) => f.name === name)) fields.push({ path, name });
  }
  if (format === 'ids' && fields.length !== 1) {
    throw new UsageError(`--fields with -o ids takes one field (the one to print per line), not ${fields.length}`);
  }
  return fields;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path` in `row` (own fields only), or undefined. */
export function valueAt(row: unknown, path: readonly string[]): unknown {
  let v = row;
  for (const key of path) {
    if (!isObject(v) || !Object.hasOwn(v, key)) return undefined;
    v = v[key];
  }
  return v;
}

/** Every path of `row` down to its scalars and arrays (for messages and csv columns). */
export function leafPaths(row: Record<string, unknown>, prefix: readonly string[] = [], out: string[][] = []): string[][] {
  for (const [k, v] of Object.entries(row)) {
    const path = [...prefix, k];
    if (isObject(v) && Object.keys(v).length) leafPaths(v, path, out);
    else out.push(path);
  }
  return out;
}

/** The rows a result holds: a list of objects, or one object. Undefined for anything else. */
export function rowsOf(value: unknown): Record<string, unknown>[] | undefined {
  if (Array.isArray(value)) return value.every(isObject) ? (value as Record<string, unknown>[]) : undefined;
  return isObject(value) ? [value] : undefined;
}

/**
 * Fails, naming the closest fields the result has, when a field is in no row. An empty
 * result passes: there is nothing to check against.
 */
export function checkFields(value: unknown, fields: readonly Field[]): Record<string, unknown>[] {
  const rows = rowsOf(value);
  if (!rows) {
    throw new UsageError(`--fields selects fields of objects, but this result is ${Array.isArray(value) ? 'a list of plain values' : 'a plain value'}`);
  }
  if (!rows.length) return rows;
  for (const f of fields) {
    if (rows.some((r) => valueAt(r, f.path) !== undefined)) continue;
    const known = [...new Set(rows.slice(0, 50).flatMap((r) => leafPaths(r).map((p) => p.join('.'))))];
    const close = suggestions(f.name, known).slice(0, 3);
    throw new UsageError(
      `--fields: no field '${f.name}' in the result${close.length ? `; did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : ''}`,
      `Its fields: ${known.join(', ')}`,
    );
  }
  return rows;
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let at = target;
  for (const key of path.slice(0, -1)) {
    if (!isObject(at[key])) at[key] = Object.create(null);
    at = at[key] as Record<string, unknown>;
  }
  at[path[path.length - 1]!] = value;
}

/** The row with only the selected fields, nesting kept (json, yaml); keyed by user input, so without a prototype. */
export function pick(row: Record<string, unknown>, fields: readonly Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const f of fields) {
    const v = valueAt(row, f.path);
    if (v !== undefined) setAt(out, f.path, v);
  }
  return out;
}
