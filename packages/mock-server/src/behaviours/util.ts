import type { RouteKey } from '../generated/route-keys.gen.js';
import { VapiError } from '../server/errors.js';
import type { FieldFilter } from '../state/field-index.js';
import type { TrackedMap } from '../state/tracked-map.js';
import type { QueryOf } from './types.js';

/**
 * The filters of the list operation `K`: each of its query parameters (but `Except`, handled
 * apart) mapped to the field of `T` it matches. A parameter the spec adds, renames or drops
 * fails to compile until the mapping follows.
 */
export type ListFilters<K extends RouteKey, T, Except extends string = never> = Readonly<Record<Exclude<keyof QueryOf<K>, Except>, keyof T>>;

/** A list filter as a Set, or undefined when the filter is absent (matches everything). */
export function filterSet(query: Record<string, unknown>, name: string): Set<unknown> | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  return new Set(Array.isArray(v) ? v : [v]);
}

/**
 * The objects a vCenter list call matches: each query parameter names the field of the object it
 * filters on (`{ names: 'name', folders: 'folder' }`), and an object passes when, for every filter
 * the query gives, its field is one of the values. Unfiltered, the whole map in its order;
 * filtered, only the matches, found through the map's field indexes (O(matches), in map order).
 */
export function listMatches<T extends object>(map: TrackedMap<T>, query: Record<string, unknown>, fields: Readonly<Record<string, keyof T>>): Iterable<T> {
  const active: FieldFilter[] = [];
  for (const param in fields) {
    const values = filterSet(query, param);
    if (values) active.push({ field: fields[param] as string, values });
  }
  return active.length === 0 ? map.values() : map.select(active);
}

/** vCenter refuses list calls that would return more than `limit` objects. */
export function enforceLimit(count: number, limit: number, kind: string): void {
  if (count > limit) {
    throw new VapiError(
      'UNABLE_TO_ALLOCATE_RESOURCE',
      `Too many ${kind} match the filter (${count} > ${limit}); narrow the filter.`,
      [String(limit)],
      'com.vmware.api.vcenter.max_results_exceeded',
    );
  }
}
