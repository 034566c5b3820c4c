import type { IrBodyField, IrOperation } from '../ir/types.js';
import { kebabCase } from '../ir/naming.js';
import { generatedHeader } from './header.js';
import { literal, routeData } from './route-literal.js';

/** CLI words of an operation: namespace segments and the operation, in kebab-case. */
export function commandWords(op: IrOperation): string[] {
  return [...op.namespace.map(kebabCase), kebabCase(op.name)];
}

function flag(p: IrBodyField, where: 'path' | 'query' | 'body'): Record<string, unknown> {
  return {
    flag: kebabCase(p.name),
    name: p.name,
    in: where,
    type: p.schema.type,
    ...(p.schema.itemType ? { itemType: p.schema.itemType } : {}),
    ...(p.schema.enum ? { enum: p.schema.enum.map(String) } : {}),
    required: p.required,
    description: firstSentence(p.description),
  };
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}

function example(op: IrOperation, words: string[], flags: Record<string, unknown>[]): string {
  const parts = ['vsphere', ...words];
  for (const f of flags) {
    if (!f.required) continue;
    const sample = f.enum ? (f.enum as string[])[0] : f.type === 'boolean' ? 'true' : f.type === 'integer' ? '1' : `<${String(f.name)}>`;
    parts.push(`--${String(f.flag)} ${sample}`);
  }
  if (op.body && !flags.some((f) => f.in === 'body')) parts.push('--spec @body.json');
  if (op.task) parts.push('--wait');
  return parts.join(' ');
}

/** The CLI command of one operation: words, flags and an example invocation. */
export function commandOf(op: IrOperation): Record<string, unknown> & { words: string[]; example: string } {
  const words = commandWords(op);
  // Body fields become flags only when they are scalars or arrays of scalars and do not clash.
  const taken = new Set([...op.pathParams, ...op.queryParams].map((p) => kebabCase(p.name)));
  const bodyFields = (op.body?.fields ?? []).filter(
    (f) => !taken.has(kebabCase(f.name)) && f.schema.type !== 'object' && (f.schema.type !== 'array' || f.schema.itemType !== 'object'),
  );
  const flags = [...op.pathParams.map((p) => flag(p, 'path')), ...op.queryParams.map((p) => flag(p, 'query')), ...bodyFields.map((p) => flag(p, 'body'))];
  return {
    words,
    summary: op.summary,
    description: op.description.replace(/\s+/g, ' ').trim(),
    route: routeData(op),
    flags,
    bodyFlags: bodyFields.length > 0,
    example: example(op, words, flags),
  };
}

/** The command table of one top-level namespace. */
export function emitCommandTable(top: string, operations: readonly IrOperation[]): string {
  return [
    generatedHeader('specs/'),
    "import type { CommandTable } from '../../runtime/command-types.js';",
    '',
    `/** Commands under \`vsphere ${top}\`. */`,
    `export const COMMANDS: CommandTable = ${literal(operations.map(commandOf))};`,
    '',
  ].join('\n');
}

/** `index.gen.ts`: top-level namespaces with lazy loaders, so start-up does not grow with the API. */
export function emitCommandIndex(tops: readonly { name: string; summary: string; count: number }[]): string {
  const entries = tops.map(
    (t) =>
      `  {\n    name: ${JSON.stringify(kebabCase(t.name))},\n    summary: ${JSON.stringify(t.summary)},\n    load: async () => (await import('./commands/${t.name}.gen.js')).COMMANDS,\n  },`,
  );
  return [
    generatedHeader('specs/'),
    "import type { NamespaceEntry } from '../runtime/command-types.js';",
    '',
    'export const NAMESPACES: readonly NamespaceEntry[] = [',
    ...entries,
    '];',
    '',
  ].join('\n');
}
