/** The tagging operations (/api and /rest forms), each answered by the rules of tagging.ts (their refusals returned as they are). */
import type { HandlerTable, RequestBody } from '../../behaviours/types.js';
import { type ErrorAnswer, isErrorAnswer, unlessRefused } from '../../server/errors.js';
import type { Tag, TagCategory } from '../../state/types.js';
import {
  addUsedBy,
  attachableTags,
  attachedObjects,
  attachedTags,
  attachTag,
  batch,
  categoryById,
  categoryModel,
  createCategory,
  createTag,
  deleteCategory,
  deleteTag,
  detachTag,
  objectsOfTag,
  removeUsedBy,
  tagById,
  tagModel,
  tagsOfCategory,
  updateCategory,
  updateTag,
  usedBy,
} from './tagging.js';

/** Adds or removes a used-by entry of the category or tag found (204), or passes on its refusal. */
const usedByChange = <T extends TagCategory | Tag>(found: T | ErrorAnswer, change: (record: T, entity: string) => void, entity: string) =>
  unlessRefused(found, (record) => {
    change(record, entity);
    return { status: 204 };
  });

export const taggingHandlers: HandlerTable = {
  'GET /api/cis/tagging/category': ({ state }) => ({ body: Object.keys(state.rules.tag_categories) }),
  'POST /api/cis/tagging/category': ({ state, body }) =>
    unlessRefused(createCategory(state, body as RequestBody<'POST /api/cis/tagging/category'>), (id) => ({ status: 201, body: id })),
  'POST /rest/com/vmware/cis/tagging/category': ({ state, body }) =>
    unlessRefused(createCategory(state, (body as RequestBody<'POST /rest/com/vmware/cis/tagging/category'>).create_spec), (id) => ({
      status: 200,
      body: { value: id },
    })),

  'GET /api/cis/tagging/category/{category_id}': ({ state, params }) =>
    unlessRefused(categoryById(state, params.category_id), (c) => ({ body: categoryModel(c) })),
  'PATCH /api/cis/tagging/category/{category_id}': ({ state, params, body }) =>
    updateCategory(state, params.category_id, (body ?? {}) as RequestBody<'PATCH /api/cis/tagging/category/{category_id}'>) ?? { status: 204 },
  'DELETE /api/cis/tagging/category/{category_id}': ({ state, params }) => deleteCategory(state, params.category_id) ?? { status: 204 },
  'POST /api/cis/tagging/category/{category_id}?action=add-to-used-by': ({ state, params, body }) =>
    usedByChange(
      categoryById(state, params.category_id),
      addUsedBy,
      (body as RequestBody<'POST /api/cis/tagging/category/{category_id}?action=add-to-used-by'>).used_by_entity,
    ),
  'POST /api/cis/tagging/category/{category_id}?action=remove-from-used-by': ({ state, params, body }) =>
    usedByChange(
      categoryById(state, params.category_id),
      removeUsedBy,
      (body as RequestBody<'POST /api/cis/tagging/category/{category_id}?action=remove-from-used-by'>).used_by_entity,
    ),
  // The mock keeps no permissions: revoking checks the category and changes nothing else.
  'POST /api/cis/tagging/category/{category_id}?action=revoke-propagating-permissions': ({ state, params }) =>
    unlessRefused(categoryById(state, params.category_id), () => ({ status: 204 })),
  'POST /api/cis/tagging/category?action=list-used-categories': ({ state, body }) => ({
    body: usedBy(state.rules.tag_categories, (body as RequestBody<'POST /api/cis/tagging/category?action=list-used-categories'>).used_by_entity),
  }),

  'GET /api/cis/tagging/tag': ({ state }) => ({ body: Object.keys(state.rules.tags) }),
  'GET /rest/com/vmware/cis/tagging/tag': ({ state }) => ({ body: { value: Object.keys(state.rules.tags) } }),
  'POST /api/cis/tagging/tag': ({ state, body }) =>
    unlessRefused(createTag(state, body as RequestBody<'POST /api/cis/tagging/tag'>), (id) => ({ status: 201, body: id })),
  'POST /rest/com/vmware/cis/tagging/tag': ({ state, body }) =>
    unlessRefused(createTag(state, (body as RequestBody<'POST /rest/com/vmware/cis/tagging/tag'>).create_spec), (id) => ({
      status: 200,
      body: { value: id },
    })),
  'PATCH /api/cis/tagging/tag/{tag_id}': ({ state, params, body }) =>
    updateTag(state, params.tag_id, (body ?? {}) as RequestBody<'PATCH /api/cis/tagging/tag/{tag_id}'>) ?? { status: 204 },
  'DELETE /api/cis/tagging/tag/{tag_id}': ({ state, params }) => deleteTag(state, params.tag_id) ?? { status: 204 },

  'GET /api/cis/tagging/tag/{tag_id}': ({ state, params }) => unlessRefused(tagById(state, params.tag_id), (t) => ({ body: tagModel(t) })),
  'POST /api/cis/tagging/tag/{tag_id}?action=add-to-used-by': ({ state, params, body }) =>
    usedByChange(tagById(state, params.tag_id), addUsedBy, (body as RequestBody<'POST /api/cis/tagging/tag/{tag_id}?action=add-to-used-by'>).used_by_entity),
  'POST /api/cis/tagging/tag/{tag_id}?action=remove-from-used-by': ({ state, params, body }) =>
    usedByChange(
      tagById(state, params.tag_id),
      removeUsedBy,
      (body as RequestBody<'POST /api/cis/tagging/tag/{tag_id}?action=remove-from-used-by'>).used_by_entity,
    ),
  'POST /api/cis/tagging/tag/{tag_id}?action=revoke-propagating-permissions': ({ state, params }) =>
    unlessRefused(tagById(state, params.tag_id), () => ({ status: 204 })),
  'POST /api/cis/tagging/tag?action=list-tags-for-category': ({ state, body }) =>
    unlessRefused(tagsOfCategory(state, (body as RequestBody<'POST /api/cis/tagging/tag?action=list-tags-for-category'>).category_id), (ids) => ({
      body: ids,
    })),
  'POST /api/cis/tagging/tag?action=list-used-tags': ({ state, body }) => ({
    body: usedBy(state.rules.tags, (body as RequestBody<'POST /api/cis/tagging/tag?action=list-used-tags'>).used_by_entity),
  }),

  'POST /api/cis/tagging/tag-association/{tag_id}?action=attach': ({ state, params, body }) =>
    attachTag(state, params.tag_id, (body as RequestBody<'POST /api/cis/tagging/tag-association/{tag_id}?action=attach'>).object_id) ?? { status: 204 },
  'POST /rest/com/vmware/cis/tagging/tag-association/id:{tag_id}?~action=attach': ({ state, params, body }) =>
    attachTag(state, params.tag_id, (body as RequestBody<'POST /rest/com/vmware/cis/tagging/tag-association/id:{tag_id}?~action=attach'>).object_id) ?? {
      status: 200,
    },
  'POST /api/cis/tagging/tag-association/{tag_id}?action=detach': ({ state, params, body }) =>
    detachTag(state, params.tag_id, (body as RequestBody<'POST /api/cis/tagging/tag-association/{tag_id}?action=detach'>).object_id) ?? { status: 204 },
  'POST /api/cis/tagging/tag-association/{tag_id}?action=list-attached-objects': ({ state, params }) =>
    unlessRefused(attachedObjects(state, params.tag_id), (objects) => ({ body: objects })),
  'POST /api/cis/tagging/tag-association?action=list-attached-tags': ({ state, body }) => ({
    body: attachedTags(state, (body as RequestBody<'POST /api/cis/tagging/tag-association?action=list-attached-tags'>).object_id),
  }),
  'POST /rest/com/vmware/cis/tagging/tag-association?~action=list-attached-tags': ({ state, body }) => ({
    body: { value: attachedTags(state, (body as RequestBody<'POST /rest/com/vmware/cis/tagging/tag-association?~action=list-attached-tags'>).object_id) },
  }),
  'POST /api/cis/tagging/tag-association/{tag_id}?action=attach-tag-to-multiple-objects': ({ state, params, body }) => {
    const tag = tagById(state, params.tag_id);
    if (isErrorAnswer(tag)) return tag;
    const { object_ids } = body as RequestBody<'POST /api/cis/tagging/tag-association/{tag_id}?action=attach-tag-to-multiple-objects'>;
    return { body: batch(object_ids, (o) => attachTag(state, params.tag_id, o)) };
  },
  'POST /api/cis/tagging/tag-association/{tag_id}?action=detach-tag-from-multiple-objects': ({ state, params, body }) => {
    const tag = tagById(state, params.tag_id);
    if (isErrorAnswer(tag)) return tag;
    const { object_ids } = body as RequestBody<'POST /api/cis/tagging/tag-association/{tag_id}?action=detach-tag-from-multiple-objects'>;
    return { body: batch(object_ids, (o) => detachTag(state, params.tag_id, o)) };
  },
  'POST /api/cis/tagging/tag-association?action=attach-multiple-tags-to-object': ({ state, body }) => {
    const { object_id, tag_ids } = body as RequestBody<'POST /api/cis/tagging/tag-association?action=attach-multiple-tags-to-object'>;
    return { body: batch(tag_ids, (t) => attachTag(state, t, object_id)) };
  },
  'POST /api/cis/tagging/tag-association?action=detach-multiple-tags-from-object': ({ state, body }) => {
    const { object_id, tag_ids } = body as RequestBody<'POST /api/cis/tagging/tag-association?action=detach-multiple-tags-from-object'>;
    return { body: batch(tag_ids, (t) => detachTag(state, t, object_id)) };
  },
  'POST /api/cis/tagging/tag-association?action=list-attachable-tags': ({ state, body }) => ({
    body: attachableTags(state, (body as RequestBody<'POST /api/cis/tagging/tag-association?action=list-attachable-tags'>).object_id),
  }),
  // Unknown tags are left out, as tags the caller may not read are.
  'POST /api/cis/tagging/tag-association?action=list-attached-objects-on-tags': ({ state, body }) => {
    const { tag_ids } = body as RequestBody<'POST /api/cis/tagging/tag-association?action=list-attached-objects-on-tags'>;
    return { body: tag_ids.filter((id) => state.rules.tags[id]).map((tag_id) => ({ tag_id, object_ids: objectsOfTag(state, tag_id) })) };
  },
  'POST /api/cis/tagging/tag-association?action=list-attached-tags-on-objects': ({ state, body }) => {
    const { object_ids } = body as RequestBody<'POST /api/cis/tagging/tag-association?action=list-attached-tags-on-objects'>;
    return { body: object_ids.map((object_id) => ({ object_id, tag_ids: attachedTags(state, object_id) })) };
  },
};
