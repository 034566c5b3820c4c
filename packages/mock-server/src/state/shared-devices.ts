/**
 * Device records that many VMs share. Generated VMs (`vmCount`, `generate: { vms }`) all hold one
 * frozen copy of their template's devices: 10,000 copies would cost ~400 MB (V8 keeps an object
 * keyed "1000" as a 1,000-slot array). Frozen, so whatever changes a VM's devices replaces them
 * with its own copy first (assignPciSlots does).
 *
 * The state file keeps them shared too: a snapshot writes each shared record once, in `shared`, and
 * the VMs holding it name it as `{ "$shared": <index> }`; loading puts the one frozen record back in
 * every VM. Without this a 100,000-VM snapshot was 160 MB of the same devices, and took 10 s to load.
 */
import type { Problem } from './seed.js';
import type { StateData, Vm } from './types.js';

/** The fields of a VM that hold device records. */
export const DEVICE_FIELDS = [
  'disks',
  'nics',
  'cdroms',
  'floppies',
  'parallel_ports',
  'serial_ports',
  'sata_adapters',
  'scsi_adapters',
  'nvme_adapters',
] as const satisfies readonly (keyof Vm)[];

/** A state file with its shared device records (`shared`), as written and read. */
export type PackedStateData = Omit<StateData, 'vms' | 'templates'> & { vms: unknown[]; templates: unknown[]; shared?: unknown[] };

/**
 * The device records generated VMs share: one frozen copy of the template's, without its disk file
 * paths and MAC addresses, which are then derived from each VM's name and id when it is read.
 */
export function sharedDevices(template: Vm): Partial<Vm> {
  const out: Partial<Vm> = structuredClone(Object.fromEntries(DEVICE_FIELDS.map((f) => [f, template[f]])));
  for (const d of Object.values(out.disks ?? {})) delete d.vmdk_file;
  for (const n of Object.values(out.nics ?? {})) if (n.mac_type !== 'MANUAL') delete n.mac_address;
  for (const key of Object.keys(out) as (keyof typeof out)[]) if (out[key] === undefined) delete out[key];
  return deepFreeze(out);
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** `data` with every frozen (shared) device record written once in `shared` and named by its index in the VMs. */
export function packSharedDevices(data: StateData): PackedStateData {
  const shared: unknown[] = [];
  const index = new Map<object, number>();
  const pack = (vm: Vm): unknown => {
    let out: Record<string, unknown> | undefined;
    for (const f of DEVICE_FIELDS) {
      const v = vm[f];
      if (!v || !Object.isFrozen(v)) continue;
      let i = index.get(v);
      if (i === undefined) index.set(v, (i = shared.push(v) - 1));
      (out ??= { ...vm })[f] = { $shared: i };
    }
    return out ?? vm;
  };
  const packed: PackedStateData = { ...data, vms: data.vms.map(pack), templates: data.templates.map(pack) };
  if (shared.length) packed.shared = shared;
  return packed;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Puts the shared device records of a parsed state file back in its VMs (in place) and drops `shared`;
 * a bad `shared` list or a reference to a record it lacks is a problem naming its pointer.
 */
export function unpackSharedDevices(doc: Record<string, unknown>, problems: Problem[]): void {
  const shared = doc.shared;
  delete doc.shared;
  if (shared !== undefined && !(Array.isArray(shared) && shared.every(isObject))) {
    problems.push({ pointer: '/shared', message: `'shared' must be a list of device record sets, got ${JSON.stringify(shared)?.slice(0, 60)}` });
    return;
  }
  const records = (shared ?? []).map((r) => deepFreeze(r));
  for (const coll of ['vms', 'templates'] as const) {
    const list = doc[coll];
    if (!Array.isArray(list)) continue;
    list.forEach((vm, i) => {
      if (!isObject(vm)) return;
      for (const f of DEVICE_FIELDS) {
        const ref = vm[f];
        if (!isObject(ref) || !Object.hasOwn(ref, '$shared')) continue;
        const n = ref.$shared;
        if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < records.length) vm[f] = records[n];
        else
          problems.push({
            pointer: `/${coll}/${i}/${f}`,
            message: `${coll}[${i}].${f} names shared device records ${JSON.stringify(n)}, which 'shared' does not hold`,
          });
      }
    });
  }
}
