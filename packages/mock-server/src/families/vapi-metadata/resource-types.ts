/**
 * The managed-object (resource) type that a path parameter of the specs identifies: a task names
 * its target so, and the vapi metamodel lists the structures that model each type.
 */
const RESOURCE_TYPES: ReadonlyMap<string, string> = new Map([
  ['vm', 'VirtualMachine'],
  ['cluster', 'ClusterComputeResource'],
  ['host', 'HostSystem'],
  ['datacenter', 'Datacenter'],
  ['datastore', 'Datastore'],
  ['folder', 'Folder'],
  ['network', 'Network'],
  ['resource_pool', 'ResourcePool'],
  ['library_item', 'com.vmware.content.library.Item'],
  ['library_id', 'com.vmware.content.Library'],
  ['task', 'com.vmware.cis.task'],
]);

export const resourceTypeOfParam = (param: string): string | undefined => RESOURCE_TYPES.get(param);
