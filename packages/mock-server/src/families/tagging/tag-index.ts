/**
 * Lookups the tagging rules need on every write, kept beside the rule state so that a create,
 * an attach or a list of one object's tags costs O(1) instead of a scan of every category, tag
 * or association: category names, tag names per category, the tags of each category and the
 * tags attached to each object. The index is derived: built on first use from the records (a
 * state loaded from a file, a seed or a reset has none yet) and kept in step by the tagging
 * rules (tagging.ts), the only writers of those records.
 */
import type { DynamicId, RuleState } from '../../state/types.js';

export interface TagIndex {
  /** Category name → id. */
  readonly categoryByName: Map<string, string>;
  /** `tagNameKey(category, name)` → tag id. */
  readonly tagByName: Map<string, string>;
  /** Category id → ids of its tags. */
  readonly tagsOfCategory: Map<string, Set<string>>;
  /** `objectKey(object)` → ids of the tags attached to it. */
  readonly tagsOfObject: Map<string, Set<string>>;
}

// NUL cannot occur in a name or id that came through JSON text unescaped by accident; it keeps the two parts apart.
export const tagNameKey = (categoryId: string, name: string): string => `${categoryId}\u0000${name}`;
export const objectKey = (o: DynamicId): string => `${o.type}\u0000${o.id}`;

const indexes = new WeakMap<RuleState, TagIndex>();

/** The index of `rules` (built when first asked for). */
export function tagIndex(rules: RuleState): TagIndex {
  let index = indexes.get(rules);
  if (!index) {
    index = build(rules);
    indexes.set(rules, index);
  }
  return index;
}

/** Adds `value` to the set under `key`. */
export function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** Removes `value` from the set under `key` (and the set once empty). */
export function removeFrom(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

function build(rules: RuleState): TagIndex {
  const index: TagIndex = { categoryByName: new Map(), tagByName: new Map(), tagsOfCategory: new Map(), tagsOfObject: new Map() };
  for (const c of Object.values(rules.tag_categories)) index.categoryByName.set(c.name, c.id);
  for (const t of Object.values(rules.tags)) {
    index.tagByName.set(tagNameKey(t.category_id, t.name), t.id);
    addTo(index.tagsOfCategory, t.category_id, t.id);
  }
  for (const [tagId, objects] of Object.entries(rules.tag_associations)) {
    if (!rules.tags[tagId]) continue;
    for (const o of objects) addTo(index.tagsOfObject, objectKey(o), tagId);
  }
  return index;
}
