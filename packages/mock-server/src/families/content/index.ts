import type { MockFamily } from '../family.js';
import { contentSeedRules } from './seed.js';
import { contentHandlers } from './content.js';

export const contentFamily = {
  name: 'content',
  handlers: contentHandlers,
  emptyState: () => ({ update_sessions: {} }),
  seedRules: contentSeedRules,
} satisfies MockFamily;
