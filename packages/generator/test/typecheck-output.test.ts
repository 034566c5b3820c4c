import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { analyzeSpecs, generate } from '../src/pipeline.js';
import { featureFixtures, fixtureSpecs, repoRoot } from './helpers.js';

/** The hand-written contract files that generated code imports. */
const CONTRACTS = [
  'packages/core/src/route.ts',
  'packages/core/src/caller.ts',
  'packages/core/src/task-handle.ts',
  'packages/core/src/api-types.ts',
  'packages/client/src/core/op-types.ts',
  'packages/client/src/lib/object-kind.ts',
  'packages/mock-server/src/server/route-types.ts',
  'packages/cli/src/runtime/command-types.ts',
];

function typecheck(files: Map<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'vk-gen-tsc-'));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  for (const path of CONTRACTS) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    cpSync(join(repoRoot, path), join(dir, path));
  }
  // The contract calls import the hand-written client; the client package's own tsc run checks them.
  const roots = [...files.keys()].filter((p) => p.endsWith('.ts') && !p.startsWith('packages/client/test/')).map((p) => join(dir, p));
  const program = ts.createProgram(roots, {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    resolveJsonModule: true,
    skipLibCheck: true,
    types: [],
    baseUrl: dir,
    paths: { '@vsphere-kit/core/*': ['packages/core/src/*.ts'] },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n') + (d.file ? ` (${d.file.fileName})` : ''));
}

describe('generated code compiles (tsc --noEmit)', () => {
  it.each(featureFixtures())('for the %s fixture', async (fixture) => {
    const output = await generate(analyzeSpecs(fixtureSpecs(fixture)));
    expect(typecheck(output.files)).toEqual([]);
  });
});
