import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSpecs, type Bundle } from './bundle/bundle.js';
import { emitCommandIndex, emitCommandTable } from './emit/cli-commands.js';
import { emitClientIndex, emitClientTypes, emitRoutes, emitSchemaAliases } from './emit/client-index.js';
import { namespaceClassName } from './emit/client-naming.js';
import { emitApiTree, emitServiceFiles, groupByNamespace } from './emit/client-services.js';
import { emitContractCalls } from './emit/contract-calls.js';
import { emitDocs, emitPackageSection } from './emit/docs.js';
import { emitErrorTypes } from './emit/error-types.js';
import { generatedHeader } from './emit/header.js';
import { emitMockDomain } from './emit/mock-domain.js';
import { emitMockRoutes, emitMockSpec } from './emit/mock-routes.js';
import { Output } from './emit/output.js';
import { buildIr } from './ir/build-ir.js';
import type { Ir } from './ir/types.js';
import { loadSpecFiles, type SpecFile } from './load/load-specs.js';
import { SpecError, type SpecProblem } from './load/spec-problem.js';
import { checkExamples } from './validate/examples.js';
import { checkFileShape } from './validate/file-shape.js';

/** The repository the generator belongs to (hand-written contracts are read from it). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface Analysis {
  readonly files: readonly SpecFile[];
  readonly bundle: Bundle;
  readonly ir: Ir;
}

/** Reads, bundles, validates and normalizes the specs. Throws SpecError listing every problem. */
export function analyzeSpecs(specsDir: string): Analysis {
  const problems: SpecProblem[] = [];
  const files = loadSpecFiles(specsDir, problems);
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
      problems.map((p) => ({ ...p, line: p.line ?? byFile.get(p.file)?.lineOf(p.pointer) })).sort((a, b) =>
        a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1,
      ),
    );
  }
  return { files, bundle, ir };
}

/** Produces every generated file from an analysis. Deterministic: same specs, same bytes. */
export async function generate(analysis: Analysis): Promise<Output> {
  const { bundle, ir } = analysis;
  const out = new Output();
  out.add('ir/operations.json', JSON.stringify({ $comment: generatedHeader('specs/').slice(3).trim(), operations: ir.operations }, null, 2));

  // Client.
  const groups = groupByNamespace(ir.operations);
  checkClassNames(groups.map((g) => g.namespace));
  const client = 'packages/client/src/generated';
  out.add(`${client}/types.gen.ts`, await emitClientTypes(bundle.document));
  out.add(`${client}/schemas.gen.ts`, emitSchemaAliases(bundle.document));
  for (const [rel, text] of emitServiceFiles(groups)) out.add(`${client}/${rel}`, text);
  out.add(`${client}/api.gen.ts`, emitApiTree(groups));
  out.add(`${client}/routes.gen.ts`, emitRoutes(groups));
  out.add(`${client}/index.gen.ts`, emitClientIndex(groups));

  out.add('packages/client/test/generated/contract-calls.gen.ts', emitContractCalls(bundle.document, ir.operations));

  // Core: the error-type table the client's error classes and the mock's error bodies share.
  out.add('packages/core/src/generated/error-types.gen.ts', emitErrorTypes(bundle.document));

  // Mock.
  const mock = 'packages/mock-server/src/generated';
  out.add(`${mock}/spec.gen.json`, emitMockSpec(bundle.document));
  out.add(`${mock}/routes.gen.json`, emitMockRoutes(bundle.document, ir.operations));
  for (const [name, text] of await emitMockDomain(bundle.document, ir.operations)) out.add(`${mock}/${name}`, text);

  // CLI.
  const cli = 'packages/cli/src/generated';
  const byTop = new Map<string, typeof ir.operations[number][]>();
  for (const op of ir.operations) byTop.set(op.namespace[0]!, [...(byTop.get(op.namespace[0]!) ?? []), op]);
  const tops = [...byTop.keys()].sort();
  for (const top of tops) out.add(`${cli}/commands/${top}.gen.ts`, emitCommandTable(top, byTop.get(top)!));
  out.add(
    `${cli}/index.gen.ts`,
    emitCommandIndex(tops.map((t) => ({ name: t, summary: topSummary(t, byTop.get(t)!.length), count: byTop.get(t)!.length }))),
  );

  // Docs.
  for (const [path, text] of emitDocs(ir.operations)) out.add(path, text);
  for (const pkg of ['client', 'mock-server', 'cli'] as const) {
    out.addSection(`packages/${pkg}/README.md`, emitPackageSection(pkg, ir.operations));
  }
  return out;
}

const TOP_SUMMARIES: Record<string, string> = {
  appliance: 'vCenter Server appliance: health, networking, backup, update, logging',
  cis: 'Common services: tasks and tagging',
  content: 'Content libraries and their items',
  esx: 'ESXi lifecycle: depots, software, drafts, compliance, HCL',
  rest: 'Legacy /rest forms of appliance and deployment operations',
  session: 'API sessions: log in, inspect, log out',
  vapi: 'API metadata',
  vcenter: 'vCenter inventory: VMs, hosts, clusters, policies, trust, namespaces',
};

function topSummary(top: string, count: number): string {
  return `${TOP_SUMMARIES[top] ?? `The ${top} namespace`} (${count} operations)`;
}

/** Two namespaces must not map to the same class name (`vm-template` vs `vm/template`). */
function checkClassNames(namespaces: readonly (readonly string[])[]): void {
  const seen = new Map<string, string>();
  for (const ns of namespaces) {
    for (let i = 1; i <= ns.length; i++) {
      const part = ns.slice(0, i);
      const name = namespaceClassName(part);
      const key = part.join('.');
      const other = seen.get(name);
      if (other && other !== key) {
        throw new SpecError([{ file: '(namespaces)', pointer: '#', message: `namespaces '${other}' and '${key}' both become the class ${name}` }]);
      }
      seen.set(name, key);
    }
  }
}
