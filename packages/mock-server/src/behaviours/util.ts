import type { RouteKey } from '../generated/route-keys.gen.js';
import { VapiError } from '../server/errors.js';
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

const matchAll = (): boolean => true;

/**
 * The filters of a vCenter list call as one predicate: each query parameter
 * names the field of the object it filters on (`{ names: 'name', folders: 'folder' }`).
 * An object passes when, for every filter the query gives, its field is one of the values.
 */
export function listFilter<T extends object>(query: Record<string, unknown>, fields: Readonly<Record<string, keyof T>>): (item: T) => boolean {
  const active: [Set<unknown>, keyof T][] = [];
  for (const param in fields) {
    const set = filterSet(query, param);
    if (set) active.push([set, fields[param]!]);
  }
  if (active.length === 0) return matchAll;
  return (item) => active.every(([set, field]) => set.has(item[field]));
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
