#!/usr/bin/env node
/**
 * vsphere-kit-generate [generate|check|validate] [--root DIR] [--full]
 * vsphere-kit-generate import <vmware-swagger.json>... [--only /api/prefix] [--root DIR]
 * vsphere-kit-generate compare <file> [--json] [--root DIR]
 * vsphere-kit-generate openapi --out DIR [--namespace a,b] [--root DIR]
 *   generate  write ir/, docs/api/ and every packages/*\/src/generated/ folder (default)
 *   check     exit 1 when the committed output differs from what specs/ produce
 *   validate  only validate specs/ (file, JSON pointer and what is wrong)
 *   compare   VMware's spec file (Swagger 2.0 of 7.x/8.x, OpenAPI 3.0 of vSphere 9) against specs/:
 *             exit 0 when equal, 1 when different, 2 on bad input
 *   import    write into specs/ every /api operation of VMware's Swagger 2.0 files that specs/ lacks
 *   openapi   write one bundled OpenAPI document per top-level namespace (DIR/<namespace>.json), for the HTML reference
 * generate and check return at once when ir/manifest.json records the current inputs
 * and the files on disk still match it; --full always runs the whole pipeline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpecError } from './load/spec-problem.js';
import { inputHash, upToDate, writeManifest } from './manifest.js';

async function main(argv: string[]): Promise<number> {
  const flagValue = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at !== -1 ? argv[at + 1] : undefined;
  };
  const valued = ['--root', '--only', '--out', '--namespace'];
  const positional = argv.filter((a, i) => !a.startsWith('--') && !valued.includes(argv[i - 1]!));
  const mode = positional[0] ?? 'generate';
  if (!['generate', 'check', 'validate', 'import', 'compare', 'openapi'].includes(mode)) {
    process.stderr.write(`unknown command '${mode}': use generate, check, validate, import, compare or openapi\n`);
    return 2;
  }
  const rootFlag = flagValue('--root');
  const root = rootFlag ? resolve(rootFlag) : resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  if (mode === 'import') {
    const { runImport } = await import('./vmware/run-import.js');
    return runImport(join(root, 'specs'), positional.slice(1), flagValue('--only'));
  }
  if (mode === 'compare') return compare(positional.slice(1), argv.includes('--json'), root);
  if (mode === 'openapi') return openapi(root, flagValue('--out'), flagValue('--namespace'));
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const inputs = mode === 'validate' ? '' : inputHash(root);
  if (mode !== 'validate' && !argv.includes('--full') && upToDate(root, inputs)) {
    process.stdout.write(`generated code is up to date: inputs and outputs match ir/manifest.json (${elapsed()} ms)\n`);
    return 0;
  }
  // The pipeline (ts-morph, openapi-typescript, ajv) loads only when there is work to do.
  const { analyzeSpecs, generate } = await import('./pipeline.js');
  const { specParseCache } = await import('./load/load-specs.js');
  const analysis = analyzeSpecs(join(root, 'specs'), specParseCache(root));
  const count = `${analysis.ir.operations.length} operations from ${analysis.files.length} spec files`;
  if (mode === 'validate') {
    process.stdout.write(`specs are valid: ${count}\n`);
    return 0;
  }
  const output = await generate(analysis);
  if (mode === 'check') {
    const drift = output.diff(root);
    if (drift.length > 0) {
      process.stderr.write(`generated code is out of date with specs/ (${drift.length} file(s)); run \`pnpm generate\` and commit:\n`);
      for (const path of drift.slice(0, 40)) process.stderr.write(`  ${path}\n`);
      if (drift.length > 40) process.stderr.write(`  … and ${drift.length - 40} more\n`);
      return 1;
    }
    process.stdout.write(`generated code is up to date: ${count}, ${output.files.size} files (${elapsed()} ms)\n`);
    return 0;
  }
  const changed = output.write(root);
  writeManifest(root, output, inputs);
  process.stdout.write(`generated ${output.files.size} files (${changed.length} changed): ${count} (${elapsed()} ms)\n`);
  return 0;
}

async function openapi(root: string, out: string | undefined, namespaces: string | undefined): Promise<number> {
  if (!out) {
    process.stderr.write('openapi: --out DIR is required (the folder that receives <namespace>.json)\n');
    return 2;
  }
  const { analyzeSpecs } = await import('./pipeline.js');
  const { specParseCache } = await import('./load/load-specs.js');
  const { namespaceDocuments } = await import('./docs-site/namespace-documents.js');
  const { ir } = analyzeSpecs(join(root, 'specs'), specParseCache(root));
  let documents: Map<string, unknown>;
  try {
    documents = namespaceDocuments(ir, namespaces?.split(',').filter(Boolean));
  } catch (err) {
    process.stderr.write(`openapi: ${(err as Error).message}\n`);
    return 2;
  }
  mkdirSync(resolve(out), { recursive: true });
  for (const [name, document] of documents) writeFileSync(join(resolve(out), `${name}.json`), `${JSON.stringify(document, null, 1)}\n`);
  process.stdout.write(`wrote ${documents.size} OpenAPI document(s) to ${out}: ${[...documents.keys()].join(', ')}\n`);
  return 0;
}

async function compare(files: string[], json: boolean, root: string): Promise<number> {
  const { runCompare } = await import('./compare/command.js');
  let report = '';
  const code = runCompare(files, json, root, { stdout: (t) => (report += t), stderr: (t) => process.stderr.write(t) });
  // A whole-API report is megabytes: wait until a pipe has taken it all, or process.exit cuts it short.
  await new Promise<void>((done) => process.stdout.write(report, () => done()));
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof SpecError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`generator failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
