import type { MockFamily } from '../family.js';
import { inventorySeedRules } from './seed.js';
import { hostHandlers } from './hosts.js';
import { inventoryHandlers } from './inventory.js';

export const inventoryFamily = {
  name: 'inventory',
  handlers: { ...inventoryHandlers, ...hostHandlers },
  seedRules: inventorySeedRules,
} satisfies MockFamily;
