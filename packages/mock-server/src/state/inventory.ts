/**
 * The mock's whole state in one place: inventory maps, generic resource families
 * and tasks. `toData()` / `Inventory.fromData()` round-trip through JSON
 * (persistence, seeds, reset()).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { softwareSpecCopy } from '../families/esx-software/spec-copy.js';
import { emptyRules } from '../families/index.js';
import { defaultSeed } from './default-seed.js';
import { dict } from './dict.js';
import { SeedError, validateSeed } from './seed.js';
import { ChangeTracker, TrackedMap } from './tracked-map.js';
import type {
  Cluster,
  Datacenter,
  Datastore,
  Folder,
  Host,
  Library,
  LibraryItem,
  Network,
  ResourcePool,
  RuleState,
  StoragePolicy,
  StateData,
  TaskRecord,
  Vm,
} from './types.js';

/**
 * The rule state held by a state file, a seed or a journal line (keys left out are empty),
 * as null-prototype records: ids from paths index them (state/dict.ts).
 */
export function rulesFrom(data: Partial<RuleState> | undefined): RuleState {
  const r = emptyRules();
  if (!data) return r;
  const keys = Object.keys(r) as (keyof RuleState)[];
  for (const k of keys) if (data[k]) (r as unknown as Record<string, object>)[k] = dict(data[k] as Record<string, unknown>);
  for (const sw of Object.values(r.software)) if (sw?.spec) sw.spec = softwareSpecCopy(sw.spec);
  for (const d of Object.values(r.drafts)) if (d?.spec) d.spec = softwareSpecCopy(d.spec);
  return r;
}

/** The journal names a generic family's records `generic/<family>`. */
export const GENERIC_PREFIX = 'generic/';

export class Inventory {
  /** Notes the records each change reaches (the journal writes those that changed). */
  readonly tracker = new ChangeTracker();
  next = 2000;
  datacenters = this.collection<Datacenter>('datacenters');
  folders = this.collection<Folder>('folders');
  clusters = this.collection<Cluster>('clusters');
  hosts = this.collection<Host>('hosts');
  datastores = this.collection<Datastore>('datastores');
  networks = this.collection<Network>('networks');
  resourcePools = this.collection<ResourcePool>('resource_pools');
  storagePolicies = this.collection<StoragePolicy>('storage_policies');
  vms = this.collection<Vm>('vms');
  templates = this.collection<Vm>('templates');
  libraries = this.collection<Library>('libraries');
  libraryItems = this.collection<LibraryItem>('library_items');
  generic = new Map<string, TrackedMap<unknown>>();
  tasks = this.collection<TaskRecord>('tasks');
  rules: RuleState = emptyRules();
  /** Bumped on every change; persistence watches it. */
  revision = 0;
  onChange?: () => void;

  /** A record map of this state; `collection` is its key in the state file (and in journal records). */
  private collection<T>(collection: string, list?: readonly { id: string }[]): TrackedMap<T> {
    return new TrackedMap<T>(
      collection,
      this.tracker,
      list?.map((x) => [x.id, x as T]),
    );
  }

  static fromData(data: Partial<StateData>): Inventory {
    const inv = new Inventory();
    inv.next = typeof data.next === 'number' ? data.next : 2000;
    inv.datacenters = inv.collection('datacenters', data.datacenters);
    inv.folders = inv.collection('folders', data.folders);
    inv.clusters = inv.collection('clusters', data.clusters);
    inv.hosts = inv.collection('hosts', data.hosts);
    inv.datastores = inv.collection('datastores', data.datastores);
    inv.networks = inv.collection('networks', data.networks);
    inv.resourcePools = inv.collection('resource_pools', data.resource_pools);
    inv.storagePolicies = inv.collection('storage_policies', data.storage_policies);
    inv.vms = inv.collection('vms', data.vms);
    inv.templates = inv.collection('templates', data.templates);
    inv.libraries = inv.collection('libraries', data.libraries);
    inv.libraryItems = inv.collection('library_items', data.library_items);
    inv.tasks = inv.collection('tasks', data.tasks);
    inv.rules = rulesFrom(data.rules);
    for (const [family, items] of Object.entries(data.generic ?? {})) {
      inv.generic.set(family, new TrackedMap(GENERIC_PREFIX + family, inv.tracker, Object.entries(items ?? {})));
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
   * stay empty (`extend`, when given, lays the document over a base first: seed-extend.ts); `generate: { vms: N }` adds N powered-off VMs placed like the first VM
   * of the seed (or of the default seed when the file has none). The seed is validated
   * first (src/state/seed.ts): a bad one throws `SeedError` naming the file and the object.
   */
  static fromSeedFile(file: string, extend?: (doc: unknown) => unknown): Inventory {
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
    return Inventory.fromSeedData(extend ? extend(doc) : doc, file);
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
      storage_policies: [...this.storagePolicies.values()],
      vms: [...this.vms.values()],
      templates: [...this.templates.values()],
      libraries: [...this.libraries.values()],
      library_items: [...this.libraryItems.values()],
      generic,
      tasks: [...this.tasks.values()],
      rules: this.rules,
    };
  }

  /**
   * A new object id with a fresh numeric suffix, spelt as vCenter spells managed-object ids:
   * `vm-2001`, `datacenter-2002`, but folders and clusters without the dash (`group-v2003`, `domain-c2004`).
   */
  nextId(prefix: string): string {
    return /^(group|domain)-[a-z]$/.test(prefix) ? `${prefix}${this.next++}` : `${prefix}-${this.next++}`;
  }

  /** Call once a change is complete (before it is answered): the journal writes it then. */
  changed(): void {
    this.revision++;
    this.onChange?.();
  }

  /**
   * Runs around everything that may change the state (write requests, task steps): records the
   * maps hand out meanwhile are watched, and what changed is journaled by changed() and, for
   * what is left (a change that failed halfway), when the outermost change ends.
   */
  beginChange(): void {
    this.tracker.open();
  }

  endChange(): void {
    if (!this.tracker.close()) return;
    if (this.tracker.pending) this.changed();
    this.tracker.forget();
  }

  /** The record map named `collection` in the state file (`vms`, `generic/<family>`, …), for journal replay. */
  collectionNamed(collection: string): TrackedMap<unknown> | undefined {
    if (collection.startsWith(GENERIC_PREFIX)) return this.family(collection.slice(GENERIC_PREFIX.length));
    const maps: TrackedMap<unknown>[] = [
      this.datacenters,
      this.folders,
      this.clusters,
      this.hosts,
      this.datastores,
      this.networks,
      this.resourcePools,
      this.storagePolicies,
      this.vms,
      this.templates,
      this.libraries,
      this.libraryItems,
      this.tasks,
    ] as TrackedMap<unknown>[];
    return maps.find((m) => m.collection === collection);
  }

  family(name: string): TrackedMap<unknown> {
    let f = this.generic.get(name);
    if (!f) this.generic.set(name, (f = new TrackedMap(GENERIC_PREFIX + name, this.tracker)));
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
      this.clusters.set(cluster, {
        id: cluster,
        name: `${tag}-cluster-${g}`,
        datacenter,
        folder: dc?.host_folder ?? 'group-h1004',
        ha_enabled: false,
        drs_enabled: true,
        resource_pool: pool,
      });
      this.resourcePools.set(pool, { id: pool, name: 'Resources', datacenter, cluster });
      const hosts: string[] = [];
      for (let h = 0; h < 2; h++) {
        const host = this.nextId('host');
        this.hosts.set(host, {
          id: host,
          name: `esx-${tag}-${g}-${h}.lab.local`,
          datacenter,
          folder: dc?.host_folder ?? 'group-h1004',
          cluster,
          connection_state: 'CONNECTED',
          power_state: 'POWERED_ON',
        });
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
    disks: template.disks,
    nics: template.nics,
    cdroms: template.cdroms,
    floppies: template.floppies,
    parallel_ports: template.parallel_ports,
    serial_ports: template.serial_ports,
    sata_adapters: template.sata_adapters,
    scsi_adapters: template.scsi_adapters,
    nvme_adapters: template.nvme_adapters,
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
