/**
 * Datacenter life cycle: a create makes the datacenter and its four root folders (vm, host,
 * datastore, network) inside a datacenter folder; a delete refuses a datacenter that holds
 * anything unless forced, and a forced one removes all it holds (content libraries stored on its
 * datastores stay, without their storage).
 */
import { ErrorAnswer, invalidArgument, isErrorAnswer } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Datacenter, Folder } from '../../state/types.js';
import { forgetObject } from '../tagging/tagging.js';
import { forgetTemplate } from './templates-gone.js';
import { removeHost } from './hosts.js';
import { folderOf, lookUp, requiredText } from './lookup.js';
import { nameIndex, scopedName } from '../name-index.js';
import { datacenterName, folderName } from './names.js';

export const DATACENTER_KIND = 'Datacenter';

export interface DatacenterCreateSpec {
  name: string;
  folder?: string;
}

/** The datacenter folder a create goes to: the one named, or the root folder of the inventory. */
function parentFolder(state: Inventory, id: string | undefined): Folder | ErrorAnswer {
  if (id !== undefined) return folderOf(state, id, 'DATACENTER', 'folder');
  for (const f of state.folders.values()) if (f.type === 'DATACENTER' && f.parent === undefined) return f;
  return invalidArgument("'folder' is required: the inventory has no root datacenter folder to choose.", ['folder']);
}

/** vCenter keeps the names of the children of one folder unique, whatever their kind. */
function nameTakenIn(state: Inventory, folder: string, name: string): string | undefined {
  const key = scopedName(folder, name);
  return nameIndex(state.datacenters, datacenterName).find(key) ?? nameIndex(state.folders, folderName).find(key);
}

/** The new datacenter's id, or the refusal to return. */
export function createDatacenter(state: Inventory, spec: DatacenterCreateSpec): string | ErrorAnswer {
  const name = requiredText(spec.name, 'name');
  if (isErrorAnswer(name)) return name;
  const folder = parentFolder(state, spec.folder);
  if (isErrorAnswer(folder)) return folder;
  const taken = nameTakenIn(state, folder.id, name);
  if (taken)
    return new ErrorAnswer(
      'ALREADY_EXISTS',
      `Folder '${folder.id}' already holds an object named '${name}' ('${taken}').`,
      [name, folder.id],
      'com.vmware.api.vcenter.datacenter.already_exists',
    );
  const id = state.nextId('datacenter');
  const root = (prefix: string, rootName: string, type: Folder['type']) => {
    const folderId = state.nextId(prefix);
    state.folders.set(folderId, { id: folderId, name: rootName, type, parent: id, datacenter: id });
    nameIndex(state.folders, folderName).add(folderId, state.folders.get(folderId)!);
    return folderId;
  };
  state.datacenters.set(id, {
    id,
    name,
    folder: folder.id,
    vm_folder: root('group-v', 'vm', 'VIRTUAL_MACHINE'),
    host_folder: root('group-h', 'host', 'HOST'),
    datastore_folder: root('group-s', 'datastore', 'DATASTORE'),
    network_folder: root('group-n', 'network', 'NETWORK'),
  });
  nameIndex(state.datacenters, datacenterName).add(id, state.datacenters.get(id)!);
  return id;
}

/** The first thing a datacenter holds besides its four empty root folders, for the RESOURCE_IN_USE message. */
function firstContent(state: Inventory, dc: Datacenter): string | undefined {
  const roots = new Set([dc.vm_folder, dc.host_folder, dc.datastore_folder, dc.network_folder]);
  const maps = [state.vms, state.templates, state.hosts, state.clusters, state.datastores, state.networks] as const;
  for (const map of maps) for (const o of map.values()) if (o.datacenter === dc.id) return o.id;
  for (const f of state.folders.values()) if (f.datacenter === dc.id && !roots.has(f.id)) return f.id;
  return undefined;
}

export function deleteDatacenter(state: Inventory, id: string, force: boolean): ErrorAnswer | undefined {
  const dc = lookUp(state.datacenters, id, DATACENTER_KIND);
  if (isErrorAnswer(dc)) return dc;
  const content = firstContent(state, dc);
  if (content && !force)
    return new ErrorAnswer(
      'RESOURCE_IN_USE',
      `Datacenter '${id}' is not empty (it holds '${content}'); delete with force=true to remove it with its content.`,
      [id, content],
      'com.vmware.api.vcenter.datacenter.not_empty',
    );
  // A content library stored on one of its datastores stays, without its storage (as vCenter leaves it inaccessible).
  for (const lib of [...state.libraries.values()]) {
    if (lib.datastore !== undefined && state.datastores.get(lib.datastore)?.datacenter === id) delete state.libraries.get(lib.id)!.datastore;
  }
  for (const host of [...state.hosts.values()]) if (host.datacenter === id) removeHost(state, host);
  for (const coll of [state.vms, state.templates]) {
    for (const vm of [...coll.values()]) {
      if (vm.datacenter !== id) continue;
      coll.delete(vm.id);
      forgetObject(state, { type: 'VirtualMachine', id: vm.id });
      if (coll === state.templates) forgetTemplate(state, vm.id);
    }
  }
  for (const cluster of [...state.clusters.values()]) if (cluster.datacenter === id) removeCluster(state, cluster.id);
  for (const pool of [...state.resourcePools.values()]) if (pool.datacenter === id) state.resourcePools.delete(pool.id);
  for (const [map, type] of [
    [state.datastores, 'Datastore'],
    [state.networks, 'Network'],
    [state.folders, 'Folder'],
  ] as const) {
    for (const o of [...map.values()]) {
      if (o.datacenter !== id) continue;
      map.delete(o.id);
      forgetObject(state, { type, id: o.id });
    }
  }
  forgetObject(state, { type: 'Datacenter', id });
  nameIndex(state.datacenters, datacenterName).remove(id, dc);
  state.datacenters.delete(id);
  return undefined;
}

/** Drops a cluster and the rule state that only exists for it (software, drafts, Supervisor, namespaces, trust authority). */
function removeCluster(state: Inventory, id: string): void {
  const r = state.rules;
  const entity = `clusters/${id}`;
  delete r.software[entity];
  for (const d of Object.values(r.drafts)) if (d.entity === entity) delete r.drafts[d.id];
  delete r.supervisors[id];
  for (const n of Object.values(r.namespaces)) if (n.cluster === id) delete r.namespaces[n.namespace];
  delete r.trust_authority[id];
  for (const [key, p] of Object.entries(r.kms_providers)) if (p.cluster === id) delete r.kms_providers[key];
  forgetObject(state, { type: 'ClusterComputeResource', id });
  state.clusters.delete(id);
}
