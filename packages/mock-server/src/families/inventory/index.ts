import type { MockFamily } from '../family.js';
import { inventorySeedRules } from './seed.js';
import { inventoryHandlers } from './inventory.js';

export const inventoryFamily = {
  name: 'inventory',
  handlers: inventoryHandlers,
  seedRules: inventorySeedRules,
} satisfies MockFamily;
