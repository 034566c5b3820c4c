/**
 * Tagging (cis/tagging, /api and /rest forms): categories, tags and associations kept in
 * `state.rules`. A tag needs an existing category; an object carries at most one tag of a
 * SINGLE category; a tag attaches only to the object types its category allows; deleting
 * a tag (or the tagged VM) removes its associations.
 */
import { randomUUID } from 'node:crypto';
import { invalidArgument, notFound, VapiError } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { DynamicId, Tag } from '../../state/types.js';
import type { HandlerTable } from '../../behaviours/types.js';
import type { CisTaggingCategoryCreateSpec, CisTaggingTagCreateSpec, RestCisTaggingCategoryCreate, RestCisTaggingTagCreate } from '@vsphere-kit/core/api-types';

const CATEGORY_PREFIX = 'urn:vmomi:InventoryServiceCategory:';
const TAG_PREFIX = 'urn:vmomi:InventoryServiceTag:';

const tagNotFound = (id: string) => notFound('Tag', id, 'com.vmware.cis.tagging.tag.not_found');
const categoryNotFound = (id: string) => notFound('Category', id, 'com.vmware.cis.tagging.category.not_found');

/** Inventory object types the mock knows; other types are accepted as they are. */
function knownObject(s: Inventory, o: DynamicId): boolean | undefined {
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
      return s.networks.has(o.id);
    case 'ResourcePool':
      return s.resourcePools.has(o.id);
    default:
      return undefined;
  }
}

export function createCategory(s: Inventory, spec: CisTaggingCategoryCreateSpec): string {
  const r = s.rules;
  for (const c of Object.values(r.tag_categories)) {
    if (c.name === spec.name)
      throw new VapiError('ALREADY_EXISTS', `A category named '${spec.name}' already exists.`, [spec.name], 'com.vmware.cis.tagging.category.already_exists');
  }
  const id = spec.category_id ?? `${CATEGORY_PREFIX}${randomUUID()}:GLOBAL`;
  if (r.tag_categories[id]) throw new VapiError('ALREADY_EXISTS', `Category '${id}' already exists.`, [id], 'com.vmware.cis.tagging.category.already_exists');
  r.tag_categories[id] = { id, name: spec.name, description: spec.description, cardinality: spec.cardinality, associable_types: [...spec.associable_types] };
  return id;
}

export function createTag(s: Inventory, spec: CisTaggingTagCreateSpec): string {
  const r = s.rules;
  if (!r.tag_categories[spec.category_id]) throw categoryNotFound(spec.category_id);
  for (const t of Object.values(r.tags)) {
    if (t.category_id === spec.category_id && t.name === spec.name) {
      throw new VapiError(
        'ALREADY_EXISTS',
        `A tag named '${spec.name}' already exists in category '${spec.category_id}'.`,
        [spec.name, spec.category_id],
        'com.vmware.cis.tagging.tag.already_exists',
      );
    }
  }
  const id = spec.tag_id ?? `${TAG_PREFIX}${randomUUID()}:GLOBAL`;
  if (r.tags[id]) throw new VapiError('ALREADY_EXISTS', `Tag '${id}' already exists.`, [id], 'com.vmware.cis.tagging.tag.already_exists');
  r.tags[id] = { id, name: spec.name, description: spec.description ?? '', category_id: spec.category_id };
  return id;
}

/** Removes a tag and every association it had. */
export function deleteTag(s: Inventory, id: string): void {
  if (!s.rules.tags[id]) throw tagNotFound(id);
  delete s.rules.tags[id];
  delete s.rules.tag_associations[id];
}

export function attachTag(s: Inventory, tagId: string, object: DynamicId): void {
  const r = s.rules;
  const tag = r.tags[tagId];
  if (!tag) throw tagNotFound(tagId);
  const cat = r.tag_categories[tag.category_id];
  if (!cat) throw categoryNotFound(tag.category_id);
  if (cat.associable_types.length && !cat.associable_types.includes(object.type)) {
    throw invalidArgument(
      `Tags of category '${cat.name}' cannot be attached to objects of type '${object.type}'.`,
      [cat.id, object.type],
      'com.vmware.cis.tagging.objectType.not_supported',
    );
  }
  if (knownObject(s, object) === false) throw notFound(object.type, object.id);
  const list = (r.tag_associations[tagId] ??= []);
  if (list.some((o) => o.type === object.type && o.id === object.id)) return; // already attached: success
  if (cat.cardinality === 'SINGLE') {
    for (const [otherId, objs] of Object.entries(r.tag_associations)) {
      if (otherId === tagId || r.tags[otherId]?.category_id !== cat.id) continue;
      if (objs.some((o) => o.type === object.type && o.id === object.id)) {
        throw invalidArgument(
          `Object '${object.id}' already carries tag '${otherId}' of category '${cat.name}', whose cardinality is SINGLE.`,
          [object.id, otherId, cat.id],
          'com.vmware.cis.tagging.cardinality.single',
        );
      }
    }
  }
  list.push({ type: object.type, id: object.id });
}

export function detachTag(s: Inventory, tagId: string, object: DynamicId): void {
  if (!s.rules.tags[tagId]) throw tagNotFound(tagId);
  const list = s.rules.tag_associations[tagId];
  if (!list) return;
  s.rules.tag_associations[tagId] = list.filter((o) => !(o.type === object.type && o.id === object.id));
}

/** Drops every association of an object that no longer exists. */
export function forgetObject(s: Inventory, object: DynamicId): void {
  for (const [tagId, list] of Object.entries(s.rules.tag_associations)) {
    s.rules.tag_associations[tagId] = list.filter((o) => !(o.type === object.type && o.id === object.id));
  }
}

export function attachedTags(s: Inventory, object: DynamicId): string[] {
  const out: string[] = [];
  for (const [tagId, list] of Object.entries(s.rules.tag_associations)) {
    if (s.rules.tags[tagId] && list.some((o) => o.type === object.type && o.id === object.id)) out.push(tagId);
  }
  return out;
}

const objectOf = (body: unknown): DynamicId => (body as { object_id: DynamicId }).object_id;
const tagById = (s: Inventory, id: string): Tag =>
  s.rules.tags[id] ??
  (() => {
    throw tagNotFound(id);
  })();

export const taggingHandlers: HandlerTable = {
  'GET /api/cis/tagging/category': ({ state }) => ({ body: Object.keys(state.rules.tag_categories) }),
  'POST /api/cis/tagging/category': ({ state, body }) => ({ status: 201, body: createCategory(state, body as CisTaggingCategoryCreateSpec) }),
  'POST /rest/com/vmware/cis/tagging/category': ({ state, body }) => ({
    status: 200,
    body: { value: createCategory(state, (body as RestCisTaggingCategoryCreate).create_spec) },
  }),

  'GET /api/cis/tagging/tag': ({ state }) => ({ body: Object.keys(state.rules.tags) }),
  'GET /rest/com/vmware/cis/tagging/tag': ({ state }) => ({ body: { value: Object.keys(state.rules.tags) } }),
  'POST /api/cis/tagging/tag': ({ state, body }) => ({ status: 201, body: createTag(state, body as CisTaggingTagCreateSpec) }),
  'POST /rest/com/vmware/cis/tagging/tag': ({ state, body }) => ({
    status: 200,
    body: { value: createTag(state, (body as RestCisTaggingTagCreate).create_spec) },
  }),
  'PATCH /api/cis/tagging/tag/{tag_id}': ({ state, params, body }) => {
    const tag = tagById(state, params.tag_id!);
    const spec = (body ?? {}) as { name?: string; description?: string };
    if (spec.name !== undefined && spec.name !== tag.name) {
      for (const t of Object.values(state.rules.tags)) {
        if (t.id !== tag.id && t.category_id === tag.category_id && t.name === spec.name) {
          throw new VapiError(
            'ALREADY_EXISTS',
            `A tag named '${spec.name}' already exists in its category.`,
            [spec.name],
            'com.vmware.cis.tagging.tag.already_exists',
          );
        }
      }
      tag.name = spec.name;
    }
    if (spec.description !== undefined) tag.description = spec.description;
    return { status: 204 };
  },
  'DELETE /api/cis/tagging/tag/{tag_id}': ({ state, params }) => {
    deleteTag(state, params.tag_id!);
    return { status: 204 };
  },

  'POST /api/cis/tagging/tag-association/{tag_id}?action=attach': ({ state, params, body }) => {
    attachTag(state, params.tag_id!, objectOf(body));
    return { status: 204 };
  },
  'POST /rest/com/vmware/cis/tagging/tag-association/id:{tag_id}?~action=attach': ({ state, params, body }) => {
    attachTag(state, params.tag_id!, objectOf(body));
    return { status: 200 };
  },
  'POST /api/cis/tagging/tag-association/{tag_id}?action=detach': ({ state, params, body }) => {
    detachTag(state, params.tag_id!, objectOf(body));
    return { status: 204 };
  },
  'POST /api/cis/tagging/tag-association/{tag_id}?action=list-attached-objects': ({ state, params }) => {
    tagById(state, params.tag_id!);
    return { body: (state.rules.tag_associations[params.tag_id!] ?? []).map((o) => ({ ...o })) };
  },
  'POST /api/cis/tagging/tag-association?action=list-attached-tags': ({ state, body }) => ({ body: attachedTags(state, objectOf(body)) }),
  'POST /rest/com/vmware/cis/tagging/tag-association?~action=list-attached-tags': ({ state, body }) => ({
    body: { value: attachedTags(state, objectOf(body)) },
  }),
};
