import type { MockFamily } from '../family.js';
import { vmSeedRules } from './seed.js';
import { vmHandlers } from './vm.js';

export const vmFamily = {
  name: 'vm',
  handlers: vmHandlers,
  seedRules: vmSeedRules,
} satisfies MockFamily;
