import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Folders the generator owns completely; anything in them that it did not produce is stale. */
export const MANAGED_DIRS = [
  'ir',
  'docs/api',
  'packages/core/src/generated',
  'packages/client/src/generated',
  'packages/client/test/generated',
  'packages/mock-server/src/generated',
  'packages/cli/src/generated',
];

/** Markers around the generated section of a hand-written file (package READMEs). */
export const SECTION_START = '<!-- @generated:start by @vsphere-kit/generator from specs/ — do not edit this section; run `pnpm generate` -->';
export const SECTION_END = '<!-- @generated:end -->';

/** The generated section of a hand-written file's text (as `addSection` received it), or undefined without markers. */
export function sectionOf(text: string): string | undefined {
  const start = text.indexOf(SECTION_START);
  const end = text.indexOf(SECTION_END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return text.slice(start + SECTION_START.length + 1, end);
}

/** Hashes of the inputs and outputs of the last generation (see src/manifest.ts); written beside the output, never stale. */
export const MANIFEST_PATH = 'ir/manifest.json';

/** The generator's whole output: repository-relative path → content. */
export class Output {
  readonly files = new Map<string, string>();
  /** Generated sections of hand-written files: path → section body. */
  readonly sections = new Map<string, string>();

  /** Replaces the text between the markers of a hand-written file. */
  addSection(path: string, body: string): void {
    this.sections.set(path, body.endsWith('\n') ? body : body + '\n');
  }

  /** The hand-written file at `path` with its generated section filled in. */
  private withSection(root: string, path: string): string {
    const full = join(root, path);
    if (!existsSync(full)) throw new Error(`${path} is missing; it must hold the markers ${SECTION_START} … ${SECTION_END}`);
    const text = readFileSync(full, 'utf8');
    const start = text.indexOf(SECTION_START);
    const end = text.indexOf(SECTION_END);
    if (start === -1 || end === -1 || end < start) {
      throw new Error(`${path} lacks the generated-section markers; add a line '${SECTION_START}' and a line '${SECTION_END}'`);
    }
    return `${text.slice(0, start + SECTION_START.length)}\n${this.sections.get(path)}${text.slice(end)}`;
  }

  add(path: string, content: string): void {
    if (this.files.has(path)) throw new Error(`generator bug: ${path} emitted twice`);
    if (!MANAGED_DIRS.some((d) => path.startsWith(d + '/'))) throw new Error(`generator bug: ${path} is outside the generated folders`);
    this.files.set(path, content.endsWith('\n') ? content : content + '\n');
  }

  /** Writes every file that changed and deletes stale ones. Returns the changed paths. */
  write(root: string): string[] {
    const changed = this.diff(root);
    for (const path of changed) {
      const full = join(root, path);
      const content = this.sections.has(path) ? this.withSection(root, path) : this.files.get(path);
      if (content === undefined) {
        rmSync(full);
      } else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    return changed;
  }

  /** Paths whose content on disk differs from the output (missing, changed or stale). */
  diff(root: string): string[] {
    const changed = new Set<string>();
    for (const [path, content] of this.files) {
      const full = join(root, path);
      if (!existsSync(full) || readFileSync(full, 'utf8') !== content) changed.add(path);
    }
    for (const dir of MANAGED_DIRS) {
      for (const path of listFiles(root, dir)) if (!this.files.has(path) && path !== MANIFEST_PATH) changed.add(path);
    }
    for (const path of this.sections.keys()) {
      if (readFileSync(join(root, path), 'utf8') !== this.withSection(root, path)) changed.add(path);
    }
    return [...changed].sort();
  }
}

function listFiles(root: string, dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(full);
  return out;
}
