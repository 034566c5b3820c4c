/**
 * Tag categories, tags and the objects each tag is attached to, as the seed's `rules.tag_categories`,
 * `rules.tags` and `rules.tag_associations` (families/tagging/). A tag whose category the recording
 * did not find is left out, so that the seed never names a category it lacks.
 */
import { dict } from '../state/dict.js';
import type { DynamicId, RuleState, Tag, TagCategory } from '../state/types.js';
import type { Reader } from './reader.js';
import { type Row, str, strings } from './values.js';

export type RecordedTagging = Pick<RuleState, 'tag_categories' | 'tags' | 'tag_associations'>;

const CARDINALITIES = new Set<string>(['SINGLE', 'MULTIPLE'] satisfies TagCategory['cardinality'][]);

export function emptyTagging(): RecordedTagging {
  return { tag_categories: dict(), tags: dict(), tag_associations: dict() };
}

export async function recordTagging(r: Reader): Promise<RecordedTagging> {
  // Keyed by ids the vCenter sent: no prototype behind them.
  const tag_categories = dict<TagCategory>();
  const tags = dict<Tag>();
  const tag_associations = dict<DynamicId[]>();
  for (const id of strings(await r.get<unknown>('cis.tagging.category.list'))) {
    const c = await r.get<Row>('cis.tagging.category.get', { path: { category_id: id } });
    if (!CARDINALITIES.has(String(c.cardinality))) {
      r.misfit(
        'cis.tagging.category.get',
        id,
        '/cardinality',
        `cardinality ${JSON.stringify(c.cardinality)} is neither SINGLE nor MULTIPLE: the category and its tags are left out`,
      );
      continue;
    }
    const usedBy = strings(c.used_by);
    tag_categories[id] = {
      id,
      name: str(c.name) ?? id,
      description: str(c.description) ?? '',
      cardinality: c.cardinality as TagCategory['cardinality'],
      associable_types: strings(c.associable_types),
      ...(usedBy.length ? { used_by: usedBy } : {}),
    };
  }
  for (const id of strings(await r.get<unknown>('cis.tagging.tag.list'))) {
    const t = await r.get<Row>('cis.tagging.tag.get', { path: { tag_id: id } });
    const category = str(t.category_id);
    if (category === undefined || !Object.hasOwn(tag_categories, category)) {
      r.misfit('cis.tagging.tag.get', id, '/category_id', `category ${JSON.stringify(t.category_id)} is not among the recorded ones: the tag is left out`);
      continue;
    }
    const usedBy = strings(t.used_by);
    tags[id] = { id, name: str(t.name) ?? id, description: str(t.description) ?? '', category_id: category, ...(usedBy.length ? { used_by: usedBy } : {}) };
    const attached: DynamicId[] = [];
    const answer = await r.get<unknown>('cis.tagging.tagAssociation.listAttachedObjects', { path: { tag_id: id } });
    (Array.isArray(answer) ? answer : []).forEach((o, i) => {
      const row = o as Row | null;
      if (row && typeof row.type === 'string' && typeof row.id === 'string') attached.push({ type: row.type, id: row.id });
      else r.misfit('cis.tagging.tagAssociation.listAttachedObjects', id, `/${i}`, 'an attached object without a type and an id: left out');
    });
    if (attached.length) tag_associations[id] = attached;
  }
  return { tag_categories, tags, tag_associations };
}
