import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { IrOperation } from '../ir/types.js';
import { commandOf } from './cli-commands.js';
import { pathArgName } from './client-naming.js';
import { markdownHeader } from './header.js';

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

function clientCall(op: IrOperation): string {
  const args = op.pathParams.map((p) => pathArgName(p.name));
  if (op.body) args.push('body');
  if (op.queryParams.length) args.push('{ … }');
  const name = op.task === 'only' ? `${op.name}Task` : op.name;
  return `client.${op.namespace.join('.')}.${name}(${args.join(', ')})`;
}

function view(op: IrOperation): Record<string, unknown> {
  return {
    ...op,
    key: `${op.method} ${op.specKey}`,
    client: clientCall(op),
    cli: commandOf(op).example,
    params: [
      ...op.pathParams.map((p) => ({ ...p, in: 'path', type: p.schema.type })),
      ...op.queryParams.map((p) => ({ ...p, in: 'query', type: p.schema.type === 'array' ? `${p.schema.itemType}[]` : p.schema.type })),
    ],
    hasParams: op.pathParams.length + op.queryParams.length > 0,
    taskNote: op.task === 'both' ? 'also as a task (`…Task()`, `--wait`)' : op.task === 'only' ? 'runs only as a task' : '',
    errors: op.errorStatuses.join(', '),
  };
}

/** docs/api/README.md and one page per top-level namespace. */
export function emitDocs(operations: readonly IrOperation[]): Map<string, string> {
  const out = new Map<string, string>();
  const byTop = new Map<string, IrOperation[]>();
  for (const op of operations) byTop.set(op.namespace[0]!, [...(byTop.get(op.namespace[0]!) ?? []), op]);
  const tops = [...byTop.keys()].sort();
  const page = template('namespace.md.hbs');
  for (const top of tops) {
    out.set(`docs/api/${top}.md`, markdownHeader('specs/') + page({ top, operations: byTop.get(top)!.map(view) }));
  }
  const index = template('index.md.hbs');
  out.set(
    'docs/api/README.md',
    markdownHeader('specs/') +
      index({
        total: operations.length,
        tasks: operations.filter((o) => o.task).length,
        namespaces: tops.map((t) => ({ name: t, count: byTop.get(t)!.length })),
      }),
  );
  return out;
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
  const exampleOf = (op: IrOperation): string => (pkg === 'client' ? clientCall(op) : pkg === 'cli' ? commandOf(op).example : `${op.method} ${op.specKey}`);
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
