/**
 * `-o csv`: RFC 4180. A header row, one record per result row, CRLF line ends; a field holding a
 * comma, a double quote or a line break is quoted, its quotes doubled. Values stay exact (no
 * human sizes); nested objects become dotted columns, arrays their JSON text.
 */
import { leafPaths, rowsOf, valueAt, type Field } from './fields.js';

const CRLF = '\r\n';

/** One field, quoted when RFC 4180 requires it. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const record = (cells: readonly string[]): string => cells.map(csvField).join(',') + CRLF;

export function renderCsv(value: unknown, fields: readonly Field[] | undefined): string {
  if (value === undefined) return '';
  const rows = rowsOf(value);
  if (!rows) {
    // Plain values (a created id, a list of names): one column.
    const values = Array.isArray(value) ? value : [value];
    return record(['value']) + values.map((v) => record([text(v)])).join('');
  }
  if (!rows.length) return '';
  let paths: (readonly string[])[];
  if (fields) paths = fields.map((f) => f.path);
  else {
    // Every row's fields, in the order they first appear.
    const seen = new Map<string, readonly string[]>();
    for (const r of rows) for (const p of leafPaths(r)) if (!seen.has(p.join('.'))) seen.set(p.join('.'), p);
    paths = [...seen.values()];
  }
  return record(paths.map((p) => p.join('.'))) + rows.map((r) => record(paths.map((p) => text(valueAt(r, p))))).join('');
}
