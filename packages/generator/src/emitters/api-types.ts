import { emitClientTypes, emitSchemaAliases } from '../emit/client-index.js';
import { defineEmitter } from '../emit/plugin.js';

const DIR = 'packages/core/src/generated';

/**
 * The API's types, once, in @vsphere-kit/core (`@vsphere-kit/core/api-types`): openapi-typescript's types of the
 * bundled document and a named alias per component schema. The client re-exports them; the mock's state compiles against them.
 */
export const apiTypes = defineEmitter({
  name: 'api-types',
  reads: ['document', 'schemas'],
  owns: [`${DIR}/api-types.gen.ts`, `${DIR}/schemas.gen.ts`],
  emit: async (ir) => ({
    files: new Map([
      [`${DIR}/api-types.gen.ts`, await emitClientTypes(ir.document)],
      [`${DIR}/schemas.gen.ts`, emitSchemaAliases(ir.schemas)],
    ]),
  }),
});
