import type { HandlerTable } from '../behaviours/types.js';

/** One stateful family of the mock (src/families/<name>/), as registered in src/families/index.ts. */
export interface MockFamily {
  /** The folder's name. */
  readonly name: string;
  /** Behaviours by route key; a key the specs do not define fails to compile. */
  readonly handlers: HandlerTable;
}
