import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Folders the generator owns completely; anything in them that it did not produce is stale. */
export const MANAGED_DIRS = [
  'ir',
  'docs/api',
  'packages/client/src/generated',
  'packages/client/test/generated',
  'packages/mock-server/src/generated',
  'packages/cli/src/generated',
];

/** The generator's whole output: repository-relative path → content. */
export class Output {
  readonly files = new Map<string, string>();

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
      const content = this.files.get(path);
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
      for (const path of listFiles(root, dir)) if (!this.files.has(path)) changed.add(path);
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
