/**
 * Records keyed by input (ids, names from paths, bodies, seeds and state files) are
 * objects without a prototype: `__proto__`, `constructor` or `toString` is then an
 * ordinary key, absent until set, and no lookup or write through such a key can reach
 * Object.prototype. They stay plain JSON for the state file. Note that structuredClone()
 * and spreads give back ordinary objects: copy such records with dict().
 */
export type Dict<T> = Record<string, T>;

/** A null-prototype record holding the own enumerable entries of `from`. */
export function dict<T>(from?: Readonly<Record<string, T>> | Iterable<readonly [string, T]> | null): Dict<T> {
  const out = Object.create(null) as Dict<T>;
  if (from == null) return out;
  const entries = Symbol.iterator in from ? (from as Iterable<readonly [string, T]>) : Object.entries(from);
  // With no prototype, assigning `__proto__` defines an own property like any other key.
  for (const [k, v] of entries) out[k] = v;
  return out;
}
