import type { IrOperation } from '../ir/types.js';
import { camelCase, pascalCase } from '../ir/naming.js';

/** Names shared by the client emitters, so that files agree on what they import. */

export function serviceClassName(namespace: readonly string[]): string {
  return `${pascalCase(namespace)}Service`;
}

export function namespaceClassName(namespace: readonly string[]): string {
  return `${pascalCase(namespace)}Namespace`;
}

/** `vcenter/vm/power.gen.ts` under src/generated/services. */
export function serviceFile(namespace: readonly string[]): string {
  return `services/${namespace.join('/')}.gen.ts`;
}

/** `VCENTER_VM_POWER_START` — the exported RouteDef constant of an operation. */
export function routeConstName(op: IrOperation): string {
  return op.id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/\./g, '_')
    .toUpperCase();
}

const RESERVED = new Set([
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'let',
  'static',
  'implements',
  'interface',
  'package',
  'private',
  'protected',
  'public',
  'await',
  'body',
  'query',
  'options',
]);

/** A TypeScript parameter name for a wire path parameter (`library_item` → `libraryItem`). */
export function pathArgName(wire: string): string {
  const name = camelCase(wire.replace(/[^a-zA-Z0-9_-]/g, '_'));
  return RESERVED.has(name) ? `${name}Id` : name;
}

/** `'vcenter.vm.power.start'` as an index into the openapi-typescript `operations` map. */
export function opType(op: IrOperation): string {
  return `operations[${tsString(op.id)}]`;
}

/** A single-quoted TypeScript string literal. */
export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** How the docs show a call of an operation: `client.vcenter.vm.get(vm)`, `…create(body, { … })`. */
export function clientCallExample(op: IrOperation): string {
  const args = op.pathParams.map((p) => pathArgName(p.name));
  if (op.body) args.push('body');
  if (op.queryParams.length) args.push('{ … }');
  const name = op.task === 'only' ? `${op.name}Task` : op.name;
  return `client.${op.namespace.join('.')}.${name}(${args.join(', ')})`;
}
