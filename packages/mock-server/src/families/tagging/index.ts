import type { MockFamily } from '../family.js';
import { taggingHandlers } from './tagging.js';

export const taggingFamily = {
  name: 'tagging',
  handlers: taggingHandlers,
  emptyState: () => ({ tag_categories: {}, tags: {}, tag_associations: {} }),
} satisfies MockFamily;
