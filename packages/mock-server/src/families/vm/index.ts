import type { MockFamily } from '../family.js';
import { vmSeedRules } from './seed.js';
import { hardwareHandlers } from './hardware-handlers.js';
import { vmHandlers } from './vm.js';

export const vmFamily = {
  name: 'vm',
  handlers: { ...vmHandlers, ...hardwareHandlers },
  seedRules: vmSeedRules,
} satisfies MockFamily;
