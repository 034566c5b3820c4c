import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedHeader } from './header.js';

/** The hand-written route contract that every package consumes. */
export const ROUTE_CONTRACT = 'packages/client/src/core/route.ts';

/**
 * The mock's copy of the route contract (`route-def.gen.ts`). The mock cannot
 * import it from the client (the client's tests depend on the mock), so the
 * generator copies the one hand-written source instead of a second hand-kept mirror.
 */
export function emitRouteContract(root: string): string {
  const source = readFileSync(join(root, ROUTE_CONTRACT), 'utf8');
  return `${generatedHeader(ROUTE_CONTRACT)}\n${source}`;
}
