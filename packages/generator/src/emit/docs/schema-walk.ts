/** Reading the bundled document: JSON pointers and the component schemas a schema names. */
import type { Ir, JsonSchema } from '../../ir/types.js';

const COMPONENT_SCHEMA = '#/components/schemas/';

/** The value at a JSON pointer (`#/paths/~1api~1vm/get/...`) of the bundled document. */
export function resolvePointer(document: Ir['document'], pointer: string): unknown {
  let node: unknown = document;
  for (const token of pointer.replace(/^#\/?/, '').split('/')) {
    if (token === '') continue;
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key))
      throw new Error(`generator bug: ${pointer} does not resolve in the bundled document`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The component name a `$ref` names, or undefined for any other reference. */
export function refName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(COMPONENT_SCHEMA) ? ref.slice(COMPONENT_SCHEMA.length) : undefined;
}

/** Names of the component schemas a schema references anywhere inside it (examples are data, not schemas). */
export function schemaRefsOf(schema: JsonSchema | undefined): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'example' || key === 'examples' || key === 'enum' || key === 'const') continue;
      if (key === '$ref') {
        const name = refName(value);
        if (name) out.add(name);
      } else if (key === 'properties') {
        for (const property of Object.values(value as Record<string, unknown>)) walk(property);
      } else walk(value);
    }
  };
  walk(schema);
  return out;
}
