import { emitMockRoutes, emitMockSpec } from '../emit/mock-routes.js';
import { defineEmitter, files } from '../emit/plugin.js';

const DIR = 'packages/mock-server/src/generated';

/** The bundled document the mock compiles its validators from. */
export const mockSpec = defineEmitter({
  name: 'mock-spec',
  reads: ['document'],
  owns: [`${DIR}/spec.gen.json`],
  emit: (ir) => files([`${DIR}/spec.gen.json`, emitMockSpec(ir.document)]),
});

/** The mock's route table: routes, parameter types, schema pointers, success examples, family roles. */
export const mockRoutes = defineEmitter({
  name: 'mock-routes',
  reads: ['operations', 'families'],
  owns: [`${DIR}/routes.gen.json`],
  emit: (ir) => files([`${DIR}/routes.gen.json`, emitMockRoutes(ir.operations, ir.families)]),
});
