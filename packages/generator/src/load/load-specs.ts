import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ParseCache } from './parse-cache.js';
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

/**
 * Reads and parses every spec file. With `cache`, a file whose text was parsed before is read back
 * from it; its line numbers are then computed only when a problem needs one.
 */
export function loadSpecFiles(specsDir: string, problems: SpecProblem[], cache?: ParseCache): SpecFile[] {
  const files: SpecFile[] = [];
  for (const name of listSpecFiles(specsDir)) {
    const text = readFileSync(join(specsDir, name), 'utf8');
    const key = cache?.key(text);
    const cached = key === undefined ? undefined : cache?.get(key);
    if (cached) {
      files.push({ name, doc: cached, lineOf: lazyLineOf(name, text) });
      continue;
    }
    const parsed = parseSpecText(name, text, problems);
    if (parsed) {
      files.push(parsed);
      if (key !== undefined) cache?.set(key, parsed.doc);
    }
  }
  cache?.prune();
  return files;
}

/** The cache of parsed specs under `node_modules/.cache`, salted with everything that shapes a parse. */
export function specParseCache(root: string): ParseCache {
  return new ParseCache(join(root, 'node_modules', '.cache', 'vsphere-kit-generator', 'specs'), `yaml ${YAML_VERSION} ${PARSE_FORMAT}`);
}

/** Bump when parseSpecText changes how a file becomes a document. */
const PARSE_FORMAT = 'uniqueKeys maxAliasCount=100 v1';
const YAML_VERSION = (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;

function lazyLineOf(name: string, text: string): (pointer: string) => number | undefined {
  let lineOf: ((pointer: string) => number | undefined) | undefined;
  return (pointer) => {
    lineOf ??= parseSpecText(name, text, [])?.lineOf ?? (() => undefined);
    return lineOf(pointer);
  };
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
