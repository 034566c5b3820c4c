// Tagging rules through the API: name indexes that follow renames, deletes and resets,
// associable types checked on inventory objects only, and the category rules.
import { describe, expect, it } from 'vitest';
import { attachableTags, deleteCategory, updateCategory } from '../src/families/tagging/tagging.js';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer();
const api = mock.api;

const SEEDED_CATEGORY = 'urn:vmomi:InventoryServiceCategory:ce8902ef-b5e0-4aab-8ffa-ec67b15eb336:GLOBAL';
const SEEDED_TAG = 'urn:vmomi:InventoryServiceTag:a8d0d278-edd1-4a79-86ac-fa9384595062:GLOBAL';
const VM = { type: 'VirtualMachine', id: 'vm-1072' };

const attach = (tag: string, object: { type: string; id: string }) =>
  api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(tag)}?action=attach`, { object_id: object });

async function category(name: string, cardinality: 'SINGLE' | 'MULTIPLE', associable_types: string[] = []): Promise<string> {
  const r = await api('POST', '/api/cis/tagging/category', { name, description: '', cardinality, associable_types });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function tag(name: string, category_id: string): Promise<string> {
  const r = await api('POST', '/api/cis/tagging/tag', { name, description: '', category_id });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

describe('tag names', () => {
  it('are unique within a category: renaming frees the old name and takes the new one', async () => {
    const cat = await category('tier', 'MULTIPLE');
    const gold = await tag('gold', cat);
    expect((await api('POST', '/api/cis/tagging/tag', { name: 'gold', description: '', category_id: cat })).body.error_type).toBe('ALREADY_EXISTS');
    expect((await api('PATCH', `/api/cis/tagging/tag/${encodeURIComponent(gold)}`, { name: 'platinum' })).status).toBe(204);
    await tag('gold', cat);
    const clash = await api('POST', '/api/cis/tagging/tag', { name: 'platinum', description: '', category_id: cat });
    expect([clash.status, clash.body.error_type, clash.body.messages[0].args]).toEqual([400, 'ALREADY_EXISTS', ['platinum', cat]]);
  });

  it('may repeat across categories', async () => {
    await tag('production', await category('stage', 'MULTIPLE'));
  });

  it('free up when their tag is deleted', async () => {
    const cat = await category('tier', 'MULTIPLE');
    const gold = await tag('gold', cat);
    expect((await api('DELETE', `/api/cis/tagging/tag/${encodeURIComponent(gold)}`)).status).toBe(204);
    await tag('gold', cat);
  });

  it('of the seed are known after a reset, and names taken since are free again', async () => {
    const cat = await category('tier', 'MULTIPLE');
    await tag('gold', cat);
    mock.server.reset();
    const seeded = await api('POST', '/api/cis/tagging/tag', { name: 'production', description: '', category_id: SEEDED_CATEGORY });
    expect(seeded.body.error_type).toBe('ALREADY_EXISTS');
    await category('tier', 'MULTIPLE');
  });

  it('must not be empty', async () => {
    const r = await api('POST', '/api/cis/tagging/tag', { name: ' ', description: '', category_id: SEEDED_CATEGORY });
    expect([r.status, r.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
    const c = await api('POST', '/api/cis/tagging/category', { name: '', description: '', cardinality: 'SINGLE', associable_types: [] });
    expect([c.status, c.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
  });
});

describe('attaching', () => {
  it('refuses a second tag of a SINGLE category on one object until the first is detached', async () => {
    const other = await tag('staging', SEEDED_CATEGORY);
    expect((await attach(SEEDED_TAG, VM)).status).toBe(204);
    const refused = await attach(other, VM);
    expect([refused.status, refused.body.error_type, refused.body.messages[0].args]).toEqual([400, 'INVALID_ARGUMENT', [VM.id, SEEDED_TAG, SEEDED_CATEGORY]]);
    const detach = await api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(SEEDED_TAG)}?action=detach`, { object_id: VM });
    expect(detach.status).toBe(204);
    expect((await attach(other, VM)).status).toBe(204);
  });

  it('takes several tags of a MULTIPLE category on one object', async () => {
    const cat = await category('owner', 'MULTIPLE');
    const [a, b] = [await tag('alice', cat), await tag('bob', cat)];
    expect((await attach(a, VM)).status).toBe(204);
    expect((await attach(b, VM)).status).toBe(204);
    expect((await api('POST', '/api/cis/tagging/tag-association?action=list-attached-tags', { object_id: VM })).body).toEqual([a, b]);
  });

  it('refuses an inventory object of a type the category does not allow, naming the category and the type', async () => {
    const cat = await category('vm-only', 'MULTIPLE', ['VirtualMachine']);
    const t = await tag('t', cat);
    const r = await attach(t, { type: 'Datastore', id: 'datastore-1061' });
    expect([r.status, r.body.error_type, r.body.messages[0].args]).toEqual([400, 'INVALID_ARGUMENT', [cat, 'Datastore']]);
  });

  it('does not type-check objects outside the inventory, as vCenter documents', async () => {
    const cat = await category('vm-only', 'MULTIPLE', ['VirtualMachine']);
    const t = await tag('t', cat);
    expect((await attach(t, { type: 'com.vmware.content.Library', id: '5c4b6a1e-7d3f-4f3c-9a51-2f8e0d6b1c77' })).status).toBe(204);
  });

  it('answers NOT_FOUND with the id for an inventory object that does not exist', async () => {
    for (const object of [
      { type: 'HostSystem', id: 'host-404' },
      { type: 'Datastore', id: 'datastore-404' },
      { type: 'ClusterComputeResource', id: 'domain-c404' },
    ]) {
      const r = await attach(SEEDED_TAG, object);
      expect([r.status, r.body.error_type, r.body.messages[0].args], object.type).toEqual([404, 'NOT_FOUND', [object.id]]);
    }
  });
});

describe('category rules', () => {
  it('widen cardinality but never narrow it', async () => {
    const state = mock.server.state;
    const cat = await category('c', 'SINGLE');
    updateCategory(state, cat, { cardinality: 'MULTIPLE' });
    expect(state.rules.tag_categories[cat]?.cardinality).toBe('MULTIPLE');
    // A refusal is returned (an error answer for the behaviour to return), not thrown.
    expect(updateCategory(state, cat, { cardinality: 'SINGLE', description: 'changed' })).toMatchObject({
      errorType: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/MULTIPLE to SINGLE/),
    });
    expect(state.rules.tag_categories[cat]?.description).toBe(''); // nothing of a refused update applies
  });

  it('add associable types but never remove one', async () => {
    const state = mock.server.state;
    const cat = await category('c', 'MULTIPLE', ['VirtualMachine']);
    updateCategory(state, cat, { associable_types: ['VirtualMachine', 'HostSystem'] });
    expect(updateCategory(state, cat, { associable_types: ['HostSystem'] })).toMatchObject({
      errorType: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/VirtualMachine/),
    });
    expect(state.rules.tag_categories[cat]?.associable_types).toEqual(['VirtualMachine', 'HostSystem']);
  });

  it('delete the category with its tags and their associations', async () => {
    const cat = await category('c', 'MULTIPLE');
    const t = await tag('t', cat);
    expect((await attach(t, VM)).status).toBe(204);
    deleteCategory(mock.server.state, cat);
    expect((await api('GET', '/api/cis/tagging/tag')).body).not.toContain(t);
    expect((await api('POST', '/api/cis/tagging/tag-association?action=list-attached-tags', { object_id: VM })).body).toEqual([]);
    await category('c', 'MULTIPLE');
  });
});

describe('attachable tags', () => {
  it('leave out attached tags, tags of a SINGLE category the object already uses, and types the category does not allow', async () => {
    const state = mock.server.state;
    const hostsOnly = await tag('h', await category('hosts', 'MULTIPLE', ['HostSystem']));
    const staging = await tag('staging', SEEDED_CATEGORY);
    const free = await tag('free', await category('any', 'MULTIPLE'));
    expect(attachableTags(state, VM).sort()).toEqual([SEEDED_TAG, staging, free].sort());
    expect((await attach(SEEDED_TAG, VM)).status).toBe(204);
    expect(attachableTags(state, VM)).toEqual([free]);
    expect(attachableTags(state, { type: 'HostSystem', id: 'host-1062' })).toContain(hostsOnly);
  });
});

describe('categories through the API', () => {
  it('read back as a model with their used-by list, which add and remove keep without duplicates', async () => {
    const at = (action: string) => `/api/cis/tagging/category/${encodeURIComponent(SEEDED_CATEGORY)}?action=${action}`;
    expect((await api('POST', at('add-to-used-by'), { used_by_entity: 'vrops' })).status).toBe(204);
    expect((await api('POST', at('add-to-used-by'), { used_by_entity: 'vrops' })).status).toBe(204);
    const got = await api('GET', `/api/cis/tagging/category/${encodeURIComponent(SEEDED_CATEGORY)}`);
    expect(got.body).toEqual({
      id: SEEDED_CATEGORY,
      name: 'environment',
      description: 'Where a workload runs',
      cardinality: 'SINGLE',
      associable_types: [],
      used_by: ['vrops'],
    });
    expect((await api('POST', '/api/cis/tagging/category?action=list-used-categories', { used_by_entity: 'vrops' })).body).toEqual([SEEDED_CATEGORY]);
    expect((await api('POST', at('remove-from-used-by'), { used_by_entity: 'vrops' })).status).toBe(204);
    expect((await api('POST', '/api/cis/tagging/category?action=list-used-categories', { used_by_entity: 'vrops' })).body).toEqual([]);
  });

  it('refuse an update that narrows the cardinality, with nothing of it applied', async () => {
    const cat = await category('c', 'MULTIPLE');
    const r = await api('PATCH', `/api/cis/tagging/category/${encodeURIComponent(cat)}`, { cardinality: 'SINGLE', description: 'x' });
    expect([r.status, r.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
    expect((await api('GET', `/api/cis/tagging/category/${encodeURIComponent(cat)}`)).body.description).toBe('');
  });

  it('delete with their tags, and are NOT_FOUND afterwards', async () => {
    const cat = await category('c', 'MULTIPLE');
    const t = await tag('t', cat);
    expect((await api('DELETE', `/api/cis/tagging/category/${encodeURIComponent(cat)}`)).status).toBe(204);
    expect((await api('GET', `/api/cis/tagging/tag/${encodeURIComponent(t)}`)).status).toBe(404);
    const again = await api('GET', `/api/cis/tagging/category/${encodeURIComponent(cat)}`);
    expect([again.status, again.body.messages[0].args]).toEqual([404, [cat]]);
  });
});

describe('tags through the API', () => {
  it('list by category, and read back as a model', async () => {
    const cat = await category('c', 'MULTIPLE');
    const [a, b] = [await tag('a', cat), await tag('b', cat)];
    expect((await api('POST', '/api/cis/tagging/tag?action=list-tags-for-category', { category_id: cat })).body).toEqual([a, b]);
    expect((await api('GET', `/api/cis/tagging/tag/${encodeURIComponent(a)}`)).body).toEqual({
      id: a,
      category_id: cat,
      name: 'a',
      description: '',
      used_by: [],
    });
    const unknown = await api('POST', '/api/cis/tagging/tag?action=list-tags-for-category', { category_id: 'urn:nope' });
    expect([unknown.status, unknown.body.messages[0].args]).toEqual([404, ['urn:nope']]);
  });
});

describe('bulk associations', () => {
  it('attach several tags to one object, reporting each refused tag in the batch result', async () => {
    const other = await tag('staging', SEEDED_CATEGORY);
    const free = await tag('free', await category('any', 'MULTIPLE'));
    const r = await api('POST', '/api/cis/tagging/tag-association?action=attach-multiple-tags-to-object', {
      object_id: VM,
      tag_ids: [SEEDED_TAG, other, free, 'urn:nope'],
    });
    expect(r.body.success).toBe(false);
    expect(r.body.error_messages.map((m: { id: string }) => m.id)).toEqual([
      'com.vmware.cis.tagging.cardinality.single',
      'com.vmware.cis.tagging.tag.not_found',
    ]);
    expect((await api('POST', '/api/cis/tagging/tag-association?action=list-attached-tags', { object_id: VM })).body).toEqual([SEEDED_TAG, free]);
  });

  it('attach one tag to several objects and detach it from them', async () => {
    const free = await tag('free', await category('any', 'MULTIPLE'));
    const objects = [VM, { type: 'HostSystem', id: 'host-1062' }];
    const at = (action: string) => `/api/cis/tagging/tag-association/${encodeURIComponent(free)}?action=${action}`;
    expect((await api('POST', at('attach-tag-to-multiple-objects'), { object_ids: objects })).body).toEqual({ success: true, error_messages: [] });
    expect((await api('POST', '/api/cis/tagging/tag-association?action=list-attached-objects-on-tags', { tag_ids: [free, 'urn:nope'] })).body).toEqual([
      { tag_id: free, object_ids: objects },
    ]);
    expect((await api('POST', at('detach-tag-from-multiple-objects'), { object_ids: objects })).body).toEqual({ success: true, error_messages: [] });
    expect((await api('POST', '/api/cis/tagging/tag-association?action=list-attached-tags-on-objects', { object_ids: objects })).body).toEqual([
      { object_id: VM, tag_ids: [] },
      { object_id: objects[1], tag_ids: [] },
    ]);
  });

  it('attaching a tag that does not exist to several objects is NOT_FOUND with its id', async () => {
    const r = await api('POST', '/api/cis/tagging/tag-association/urn:nope?action=attach-tag-to-multiple-objects', { object_ids: [VM] });
    expect([r.status, r.body.messages[0].args]).toEqual([404, ['urn:nope']]);
  });

  it('detach several tags from one object', async () => {
    const free = await tag('free', await category('any', 'MULTIPLE'));
    await attach(free, VM);
    await attach(SEEDED_TAG, VM);
    const r = await api('POST', '/api/cis/tagging/tag-association?action=detach-multiple-tags-from-object', { object_id: VM, tag_ids: [free, SEEDED_TAG] });
    expect(r.body).toEqual({ success: true, error_messages: [] });
    expect((await api('POST', '/api/cis/tagging/tag-association?action=list-attachable-tags', { object_id: VM })).body).toEqual(
      expect.arrayContaining([free, SEEDED_TAG]),
    );
  });
});
