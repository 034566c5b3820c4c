/**
 * Tagging rules (cis/tagging), on the records kept in `state.rules`: categories, tags and
 * tag → object associations, with vCenter's rules:
 * - names are unique: a category name across categories, a tag name within its category;
 * - a tag needs an existing category; deleting a category deletes its tags, deleting a tag
 *   (or the tagged object) removes its associations;
 * - an object carries at most one tag of a SINGLE category; a category's cardinality may
 *   widen (SINGLE → MULTIPLE) but not narrow, and its associable types may grow but not shrink;
 * - a tag attaches only to inventory objects that exist and whose type its category allows
 *   (an empty list allows every type; objects outside the inventory are not type-checked, as
 *   vCenter documents);
 * - attach and detach are idempotent; the batch forms report each failure in a BatchResult.
 * A rule that refuses returns its error answer (server/errors.ts) for the behaviour to return;
 * nothing here throws one.
 * Lookups go through the derived index of tag-index.ts, which these functions keep in step.
 */
import { randomUUID } from 'node:crypto';
import type {
  CisTaggingCategoryCreateSpec,
  CisTaggingCategoryModel,
  CisTaggingCategoryUpdateSpec,
  CisTaggingTagAssociationBatchResult,
  CisTaggingTagCreateSpec,
  CisTaggingTagModel,
  CisTaggingTagUpdateSpec,
  VapiStdLocalizableMessage,
} from '@vsphere-kit/core/api-types';
import { alreadyExists, type ErrorAnswer, invalidArgument, isErrorAnswer, notFound } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { DynamicId, Tag, TagCategory } from '../../state/types.js';
import { addTo, objectKey, removeFrom, tagIndex, tagNameKey } from './tag-index.js';

const CATEGORY_PREFIX = 'urn:vmomi:InventoryServiceCategory:';
const TAG_PREFIX = 'urn:vmomi:InventoryServiceTag:';

const tagNotFound = (id: string) => notFound('Tag', id, 'com.vmware.cis.tagging.tag.not_found');
const categoryNotFound = (id: string) => notFound('Category', id, 'com.vmware.cis.tagging.category.not_found');

export function categoryById(s: Inventory, id: string): TagCategory | ErrorAnswer {
  return s.rules.tag_categories[id] ?? categoryNotFound(id);
}

export function tagById(s: Inventory, id: string): Tag | ErrorAnswer {
  return s.rules.tags[id] ?? tagNotFound(id);
}

/**
 * Whether the inventory holds `o`: true or false for the types the mock keeps, undefined for
 * any other type (objects of other services are taken as they are).
 */
function inventoryHas(s: Inventory, o: DynamicId): boolean | undefined {
  switch (o.type) {
    case 'VirtualMachine':
      return s.vms.has(o.id) || s.templates.has(o.id);
    case 'HostSystem':
      return s.hosts.has(o.id);
    case 'ClusterComputeResource':
      return s.clusters.has(o.id);
    case 'Datacenter':
      return s.datacenters.has(o.id);
    case 'Folder':
      return s.folders.has(o.id);
    case 'Datastore':
      return s.datastores.has(o.id);
    case 'Network':
    case 'DistributedVirtualPortgroup':
    case 'OpaqueNetwork':
      return s.networks.has(o.id);
    case 'ResourcePool':
      return s.resourcePools.has(o.id);
    default:
      return undefined;
  }
}

function emptyName(name: string, what: string): ErrorAnswer | undefined {
  if (name.trim() === '') return invalidArgument(`The ${what} name must not be empty.`, [name], 'com.vmware.cis.tagging.name.empty');
  return undefined;
}

// ------------------------------------------------------------------------------- categories

export const categoryModel = (c: TagCategory): CisTaggingCategoryModel => ({
  id: c.id,
  name: c.name,
  description: c.description,
  cardinality: c.cardinality,
  associable_types: [...c.associable_types],
  used_by: [...(c.used_by ?? [])],
});

const categoryNameTaken = (name: string) =>
  alreadyExists(`A category named '${name}' already exists.`, [name], 'com.vmware.cis.tagging.category.already_exists');

/** The new category's id. */
export function createCategory(s: Inventory, spec: CisTaggingCategoryCreateSpec): string | ErrorAnswer {
  const r = s.rules;
  const index = tagIndex(r);
  const empty = emptyName(spec.name, 'category');
  if (empty) return empty;
  if (index.categoryByName.has(spec.name)) return categoryNameTaken(spec.name);
  const id = spec.category_id ?? `${CATEGORY_PREFIX}${randomUUID()}:GLOBAL`;
  if (r.tag_categories[id]) return alreadyExists(`Category '${id}' already exists.`, [id], 'com.vmware.cis.tagging.category.already_exists');
  r.tag_categories[id] = {
    id,
    name: spec.name,
    description: spec.description,
    cardinality: spec.cardinality,
    associable_types: [...new Set(spec.associable_types)],
  };
  index.categoryByName.set(spec.name, id);
  return id;
}

/** Applies an update spec; checks everything before changing anything (the refusal, if any, is returned). */
export function updateCategory(s: Inventory, id: string, spec: CisTaggingCategoryUpdateSpec): ErrorAnswer | undefined {
  const c = categoryById(s, id);
  if (isErrorAnswer(c)) return c;
  const index = tagIndex(s.rules);
  if (spec.name !== undefined && spec.name !== c.name) {
    const empty = emptyName(spec.name, 'category');
    if (empty) return empty;
    if (index.categoryByName.has(spec.name)) return categoryNameTaken(spec.name);
  }
  if (spec.cardinality === 'SINGLE' && c.cardinality === 'MULTIPLE') {
    return invalidArgument(
      `The cardinality of category '${c.name}' cannot change from MULTIPLE to SINGLE.`,
      [id, 'cardinality'],
      'com.vmware.cis.tagging.category.cardinality.narrowing',
    );
  }
  let types: string[] | undefined;
  if (spec.associable_types !== undefined) {
    types = [...new Set(spec.associable_types)];
    // An empty list means every type: any list narrows it, and a list may not drop a type it had.
    const dropped = c.associable_types.length === 0 ? (types.length ? ['(all types)'] : []) : c.associable_types.filter((t) => !types!.includes(t));
    if (dropped.length) {
      return invalidArgument(
        `Associable types of category '${c.name}' can only be added, not removed: ${dropped.join(', ')}.`,
        [id, ...dropped],
        'com.vmware.cis.tagging.category.associable_types.removal',
      );
    }
  }
  if (spec.name !== undefined && spec.name !== c.name) {
    index.categoryByName.delete(c.name);
    index.categoryByName.set(spec.name, id);
    c.name = spec.name;
  }
  if (spec.description !== undefined) c.description = spec.description;
  if (spec.cardinality !== undefined) c.cardinality = spec.cardinality;
  if (types !== undefined) c.associable_types = types;
  return undefined;
}

/** Deletes a category with its tags and their associations. */
export function deleteCategory(s: Inventory, id: string): ErrorAnswer | undefined {
  const c = categoryById(s, id);
  if (isErrorAnswer(c)) return c;
  const index = tagIndex(s.rules);
  for (const tagId of [...(index.tagsOfCategory.get(id) ?? [])]) deleteTag(s, tagId);
  index.categoryByName.delete(c.name);
  delete s.rules.tag_categories[id];
  return undefined;
}

// ------------------------------------------------------------------------------------- tags

export const tagModel = (t: Tag): CisTaggingTagModel => ({
  id: t.id,
  category_id: t.category_id,
  name: t.name,
  description: t.description,
  used_by: [...(t.used_by ?? [])],
});

const tagNameTaken = (name: string, categoryId: string) =>
  alreadyExists(`A tag named '${name}' already exists in category '${categoryId}'.`, [name, categoryId], 'com.vmware.cis.tagging.tag.already_exists');

/** The new tag's id. */
export function createTag(s: Inventory, spec: CisTaggingTagCreateSpec): string | ErrorAnswer {
  const r = s.rules;
  const category = categoryById(s, spec.category_id);
  if (isErrorAnswer(category)) return category;
  const empty = emptyName(spec.name, 'tag');
  if (empty) return empty;
  const index = tagIndex(r);
  if (index.tagByName.has(tagNameKey(spec.category_id, spec.name))) return tagNameTaken(spec.name, spec.category_id);
  const id = spec.tag_id ?? `${TAG_PREFIX}${randomUUID()}:GLOBAL`;
  if (r.tags[id]) return alreadyExists(`Tag '${id}' already exists.`, [id], 'com.vmware.cis.tagging.tag.already_exists');
  r.tags[id] = { id, name: spec.name, description: spec.description ?? '', category_id: spec.category_id };
  index.tagByName.set(tagNameKey(spec.category_id, spec.name), id);
  addTo(index.tagsOfCategory, spec.category_id, id);
  return id;
}

export function updateTag(s: Inventory, id: string, spec: CisTaggingTagUpdateSpec): ErrorAnswer | undefined {
  const tag = tagById(s, id);
  if (isErrorAnswer(tag)) return tag;
  const index = tagIndex(s.rules);
  if (spec.name !== undefined && spec.name !== tag.name) {
    const empty = emptyName(spec.name, 'tag');
    if (empty) return empty;
    if (index.tagByName.has(tagNameKey(tag.category_id, spec.name))) return tagNameTaken(spec.name, tag.category_id);
    index.tagByName.delete(tagNameKey(tag.category_id, tag.name));
    index.tagByName.set(tagNameKey(tag.category_id, spec.name), id);
    tag.name = spec.name;
  }
  if (spec.description !== undefined) tag.description = spec.description;
  return undefined;
}

/** Removes a tag and every association it had. */
export function deleteTag(s: Inventory, id: string): ErrorAnswer | undefined {
  const tag = tagById(s, id);
  if (isErrorAnswer(tag)) return tag;
  const index = tagIndex(s.rules);
  for (const o of s.rules.tag_associations[id] ?? []) removeFrom(index.tagsOfObject, objectKey(o), id);
  index.tagByName.delete(tagNameKey(tag.category_id, tag.name));
  removeFrom(index.tagsOfCategory, tag.category_id, id);
  delete s.rules.tags[id];
  delete s.rules.tag_associations[id];
  return undefined;
}

/** The tags of a category, in creation order. */
export function tagsOfCategory(s: Inventory, categoryId: string): string[] | ErrorAnswer {
  if (!s.rules.tag_categories[categoryId]) return categoryNotFound(categoryId);
  return [...(tagIndex(s.rules).tagsOfCategory.get(categoryId) ?? [])];
}

// --------------------------------------------------------------------------------- used by

/** The `used_by` list of a category or tag: adding is idempotent, as is removing an absent entry. */
export function addUsedBy(record: TagCategory | Tag, entity: string): void {
  const list = (record.used_by ??= []);
  if (!list.includes(entity)) list.push(entity);
}

export function removeUsedBy(record: TagCategory | Tag, entity: string): void {
  if (!record.used_by) return;
  record.used_by = record.used_by.filter((e) => e !== entity);
}

export const usedBy = <T extends TagCategory | Tag>(records: Record<string, T>, entity: string): string[] =>
  Object.values(records)
    .filter((r) => r.used_by?.includes(entity))
    .map((r) => r.id);

// ---------------------------------------------------------------------------- associations

/** Why `tag` cannot be attached to `object` (undefined: it can, or it already is). */
function attachRefusal(s: Inventory, tag: Tag, object: DynamicId): ErrorAnswer | undefined {
  const cat = s.rules.tag_categories[tag.category_id];
  if (!cat) return categoryNotFound(tag.category_id);
  const known = inventoryHas(s, object);
  if (known === false) return notFound(object.type, object.id);
  if (known && cat.associable_types.length && !cat.associable_types.includes(object.type)) {
    return invalidArgument(
      `Tags of category '${cat.name}' cannot be attached to objects of type '${object.type}'.`,
      [cat.id, object.type],
      'com.vmware.cis.tagging.objectType.not_supported',
    );
  }
  const index = tagIndex(s.rules);
  const attached = index.tagsOfObject.get(objectKey(object));
  if (attached?.has(tag.id) || cat.cardinality !== 'SINGLE' || !attached) return undefined;
  for (const otherId of attached) {
    if (s.rules.tags[otherId]?.category_id === cat.id) {
      return invalidArgument(
        `Object '${object.id}' already carries tag '${otherId}' of category '${cat.name}', whose cardinality is SINGLE.`,
        [object.id, otherId, cat.id],
        'com.vmware.cis.tagging.cardinality.single',
      );
    }
  }
  return undefined;
}

export function attachTag(s: Inventory, tagId: string, object: DynamicId): ErrorAnswer | undefined {
  const tag = tagById(s, tagId);
  if (isErrorAnswer(tag)) return tag;
  const refusal = attachRefusal(s, tag, object);
  if (refusal) return refusal;
  const index = tagIndex(s.rules);
  const key = objectKey(object);
  if (index.tagsOfObject.get(key)?.has(tagId)) return undefined; // already attached: success
  (s.rules.tag_associations[tagId] ??= []).push({ type: object.type, id: object.id });
  addTo(index.tagsOfObject, key, tagId);
  return undefined;
}

export function detachTag(s: Inventory, tagId: string, object: DynamicId): ErrorAnswer | undefined {
  if (!s.rules.tags[tagId]) return tagNotFound(tagId);
  const index = tagIndex(s.rules);
  const key = objectKey(object);
  if (!index.tagsOfObject.get(key)?.has(tagId)) return undefined; // not attached: success
  const list = s.rules.tag_associations[tagId] ?? [];
  const rest = list.filter((o) => !(o.type === object.type && o.id === object.id));
  if (rest.length) s.rules.tag_associations[tagId] = rest;
  else delete s.rules.tag_associations[tagId];
  removeFrom(index.tagsOfObject, key, tagId);
  return undefined;
}

/** Drops every association of an object that no longer exists. */
export function forgetObject(s: Inventory, object: DynamicId): void {
  for (const tagId of [...(tagIndex(s.rules).tagsOfObject.get(objectKey(object)) ?? [])]) detachTag(s, tagId, object);
}

/** The objects a tag is attached to (no check that the tag exists: attachedObjects checks). */
export const objectsOfTag = (s: Inventory, tagId: string): DynamicId[] => (s.rules.tag_associations[tagId] ?? []).map((o) => ({ type: o.type, id: o.id }));

export function attachedObjects(s: Inventory, tagId: string): DynamicId[] | ErrorAnswer {
  return s.rules.tags[tagId] ? objectsOfTag(s, tagId) : tagNotFound(tagId);
}

export function attachedTags(s: Inventory, object: DynamicId): string[] {
  return [...(tagIndex(s.rules).tagsOfObject.get(objectKey(object)) ?? [])];
}

/** The tags that could be attached to `object` now and are not attached yet. */
export function attachableTags(s: Inventory, object: DynamicId): string[] {
  const attached = tagIndex(s.rules).tagsOfObject.get(objectKey(object));
  return Object.values(s.rules.tags)
    .filter((t) => !attached?.has(t.id) && attachRefusal(s, t, object) === undefined)
    .map((t) => t.id);
}

/** Runs each step of a batch; a step's refusal becomes a message of the result instead of failing the call. */
export function batch<T>(items: readonly T[], step: (item: T) => ErrorAnswer | undefined): CisTaggingTagAssociationBatchResult {
  const error_messages: VapiStdLocalizableMessage[] = [];
  for (const item of items) {
    const refusal = step(item);
    if (refusal) error_messages.push({ id: refusal.messageId, default_message: refusal.message, args: [...refusal.args] });
  }
  return { success: error_messages.length === 0, error_messages };
}
