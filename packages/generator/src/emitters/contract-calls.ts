import { emitContractCalls } from '../emit/contract-calls.js';
import { defineEmitter, files } from '../emit/plugin.js';

/** One client call per operation with the spec's examples, for the client's contract test against the mock. */
export const contractCalls = defineEmitter({
  name: 'contract-calls',
  reads: ['operations'],
  owns: ['packages/client/test/generated'],
  emit: (ir) => files(['packages/client/test/generated/contract-calls.gen.ts', emitContractCalls(ir.operations)]),
});
