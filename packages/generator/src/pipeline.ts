import { bundleSpecs, type Bundle } from './bundle/bundle.js';
import { MANAGED_DIRS, MANIFEST_PATH, Output } from './emit/output.js';
import type { Emitter } from './emit/plugin.js';
import { EMITTERS } from './emitters/index.js';
import { buildIr } from './ir/build-ir.js';
import type { Ir } from './ir/types.js';
import { loadSpecFiles, type SpecFile } from './load/load-specs.js';
import type { ParseCache } from './load/parse-cache.js';
import { SpecError, type SpecProblem } from './load/spec-problem.js';
import { checkExamples } from './validate/examples.js';
import { checkFileShape } from './validate/file-shape.js';

export { REPO_ROOT } from './repo-root.js';

export interface Analysis {
  readonly files: readonly SpecFile[];
  readonly bundle: Bundle;
  readonly ir: Ir;
}

/**
 * Reads, bundles, validates and normalizes the specs. Throws SpecError listing every problem.
 * `cache` keeps parsed files between runs (the CLI's; tests parse afresh).
 */
export function analyzeSpecs(specsDir: string, cache?: ParseCache): Analysis {
  const problems: SpecProblem[] = [];
  const files = loadSpecFiles(specsDir, problems, cache);
  return analyzeFiles(files, problems);
}

export function analyzeFiles(files: readonly SpecFile[], problems: SpecProblem[] = []): Analysis {
  for (const file of files) checkFileShape(file, problems);
  const bundle = bundleSpecs(files, problems);
  const ir = buildIr(bundle, problems);
  if (problems.length === 0) checkExamples(bundle, problems);
  if (problems.length > 0) {
    const byFile = new Map(files.map((f) => [f.name, f]));
    throw new SpecError(
      problems
        .map((p) => ({ ...p, line: p.line ?? byFile.get(p.file)?.lineOf(p.pointer) }))
        .sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1)),
    );
  }
  return { files, bundle, ir };
}

/** Produces every generated file from an analysis by running each emitter. Deterministic: same specs, same bytes. */
export async function generate(analysis: Analysis, emitters: readonly Emitter[] = EMITTERS): Promise<Output> {
  checkOwnership(emitters);
  const out = new Output();
  for (const emitter of emitters) {
    const emission = await emitter.emit(irView(analysis.ir, emitter.reads));
    for (const [path, content] of emission.files) {
      if (path === MANIFEST_PATH) throw new Error(`emitter '${emitter.name}' wrote ${path}, which the pipeline keeps`);
      if (!emitter.owns.some((owned) => inside(path, owned))) {
        throw new Error(`emitter '${emitter.name}' wrote ${path}, outside what it owns (${emitter.owns.join(', ')})`);
      }
      out.add(path, content);
    }
    for (const [path, body] of emission.sections ?? []) {
      if (!emitter.sections?.includes(path)) throw new Error(`emitter '${emitter.name}' filled the section of ${path}, which it does not declare`);
      out.addSection(path, body);
    }
  }
  return out;
}

/** Only the IR members an emitter declares, so that what it reads is what it says. */
function irView<R extends keyof Ir>(ir: Ir, reads: readonly R[]): Pick<Ir, R> {
  return Object.freeze(Object.fromEntries(reads.map((k) => [k, ir[k]]))) as Pick<Ir, R>;
}

function inside(path: string, owned: string): boolean {
  return path === owned || path.startsWith(`${owned}/`);
}

/**
 * Each path belongs to one emitter: no two own the same folder or file, or one inside the
 * other's, and every owned path lies in a generated folder (where stale files are removed).
 */
export function checkOwnership(emitters: readonly Emitter[]): void {
  const owners: { path: string; name: string }[] = [];
  const names = new Set<string>();
  for (const e of emitters) {
    if (names.has(e.name)) throw new Error(`two emitters are named '${e.name}'`);
    names.add(e.name);
    for (const path of e.owns) {
      if (path.endsWith('/') || path.startsWith('/') || path.split('/').includes('..')) {
        throw new Error(`emitter '${e.name}' owns '${path}': owned paths are repository-relative, without a trailing slash`);
      }
      if (!MANAGED_DIRS.some((dir) => inside(path, dir))) {
        throw new Error(`emitter '${e.name}' owns '${path}', which is not inside a generated folder (${MANAGED_DIRS.join(', ')})`);
      }
      const clash = owners.find((o) => inside(path, o.path) || inside(o.path, path));
      if (clash) throw new Error(`emitters '${clash.name}' and '${e.name}' both own '${inside(path, clash.path) ? path : clash.path}'`);
      owners.push({ path, name: e.name });
    }
  }
  const sections = new Map<string, string>();
  for (const e of emitters) {
    for (const path of e.sections ?? []) {
      const other = sections.get(path);
      if (other) throw new Error(`emitters '${other}' and '${e.name}' both fill the generated section of ${path}`);
      sections.set(path, e.name);
    }
  }
}
