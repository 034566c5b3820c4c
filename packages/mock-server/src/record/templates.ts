/**
 * VM templates in content libraries: for each `vm-template` item, the template VM its GET describes
 * (guest OS, CPU, memory, home datastore, disks and NICs) into `templates`, the item's link to it,
 * and its history (earlier versions and the VMs checked out of it) into `rules.template_history`.
 *
 * The template GET says less than a VM GET: no name (the item's is taken), no folder or pool (the
 * home datastore's datacenter, its VM folder and root pool are taken), no disk bus (a disk key in a
 * bus's id range gives it, as vCenter numbers them). Earlier versions are described by their template
 * id only: each is recorded with the current version's hardware, and noted as such.
 */
import { addressKey, defaultVmdk, UNITS } from '../families/vm/device-model.js';
import { dict } from '../state/dict.js';
import type { Datacenter, Datastore, LibraryItem, Network, ResourcePool, TemplateHistory, Vm, VmDisk, VmNic } from '../state/types.js';
import type { Reader } from './reader.js';
import { type Row, int, isRow } from './values.js';

export interface RecordedTemplates {
  templates: Vm[];
  template_history: Record<string, TemplateHistory>;
  /** Library item id → its template VM (set on the items once the whole family is read). */
  links: Record<string, string>;
}

/** Where the recording's templates can sit. */
export interface TemplatePlaces {
  readonly datacenters: readonly Datacenter[];
  readonly datastores: readonly Datastore[];
  readonly networks: readonly Network[];
  readonly resource_pools: readonly ResourcePool[];
  /** Every VM id the recording holds (templates share their id space). */
  readonly vmIds: ReadonlySet<string>;
}

const OPERATION = 'vcenter.vmTemplate.libraryItems.get';

/** The bus address a disk key stands for (`2001` → SCSI 0:1), when it is in one of vCenter's ranges. */
function diskAddress(key: string): Partial<VmDisk> {
  const n = Number(key);
  for (const [kind, base, field] of [
    ['SCSI', 2000, 'scsi'],
    ['SATA', 16000, 'sata'],
    ['NVME', 32000, 'nvme'],
  ] as const) {
    const units = UNITS[kind];
    if (!Number.isInteger(n) || n < base || n >= base + 4 * units) continue;
    const address = { bus: Math.floor((n - base) / units), unit: (n - base) % units };
    if (addressKey(kind, address) === key && !(kind === 'SCSI' && address.unit === 7)) return { type: kind, [field]: address };
  }
  for (const primary of [true, false])
    for (const master of [true, false]) if (addressKey('IDE', { primary, master }) === key) return { type: 'IDE', ide: { primary, master } };
  return {};
}

export async function recordTemplates(r: Reader, items: readonly LibraryItem[], places: TemplatePlaces): Promise<RecordedTemplates> {
  const templates: Vm[] = [];
  const template_history = dict<TemplateHistory>();
  const links = dict<string>();
  const taken = new Set(places.vmIds);
  for (const item of items.filter((i) => i.type === 'vm-template')) {
    const path = { template_library_item: item.id };
    const info = await r.get<Row>(OPERATION, { path });
    const current = templateVm(r, item, info, places);
    if (!current) continue;
    if (taken.has(current.id)) {
      r.misfit(OPERATION, item.id, '/vm_template', `template '${current.id}' has the id of another VM of the recording: the item is recorded without it`);
      continue;
    }
    taken.add(current.id);
    templates.push(current);
    links[item.id] = current.id;
    const history: TemplateHistory = { versions: [], check_outs: dict() };
    for (const [i, v] of (await r.list('vcenter.vmTemplate.libraryItems.versions.list', { path })).entries()) {
      if (typeof v.version !== 'string' || typeof v.vm_template !== 'string' || v.vm_template === current.id) continue;
      if (taken.has(v.vm_template)) {
        r.misfit(
          'vcenter.vmTemplate.libraryItems.versions.list',
          item.id,
          `/${i}`,
          `template '${v.vm_template}' has the id of another VM: version ${v.version} left out`,
        );
        continue;
      }
      taken.add(v.vm_template);
      templates.push({ ...structuredClone(current), id: v.vm_template, name: `${item.name} v${v.version}` });
      history.versions.push({ version: v.version, vm_template: v.vm_template });
      r.misfit(
        'vcenter.vmTemplate.libraryItems.versions.list',
        item.id,
        `/${i}`,
        `version ${v.version} (template '${v.vm_template}') is recorded with the current version's hardware: the API does not describe earlier versions`,
      );
    }
    for (const { vm } of await r.list('vcenter.vmTemplate.libraryItems.checkOuts.list', { path })) {
      if (typeof vm !== 'string' || !places.vmIds.has(vm)) continue;
      const c = await r.get<Row>('vcenter.vmTemplate.libraryItems.checkOuts.get', { path: { ...path, vm } });
      history.check_outs[vm] = { time: typeof c.time === 'string' ? c.time : new Date(0).toISOString(), user: typeof c.user === 'string' ? c.user : '' };
    }
    if (history.versions.length || Object.keys(history.check_outs).length) template_history[item.id] = history;
  }
  return { templates, template_history, links };
}

/** The template VM of one item's answer, placed by its home datastore; undefined (noted) when it cannot be placed. */
function templateVm(r: Reader, item: LibraryItem, info: Row, places: TemplatePlaces): Vm | undefined {
  const note = (pointer: string, message: string) => r.misfit(OPERATION, item.id, pointer, message);
  const id = info.vm_template;
  if (typeof id !== 'string') return void note('/vm_template', 'no template VM id: the item is recorded without it');
  const home = isRow(info.vm_home_storage) ? info.vm_home_storage.datastore : undefined;
  const datastore = places.datastores.find((d) => d.id === home);
  if (!datastore)
    return void note('/vm_home_storage/datastore', `datastore ${JSON.stringify(home)} is not in the recorded inventory: the template is left out`);
  const datacenter = places.datacenters.find((d) => d.id === datastore.datacenter);
  const pool = places.resource_pools.find((p) => p.datacenter === datastore.datacenter && p.parent === undefined);
  if (!datacenter || !pool)
    return void note('/vm_home_storage/datastore', `no datacenter with a resource pool holds datastore '${datastore.id}': the template is left out`);
  const cpu = isRow(info.cpu) ? info.cpu : {};
  const memory = isRow(info.memory) ? info.memory : {};
  const name = item.name;
  const disks: Record<string, VmDisk> = {};
  Object.entries(isRow(info.disks) ? info.disks : {}).forEach(([key, d], i) => {
    const row = isRow(d) ? d : {};
    const on = isRow(row.disk_storage) ? row.disk_storage.datastore : undefined;
    const found = places.datastores.find((x) => x.id === on);
    if (!found && on !== undefined)
      note(`/disks/${key}/disk_storage/datastore`, `datastore ${JSON.stringify(on)} is not in the recording: the disk is placed on the home datastore`);
    const ds = found ?? datastore;
    disks[key] = { ...diskAddress(key), vmdk_file: defaultVmdk(ds.name, name, i), ...(int(row.capacity) !== undefined ? { capacity: int(row.capacity) } : {}) };
  });
  const networks = new Set(places.networks.map((n) => n.id));
  const nics: Record<string, VmNic> = {};
  for (const [key, n] of Object.entries(isRow(info.nics) ? info.nics : {})) {
    const row = isRow(n) ? n : {};
    const network = typeof row.network === 'string' ? row.network : undefined;
    if (network !== undefined && !networks.has(network)) {
      note(`/nics/${key}/network`, `network '${network}' is not in the recorded inventory: left out`);
      continue;
    }
    nics[key] = { ...(network !== undefined ? { network } : {}), ...(typeof row.mac_type === 'string' ? { mac_type: row.mac_type as VmNic['mac_type'] } : {}) };
  }
  return {
    id,
    name,
    guest_OS: (typeof info.guest_OS === 'string' ? info.guest_OS : 'OTHER_GUEST') as Vm['guest_OS'],
    power_state: 'POWERED_OFF',
    clean_power_off: true,
    cpu_count: int(cpu.count) ?? 1,
    cores_per_socket: int(cpu.cores_per_socket) ?? 1,
    memory_size_MiB: int(memory.size_MiB) ?? 0,
    datacenter: datacenter.id,
    folder: datacenter.vm_folder,
    resource_pool: pool.id,
    ...(pool.cluster ? { cluster: pool.cluster } : {}),
    ...(pool.host ? { host: pool.host } : {}),
    datastore: datastore.id,
    disks,
    nics,
  } as Vm;
}
