import { inventoryHandlers } from './inventory.js';
import { sessionHandlers } from './session.js';
import { taskHandlers } from './tasks.js';
import { vmHandlers } from './vm.js';
import { taggingHandlers } from './tagging.js';
import { contentHandlers } from './content.js';
import { esxSoftwareHandlers } from './esx-software.js';
import { namespaceHandlers } from './namespaces.js';
import { tokenExchangeHandlers } from '../idp/exchange.js';
import type { HandlerTable } from './types.js';
export { genericHandler } from './generic.js';

/** Hand-written behaviours, keyed by `METHOD /path/template[?action=name]`. */
export function buildHandlers(): HandlerTable {
  return {
    ...sessionHandlers, ...vmHandlers, ...inventoryHandlers, ...taskHandlers, ...tokenExchangeHandlers,
    ...taggingHandlers, ...contentHandlers, ...esxSoftwareHandlers, ...namespaceHandlers,
  };
}
