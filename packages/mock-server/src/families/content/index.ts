import type { MockFamily } from '../family.js';
import { contentSeedRules } from './seed.js';
import { contentHandlers } from './content.js';
import { itemFileHandlers } from './item-files.js';

export const contentFamily = {
  name: 'content',
  handlers: { ...contentHandlers, ...itemFileHandlers },
  emptyState: () => ({ update_sessions: {} }),
  seedRules: contentSeedRules,
} satisfies MockFamily;
