/**
 * Seed validation: a seed (`--seed inventory.yaml`, `startMockServer({ seed })`) is checked
 * when it loads — unknown top-level keys, objects that are not objects or lack required
 * fields, bad enum values, duplicate ids and references to objects that do not exist —
 * and refused with one `SeedError` that names the source, each object and what is wrong.
 *
 * A few cosmetic VM fields get defaults so that hand-written seeds stay short:
 * `cores_per_socket` (1), `hardware_version` (`VMX_19`), `bios_uuid` / `instance_uuid`
 * (derived from the id). Device records (`disks`, `nics`, `cdroms`, …, keyed by device id)
 * may be as short as `{ label }`; what they leave out is filled in when the VM is read
 * (families/vm/vm-devices.ts).
 */
import { createHash } from 'node:crypto';
import { seedRules } from '../families/index.js';
import type { Collection, FieldRule, FieldType } from './seed-rules.js';
import type { StateData } from './types.js';

/** A seed that cannot be used; `message` lists every problem, `problems` holds them one by one. */
export class SeedError extends Error {
  override readonly name = 'SeedError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    const shown = problems.slice(0, 25);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super(
      problems.length === 1
        ? `${source}: invalid seed: ${problems[0]}`
        : `${source}: invalid seed (${problems.length} problems):\n${shown.map((p) => `  - ${p}`).join('\n')}${more}`,
    );
  }
}

export type SeedDocument = Partial<StateData> & { generate?: { vms?: number } };

/** Field rules per collection, as the families state them (src/families/<family>/seed.ts). */
const RULES = seedRules() as Record<Collection, Record<string, FieldRule>>;

const COLLECTIONS = Object.keys(RULES) as Collection[];
const OTHER_KEYS = ['version', 'next', 'generic', 'tasks', 'rules', 'generate'] as const;
export const SEED_KEYS: readonly string[] = [...COLLECTIONS, ...OTHER_KEYS];

/** Singular names for messages (`vm 'vm-9'`). */
const KIND: Record<Collection, string> = {
  datacenters: 'datacenter', folders: 'folder', clusters: 'cluster', hosts: 'host', datastores: 'datastore', networks: 'network',
  resource_pools: 'resource pool', vms: 'VM', templates: 'template', libraries: 'library', library_items: 'library item',
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function typeOk(v: unknown, t: FieldType): boolean {
  switch (t) {
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    default:
      return typeof v === t;
  }
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/**
 * Checks a parsed seed document; throws `SeedError` naming `source` and every bad object.
 * Returns the document with VM defaults filled in (a copy; the input is not changed).
 */
export function validateSeed(doc: unknown, source: string): SeedDocument {
  if (doc === null || doc === undefined) return {};
  if (!isObject(doc)) throw new SeedError(source, [`the seed must be a mapping of ${COLLECTIONS.join(', ')} (got ${Array.isArray(doc) ? 'a list' : typeof doc})`]);
  const problems: string[] = [];
  for (const key of Object.keys(doc)) {
    if (!SEED_KEYS.includes(key)) problems.push(`unknown top-level key '${key}' (allowed: ${SEED_KEYS.join(', ')})`);
  }
  if (doc.version !== undefined && doc.version !== 1) problems.push(`'version' must be 1, got ${show(doc.version)}`);
  if (doc.next !== undefined && !Number.isInteger(doc.next)) problems.push(`'next' must be an integer, got ${show(doc.next)}`);
  if (doc.generate !== undefined) {
    if (!isObject(doc.generate)) problems.push(`'generate' must be a mapping like { vms: 100 }, got ${show(doc.generate)}`);
    else {
      for (const k of Object.keys(doc.generate)) if (k !== 'vms') problems.push(`'generate.${k}' is unknown (only 'generate.vms')`);
      const n = doc.generate.vms;
      if (n !== undefined && (!Number.isInteger(n) || (n as number) < 0)) problems.push(`'generate.vms' must be a non-negative integer, got ${show(n)}`);
    }
  }
  for (const k of ['generic', 'rules'] as const) if (doc[k] !== undefined && !isObject(doc[k])) problems.push(`'${k}' must be a mapping, got ${show(doc[k])}`);
  if (doc.tasks !== undefined && !Array.isArray(doc.tasks)) problems.push(`'tasks' must be a list, got ${show(doc.tasks)}`);

  // Pass 1: shapes, and the ids each collection holds.
  const ids = new Map<Collection, Set<string>>();
  const out: Record<string, unknown> = { ...doc };
  for (const coll of COLLECTIONS) {
    const set = new Set<string>();
    ids.set(coll, set);
    const list = doc[coll];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.push(`'${coll}' must be a list of ${KIND[coll]} objects, got ${show(list)}`);
      continue;
    }
    list.forEach((item, i) => {
      const where = `${coll}[${i}]`;
      if (!isObject(item)) {
        problems.push(`${where}: a ${KIND[coll]} must be a mapping, got ${show(item)}`);
        return;
      }
      const label = typeof item.id === 'string' ? `${where} (${KIND[coll]} '${item.id}')` : where;
      for (const [field, rule] of Object.entries(RULES[coll])) {
        const v = item[field];
        if (v === undefined || v === null) {
          if (rule.required) problems.push(`${label}: missing required field '${field}'`);
          continue;
        }
        if (!typeOk(v, rule.type)) problems.push(`${label}: '${field}' must be ${rule.type === 'integer' ? 'an integer' : `a ${rule.type}`}, got ${show(v)}`);
        else if (rule.enum && !rule.enum.includes(v as string)) problems.push(`${label}: '${field}' is ${show(v)}, expected one of ${rule.enum.join(', ')}`);
      }
      if (typeof item.id === 'string') {
        // VMs and templates share one id space (a template is a VM).
        const clash = coll === 'vms' || coll === 'templates' ? (ids.get('vms')!.has(item.id) || ids.get('templates')?.has(item.id)) : set.has(item.id);
        if (clash) problems.push(`${label}: duplicate id '${item.id}'`);
        set.add(item.id);
      }
    });
  }

  // Pass 2: references.
  for (const coll of COLLECTIONS) {
    const list = doc[coll];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (!isObject(item)) return;
      const label = typeof item.id === 'string' ? `${coll}[${i}] (${KIND[coll]} '${item.id}')` : `${coll}[${i}]`;
      for (const [field, rule] of Object.entries(RULES[coll])) {
        const v = item[field];
        if (!rule.ref || typeof v !== 'string') continue;
        if (!rule.ref.some((c) => ids.get(c)!.has(v))) {
          problems.push(`${label}: ${field} '${v}' does not exist (no ${rule.ref.map((c) => KIND[c]).join(' or ')} with that id in the seed)`);
        }
      }
      if ((coll === 'vms' || coll === 'templates') && isObject(item.nics)) {
        for (const [key, nic] of Object.entries(item.nics)) {
          const net = isObject(nic) ? nic.network : undefined;
          if (typeof net === 'string' && !ids.get('networks')!.has(net)) problems.push(`${label}: nics.${key}.network '${net}' does not exist (no network with that id in the seed)`);
        }
      }
    });
  }
  if (problems.length) throw new SeedError(source, problems);

  // VM defaults.
  for (const coll of ['vms', 'templates'] as const) {
    const list = doc[coll];
    if (!Array.isArray(list)) continue;
    out[coll] = list.map((raw) => {
      const vm = raw as unknown as Record<string, unknown>;
      const hex = createHash('sha256').update(String(vm.id)).digest('hex');
      return {
        cores_per_socket: 1,
        hardware_version: 'VMX_19',
        bios_uuid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
        instance_uuid: `${hex.slice(32, 40)}-${hex.slice(40, 44)}-4${hex.slice(45, 48)}-b${hex.slice(49, 52)}-${hex.slice(52, 64)}`,
        ...(vm.power_state === 'POWERED_OFF' && vm.clean_power_off === undefined ? { clean_power_off: true } : {}),
        ...vm,
      };
    });
  }
  return out as SeedDocument;
}
