import type { MockFamily } from '../family.js';
import { inventorySeedRules } from './seed.js';
import { hostHandlers } from './hosts.js';
import { inventoryHandlers } from './inventory.js';
import { inventoryItemHandlers } from './inventory-routes.js';
import { storagePolicyHandlers } from './storage-policy-routes.js';
import { vmTemplateHandlers } from './vm-templates.js';

export const inventoryFamily = {
  name: 'inventory',
  handlers: { ...inventoryHandlers, ...inventoryItemHandlers, ...hostHandlers, ...storagePolicyHandlers, ...vmTemplateHandlers },
  emptyState: () => ({ vm_storage_policies: {}, template_history: {} }),
  seedRules: inventorySeedRules,
} satisfies MockFamily;
