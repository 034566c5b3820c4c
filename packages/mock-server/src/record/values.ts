/**
 * Reading values out of a vCenter's answers without trusting their shape: each helper gives the
 * value when it has the expected type and `undefined` (or nothing) otherwise, so that a recording
 * notes what does not fit instead of failing on it.
 */
export type Row = Record<string, unknown>;

export const isRow = (v: unknown): v is Row => !!v && typeof v === 'object' && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const int = (v: unknown): number | undefined => (Number.isInteger(v) ? (v as number) : undefined);
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
/** The strings of a list (anything else in it, or a non-list, gives none). */
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** `{ key: value }` when the value is there, `{}` otherwise: records keep only what came. */
export const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));
