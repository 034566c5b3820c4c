/**
 * Every stateful family of the mock, registered here and nowhere else. A family is one
 * folder under src/families/ whose index.ts exports a MockFamily: its behaviours (keyed
 * by route keys the specs define), the empty form of its state and the checks of its
 * part of a seed. Operations without a behaviour get the generic one (behaviours/generic.ts).
 */
import { isErrorAnswer } from '../server/errors.js';
import type { HandlerTable, OpContext, OpHandler } from '../behaviours/types.js';

import { applianceFamily } from './appliance/index.js';
import type { Collection, SeedRules } from '../state/seed-rules.js';
import { dict } from '../state/dict.js';
import type { RuleState } from '../state/types.js';
import { contentFamily } from './content/index.js';
import { esxSoftwareFamily } from './esx-software/index.js';
import { federationFamily } from './federation/index.js';
import { inventoryFamily } from './inventory/index.js';
import { namespacesFamily } from './namespaces/index.js';
import { sessionFamily } from './session/index.js';
import { taggingFamily } from './tagging/index.js';
import { tasksFamily } from './tasks/index.js';
import type { MockFamily, Observer } from './family.js';
import { guestFamily } from './guest/index.js';
import { vapiMetadataFamily } from './vapi-metadata/index.js';
import { vmFamily } from './vm/index.js';

export const FAMILIES = [
  sessionFamily,
  tasksFamily,
  inventoryFamily,
  vmFamily,
  guestFamily,
  taggingFamily,
  contentFamily,
  esxSoftwareFamily,
  namespacesFamily,
  federationFamily,
  vapiMetadataFamily,
  applianceFamily,
] as const satisfies readonly MockFamily[];

type EmptyStateKeys<F> = F extends { emptyState: () => infer S } ? keyof S : never;

/** `true` only when the families' empty states cover every part of the rule state (checked below). */
export type RuleStateIsOwned = Exclude<keyof RuleState, EmptyStateKeys<(typeof FAMILIES)[number]>> extends never ? true : false;

/** The behaviours of all families in one table; two families claiming one key is a bug that start-up reports. */
export function behaviourTable(): HandlerTable {
  const table: Record<string, unknown> = {};
  const owner = new Map<string, string>();
  for (const family of FAMILIES) {
    for (const [key, handler] of Object.entries(family.handlers)) {
      const other = owner.get(key);
      if (other) throw new Error(`mock families '${other}' and '${family.name}' both define a behaviour for '${key}'`);
      owner.set(key, family.name);
      table[key] = handler;
    }
  }
  for (const family of FAMILIES as readonly MockFamily[]) {
    for (const [key, observer] of Object.entries(family.observers ?? {})) {
      const handler = table[key] as OpHandler | undefined;
      if (!handler) throw new Error(`mock family '${family.name}' observes '${key}', which no family answers`);
      table[key] = observed(handler, observer as Observer);
    }
  }
  return table as HandlerTable;
}

/** The behaviour followed by an observer (only the observed keys pay for it). */
function observed(handler: OpHandler, observer: Observer): OpHandler {
  return (ctx: OpContext) => {
    const result = handler(ctx);
    if (result instanceof Promise) {
      return result.then((r) => {
        if (!isErrorAnswer(r)) observer(ctx, r ?? {});
        return r;
      });
    }
    // A refusal (returned error answer) is no success to follow.
    if (!isErrorAnswer(result)) observer(ctx, result ?? {});
    return result;
  };
}

/** A compile-time check: `T` must be `true`. */
function compileTimeCheck<T extends true>(_proof?: T): void {}

/** The rule state of every family, empty; each record keyed by ids is a null-prototype record (state/dict.ts). */
export function emptyRules(): RuleState {
  compileTimeCheck<RuleStateIsOwned>(); // a part of RuleState that no family's emptyState gives fails here
  const rules: Record<string, object> = {};
  for (const family of FAMILIES as readonly MockFamily[]) {
    for (const [part, records] of Object.entries(family.emptyState?.() ?? {})) rules[part] = dict(records as Record<string, unknown>);
  }
  return rules as unknown as RuleState;
}

/** The seed checks of every collection, from the family that owns it. */
export function seedRules(): SeedRules {
  const rules: Record<string, unknown> = {};
  for (const family of FAMILIES as readonly MockFamily[]) {
    for (const [collection, fields] of Object.entries(family.seedRules ?? {})) {
      if (rules[collection]) throw new Error(`two mock families state the seed rules of '${collection}'`);
      rules[collection as Collection] = fields;
    }
  }
  return rules as SeedRules;
}
