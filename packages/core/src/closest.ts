/**
 * "Did you mean": the one edit distance and the one ranking every package uses to name the
 * known names closest to a misspelt one. `closestMatches` serves the mock's operation ids; the
 * CLI's suggestions (case-, `-`/`_`- and word-aware) layer their own tiers on `rankCandidates`.
 */

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string
 * alignment): `lsit` is one typo away from `list`, not two.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length]!;
}

/**
 * The candidates `rank` accepts, best first: ordered by the numbers `rank` gives them, compared
 * left to right (lower is better); full ties keep the candidates' order. A candidate `rank`
 * refuses (`undefined`) is left out, and a name given twice is named once.
 */
export function rankCandidates(candidates: Iterable<string>, rank: (candidate: string) => readonly number[] | undefined): string[] {
  const ranked: { name: string; key: readonly number[] }[] = [];
  for (const name of candidates) {
    const key = rank(name);
    if (key) ranked.push({ name, key });
  }
  // Array#sort is stable, so equal keys stay in the candidates' order.
  ranked.sort((x, y) => compareKeys(x.key, y.key));
  return [...new Set(ranked.map((r) => r.name))];
}

function compareKeys(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/**
 * Up to `max` candidates ranked by closeness to `input`, closest first (ties go to the
 * fewer edits, then to the candidates' order). Case is ignored; a candidate that `input` is a dotted suffix of
 * (`vm.list` → `vcenter.vm.list`) or a prefix of ranks as one edit away.
 */
export function closestMatches(input: string, candidates: Iterable<string>, max = 3): string[] {
  const want = input.toLowerCase();
  const ranked = rankCandidates(candidates, (name) => {
    const have = name.toLowerCase();
    const partial = want.length > 0 && (have.endsWith(`.${want}`) || have.startsWith(want));
    const distance = editDistance(want, have);
    // Among equally close candidates, the one with fewer edits in all (the shorter completion) first.
    return [partial ? Math.min(distance, 1) : distance, distance];
  });
  return ranked.slice(0, Math.max(0, max));
}
