/**
 * What tables show in place of exact values: sizes in KiB/MiB/GiB/TiB and times as a local date
 * with how long ago. Only tables: json, yaml, csv and ids keep the API's exact values.
 *
 * A number is a size when its field says so: a unit in the name (`memory_size_MiB`, `memory_MB`)
 * or one of the fields the specs describe as a count of bytes (`capacity`, `free_space`, …).
 * A string is a time when it is an RFC 3339 date-time, the form of every `date-time` field.
 */

const KiB = 1024;
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Bytes per unit of a field name's suffix (vSphere's `_MB` fields are mebibytes too). */
const SUFFIX_UNIT: readonly [RegExp, number][] = [
  [/_(KiB|KB)$/, KiB],
  [/_(MiB|MB)$/, KiB ** 2],
  [/_(GiB|GB)$/, KiB ** 3],
  [/(^|_)bytes$/i, 1],
];

/** Fields the specs describe as bytes wherever they occur in a result (`size` is not one: some results give it in MB). */
const BYTE_FIELDS: ReadonlySet<string> = new Set(['capacity', 'free_space', 'used', 'bytes_transferred', 'currently_available']);

/** Results whose byte-named fields hold another unit. */
const UNIT_EXCEPTIONS: ReadonlyMap<string, Readonly<Record<string, number>>> = new Map([
  ['vcenter.namespaceManagement.clusterSizeInfo.get', { capacity: KiB ** 2, memory: KiB ** 2 }],
]);

/** Bytes per unit of the field `name` (its last path segment) in the result of `operation`, when it holds a size. */
export function sizeUnit(name: string, operation?: string): number | undefined {
  const field = name.slice(name.lastIndexOf('.') + 1);
  const exception = operation ? UNIT_EXCEPTIONS.get(operation)?.[field] : undefined;
  if (exception !== undefined) return exception;
  for (const [suffix, bytes] of SUFFIX_UNIT) if (suffix.test(field)) return bytes;
  return BYTE_FIELDS.has(field) ? 1 : undefined;
}

/** `512 B`, `4 GiB`, `97.7 GiB`. */
export function humanSize(bytes: number): string {
  let v = Math.abs(bytes);
  let i = 0;
  while (v >= KiB && i < UNITS.length - 1) {
    v /= KiB;
    i++;
  }
  const digits = i === 0 || Number.isInteger(v) || v >= 100 ? 0 : 1;
  return `${bytes < 0 ? '-' : ''}${v.toFixed(digits).replace(/\.0$/, '')} ${UNITS[i]}`;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

const pad = (n: number): string => String(n).padStart(2, '0');

/** `5s`, `3m`, `2h`, `4d`. */
function span(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** `2026-12-03 18:54:21 (3m ago)` in local time, or undefined when `text` is not a date-time. */
export function humanTime(text: string, now = Date.now()): string | undefined {
  if (!DATE_TIME.test(text)) return undefined;
  const t = Date.parse(text);
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t);
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const diff = now - t;
  return `${local} (${diff >= 0 ? `${span(diff)} ago` : `in ${span(-diff)}`})`;
}

/** What a table cell shows for `value` in the field `name`, when it reads better than the exact value. */
export function humanCell(name: string, value: unknown, operation?: string): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const unit = sizeUnit(name, operation);
    return unit === undefined ? undefined : humanSize(value * unit);
  }
  return typeof value === 'string' ? humanTime(value) : undefined;
}
