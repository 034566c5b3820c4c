/** Finding the VM a `/api/vcenter/vm/{vm}/...` call names: NOT_FOUND with its id when there is none. */
import { type ErrorAnswer, isErrorAnswer, notFound } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Vm } from '../../state/types.js';

export const vmNotFound = (id: string) => notFound('Virtual machine', id, 'com.vmware.api.vcenter.vm.not_found');

/** The VM, or the NOT_FOUND answer for a behaviour to return. */
export function findVm(state: Inventory, id: string): Vm | ErrorAnswer {
  return state.vms.get(id) ?? vmNotFound(id);
}

/** findVm for a helper deep inside a behaviour that cannot return the answer: it throws it. */
export function getVm(state: Inventory, id: string): Vm {
  const vm = findVm(state, id);
  if (isErrorAnswer(vm)) throw vm;
  return vm;
}
