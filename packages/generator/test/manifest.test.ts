import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { SECTION_END, SECTION_START } from '../src/emit/output.js';
import { inputHash, upToDate, writeManifest } from '../src/manifest.js';
import { analyzeSpecs, generate } from '../src/pipeline.js';
import { fixtureSpecs } from './helpers.js';

/** A repository root holding a fixture's specs, its generated output and the manifest. */
async function generatedRoot(): Promise<string> {
  const specs = fixtureSpecs('resource-families');
  const root = dirname(specs);
  for (const pkg of ['client', 'mock-server', 'cli']) {
    const readme = join(root, 'packages', pkg, 'README.md');
    mkdirSync(dirname(readme), { recursive: true });
    writeFileSync(readme, `# ${pkg}\n\n${SECTION_START}\n${SECTION_END}\n`);
  }
  const output = await generate(analyzeSpecs(specs));
  output.write(root);
  writeManifest(root, output, inputHash(root));
  return root;
}

describe('the output manifest (skipping generation when nothing changed)', () => {
  let root: string;
  beforeEach(async () => {
    root = await generatedRoot();
  });

  it('holds right after a generation', () => {
    expect(upToDate(root, inputHash(root))).toBe(true);
  });

  it('does not hold once a spec changes', () => {
    appendFileSync(join(root, 'specs/shelf.yaml'), '# a comment changes the bytes\n');
    expect(upToDate(root, inputHash(root))).toBe(false);
  });

  it('does not hold once a generated file is edited or joined by a stray file', () => {
    const routes = join(root, 'packages/mock-server/src/generated/routes.gen.json');
    const text = readFileSync(routes, 'utf8');
    writeFileSync(routes, text.replace('"list"', '"get"'));
    expect(upToDate(root, inputHash(root))).toBe(false);
    writeFileSync(routes, text);
    expect(upToDate(root, inputHash(root))).toBe(true);
    writeFileSync(join(root, 'packages/cli/src/generated/stray.gen.ts'), 'export {};\n');
    expect(upToDate(root, inputHash(root))).toBe(false);
  });

  it('follows only the generated section of a hand-written README', () => {
    const readme = join(root, 'packages/cli/README.md');
    const text = readFileSync(readme, 'utf8');
    writeFileSync(readme, `${text}\nHand-written notes.\n`);
    expect(upToDate(root, inputHash(root))).toBe(true);
    writeFileSync(readme, text.replace(SECTION_END, `edited by hand\n${SECTION_END}`));
    expect(upToDate(root, inputHash(root))).toBe(false);
  });

  it('does not hold without a manifest or with a broken one', () => {
    writeFileSync(join(root, 'ir/manifest.json'), '{ not json');
    expect(upToDate(root, inputHash(root))).toBe(false);
  });
});
