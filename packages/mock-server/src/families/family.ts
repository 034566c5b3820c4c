import type { HandlerTable, OpContext, OpResult } from '../behaviours/types.js';
import type { RouteKey } from '../generated/route-keys.gen.js';
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
  /**
   * Follows operations another family answers: each runs after that family's behaviour
   * succeeded (with its result), in the same change, so that state of this family which
   * depends on them (a guest's Tools on the VM's power state) stays one model.
   */
  readonly observers?: ObserverTable;
}

/** Runs after the behaviour of `K` succeeded; it may change state but not the answer. */
export type Observer<K extends RouteKey = RouteKey> = (ctx: OpContext<K>, result: OpResult) => void;

export type ObserverTable = { readonly [K in RouteKey]?: Observer<K> };
