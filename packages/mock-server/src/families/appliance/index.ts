import type { MockFamily } from '../family.js';
import { rootAccount } from './accounts.js';
import { applianceHandlers } from './appliance.js';

export const applianceFamily = {
  name: 'appliance',
  handlers: applianceHandlers,
  // The settings start as their defaults (config.ts); a fresh appliance has only root.
  emptyState: () => ({ appliance: {}, appliance_accounts: { root: rootAccount() }, appliance_services: {} }),
} satisfies MockFamily;
