import type { MockFamily } from '../family.js';
import { namespaceHandlers } from './namespaces.js';

export const namespacesFamily = {
  name: 'namespaces',
  handlers: namespaceHandlers,
  emptyState: () => ({ supervisors: {}, namespaces: {}, trust_authority: {}, kms_providers: {} }),
} satisfies MockFamily;
