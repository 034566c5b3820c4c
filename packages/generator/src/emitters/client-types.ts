import { emitClientTypes, emitSchemaAliases } from '../emit/client-index.js';
import { defineEmitter } from '../emit/plugin.js';

const DIR = 'packages/client/src/generated';

/** openapi-typescript's types of the bundled document, and a named alias per component schema. */
export const clientTypes = defineEmitter({
  name: 'client-types',
  reads: ['document', 'schemas'],
  owns: [`${DIR}/types.gen.ts`, `${DIR}/schemas.gen.ts`],
  emit: async (ir) => ({
    files: new Map([
      [`${DIR}/types.gen.ts`, await emitClientTypes(ir.document)],
      [`${DIR}/schemas.gen.ts`, emitSchemaAliases(ir.schemas)],
    ]),
  }),
});
