/** Durations as people write them on a command line: `30s`, `2m`, `1m30s`, `500ms`, `1h`; a bare number is seconds. */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Milliseconds, or undefined when `text` is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(t)) return positive(Number(t) * 1000);
  if (!WHOLE.test(t)) return undefined;
  let ms = 0;
  for (const [, n, unit] of t.matchAll(PART)) ms += Number(n) * UNIT_MS[unit!]!;
  return positive(ms);
}

function positive(ms: number): number | undefined {
  const whole = Math.round(ms);
  return whole >= 1 && Number.isFinite(whole) ? whole : undefined;
}

/** `90000` → `1m30s`, `500` → `500ms`: how messages show a duration. */
export function formatDuration(ms: number): string {
  if (ms < 1000 || ms % 1000 !== 0) return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
  const s = ms / 1000;
  const parts = [Math.floor(s / 3600) && `${Math.floor(s / 3600)}h`, Math.floor((s % 3600) / 60) && `${Math.floor((s % 3600) / 60)}m`, s % 60 && `${s % 60}s`];
  return parts.filter(Boolean).join('');
}
