/**
 * The output manifest (`ir/manifest.json`): a hash of the generator's inputs and
 * of every file it produced. When the inputs hash the same and the files on disk
 * still match, `generate` and `check` have nothing to do, so they skip reading,
 * validating and emitting (seconds) for hashing (milliseconds). Any change to
 * specs/, the generator, its dependencies (the lockfile) or a generated file
 * takes the full path. `generate` writes the manifest; `check` never requires it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { MANAGED_DIRS, MANIFEST_PATH, sectionOf, type Output } from './emit/output.js';
import { REPO_ROOT } from './repo-root.js';

const GENERATOR = 'packages/generator';

interface Manifest {
  readonly inputs: string;
  /** Repository-relative path → sha256 of the file (or of its generated section). */
  readonly outputs: Readonly<Record<string, string>>;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

function walk(dir: string, base: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, base, out);
    else out.push(relative(base, full).split(sep).join('/'));
  }
}

/** One hash over everything the output depends on: the specs, the generator's code and templates, its dependencies. */
export function inputHash(root: string): string {
  const hash = createHash('sha256');
  const add = (base: string, rels: string[], label: string): void => {
    for (const rel of rels.sort())
      hash
        .update(`${label}/${rel}\0`)
        .update(readFileSync(join(base, rel)))
        .update('\0');
  };
  const specs: string[] = [];
  walk(join(root, 'specs'), join(root, 'specs'), specs);
  add(join(root, 'specs'), specs, 'specs');
  const generator: string[] = ['package.json'];
  walk(join(REPO_ROOT, GENERATOR, 'src'), join(REPO_ROOT, GENERATOR), generator);
  walk(join(REPO_ROOT, GENERATOR, 'templates'), join(REPO_ROOT, GENERATOR), generator);
  add(join(REPO_ROOT, GENERATOR), generator, GENERATOR);
  add(REPO_ROOT, ['pnpm-lock.yaml'], '.');
  return hash.digest('hex');
}

/** Writes the manifest of an output when it changed. */
export function writeManifest(root: string, output: Output, inputs: string): void {
  const text = manifestText(output, inputs);
  const full = join(root, MANIFEST_PATH);
  if (!existsSync(full) || readFileSync(full, 'utf8') !== text) writeFileSync(full, text);
}

/** The manifest of an output, as committed JSON. */
export function manifestText(output: Output, inputs: string): string {
  const outputs: Record<string, string> = {};
  for (const [path, content] of output.files) outputs[path] = sha256(content);
  for (const [path, body] of output.sections) outputs[path] = sha256(body);
  const sorted = Object.fromEntries(
    Object.keys(outputs)
      .sort()
      .map((k) => [k, outputs[k]!]),
  );
  return (
    JSON.stringify(
      {
        $comment: 'Hashes of the generator inputs and outputs, so that an unchanged tree skips generation. Written by `pnpm generate`.',
        inputs,
        outputs: sorted,
      } satisfies Manifest & { $comment: string },
      null,
      2,
    ) + '\n'
  );
}

/**
 * True when the committed manifest names these inputs and every generated file (and
 * section) on disk is the one it recorded, with no stray file in a generated folder.
 */
export function upToDate(root: string, inputs: string): boolean {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, MANIFEST_PATH), 'utf8')) as Manifest;
  } catch {
    return false;
  }
  if (manifest.inputs !== inputs || !manifest.outputs || typeof manifest.outputs !== 'object') return false;
  const onDisk: string[] = [];
  for (const dir of MANAGED_DIRS) walk(join(root, dir), root, onDisk);
  const expected = Object.keys(manifest.outputs);
  const generated = new Set(expected.filter((p) => MANAGED_DIRS.some((d) => p.startsWith(`${d}/`))));
  if (onDisk.filter((p) => p !== MANIFEST_PATH).some((p) => !generated.has(p))) return false;
  for (const path of expected) {
    const full = join(root, path);
    if (!existsSync(full)) return false;
    const content = readFileSync(full, 'utf8');
    const hashed = generated.has(path) ? content : sectionOf(content);
    if (hashed === undefined || sha256(hashed) !== manifest.outputs[path]) return false;
  }
  return true;
}
