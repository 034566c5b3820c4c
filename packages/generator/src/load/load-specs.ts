import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parsePointer, type SpecProblem } from './spec-problem.js';

/** One parsed spec file; `lineOf` maps a JSON pointer back to its line. */
export interface SpecFile {
  /** Path relative to the specs folder, with forward slashes: `vcenter/vm.yaml`. */
  readonly name: string;
  readonly doc: Record<string, unknown>;
  lineOf(pointer: string): number | undefined;
}

/** Files under specs/ that are not API documents. */
const NON_SPEC_DIRS = new Set(['documented']);

export function listSpecFiles(specsDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (dir === specsDir && NON_SPEC_DIRS.has(entry)) continue;
        walk(full);
      } else if (/\.ya?ml$/.test(entry)) {
        out.push(relative(specsDir, full).split(sep).join('/'));
      }
    }
  };
  walk(specsDir);
  return out;
}

export function loadSpecFiles(specsDir: string, problems: SpecProblem[]): SpecFile[] {
  const files: SpecFile[] = [];
  for (const name of listSpecFiles(specsDir)) {
    const text = readFileSync(join(specsDir, name), 'utf8');
    const parsed = parseSpecText(name, text, problems);
    if (parsed) files.push(parsed);
  }
  return files;
}

export function parseSpecText(name: string, text: string, problems: SpecProblem[]): SpecFile | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    for (const err of document.errors) {
      const line = err.linePos?.[0]?.line;
      problems.push({ file: name, pointer: '#', line, message: `YAML syntax: ${err.message.split('\n')[0]}` });
    }
    return undefined;
  }
  const doc = document.toJS({ maxAliasCount: 100 }) as unknown;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push({ file: name, pointer: '#', message: 'the file must hold a YAML mapping (an OpenAPI document)' });
    return undefined;
  }
  const lineOf = (pointer: string): number | undefined => {
    let node: Node | null | undefined = document.contents as Node | null;
    let lastLine: number | undefined;
    for (const token of parsePointer(pointer)) {
      if (node?.range) lastLine = lineCounter.linePos(node.range[0]).line;
      if (isMap(node)) node = node.get(token, true) as Node | undefined;
      else if (isSeq(node)) node = node.get(Number(token), true) as Node | undefined;
      else return lastLine;
    }
    return node?.range ? lineCounter.linePos(node.range[0]).line : lastLine;
  };
  return { name, doc: doc as Record<string, unknown>, lineOf };
}
