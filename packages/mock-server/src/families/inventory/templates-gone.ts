/** What goes when a template VM leaves the inventory with its host or datacenter: the library items and versions that stand for it. */
import type { Inventory } from '../../state/inventory.js';

export function forgetTemplate(state: Inventory, templateId: string): void {
  for (const item of [...state.libraryItems.values()]) {
    if (item.vm_template !== templateId) continue;
    state.libraryItems.delete(item.id);
    delete state.rules.template_history[item.id];
  }
  for (const history of Object.values(state.rules.template_history)) {
    history.versions = history.versions.filter((v) => v.vm_template !== templateId);
  }
}
