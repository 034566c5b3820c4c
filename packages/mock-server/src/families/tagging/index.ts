import type { MockFamily } from '../family.js';
import { taggingHandlers } from './handlers.js';

export const taggingFamily = {
  name: 'tagging',
  handlers: taggingHandlers,
  emptyState: () => ({ tag_categories: {}, tags: {}, tag_associations: {} }),
} satisfies MockFamily;
