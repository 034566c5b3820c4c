import { generatedHeader } from '../emit/header.js';
import { objectKinds } from '../emit/object-kinds.js';
import { defineEmitter } from '../emit/plugin.js';
import { routeConstName, serviceFile } from '../emit/client-naming.js';
import { literal } from '../emit/route-literal.js';

const FILE = 'packages/client/src/generated/object-kinds.gen.ts';

/** The inventory object kinds (`vm`, `host`, `library`…) and how each is found by name, for the client's `resolveObject` and the CLI. */
export const objectKindTable = defineEmitter({
  name: 'object-kinds',
  reads: ['operations'],
  owns: [FILE],
  emit(ir) {
    const table: Record<string, unknown> = {};
    const imports: string[] = [];
    for (const k of objectKinds(ir.operations)) {
      const route = routeConstName(k.operation);
      imports.push(`import { ${route} } from './${serviceFile(k.operation.namespace).replace(/\.ts$/, '.js')}';`);
      table[k.kind] = {
        lookup: k.lookup,
        route: `@@${route}@@`,
        ...(k.lookup === 'list' ? { idField: k.kind, idsFilter: k.idsFilter } : {}),
        scopeFilters: k.scopeFilters,
        ...(k.idPattern ? { idPattern: k.idPattern } : {}),
      };
    }
    const text = [
      generatedHeader('specs/'),
      "import type { ObjectKindDef } from '../lib/object-kind.js';",
      ...imports.sort(),
      '',
      '/** Each object kind of the API and the operation that finds its objects by name (list with `names`, or `?action=find`). */',
      `export const OBJECT_KINDS = ${literal(table).replace(/"@@(\w+)@@"/g, '$1')} as const satisfies Readonly<Record<string, ObjectKindDef>>;`,
      '',
      '/** The name of an object kind: `vm`, `host`, `cluster`, `datastore`, `folder`, `network`, `resource_pool`, `datacenter`, `library`… */',
      'export type ObjectKind = keyof typeof OBJECT_KINDS;',
      '',
    ].join('\n');
    return { files: new Map([[FILE, text]]) };
  },
});
