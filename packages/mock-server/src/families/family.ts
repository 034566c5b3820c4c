import type { HandlerTable } from '../behaviours/types.js';
import type { SeedRules } from '../state/seed-rules.js';
import type { RuleState } from '../state/types.js';

/** One stateful family of the mock (src/families/<name>/), as registered in src/families/index.ts. */
export interface MockFamily {
  /** The folder's name. */
  readonly name: string;
  /** Behaviours by route key; a key the specs do not define fails to compile. */
  readonly handlers: HandlerTable;
  /** The family's part of the rule state, empty; a new object per call (each state gets its own). */
  readonly emptyState?: () => Partial<RuleState>;
  /** Checks of the seed collections the family owns (datacenters, vms, libraries, ...). */
  readonly seedRules?: SeedRules;
}
