import type { MockFamily } from '../family.js';
import { vmHandlers } from './vm.js';

export const vmFamily: MockFamily = {
  name: 'vm',
  handlers: vmHandlers,
};
