/**
 * Record: reads a vCenter's inventory through a client (read-only calls, reader.ts) into a seed
 * the mock loads (`--seed`), and checks every answer against the specs on the way.
 *
 * The /api lists do not say where an object sits, so placement comes from the filters: the
 * children of each folder, the members of each datacenter, folder, cluster, host and resource
 * pool. A VM's datastore is the one its first disk file names, else its datacenter's first.
 * Each family beyond the inventory has its file: VM hardware and devices (vm-hardware.ts),
 * storage policies, content libraries, VM templates, guests and tagging.
 */
import type { Caller } from '@vsphere-kit/core/caller';
import { datastoreNameOf, diskDatastoreIn } from '../families/inventory/disk-datastore.js';
import type { MockRouteDef } from '../server/route-types.js';
import { dict } from '../state/dict.js';
import { checkStateDocument } from '../state/seed.js';
import type {
  Cluster,
  Datacenter,
  Datastore,
  Folder,
  GuestRecord,
  Host,
  Network,
  RecordedFrom,
  ResourcePool,
  StateData,
  TemplateHistory,
  Vm,
  VmStoragePolicies,
} from '../state/types.js';
import { recordContent } from './content.js';
import { recordGuests } from './guests.js';
import { isErrorAnswer, type ListAll, Reader, type RecordMisfit } from './reader.js';
import type { AnswerChecker, SpecDifference } from './spec-check.js';
import { recordStoragePolicies, recordVmPolicies } from './storage-policies.js';
import { emptyTagging, recordTagging } from './tagging.js';
import { recordTemplates } from './templates.js';
import type { Row } from './values.js';
import { recordHardware } from './vm-hardware.js';

/** What a recording gives: the seed, every difference from the specs, every value the seed could not hold, and how many calls it took. */
export interface Recording {
  readonly seed: StateData;
  readonly differences: readonly SpecDifference[];
  readonly misfits: readonly RecordMisfit[];
  readonly calls: number;
  /** What the appliance reports (`8.0.2.00000`, build `22385739`), to replay with the matching `--vsphere-version`. */
  readonly appliance: { readonly version: string; readonly build: string };
}

export interface RecordInventoryOptions {
  /** The client's `listAll`, so that VM lists page past vCenter's 4,000 limit. */
  readonly listAll?: ListAll;
  /** Where the recording came from, written into the seed's `recorded` marker. */
  readonly from: string;
}

/** Reads the inventory the caller reaches; `caller` is a logged-in client (or anything that calls like one). */
export async function recordInventory(
  caller: Caller,
  routes: readonly MockRouteDef[],
  checker: AnswerChecker,
  options: RecordInventoryOptions,
): Promise<Recording> {
  const r = new Reader(caller, routes, checker, options.listAll);
  const list = (op: string, query: Record<string, unknown> = {}) => (op === 'vcenter.vm.list' ? r.vms(query as never) : r.list(op, { query }));
  /** `memberOf.get(id)`: the container id the filter put it in (last write wins: the innermost filter runs last). */
  const memberOf = (map: Map<string, string>, ids: string[], container: string) => {
    for (const id of ids) map.set(id, container);
  };

  const version = await r.get<Row>('appliance.system.version.get');
  const folderRows = await list('vcenter.folder.list');
  const dcRows = await list('vcenter.datacenter.list');
  const folderDc = new Map<string, string>();
  const folderParent = new Map<string, string>();
  const datacenters: Datacenter[] = [];
  const dcFolder = new Map<string, string>();
  for (const f of folderRows) {
    const id = String(f.folder);
    memberOf(folderParent, await r.ids('vcenter.folder.list', 'folder', { parent_folders: [id] }), id);
    if (f.type === 'DATACENTER') memberOf(dcFolder, await r.ids('vcenter.datacenter.list', 'datacenter', { folders: [id] }), id);
  }
  for (const d of dcRows) {
    const id = String(d.datacenter);
    const info = await r.get<Row>('vcenter.datacenter.get', { path: { datacenter: id } });
    memberOf(folderDc, await r.ids('vcenter.folder.list', 'folder', { datacenters: [id] }), id);
    const roots = [info.vm_folder, info.host_folder, info.datastore_folder, info.network_folder].map(String);
    for (const root of roots) folderParent.set(root, id);
    const folder = dcFolder.get(id) ?? String(folderRows.find((f) => f.type === 'DATACENTER')?.folder ?? '');
    datacenters.push({
      id,
      name: String(d.name),
      folder,
      vm_folder: roots[0]!,
      host_folder: roots[1]!,
      datastore_folder: roots[2]!,
      network_folder: roots[3]!,
    });
  }
  const folders: Folder[] = folderRows.map((f) => {
    const id = String(f.folder);
    const parent = folderParent.get(id);
    const datacenter = folderDc.get(id);
    return { id, name: String(f.name), type: f.type as Folder['type'], ...(parent ? { parent } : {}), ...(datacenter ? { datacenter } : {}) };
  });

  // Membership of every kind of object in datacenters and folders.
  const inDc = new Map<string, string>();
  const inFolder = new Map<string, string>();
  const KINDS = [
    ['vcenter.cluster.list', 'cluster'],
    ['vcenter.host.list', 'host'],
    ['vcenter.datastore.list', 'datastore'],
    ['vcenter.network.list', 'network'],
    ['vcenter.vm.list', 'vm'],
  ] as const;
  for (const dc of datacenters) {
    for (const [op, idField] of KINDS) memberOf(inDc, await r.ids(op, idField, { datacenters: [dc.id] }), dc.id);
    memberOf(inDc, await r.ids('vcenter.resourcePool.list', 'resource_pool', { datacenters: [dc.id] }), dc.id);
  }
  const FOLDER_KINDS: Record<string, readonly (readonly [string, string])[]> = {
    HOST: [KINDS[0], KINDS[1]],
    DATASTORE: [KINDS[2]],
    NETWORK: [KINDS[3]],
    VIRTUAL_MACHINE: [KINDS[4]],
  };
  for (const f of folders) {
    for (const [op, idField] of FOLDER_KINDS[f.type] ?? []) memberOf(inFolder, await r.ids(op, idField, { folders: [f.id] }), f.id);
  }

  const clusters: Cluster[] = [];
  const inCluster = new Map<string, string>();
  for (const c of await list('vcenter.cluster.list')) {
    const id = String(c.cluster);
    const info = await r.get<Row>('vcenter.cluster.get', { path: { cluster: id } });
    clusters.push({
      id,
      name: String(c.name),
      datacenter: inDc.get(id) ?? '',
      folder: inFolder.get(id) ?? '',
      ha_enabled: c.ha_enabled === true,
      drs_enabled: c.drs_enabled === true,
      resource_pool: String(info.resource_pool),
    });
    memberOf(inCluster, await r.ids('vcenter.host.list', 'host', { clusters: [id] }), id);
    memberOf(inCluster, await r.ids('vcenter.resourcePool.list', 'resource_pool', { clusters: [id] }), id);
    memberOf(inCluster, await r.ids('vcenter.vm.list', 'vm', { clusters: [id] }), id);
  }

  const hosts: Host[] = [];
  const onHost = new Map<string, string>();
  for (const h of await list('vcenter.host.list')) {
    const id = String(h.host);
    const cluster = inCluster.get(id);
    memberOf(onHost, await r.ids('vcenter.vm.list', 'vm', { hosts: [id] }), id);
    const pools = cluster ? [] : await r.ids('vcenter.resourcePool.list', 'resource_pool', { hosts: [id] });
    for (const p of pools) onHost.set(p, id);
    hosts.push({
      id,
      name: String(h.name),
      datacenter: inDc.get(id) ?? '',
      folder: inFolder.get(id) ?? '',
      ...(cluster ? { cluster } : {}),
      connection_state: h.connection_state as Host['connection_state'],
      power_state: (h.power_state ?? 'POWERED_ON') as Host['power_state'],
      ...(pools.length ? { resource_pool: pools[0]! } : {}),
    });
  }

  const poolRows = await list('vcenter.resourcePool.list');
  const poolParent = new Map<string, string>();
  const poolInfo = new Map<string, Row>();
  const inPool = new Map<string, string>();
  for (const p of poolRows) {
    const id = String(p.resource_pool);
    const info = await r.get<Row>('vcenter.resourcePool.get', { path: { resource_pool: id } });
    poolInfo.set(id, info);
    for (const child of (info.resource_pools as string[] | undefined) ?? []) poolParent.set(child, id);
    memberOf(inPool, await r.ids('vcenter.vm.list', 'vm', { resource_pools: [id] }), id);
  }
  // A standalone host's pools: the root is the host's, its children follow their parent.
  const rootOfHost = new Map(hosts.filter((h) => h.resource_pool).map((h) => [h.resource_pool!, h.id]));
  const resource_pools: ResourcePool[] = poolRows.map((p) => {
    const id = String(p.resource_pool);
    const info = poolInfo.get(id)!;
    const parent = poolParent.get(id);
    const cluster = inCluster.get(id);
    const host = cluster ? undefined : (rootOfHost.get(id) ?? onHost.get(id));
    return {
      id,
      name: String(p.name),
      datacenter: inDc.get(id) ?? '',
      ...(parent ? { parent } : {}),
      ...(cluster ? { cluster } : {}),
      ...(host ? { host } : {}),
      ...(info.cpu_allocation ? { cpu_allocation: info.cpu_allocation as ResourcePool['cpu_allocation'] } : {}),
      ...(info.memory_allocation ? { memory_allocation: info.memory_allocation as ResourcePool['memory_allocation'] } : {}),
    };
  });

  const datastores: Datastore[] = (await list('vcenter.datastore.list')).map((d) => ({
    id: String(d.datastore),
    name: String(d.name),
    type: d.type as Datastore['type'],
    datacenter: inDc.get(String(d.datastore)) ?? '',
    folder: inFolder.get(String(d.datastore)) ?? '',
    capacity: Number(d.capacity ?? 0),
    free_space: Number(d.free_space ?? 0),
  }));
  const networks: Network[] = (await list('vcenter.network.list')).map((n) => ({
    id: String(n.network),
    name: String(n.name),
    type: n.type as Network['type'],
    datacenter: inDc.get(String(n.network)) ?? '',
    folder: inFolder.get(String(n.network)) ?? '',
  }));

  const networkIds = new Set(networks.map((n) => n.id));
  const vms: Vm[] = await r.each(await list('vcenter.vm.list'), async (v, rv) => {
    const id = String(v.vm);
    const info = await rv.get<Row>('vcenter.vm.get', { path: { vm: id } });
    const datacenter = inDc.get(id) ?? '';
    const identity = (info.identity ?? {}) as Row;
    const host = onHost.get(id);
    const cluster = inCluster.get(id);
    if (typeof info.guest_OS !== 'string') rv.misfit('vcenter.vm.get', id, '/guest_OS', 'no guest OS: recorded as OTHER_GUEST');
    return {
      id,
      name: String(v.name),
      guest_OS: (typeof info.guest_OS === 'string' ? info.guest_OS : 'OTHER_GUEST') as Vm['guest_OS'],
      power_state: v.power_state as Vm['power_state'],
      ...recordHardware(rv, id, info, v, networkIds),
      datacenter,
      folder: inFolder.get(id) ?? '',
      resource_pool: inPool.get(id) ?? '',
      ...(host ? { host } : {}),
      ...(cluster ? { cluster } : {}),
      datastore: datastoreOf(info, datastores, datacenter),
      ...(typeof identity.bios_uuid === 'string' ? { bios_uuid: identity.bios_uuid } : {}),
      ...(typeof identity.instance_uuid === 'string' ? { instance_uuid: identity.instance_uuid } : {}),
    } as Vm;
  });

  // The families beyond the inventory; one a vCenter does not offer (it answers an error) is noted and left
  // empty. Anything else (the connection lost, a bug) ends the recording: a seed missing a family silently is worse.
  const family = async <T>(name: string, empty: T, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (e) {
      if (!isErrorAnswer(e)) throw e;
      r.misfit(name, '', '', `not recorded: ${e.message}`);
      return empty;
    }
  };
  const storage_policies = await family('storage policies', [], () => recordStoragePolicies(r, datastores));
  const policyIds = new Set(storage_policies.map((p) => p.id));
  const vm_storage_policies = dict<VmStoragePolicies>();
  if (storage_policies.length) {
    await family('VM storage policies', undefined, async () => {
      const entries = await r.each(vms, (vm, rv) => recordVmPolicies(rv, vm, policyIds, (disk) => diskDatastoreIn(datastores, vm, disk)));
      vms.forEach((vm, i) => {
        if (entries[i]) vm_storage_policies[vm.id] = entries[i];
      });
    });
  }
  const content = await family('content libraries', { libraries: [], library_items: [] }, () => recordContent(r, new Set(datastores.map((d) => d.id))));
  const placed = await family('VM templates', { templates: [], template_history: dict<TemplateHistory>(), links: dict<string>() }, () =>
    recordTemplates(r, content.library_items, { datacenters, datastores, networks, resource_pools, vmIds: new Set(vms.map((v) => v.id)) }),
  );
  for (const item of content.library_items) if (placed.links[item.id]) item.vm_template = placed.links[item.id];
  const guests = await family('guests', dict<GuestRecord>(), () => recordGuests(r, vms));
  const tagging = await family('tagging', emptyTagging(), () => recordTagging(r));

  const appliance = { version: String(version.version), build: String(version.build) };
  const recorded: RecordedFrom = { from: options.from, vcenter_version: appliance.version, build: appliance.build, time: new Date().toISOString() };
  const seed: StateData = {
    recorded,
    version: 1,
    next: nextId(
      [...datacenters, ...folders, ...clusters, ...hosts, ...datastores, ...networks, ...resource_pools, ...vms, ...placed.templates].map((o) => o.id),
    ),
    datacenters,
    folders,
    clusters,
    hosts,
    datastores,
    networks,
    resource_pools,
    storage_policies,
    vms,
    templates: placed.templates,
    ...content,
    generic: {},
    tasks: [],
    rules: { ...tagging, vm_storage_policies, template_history: placed.template_history, guests },
  };
  // The safety net behind the checks above: whatever the seed check would refuse is named here, by its place in the seed.
  for (const p of checkStateDocument(seed as unknown as Record<string, unknown>)) r.misfit('seed', '', p.pointer, p.message);
  return { seed, differences: r.differences, misfits: r.misfits, calls: r.calls, appliance };
}

/** The datastore the VM's first disk file is on (`[datastore1] web-01/web-01.vmdk`), else the datacenter's first. */
function datastoreOf(info: Row, datastores: readonly Datastore[], datacenter: string): string {
  for (const disk of Object.values((info.disks ?? {}) as Record<string, Row>)) {
    const file = (disk?.backing as Row | undefined)?.vmdk_file;
    const name = datastoreNameOf(typeof file === 'string' ? file : undefined);
    const found = name ? datastores.find((d) => d.name === name && (d.datacenter === datacenter || !datacenter)) : undefined;
    if (found) return found.id;
  }
  return datastores.find((d) => d.datacenter === datacenter)?.id ?? datastores[0]?.id ?? '';
}

/** Past the largest number in any id (`vm-1072` → 1073), so that the mock's new objects do not collide. */
function nextId(ids: readonly string[]): number {
  let max = 1000;
  for (const id of ids) {
    const n = Number(/(\d+)$/.exec(id)?.[1] ?? 0);
    if (n > max) max = n;
  }
  return max + 1;
}
