import type { MockFamily } from '../family.js';
import { contentSeedRules } from './seed.js';
import { contentHandlers } from './content.js';

export const contentFamily: MockFamily = {
  name: 'content',
  handlers: contentHandlers,
  emptyState: () => ({ update_sessions: {} }),
  seedRules: contentSeedRules,
};
