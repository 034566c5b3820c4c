/**
 * The mock's whole state in one place: inventory maps, generic resource families
 * and tasks. `toData()` / `Inventory.fromData()` round-trip through JSON
 * (persistence, seeds, reset()).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { emptyRules } from '../families/index.js';
import { defaultSeed } from './default-seed.js';
import { SeedError, validateSeed } from './seed.js';
import type {
  Cluster, Datacenter, Datastore, Folder, Host, Library, LibraryItem, Network, ResourcePool, RuleState, StateData, TaskRecord, Vm,
} from './types.js';


const toMap = <T extends { id: string }>(list: T[] | undefined): Map<string, T> => new Map((list ?? []).map((x) => [x.id, x]));

export class Inventory {
  next = 2000;
  datacenters = new Map<string, Datacenter>();
  folders = new Map<string, Folder>();
  clusters = new Map<string, Cluster>();
  hosts = new Map<string, Host>();
  datastores = new Map<string, Datastore>();
  networks = new Map<string, Network>();
  resourcePools = new Map<string, ResourcePool>();
  vms = new Map<string, Vm>();
  templates = new Map<string, Vm>();
  libraries = new Map<string, Library>();
  libraryItems = new Map<string, LibraryItem>();
  generic = new Map<string, Map<string, unknown>>();
  tasks = new Map<string, TaskRecord>();
  rules: RuleState = emptyRules();
  /** Bumped on every change; persistence watches it. */
  revision = 0;
  onChange?: () => void;

  static fromData(data: Partial<StateData>): Inventory {
    const inv = new Inventory();
    inv.next = typeof data.next === 'number' ? data.next : 2000;
    inv.datacenters = toMap(data.datacenters);
    inv.folders = toMap(data.folders);
    inv.clusters = toMap(data.clusters);
    inv.hosts = toMap(data.hosts);
    inv.datastores = toMap(data.datastores);
    inv.networks = toMap(data.networks);
    inv.resourcePools = toMap(data.resource_pools);
    inv.vms = toMap(data.vms);
    inv.templates = toMap(data.templates);
    inv.libraries = toMap(data.libraries);
    inv.libraryItems = toMap(data.library_items);
    inv.tasks = toMap(data.tasks);
    inv.rules = { ...emptyRules(), ...(data.rules ?? {}) };
    for (const [family, items] of Object.entries(data.generic ?? {})) {
      inv.generic.set(family, new Map(Object.entries(items ?? {})));
    }
    // Never hand out an id that a seed already uses.
    for (const map of [inv.datacenters, inv.folders, inv.clusters, inv.hosts, inv.datastores, inv.networks, inv.resourcePools, inv.vms, inv.templates]) {
      for (const id of map.keys()) {
        const n = Number(/-(\d+)$/.exec(id)?.[1]);
        if (Number.isFinite(n) && n >= inv.next) inv.next = n + 1;
      }
    }
    return inv;
  }

  static defaults(): Inventory {
    return Inventory.fromData(defaultSeed());
  }

  /**
   * A seed file (YAML or JSON) holds the same keys as the state file. Missing keys
   * stay empty; `generate: { vms: N }` adds N powered-off VMs placed like the first VM
   * of the seed (or of the default seed when the file has none). The seed is validated
   * first (src/state/seed.ts): a bad one throws `SeedError` naming the file and the object.
   */
  static fromSeedFile(file: string): Inventory {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new SeedError(file, [err.code === 'ENOENT' ? 'the seed file does not exist' : `cannot read the seed file (${err.code ?? err.message})`]);
    }
    // yaml is loaded only for seed files (start-up time).
    const { parse: parseYaml } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (e) {
      throw new SeedError(file, [`not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`]);
    }
    return Inventory.fromSeedData(doc, file);
  }

  /** A seed given as data (`startMockServer({ seed: {...} })`): validated like a seed file; `source` names it in errors. */
  static fromSeedData(data: unknown, source = 'seed'): Inventory {
    const doc = validateSeed(structuredClone(data), source);
    const inv = Inventory.fromData(doc);
    if (doc.generate?.vms) inv.generateVms(doc.generate.vms);
    return inv;
  }

  toData(): StateData {
    const generic: Record<string, Record<string, unknown>> = {};
    for (const [family, items] of this.generic) generic[family] = Object.fromEntries(items);
    return {
      version: 1,
      next: this.next,
      datacenters: [...this.datacenters.values()],
      folders: [...this.folders.values()],
      clusters: [...this.clusters.values()],
      hosts: [...this.hosts.values()],
      datastores: [...this.datastores.values()],
      networks: [...this.networks.values()],
      resource_pools: [...this.resourcePools.values()],
      vms: [...this.vms.values()],
      templates: [...this.templates.values()],
      libraries: [...this.libraries.values()],
      library_items: [...this.libraryItems.values()],
      generic,
      tasks: [...this.tasks.values()],
      rules: this.rules,
    };
  }

  /** A fresh numeric suffix for a new object id (`vm-2001`). */
  nextId(prefix: string): string {
    return `${prefix}-${this.next++}`;
  }

  changed(): void {
    this.revision++;
    this.onChange?.();
  }

  family(name: string): Map<string, unknown> {
    let f = this.generic.get(name);
    if (!f) this.generic.set(name, (f = new Map()));
    return f;
  }

  /**
   * Adds `count` VMs (for load and listAll tests), spread over the power states and over
   * `groups` new VM folders and `groups` new clusters of two hosts each, where
   * `groups = max(3, ceil(count / 1500))`: no folder, cluster or host holds more than
   * 1,500 of them, so a client that splits a list over 4,000 by folder, host or cluster
   * gets answers under the limit. Folders take VMs round-robin and clusters in blocks, so
   * the three splits are different partitions.
   */
  generateVms(count: number): void {
    if (count <= 0) return;
    const template = this.vms.values().next().value ?? defaultSeed().vms[0]!;
    const dc = this.datacenters.get(template.datacenter) ?? this.datacenters.values().next().value;
    const datacenter = dc?.id ?? template.datacenter;
    const groups = Math.max(3, Math.ceil(count / 1500));
    const folders: string[] = [];
    const clusters: { id: string; pool: string; hosts: string[] }[] = [];
    const tag = `load${this.next}`;
    for (let g = 0; g < groups; g++) {
      const folder = this.nextId('group-v');
      this.folders.set(folder, { id: folder, name: `${tag}-folder-${g}`, type: 'VIRTUAL_MACHINE', parent: dc?.vm_folder ?? template.folder, datacenter });
      folders.push(folder);
      const cluster = this.nextId('domain-c');
      const pool = this.nextId('resgroup');
      this.clusters.set(cluster, { id: cluster, name: `${tag}-cluster-${g}`, datacenter, folder: dc?.host_folder ?? 'group-h1004', ha_enabled: false, drs_enabled: true, resource_pool: pool });
      this.resourcePools.set(pool, { id: pool, name: 'Resources', datacenter, cluster });
      const hosts: string[] = [];
      for (let h = 0; h < 2; h++) {
        const host = this.nextId('host');
        this.hosts.set(host, { id: host, name: `esx-${tag}-${g}-${h}.lab.local`, datacenter, folder: dc?.host_folder ?? 'group-h1004', cluster, connection_state: 'CONNECTED', power_state: 'POWERED_ON' });
        hosts.push(host);
      }
      clusters.push({ id: cluster, pool, hosts });
    }
    const block = Math.ceil(count / groups);
    const states: Vm['power_state'][] = ['POWERED_ON', 'POWERED_OFF', 'POWERED_ON', 'SUSPENDED'];
    const { clean_power_off: _drop, ...base } = template;
    const devices = sharedDevices(base);
    for (let i = 0; i < count; i++) {
      const id = this.nextId('vm');
      const power = states[i % states.length]!;
      const hex = (this.next + 0x100000).toString(16).padStart(12, '0');
      const c = clusters[Math.floor(i / block)]!;
      this.vms.set(id, {
        ...base,
        ...devices,
        id,
        name: `load-${String(i).padStart(5, '0')}`,
        power_state: power,
        ...(power === 'POWERED_OFF' ? { clean_power_off: true } : {}),
        datacenter,
        folder: folders[i % groups]!,
        cluster: c.id,
        host: c.hosts[i % 2]!,
        resource_pool: c.pool,
        bios_uuid: `4209a9c4-7d4c-4b0f-a4a8-${hex}`,
        instance_uuid: `5009b1d2-31e1-4e57-8f0b-${hex}`,
      });
    }
  }
}

/**
 * The device records every generated VM shares: one frozen copy of the template's, without
 * its disk file paths and MAC addresses, which are then derived from each VM's name and id
 * when it is read. Shared because 10,000 copies cost ~400 MB (V8 keeps an object keyed
 * "1000" as a 1,000-slot array); frozen, so whatever changes a VM's devices copies them
 * first (assignPciSlots does).
 */
function sharedDevices(template: Vm): Partial<Vm> {
  const out = structuredClone({
    disks: template.disks, nics: template.nics, cdroms: template.cdroms, floppies: template.floppies, parallel_ports: template.parallel_ports,
    serial_ports: template.serial_ports, sata_adapters: template.sata_adapters, scsi_adapters: template.scsi_adapters, nvme_adapters: template.nvme_adapters,
  });
  for (const d of Object.values(out.disks ?? {})) delete d.vmdk_file;
  for (const n of Object.values(out.nics ?? {})) if (n.mac_type !== 'MANUAL') delete n.mac_address;
  for (const key of Object.keys(out) as (keyof typeof out)[]) if (out[key] === undefined) delete out[key];
  return deepFreeze(out);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
