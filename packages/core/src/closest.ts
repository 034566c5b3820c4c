/**
 * "Did you mean": the known names closest to a misspelt one. Shared so that every package ranks
 * candidates the same way (the mock's operation ids; anything else that names the closest of a
 * known set).
 */

/** Levenshtein distance (two-row dynamic programme). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * Up to `max` candidates ranked by closeness to `input`, closest first (ties go to the
 * fewer edits, then to the candidates' order). Case is ignored; a candidate that `input` is a dotted suffix of
 * (`vm.list` → `vcenter.vm.list`) or a prefix of ranks as one edit away.
 */
export function closestMatches(input: string, candidates: Iterable<string>, max = 3): string[] {
  const want = input.toLowerCase();
  const ranked: { name: string; score: number; distance: number; at: number }[] = [];
  let at = 0;
  for (const name of candidates) {
    const have = name.toLowerCase();
    const partial = want.length > 0 && (have.endsWith(`.${want}`) || have.startsWith(want));
    const distance = editDistance(want, have);
    ranked.push({ name, score: partial ? Math.min(distance, 1) : distance, distance, at: at++ });
  }
  // Among equally close candidates, the one with fewer edits in all (the shorter completion) first.
  ranked.sort((x, y) => x.score - y.score || x.distance - y.distance || x.at - y.at);
  return ranked.slice(0, Math.max(0, max)).map((r) => r.name);
}
