import type { MockFamily } from '../family.js';
import { esxSoftwareHandlers } from './esx-software.js';

export const esxSoftwareFamily = {
  name: 'esx-software',
  handlers: esxSoftwareHandlers,
  emptyState: () => ({ software: {}, drafts: {} }),
} satisfies MockFamily;
