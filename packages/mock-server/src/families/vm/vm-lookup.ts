/** Finding the VM a `/api/vcenter/vm/{vm}/...` call names: NOT_FOUND with its id when there is none. */
import { notFound } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Vm } from '../../state/types.js';

export const vmNotFound = (id: string) => notFound('Virtual machine', id, 'com.vmware.api.vcenter.vm.not_found');

export function getVm(state: Inventory, id: string): Vm {
  const vm = state.vms.get(id);
  if (!vm) throw vmNotFound(id);
  return vm;
}
