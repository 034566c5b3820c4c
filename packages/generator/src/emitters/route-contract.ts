import { emitRouteContract } from '../emit/route-contract.js';
import { defineEmitter, files } from '../emit/plugin.js';
import { REPO_ROOT } from '../repo-root.js';

const TARGET = 'packages/mock-server/src/generated/route-def.gen.ts';

/**
 * The mock's copy of the client's hand-written route contract. The one emitter
 * that reads a hand-written file instead of the IR; it goes away once the
 * contract lives in a package that the mock can import.
 */
export const routeContract = defineEmitter({
  name: 'route-contract',
  reads: [],
  owns: [TARGET],
  emit: () => files([TARGET, emitRouteContract(REPO_ROOT)]),
});
