import type { MockFamily } from '../family.js';
import { complianceHandlers } from './compliance.js';
import { esxSoftwareHandlers } from './esx-software.js';

export const esxSoftwareFamily = {
  name: 'esx-software',
  handlers: { ...esxSoftwareHandlers, ...complianceHandlers },
  emptyState: () => ({ software: {}, drafts: {}, software_compliance: {} }),
} satisfies MockFamily;
