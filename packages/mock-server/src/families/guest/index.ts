import type { MockFamily } from '../family.js';
import { guestHandlers } from './guest.js';
import { guestObservers } from './power-follow.js';

export const guestFamily = {
  name: 'guest',
  handlers: guestHandlers,
  observers: guestObservers,
  emptyState: () => ({ guests: {} }),
} satisfies MockFamily;
