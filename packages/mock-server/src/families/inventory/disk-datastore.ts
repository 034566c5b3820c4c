/** Which datastore holds a disk of a VM: read by the storage-policy checks, the template reads and the recording alike. */
import type { Inventory } from '../../state/inventory.js';
import type { Datastore, Vm } from '../../state/types.js';

/** The datastore name a file path starts with (`[datastore1] web-01/web-01.vmdk` → `datastore1`). */
export function datastoreNameOf(file: string | undefined): string | undefined {
  return file ? /^\[([^\]]+)\]/.exec(file)?.[1] : undefined;
}

/** The datastore its file path names (`[name] dir/file.vmdk`, in the VM's datacenter), else the VM's own. */
export function diskDatastoreIn(datastores: Iterable<Datastore>, vm: Vm, disk: string): string {
  const name = datastoreNameOf(vm.disks?.[disk]?.vmdk_file);
  if (name !== undefined) for (const ds of datastores) if (ds.name === name && ds.datacenter === vm.datacenter) return ds.id;
  return vm.datastore;
}

export function diskDatastore(state: Inventory, vm: Vm, disk: string): string {
  return diskDatastoreIn(state.datastores.values(), vm, disk);
}
