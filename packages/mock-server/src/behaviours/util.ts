import { VapiError } from '../server/errors.js';

/** A list filter as a Set, or undefined when the filter is absent (matches everything). */
export function filterSet(query: Record<string, unknown>, name: string): Set<unknown> | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  return new Set(Array.isArray(v) ? v : [v]);
}

export function matches(set: Set<unknown> | undefined, value: unknown): boolean {
  return set === undefined || set.has(value);
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
