import { emitErrorTypes } from '../emit/error-types.js';
import { defineEmitter, files } from '../emit/plugin.js';

const TARGETS = ['packages/client/src/generated/error-types.gen.ts', 'packages/mock-server/src/generated/error-types.gen.ts'];

/** The error-type table for the client and the mock, so that both answer and read the same statuses. */
export const errorTypes = defineEmitter({
  name: 'error-types',
  reads: ['errorTypes'],
  owns: TARGETS,
  emit(ir) {
    const text = emitErrorTypes(ir.errorTypes);
    return files(...TARGETS.map((path) => [path, text] as const));
  },
});
