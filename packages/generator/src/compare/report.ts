import { type Comparison, DIFFERENCE_KINDS, type DifferenceKind } from './diff.js';
import type { Location } from './model.js';

export interface ComparisonSummary {
  readonly onlyTheirs: number;
  readonly onlyOurs: number;
  readonly shared: number;
  readonly sharedDifferent: number;
  readonly differences: number;
  /** Differences of shared operations by kind (kinds with none left out). */
  readonly byKind: Partial<Record<DifferenceKind, number>>;
}

export function summarize(c: Comparison): ComparisonSummary {
  const byKind: Partial<Record<DifferenceKind, number>> = {};
  let differences = 0;
  for (const kind of DIFFERENCE_KINDS) {
    const n = c.operations.reduce((sum, op) => sum + op.differences.filter((d) => d.kind === kind).length, 0);
    if (n > 0) byKind[kind] = n;
    differences += n;
  }
  return {
    onlyTheirs: c.onlyTheirs.length,
    onlyOurs: c.onlyOurs.length,
    shared: c.shared,
    sharedDifferent: c.operations.length,
    differences,
    byKind,
  };
}

export function isEqual(c: Comparison): boolean {
  return c.onlyTheirs.length === 0 && c.onlyOurs.length === 0 && c.operations.length === 0;
}

export function summaryLine(c: Comparison): string {
  const s = summarize(c);
  const kinds = Object.entries(s.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return (
    `${s.onlyTheirs} only in ${c.theirs}, ${s.onlyOurs} only in ${c.ours}, ${s.shared} shared ` +
    `(${s.shared - s.sharedDifferent} equal, ${s.sharedDifferent} different: ${s.differences} difference(s)${kinds ? `: ${kinds}` : ''})`
  );
}

const where = (at: Location): string => `${at.file}${at.pointer}`;

/** The human report: operations on each side only, then each differing operation with its differences. */
export function formatText(c: Comparison): string {
  const lines: string[] = [
    c.scope.length > 0
      ? `compare ${c.ours} with ${c.theirs}: /api operations under ${c.scope.join(', ')}, matched on method, path and action`
      : `compare ${c.ours} with ${c.theirs}: ${c.theirs} has no /api operations (only /rest ones, which compare leaves out)`,
  ];
  lines.push('', `only in ${c.theirs} (${c.onlyTheirs.length}):`);
  for (const op of c.onlyTheirs) lines.push(`  ${op.key}  ${where(op.at)}`);
  lines.push('', `only in ${c.ours} (${c.onlyOurs.length}):`);
  for (const op of c.onlyOurs) lines.push(`  ${op.key}  ${where(op.at)}`);
  lines.push('', `differences in shared operations (${c.operations.length} of ${c.shared}):`);
  for (const op of c.operations) {
    lines.push(`  ${op.key}`);
    for (const d of op.differences) {
      lines.push(`    [${d.kind}] ${d.where}: ${d.message}`);
      lines.push(`      ${c.ours.padEnd(Math.max(c.ours.length, c.theirs.length))} ${where(d.ours)}`);
      lines.push(`      ${c.theirs.padEnd(Math.max(c.ours.length, c.theirs.length))} ${where(d.theirs)}`);
    }
  }
  lines.push('', `summary: ${summaryLine(c)}`);
  return `${lines.join('\n')}\n`;
}

export function formatJson(c: Comparison): string {
  return `${JSON.stringify({ ...c, summary: summarize(c) }, null, 2)}\n`;
}
