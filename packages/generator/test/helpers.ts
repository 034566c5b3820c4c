import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A temporary specs/ folder holding one fixture plus the shared fixture errors. */
export function fixtureSpecs(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `vk-gen-${name}-`));
  const specs = join(dir, 'specs');
  mkdirSync(join(specs, 'common'), { recursive: true });
  cpSync(join(fixturesDir, '_common'), join(specs, 'common'), { recursive: true });
  cpSync(join(fixturesDir, name), specs, { recursive: true });
  return specs;
}

/** A temporary specs/ folder from inline files (for the bad-spec cases). */
export function inlineSpecs(files: Record<string, string>, withCommon = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'vk-gen-inline-'));
  const specs = join(dir, 'specs');
  mkdirSync(join(specs, 'common'), { recursive: true });
  if (withCommon) cpSync(join(fixturesDir, '_common'), join(specs, 'common'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(specs, name)), { recursive: true });
    writeFileSync(join(specs, name), text);
  }
  return specs;
}

export function featureFixtures(): string[] {
  return readdirSync(fixturesDir)
    .filter((n) => !n.startsWith('_'))
    .sort();
}
