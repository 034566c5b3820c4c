/** Every behaviour of the guest family: VMware Tools and the guest of each VM. */
import type { HandlerTable } from '../../behaviours/types.js';
import { toolsHandlers } from './tools.js';

export const guestHandlers: HandlerTable = {
  ...toolsHandlers,
};
