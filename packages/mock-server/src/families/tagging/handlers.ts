/** The tagging operations (/api and /rest forms), each answered by the rules of tagging.ts. */
import type { HandlerTable, RequestBody } from '../../behaviours/types.js';
import { attachedObjects, attachedTags, attachTag, createCategory, createTag, deleteTag, detachTag, updateTag } from './tagging.js';

export const taggingHandlers: HandlerTable = {
  'GET /api/cis/tagging/category': ({ state }) => ({ body: Object.keys(state.rules.tag_categories) }),
  'POST /api/cis/tagging/category': ({ state, body }) => ({
    status: 201,
    body: createCategory(state, body as RequestBody<'POST /api/cis/tagging/category'>),
  }),
  'POST /rest/com/vmware/cis/tagging/category': ({ state, body }) => ({
    status: 200,
    body: { value: createCategory(state, (body as RequestBody<'POST /rest/com/vmware/cis/tagging/category'>).create_spec) },
  }),

  'GET /api/cis/tagging/tag': ({ state }) => ({ body: Object.keys(state.rules.tags) }),
  'GET /rest/com/vmware/cis/tagging/tag': ({ state }) => ({ body: { value: Object.keys(state.rules.tags) } }),
  'POST /api/cis/tagging/tag': ({ state, body }) => ({ status: 201, body: createTag(state, body as RequestBody<'POST /api/cis/tagging/tag'>) }),
  'POST /rest/com/vmware/cis/tagging/tag': ({ state, body }) => ({
    status: 200,
    body: { value: createTag(state, (body as RequestBody<'POST /rest/com/vmware/cis/tagging/tag'>).create_spec) },
  }),
  'PATCH /api/cis/tagging/tag/{tag_id}': ({ state, params, body }) => {
    updateTag(state, params.tag_id, (body ?? {}) as RequestBody<'PATCH /api/cis/tagging/tag/{tag_id}'>);
    return { status: 204 };
  },
  'DELETE /api/cis/tagging/tag/{tag_id}': ({ state, params }) => {
    deleteTag(state, params.tag_id);
    return { status: 204 };
  },

  'POST /api/cis/tagging/tag-association/{tag_id}?action=attach': ({ state, params, body }) => {
    attachTag(state, params.tag_id, (body as RequestBody<'POST /api/cis/tagging/tag-association/{tag_id}?action=attach'>).object_id);
    return { status: 204 };
  },
  'POST /rest/com/vmware/cis/tagging/tag-association/id:{tag_id}?~action=attach': ({ state, params, body }) => {
    attachTag(state, params.tag_id, (body as RequestBody<'POST /rest/com/vmware/cis/tagging/tag-association/id:{tag_id}?~action=attach'>).object_id);
    return { status: 200 };
  },
  'POST /api/cis/tagging/tag-association/{tag_id}?action=detach': ({ state, params, body }) => {
    detachTag(state, params.tag_id, (body as RequestBody<'POST /api/cis/tagging/tag-association/{tag_id}?action=detach'>).object_id);
    return { status: 204 };
  },
  'POST /api/cis/tagging/tag-association/{tag_id}?action=list-attached-objects': ({ state, params }) => ({ body: attachedObjects(state, params.tag_id) }),
  'POST /api/cis/tagging/tag-association?action=list-attached-tags': ({ state, body }) => ({
    body: attachedTags(state, (body as RequestBody<'POST /api/cis/tagging/tag-association?action=list-attached-tags'>).object_id),
  }),
  'POST /rest/com/vmware/cis/tagging/tag-association?~action=list-attached-tags': ({ state, body }) => ({
    body: { value: attachedTags(state, (body as RequestBody<'POST /rest/com/vmware/cis/tagging/tag-association?~action=list-attached-tags'>).object_id) },
  }),
};
