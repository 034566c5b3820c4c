import { emitErrorTypes } from '../emit/error-types.js';
import { defineEmitter, files } from '../emit/plugin.js';

const DIR = 'packages/core/src/generated';

/** The error-type table in @vsphere-kit/core, which the client's error classes and the mock's error bodies share. */
export const errorTypes = defineEmitter({
  name: 'error-types',
  reads: ['errorTypes'],
  owns: [`${DIR}/error-types.gen.ts`],
  emit: (ir) => files([`${DIR}/error-types.gen.ts`, emitErrorTypes(ir.errorTypes)]),
});
