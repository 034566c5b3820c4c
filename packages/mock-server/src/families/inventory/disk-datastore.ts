/** Which datastore holds a disk of a VM: read by the storage-policy checks and the template reads alike. */
import type { Inventory } from '../../state/inventory.js';
import type { Vm } from '../../state/types.js';

/** The datastore its file path names (`[name] dir/file.vmdk`, in the VM's datacenter), else the VM's own. */
export function diskDatastore(state: Inventory, vm: Vm, disk: string): string {
  const file = vm.disks?.[disk]?.vmdk_file;
  const name = file ? /^\[([^\]]+)\]/.exec(file)?.[1] : undefined;
  if (name !== undefined) for (const ds of state.datastores.values()) if (ds.name === name && ds.datacenter === vm.datacenter) return ds.id;
  return vm.datastore;
}
