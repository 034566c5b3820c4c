import { inventoryHandlers } from '../families/inventory/inventory.js';
import { sessionHandlers } from '../families/session/session.js';
import { taskHandlers } from '../families/tasks/tasks.js';
import { vmHandlers } from '../families/vm/vm.js';
import { taggingHandlers } from '../families/tagging/tagging.js';
import { contentHandlers } from '../families/content/content.js';
import { esxSoftwareHandlers } from '../families/esx-software/esx-software.js';
import { namespaceHandlers } from '../families/namespaces/namespaces.js';
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
