import { emitClientIndex, emitRoutes } from '../emit/client-index.js';
import { namespaceClassName } from '../emit/client-naming.js';
import { emitApiTree, emitServiceFiles, groupByNamespace } from '../emit/client-services.js';
import { defineEmitter } from '../emit/plugin.js';
import { SpecError } from '../load/spec-problem.js';

const DIR = 'packages/client/src/generated';

/** The client's service classes, namespace tree, route table and barrel. */
export const clientServices = defineEmitter({
  name: 'client-services',
  reads: ['operations'],
  owns: [`${DIR}/services`, `${DIR}/api.gen.ts`, `${DIR}/routes.gen.ts`, `${DIR}/index.gen.ts`],
  emit(ir) {
    const groups = groupByNamespace(ir.operations);
    checkClassNames(groups.map((g) => g.namespace));
    const out = new Map<string, string>();
    for (const [rel, text] of emitServiceFiles(groups)) out.set(`${DIR}/${rel}`, text);
    out.set(`${DIR}/api.gen.ts`, emitApiTree(groups));
    out.set(`${DIR}/routes.gen.ts`, emitRoutes(groups));
    out.set(`${DIR}/index.gen.ts`, emitClientIndex(groups));
    return { files: out };
  },
});

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
