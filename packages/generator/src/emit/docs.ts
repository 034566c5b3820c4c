import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { Ir, IrOperation } from '../ir/types.js';
import { commandOf } from './cli-commands.js';
import { clientCallExample } from './client-naming.js';
import { layoutDocs } from './docs/layout.js';
import { renderDocs } from './docs/render.js';

const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

/**
 * docs/api/ on the repository's web page. Package READMEs link there with absolute URLs:
 * npm shows a README without the repository around it, so `../../docs/api` would break.
 * The repository is the one the generator's own package.json names.
 */
function docsApiUrl(): string {
  const manifest = JSON.parse(readFileSync(join(templatesDir, '..', 'package.json'), 'utf8')) as { repository?: { url?: string } };
  const repo = manifest.repository?.url?.replace(/^git\+/, '').replace(/\.git$/, '');
  if (!repo?.startsWith('https://')) throw new Error('packages/generator/package.json: repository.url must be the https URL of the repository');
  return `${repo}/blob/main/docs/api`;
}

function template(name: string): Handlebars.TemplateDelegate {
  const hb = Handlebars.create();
  hb.registerHelper('oneLine', (text: unknown) =>
    String(text ?? '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  hb.registerHelper('escapePipes', (text: unknown) =>
    String(text ?? '')
      .replace(/\|/g, '\\|')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return hb.compile(readFileSync(join(templatesDir, name), 'utf8'), { noEscape: true });
}

/** docs/api/: the index, a folder per top-level namespace cut into pages, and the shared schemas. */
export function emitDocs(ir: Pick<Ir, 'operations' | 'schemas' | 'document' | 'errorTypes'>): Map<string, string> {
  return renderDocs(layoutDocs(ir), ir);
}

export type PackageReadme = 'client' | 'mock-server' | 'cli';

const EXAMPLE_HEADER: Record<PackageReadme, string> = { client: 'for example', 'mock-server': 'served route, for example', cli: 'for example' };

/** The generated section of a package README: what the package covers, by namespace. */
export function emitPackageSection(pkg: PackageReadme, operations: readonly IrOperation[]): string {
  const byTop = new Map<string, IrOperation[]>();
  for (const op of operations) byTop.set(op.namespace[0]!, [...(byTop.get(op.namespace[0]!) ?? []), op]);
  // The simplest read of a namespace makes the clearest example.
  const sample = (ops: IrOperation[]): IrOperation =>
    [...ops].sort(
      (a, b) => Number(b.method === 'GET') - Number(a.method === 'GET') || a.namespace.length - b.namespace.length || a.pathParams.length - b.pathParams.length,
    )[0]!;
  const exampleOf = (op: IrOperation): string =>
    pkg === 'client' ? clientCallExample(op) : pkg === 'cli' ? commandOf(op).example : `${op.method} ${op.specKey}`;
  return template('package-section.md.hbs')({
    docsApi: docsApiUrl(),
    total: operations.length,
    tasks: operations.filter((o) => o.task).length,
    exampleHeader: EXAMPLE_HEADER[pkg],
    namespaces: [...byTop.keys()].sort().map((name) => ({
      name,
      count: byTop.get(name)!.length,
      tasks: byTop.get(name)!.filter((o) => o.task).length,
      example: exampleOf(sample(byTop.get(name)!)).replace(/\|/g, '\\|'),
    })),
  });
}
