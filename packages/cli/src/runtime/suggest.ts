/**
 * The one suggestion engine of the CLI: commands, flags, enum values, profiles, shells and
 * result fields all ask it what the user probably meant.
 *
 * Candidates are compared without case and with `-` read as `_` (`power-on` is `POWERED_ON`'s
 * spelling family), and ranked in tiers: the same word; a candidate that starts with the input
 * (`windows` → `WINDOWS_10_64`, `POWERED_O` → `POWERED_ON`); one that has the input as a whole
 * `_`-separated word later on (`ON` → `POWERED_ON`); a whole-word typo (`lst` → `list`); a typo in
 * the start of a longer candidate (`widnows` → `WINDOWS_…`). Within a tier, fewer edits and
 * shorter candidates come first. The edit distance and the ranking are core's (`closest`), the
 * one implementation the mock's suggestions use too; only the tiers are the CLI's.
 */

import { editDistance, rankCandidates } from '@vsphere-kit/core/closest';

const normalize = (s: string): string => s.toLowerCase().replace(/-/g, '_');

/** How many edits still read as a typo of a word this long. */
const typoLimit = (length: number): number => Math.max(1, Math.floor(length / 3));

/** The tier and edit count of one candidate, or undefined when it is not a plausible meaning. */
function score(query: string, candidate: string): [tier: number, edits: number] | undefined {
  if (candidate === query) return [0, 0];
  if (candidate.startsWith(query)) return [1, candidate.length - query.length];
  const at = candidate.indexOf(`_${query}`);
  if (at >= 0) {
    const end = at + 1 + query.length;
    if (end === candidate.length || candidate[end] === '_') return [2, candidate.length - query.length];
  }
  const whole = editDistance(query, candidate);
  if (whole <= typoLimit(query.length)) return [3, whole];
  if (query.length >= 4 && candidate.length > query.length) {
    const head = editDistance(query, candidate.slice(0, query.length));
    if (head <= typoLimit(query.length)) return [4, head];
  }
  return undefined;
}

/** Every candidate that plausibly means `input`, best first. */
export function suggestions(input: string, candidates: Iterable<string>): string[] {
  const query = normalize(input);
  if (!query) return [];
  return rankCandidates(candidates, (value) => {
    const s = score(query, normalize(value));
    // Within a tier: fewer edits, then the shorter value.
    return s && [s[0], s[1], value.length];
  });
}

/** The best candidate, when one is plausible. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  return suggestions(input, candidates)[0];
}

export function didYouMean(input: string, candidates: Iterable<string>, prefix = ''): string | undefined {
  const c = closest(input, candidates);
  return c === undefined ? undefined : `Did you mean '${prefix}${c}'?`;
}

/** `A`, `A or B`, `A, B or C`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
