/**
 * One OpenAPI document per top-level namespace, cut from the bundled document, for
 * renderers that take a whole document (Redocly's `build-docs`): the namespace's paths,
 * the components they reach (through any depth of `$ref`), the tags they use, and the
 * security schemes. A page per namespace keeps each HTML file a size a browser opens quickly.
 */
import type { OpenApiDocument } from '../bundle/bundle.js';
import type { Ir } from '../ir/types.js';

const COMPONENT_REF = /^#\/components\/([^/]+)\/([^/]+)$/;

/** The component `$ref` targets (`[kind, name]`) anywhere in a value. */
function refsIn(value: unknown, out: [string, string][]): void {
  if (Array.isArray(value)) for (const item of value) refsIn(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        const m = COMPONENT_REF.exec(child);
        if (m) out.push([m[1]!, m[2]!.replace(/~1/g, '/').replace(/~0/g, '~')]);
      } else refsIn(child, out);
    }
  }
}

export function namespaceDocuments(ir: Pick<Ir, 'operations' | 'document'>, only?: readonly string[]): Map<string, OpenApiDocument> {
  const doc = ir.document as OpenApiDocument & {
    info: Record<string, unknown>;
    paths: Record<string, Record<string, unknown>>;
    components: Record<string, Record<string, unknown>>;
    tags?: { name: string }[];
  };
  const tops = [...new Set(ir.operations.map((op) => op.namespace[0]!))].sort();
  const unknown = (only ?? []).filter((n) => !tops.includes(n));
  if (unknown.length) throw new Error(`unknown namespace ${unknown.join(', ')}: the namespaces are ${tops.join(', ')}`);
  const out = new Map<string, OpenApiDocument>();
  for (const top of only ?? tops) {
    const ops = ir.operations.filter((op) => op.namespace[0] === top);
    const paths: Record<string, Record<string, unknown>> = {};
    for (const op of ops) {
      const item = doc.paths[op.specKey]!;
      const method = op.method.toLowerCase();
      // Path-level keys (parameters, summary) travel with the first operation of the path.
      paths[op.specKey] ??= Object.fromEntries(Object.entries(item).filter(([k]) => !['get', 'put', 'post', 'patch', 'delete', 'head', 'options'].includes(k)));
      paths[op.specKey]![method] = item[method];
    }
    const components: Record<string, Record<string, unknown>> = { securitySchemes: doc.components.securitySchemes ?? {} };
    const pending: [string, string][] = [];
    refsIn(paths, pending);
    refsIn(components.securitySchemes, pending);
    while (pending.length) {
      const [kind, name] = pending.pop()!;
      const target = (components[kind] ??= {});
      if (Object.hasOwn(target, name)) continue;
      const value = doc.components[kind]?.[name];
      if (value === undefined) throw new Error(`generator bug: #/components/${kind}/${name} is referenced but not in the bundled document`);
      target[name] = value;
      refsIn(value, pending);
    }
    for (const kind of Object.keys(components)) {
      components[kind] = Object.fromEntries(
        Object.keys(components[kind]!)
          .sort()
          .map((k) => [k, components[kind]![k]]),
      );
    }
    const used = [...new Set(ops.flatMap((op) => (doc.paths[op.specKey]![op.method.toLowerCase()] as { tags?: string[] }).tags ?? []))].sort();
    const declared = new Map((doc.tags ?? []).map((t) => [t.name, t]));
    // Redoc shows a schema as a page section when a tag's description embeds it: one tag per schema, grouped apart.
    const schemaNames = Object.keys(components.schemas ?? {});
    const schemaTag = (name: string): string => `schema:${name}`;
    out.set(top, {
      ...doc,
      info: {
        ...doc.info,
        title: `vSphere Automation API: ${top} (vsphere-kit)`,
        description: `The \`${top}\` operations of the vSphere Automation REST API, with every schema they use.`,
      },
      tags: [
        ...used.map((name) => declared.get(name) ?? { name }),
        ...schemaNames.map((name) => ({
          name: schemaTag(name),
          'x-displayName': name,
          description: `<SchemaDefinition schemaRef="#/components/schemas/${name}" />`,
        })),
      ],
      'x-tagGroups': [
        { name: 'Operations', tags: used },
        { name: 'Schemas', tags: schemaNames.map(schemaTag) },
      ],
      paths,
      components,
    } as OpenApiDocument);
  }
  return out;
}
