import type { MockFamily } from '../family.js';
import { namespaceHandlers } from './namespaces.js';

export const namespacesFamily: MockFamily = {
  name: 'namespaces',
  handlers: namespaceHandlers,
};
