import type { CommandDef } from './command-types.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '@vsphere-kit/core/json-depth';
import { CliError, UsageError } from './errors.js';
import { checkFields, pick, valueAt, type Field } from './fields.js';
import { humanCell } from './humanize.js';
import { loadYaml } from './lazy.js';
import type { OutStream } from './stdio.js';

export type OutputFormat = 'table' | 'json' | 'yaml' | 'csv' | 'ids';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml', 'csv', 'ids'];

export function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return 'table';
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`invalid output format '${value}': expected one of ${OUTPUT_FORMATS.join(', ')}`);
}

/** Colour only on a TTY, and never with --no-color or its twin NO_COLOR (https://no-color.org). */
export function useColor(stream: OutStream, noColor: boolean): boolean {
  if (noColor) return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0' && process.env.FORCE_COLOR !== '') return true;
  return stream.isTTY === true && process.env.TERM !== 'dumb';
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

export function makeStyle(color: boolean): Style {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39) };
}

/**
 * Default table columns per operation id (the list types an operator looks at most).
 * test/operation-ids.test.ts checks that each id names an operation and each column a field of its result.
 */
export const DEFAULT_COLUMNS: ReadonlyMap<string, readonly string[]> = new Map([
  ['vcenter.vm.list', ['vm', 'name', 'power_state', 'cpu_count', 'memory_size_MiB']],
  ['vcenter.host.list', ['host', 'name', 'connection_state', 'power_state']],
  ['vcenter.cluster.list', ['cluster', 'name', 'ha_enabled', 'drs_enabled']],
  ['vcenter.datastore.list', ['datastore', 'name', 'type', 'free_space', 'capacity']],
  ['vcenter.folder.list', ['folder', 'name', 'type']],
  ['vcenter.datacenter.list', ['datacenter', 'name']],
  ['vcenter.network.list', ['network', 'name', 'type']],
  ['vcenter.resourcePool.list', ['resource_pool', 'name']],
]);

function isScalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (isScalar(v)) return String(v);
  return JSON.stringify(v);
}

/** A table cell: human sizes and times where the field holds one (humanize.ts), the exact value otherwise. */
function tableCell(field: string, v: unknown, cmd: CommandDef | undefined): string {
  return humanCell(field, v, cmd?.route.id) ?? cell(v);
}

/** Which field of a row identifies it: the namespace's own word (`vm`), then `id`, then the first string. */
export function idField(rows: readonly Record<string, unknown>[], cmd?: CommandDef): string | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const keys = Object.keys(first);
  const words = cmd ? cmd.words.slice(0, -1).reverse() : [];
  for (const w of words) {
    const snake = w.replace(/-/g, '_');
    if (keys.includes(snake)) return snake;
    const singular = snake.replace(/s$/, '');
    if (keys.includes(singular)) return singular;
  }
  if (keys.includes('id')) return 'id';
  return keys.find((k) => typeof first[k] === 'string');
}

function columnsFor(rows: readonly Record<string, unknown>[], cmd?: CommandDef): string[] {
  const preset = cmd ? DEFAULT_COLUMNS.get(cmd.route.id) : undefined;
  if (preset) {
    const present = preset.filter((c) => rows.some((r) => c in r));
    if (present.length) return present;
  }
  const cols: string[] = [];
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) if (isScalar(v) && !cols.includes(k)) cols.push(k);
  }
  const id = idField(rows, cmd);
  if (id && cols.includes(id)) {
    cols.splice(cols.indexOf(id), 1);
    cols.unshift(id);
  }
  return cols.slice(0, 8);
}

function renderGrid(header: string[], rows: string[][], style: Style): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const head = style.bold(line(header.map((h) => h.toUpperCase())));
  return [head, ...rows.map(line)].join('\n') + '\n';
}

function flatten(obj: Record<string, unknown>, prefix = '', out: [string, unknown][] = []): [string, unknown][] {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v) && Object.keys(v).length && prefix.split('.').length < 3) flatten(v, key, out);
    else out.push([key, v]);
  }
  return out;
}

export function renderTable(value: unknown, cmd: CommandDef | undefined, style: Style, fields?: readonly Field[]): string {
  if (value === undefined) return '';
  if (isScalar(value)) return `${cell(value)}\n`;
  if (Array.isArray(value)) {
    if (!value.length) return '';
    if (value.every(isPlainObject)) {
      const rows = value as Record<string, unknown>[];
      if (fields) {
        return renderGrid(
          fields.map((f) => f.name),
          rows.map((r) => fields.map((f) => tableCell(f.name, valueAt(r, f.path), cmd))),
          style,
        );
      }
      const cols = columnsFor(rows, cmd);
      if (!cols.length) return value.map((v) => JSON.stringify(v)).join('\n') + '\n';
      return renderGrid(
        cols,
        rows.map((r) => cols.map((c) => tableCell(c, r[c], cmd))),
        style,
      );
    }
    return value.map(cell).join('\n') + '\n';
  }
  if (isPlainObject(value)) {
    const pairs: [string, unknown][] = fields ? fields.map((f) => [f.name, valueAt(value, f.path)]) : flatten(value);
    if (!pairs.length) return '';
    return renderGrid(
      ['field', 'value'],
      pairs.map(([k, v]) => [k, tableCell(k, v, cmd)]),
      style,
    );
  }
  return `${cell(value)}\n`;
}

export function renderIds(value: unknown, cmd: CommandDef | undefined, fields?: readonly Field[]): string {
  if (value === undefined || value === null) return '';
  if (fields) {
    // The one field given, a line per row.
    const rows = Array.isArray(value) ? value : [value];
    return rows.map((r) => `${cell(valueAt(r, fields[0]!.path))}\n`).join('');
  }
  if (isScalar(value)) return `${String(value)}\n`;
  if (Array.isArray(value)) {
    if (!value.length) return '';
    if (value.every(isPlainObject)) {
      const field = idField(value as Record<string, unknown>[], cmd);
      return field ? value.map((r) => cell((r as Record<string, unknown>)[field])).join('\n') + '\n' : '';
    }
    return value.map(cell).join('\n') + '\n';
  }
  if (isPlainObject(value)) {
    const field = idField([value], cmd);
    return field ? `${cell(value[field])}\n` : '';
  }
  return '';
}

/**
 * The text of a result in `format`. With `fields` (parsed by fields.ts), only those fields of each
 * row; a field that no row has is a usage error naming the closest ones.
 */
export async function render(value: unknown, format: OutputFormat, cmd: CommandDef | undefined, style: Style, fields?: readonly Field[]): Promise<string> {
  try {
    return await renderAs(value, format, cmd, style, fields);
  } catch (err) {
    // Every format walks the answer recursively: one nested deeper than any vSphere answer runs out of stack.
    // Asked only on failure, so a normal answer is not walked twice.
    if (!nestsDeeperThan(value)) throw err;
    const what = cmd ? `the answer to 'vsphere ${cmd.words.join(' ')}'` : 'the answer';
    throw new CliError(`${what} nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels (vSphere's own stay under 15): not printed`);
  }
}

async function renderAs(value: unknown, format: OutputFormat, cmd: CommandDef | undefined, style: Style, fields?: readonly Field[]): Promise<string> {
  if (fields && value !== undefined) {
    const rows = checkFields(value, fields);
    if (format === 'json' || format === 'yaml') value = Array.isArray(value) ? rows.map((r) => pick(r, fields)) : pick(rows[0]!, fields);
  }
  switch (format) {
    case 'json':
      if (value === undefined) return '';
      // JSON is the exact API body: /rest answers keep the `{"value": ...}` wrapper
      // that the client strips (tables, ids and YAML show the content itself).
      return `${JSON.stringify(cmd?.route.rest ? { value } : value, null, 2)}\n`;
    case 'yaml': {
      if (value === undefined) return '';
      const YAML = await loadYaml();
      return YAML.stringify(value);
    }
    case 'csv': {
      const { renderCsv } = await import('./csv.js');
      return renderCsv(value, fields);
    }
    case 'ids':
      return renderIds(value, cmd, fields);
    case 'table':
      return renderTable(value, cmd, style, fields);
  }
}
