/**
 * `compare <file>`: VMware's published spec file against specs/. Reads both sides into one
 * normalized form (model.ts), matches operations on method, path and action, and walks
 * parameters, bodies, responses and task modes side by side (diff.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { bundleSpecs } from '../bundle/bundle.js';
import { loadSpecFiles } from '../load/load-specs.js';
import { SpecError, type SpecProblem } from '../load/spec-problem.js';
import { checkFileShape } from '../validate/file-shape.js';
import { type Comparison, compareSpecs } from './diff.js';
import { CompareInputError, readVmwareFile } from './load-file.js';
import { readOurs } from './read-ours.js';

export { type Comparison, compareSpecs, DIFFERENCE_KINDS, type Difference, type DifferenceKind } from './diff.js';
export { CompareInputError, readVmwareFile } from './load-file.js';
export { formatJson, formatText, isEqual, summarize, summaryLine } from './report.js';

/**
 * Compares VMware's `file` with the specs under `specsDir`. Only the bundle is built (not the
 * IR's checks or the emitters), so a comparison stays a few seconds on the whole API.
 * Throws CompareInputError for a bad file, SpecError for specs that do not bundle.
 */
export function compareFile(file: string, specsDir: string): Comparison {
  const theirs = readVmwareFile(file);
  if (!existsSync(specsDir) || !statSync(specsDir).isDirectory()) throw new CompareInputError(`${specsDir}: no specs folder to compare with (use --root DIR)`);
  const problems: SpecProblem[] = [];
  const files = loadSpecFiles(specsDir, problems);
  for (const f of files) checkFileShape(f, problems);
  const bundle = bundleSpecs(files, problems);
  if (problems.length > 0) throw new SpecError(problems);
  return compareSpecs(readOurs(bundle), theirs);
}
