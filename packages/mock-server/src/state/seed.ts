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
import { APPLIANCE_NESTED_RULES, APPLIANCE_SECTION_RULES, LOCAL_ACCOUNT_RULES, SERVICE_RULES } from '../families/appliance/seed.js';
import { seedRules } from '../families/index.js';
import { N, OPT, S, type Collection, type FieldRule, type FieldType } from './seed-rules.js';
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

/** One thing wrong in a seed or state document: where (a JSON pointer into it) and what. */
export interface Problem {
  pointer: string;
  message: string;
}

/** `/vms/3/name` from path segments (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function jsonPointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Field rules per collection, as the families state them (src/families/<family>/seed.ts). */
const RULES = seedRules() as Record<Collection, Record<string, FieldRule>>;

const TASK_STATUSES = ['SUCCEEDED', 'FAILED'] as const;
/** Fields of a task record (TaskRecord in types.ts); nested objects are checked by NESTED below. */
const TASK_RULES: Record<string, FieldRule> = {
  id: S(),
  route: S(),
  service: S(),
  operation: S(),
  user: { type: 'string', required: true },
  created: N(),
  durationMs: N(),
  fail: OPT('boolean'),
  call: { type: 'object', required: true },
  settled: OPT('object'),
  target: OPT('object'),
  blocked: OPT('boolean'),
  heldMs: OPT('number'),
};
const NESTED: Record<string, Record<string, FieldRule>> = {
  'task.call': { params: { type: 'object', required: true }, query: { type: 'object', required: true } },
  'task.settled': { status: S({ enum: TASK_STATUSES }), end: N() },
  'task.target': { type: S(), id: S() },
};

/** Entries of each map of `rules` (RuleState in types.ts); `string` entries are plain values. */
const RULE_ENTRY: Record<string, Record<string, FieldRule> | 'dynamic-ids' | 'trust-state' | 'appliance-sections'> = {
  tag_categories: {
    id: S(),
    name: S(),
    description: { type: 'string', required: true },
    cardinality: S({ enum: ['SINGLE', 'MULTIPLE'] }),
    associable_types: { type: 'array', required: true },
    used_by: OPT('array'),
  },
  tags: { id: S(), name: S(), description: { type: 'string', required: true }, category_id: S(), used_by: OPT('array') },
  tag_associations: 'dynamic-ids',
  update_sessions: {
    id: S(),
    library_item_id: S(),
    library_item_content_version: S(),
    state: S({ enum: ['ACTIVE', 'DONE', 'ERROR', 'CANCELED'] }),
    files: { type: 'array', required: true },
    expiration_time: S(),
    error_message: OPT('object'),
  },
  software: { commit: { type: 'integer', required: true }, spec: { type: 'object', required: true } },
  drafts: { id: S(), entity: S(), user: S(), base_commit: { type: 'integer', required: true }, spec: { type: 'object', required: true } },
  software_compliance: { impact: S(), status: S(), scan_time: S(), notifications: { type: 'object', required: true } },
  supervisors: { cluster: S(), spec: { type: 'object', required: true } },
  namespaces: { namespace: S(), cluster: S(), spec: { type: 'object', required: true } },
  trust_authority: 'trust-state',
  kms_providers: { cluster: S(), provider: S(), master_key_id: S(), key_server: { type: 'object', required: true } },
  guests: {
    accounts: OPT('object'),
    tools: OPT('object'),
    tools_start_at: OPT('integer'),
    host_name: OPT('string'),
    domain_name: OPT('string'),
    dns_servers: OPT('array'),
    static_ips: OPT('object'),
    customization: OPT('object'),
    files: OPT('object'),
    processes: OPT('object'),
    next_pid: OPT('integer'),
  },
  appliance: 'appliance-sections',
  appliance_accounts: LOCAL_ACCOUNT_RULES,
  appliance_services: SERVICE_RULES,
  vm_storage_policies: { vm_home: OPT('object'), disks: { type: 'object', required: true } },
  template_history: { versions: { type: 'array', required: true }, check_outs: { type: 'object', required: true } },
};

/** The marker a recorded seed carries (RecordedFrom in types.ts). */
const RECORDED_RULES: Record<string, FieldRule> = { from: S(), vcenter_version: S(), build: S(), time: S() };

const COLLECTIONS = Object.keys(RULES) as Collection[];
const OTHER_KEYS = ['recorded', 'version', 'next', 'generic', 'tasks', 'rules', 'generate'] as const;
export const SEED_KEYS: readonly string[] = [...COLLECTIONS, ...OTHER_KEYS];

/** Singular names for messages (`vm 'vm-9'`). */
const KIND: Record<Collection, string> = {
  datacenters: 'datacenter',
  folders: 'folder',
  clusters: 'cluster',
  hosts: 'host',
  datastores: 'datastore',
  networks: 'network',
  resource_pools: 'resource pool',
  storage_policies: 'storage policy',
  vms: 'VM',
  templates: 'template',
  libraries: 'library',
  library_items: 'library item',
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

/** Checks `item` against `rules`, adding a problem (with its pointer) per bad field. Labels are built only for problems (10,000-VM state files). */
function checkFields(item: Record<string, unknown>, rules: Record<string, FieldRule>, at: string, label: () => string, problems: Problem[]): void {
  const list = fieldList(rules);
  for (let i = 0; i < list.length; i++) {
    const [field, rule] = list[i]!;
    const v = item[field];
    if (v === undefined || v === null) {
      if (rule.required) problems.push({ pointer: `${at}${jsonPointer(field)}`, message: `${label()}: missing required field '${field}'` });
      continue;
    }
    if (!typeOk(v, rule.type))
      problems.push({
        pointer: `${at}${jsonPointer(field)}`,
        message: `${label()}: '${field}' must be ${rule.type === 'integer' ? 'an integer' : `a ${rule.type}`}, got ${show(v)}`,
      });
    else if (rule.enum && !rule.enum.includes(v as string))
      problems.push({ pointer: `${at}${jsonPointer(field)}`, message: `${label()}: '${field}' is ${show(v)}, expected one of ${rule.enum.join(', ')}` });
  }
}

const fieldLists = new WeakMap<Record<string, FieldRule>, [string, FieldRule][]>();
/** The rules as a list, made once per rule table (state files hold 10,000s of records). */
function fieldList(rules: Record<string, FieldRule>): [string, FieldRule][] {
  let list = fieldLists.get(rules);
  if (!list) fieldLists.set(rules, (list = Object.entries(rules)));
  return list;
}

/** `vms[3]` from the pointer `/vms/3`. */
const whereOf = (at: string): string => at.slice(1).replace(/\/(\d+)$/, '[$1]');

/** The shape of one record of `collection` (a state file's list entry, or a journal record). */
export function checkRecord(collection: string, item: unknown, at: string, problems: Problem[]): void {
  if (collection === 'tasks') {
    if (!isObject(item)) return void problems.push({ pointer: at, message: `${whereOf(at)}: a task must be a mapping, got ${show(item)}` });
    const label = () => (typeof item.id === 'string' ? `${whereOf(at)} (task '${item.id}')` : whereOf(at));
    checkFields(item, TASK_RULES, at, label, problems);
    for (const part of ['call', 'settled', 'target'] as const) {
      const sub = item[part];
      if (isObject(sub)) checkFields(sub, NESTED[`task.${part}`]!, `${at}${jsonPointer(part)}`, () => `${label()} ${part}`, problems);
    }
    return;
  }
  const coll = collection as Collection;
  if (!RULES[coll]) return;
  if (!isObject(item)) return void problems.push({ pointer: at, message: `${whereOf(at)}: a ${KIND[coll]} must be a mapping, got ${show(item)}` });
  checkFields(item, RULES[coll], at, () => (typeof item.id === 'string' ? `${whereOf(at)} (${KIND[coll]} '${item.id}')` : whereOf(at)), problems);
}

/** The shape of `rules` (tagging, update sessions, software, Supervisors, namespaces, trust authority). */
export function checkRules(rules: unknown, at: string, problems: Problem[]): void {
  if (!isObject(rules)) return void problems.push({ pointer: at, message: `'rules' must be a mapping, got ${show(rules)}` });
  for (const [key, map] of Object.entries(rules)) {
    const mapAt = `${at}${jsonPointer(key)}`;
    const entry = RULE_ENTRY[key];
    if (!entry) {
      problems.push({ pointer: mapAt, message: `unknown key 'rules.${key}' (allowed: ${Object.keys(RULE_ENTRY).join(', ')})` });
      continue;
    }
    if (!isObject(map)) {
      problems.push({ pointer: mapAt, message: `'rules.${key}' must be a mapping of id to record, got ${show(map)}` });
      continue;
    }
    for (const [id, value] of Object.entries(map)) {
      const valueAt = `${mapAt}${jsonPointer(id)}`;
      const label = `rules.${key}['${id}']`;
      if (entry === 'appliance-sections') {
        const sectionRules = Object.hasOwn(APPLIANCE_SECTION_RULES, id)
          ? (APPLIANCE_SECTION_RULES as Record<string, Record<string, FieldRule>>)[id]
          : undefined;
        if (!sectionRules) {
          problems.push({
            pointer: valueAt,
            message: `${label} is not a section of the appliance (allowed: ${Object.keys(APPLIANCE_SECTION_RULES).join(', ')})`,
          });
        } else if (!isObject(value)) problems.push({ pointer: valueAt, message: `${label} must be a mapping, got ${show(value)}` });
        else {
          checkFields(value, sectionRules, valueAt, () => label, problems);
          for (const [field, sub] of Object.entries(value)) {
            const nested = APPLIANCE_NESTED_RULES[`${id}.${field}`];
            if (nested && isObject(sub)) checkFields(sub, nested, `${valueAt}${jsonPointer(field)}`, () => `${label}.${field}`, problems);
          }
        }
      } else if (entry === 'trust-state') {
        if (value !== 'ENABLE' && value !== 'DISABLE') problems.push({ pointer: valueAt, message: `${label} is ${show(value)}, expected ENABLE or DISABLE` });
      } else if (entry === 'dynamic-ids') {
        if (!Array.isArray(value) || !value.every((o) => isObject(o) && typeof o.type === 'string' && typeof o.id === 'string')) {
          problems.push({ pointer: valueAt, message: `${label} must be a list of { type, id } objects, got ${show(value)}` });
        }
      } else if (!isObject(value)) {
        problems.push({ pointer: valueAt, message: `${label} must be a mapping, got ${show(value)}` });
      } else {
        checkFields(value, entry, valueAt, () => label, problems);
      }
    }
  }
}

/** Problems of a parsed seed or state document, each with its JSON pointer. */
export function checkStateDocument(doc: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const top = (key: string, message: string) => problems.push({ pointer: jsonPointer(key), message });
  for (const key of Object.keys(doc)) {
    if (!SEED_KEYS.includes(key)) top(key, `unknown top-level key '${key}' (allowed: ${SEED_KEYS.join(', ')})`);
  }
  if (doc.recorded !== undefined) {
    if (!isObject(doc.recorded)) top('recorded', `'recorded' must be a mapping like { from, vcenter_version, build, time }, got ${show(doc.recorded)}`);
    else checkFields(doc.recorded, RECORDED_RULES, jsonPointer('recorded'), () => "'recorded'", problems);
  }
  if (doc.version !== undefined && doc.version !== 1) top('version', `'version' must be 1, got ${show(doc.version)}`);
  if (doc.next !== undefined && !Number.isInteger(doc.next)) top('next', `'next' must be an integer, got ${show(doc.next)}`);
  if (doc.generate !== undefined) {
    if (!isObject(doc.generate)) top('generate', `'generate' must be a mapping like { vms: 100 }, got ${show(doc.generate)}`);
    else {
      for (const k of Object.keys(doc.generate))
        if (k !== 'vms') problems.push({ pointer: jsonPointer('generate', k), message: `'generate.${k}' is unknown (only 'generate.vms')` });
      const n = doc.generate.vms;
      if (n !== undefined && (!Number.isInteger(n) || (n as number) < 0))
        problems.push({ pointer: jsonPointer('generate', 'vms'), message: `'generate.vms' must be a non-negative integer, got ${show(n)}` });
    }
  }
  if (doc.generic !== undefined) {
    if (!isObject(doc.generic)) top('generic', `'generic' must be a mapping, got ${show(doc.generic)}`);
    else {
      for (const [family, items] of Object.entries(doc.generic)) {
        if (!isObject(items))
          problems.push({ pointer: jsonPointer('generic', family), message: `'generic.${family}' must be a mapping of id to object, got ${show(items)}` });
      }
    }
  }
  if (doc.rules !== undefined) checkRules(doc.rules, jsonPointer('rules'), problems);
  if (doc.tasks !== undefined) {
    if (!Array.isArray(doc.tasks)) top('tasks', `'tasks' must be a list, got ${show(doc.tasks)}`);
    else {
      const seen = new Set<unknown>();
      doc.tasks.forEach((t, i) => {
        checkRecord('tasks', t, jsonPointer('tasks', i), problems);
        if (isObject(t) && typeof t.id === 'string') {
          if (seen.has(t.id)) problems.push({ pointer: jsonPointer('tasks', i, 'id'), message: `tasks[${i}] (task '${t.id}'): duplicate id '${t.id}'` });
          seen.add(t.id);
        }
      });
    }
  }

  // Pass 1: shapes, and the ids each collection holds.
  const ids = new Map<Collection, Set<string>>();
  for (const coll of COLLECTIONS) {
    const set = new Set<string>();
    ids.set(coll, set);
    const list = doc[coll];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      top(coll, `'${coll}' must be a list of ${KIND[coll]} objects, got ${show(list)}`);
      continue;
    }
    list.forEach((item, i) => {
      checkRecord(coll, item, `/${coll}/${i}`, problems);
      if (isObject(item) && typeof item.id === 'string') {
        // VMs and templates share one id space (a template is a VM).
        const clash = coll === 'vms' || coll === 'templates' ? ids.get('vms')!.has(item.id) || ids.get('templates')?.has(item.id) : set.has(item.id);
        if (clash) problems.push({ pointer: jsonPointer(coll, i, 'id'), message: `${coll}[${i}] (${KIND[coll]} '${item.id}'): duplicate id '${item.id}'` });
        set.add(item.id);
      }
    });
  }

  // Pass 2: references. Labels are built only for problems, and NIC records that VMs share (a state
  // file's shared devices) are checked once: a 100,000-VM state file goes through here at every start.
  const sharedNicsChecked = new Set<object>();
  for (const coll of COLLECTIONS) {
    const list = doc[coll];
    if (!Array.isArray(list)) continue;
    const refRules = fieldList(RULES[coll]).filter(([, rule]) => rule.ref);
    list.forEach((item, i) => {
      if (!isObject(item)) return;
      const label = () => (typeof item.id === 'string' ? `${coll}[${i}] (${KIND[coll]} '${item.id}')` : `${coll}[${i}]`);
      for (const [field, rule] of refRules) {
        const v = item[field];
        if (typeof v !== 'string' || rule.ref!.some((c) => ids.get(c)!.has(v))) continue;
        problems.push({
          pointer: jsonPointer(coll, i, field),
          message: `${label()}: ${field} '${v}' does not exist (no ${rule.ref!.map((c) => KIND[c]).join(' or ')} with that id in the seed)`,
        });
      }
      const nics = item.nics;
      if ((coll === 'vms' || coll === 'templates') && isObject(nics)) {
        if (Object.isFrozen(nics)) {
          if (sharedNicsChecked.has(nics)) return;
          sharedNicsChecked.add(nics);
        }
        for (const [key, nic] of Object.entries(nics)) {
          const net = isObject(nic) ? nic.network : undefined;
          if (typeof net === 'string' && !ids.get('networks')!.has(net)) {
            problems.push({
              pointer: jsonPointer(coll, i, 'nics', key, 'network'),
              message: `${label()}: nics.${key}.network '${net}' does not exist (no network with that id in the seed)`,
            });
          }
        }
      }
    });
  }
  checkStoragePolicyRefs(doc, ids.get('storage_policies')!, problems);
  return problems;
}

/** Every storage policy a VM's home or disk names must exist (rules.vm_storage_policies). */
function checkStoragePolicyRefs(doc: Record<string, unknown>, policies: Set<string>, problems: Problem[]): void {
  const byVm = isObject(doc.rules) ? doc.rules.vm_storage_policies : undefined;
  if (!isObject(byVm)) return;
  for (const [vm, entry] of Object.entries(byVm)) {
    if (!isObject(entry)) continue;
    const targets: [string[], unknown][] = [[['vm_home'], entry.vm_home]];
    if (isObject(entry.disks)) for (const [disk, a] of Object.entries(entry.disks)) targets.push([['disks', disk], a]);
    for (const [path, assignment] of targets) {
      const policy = isObject(assignment) ? assignment.policy : undefined;
      if (typeof policy === 'string' && !policies.has(policy))
        problems.push({
          pointer: jsonPointer('rules', 'vm_storage_policies', vm, ...path, 'policy'),
          message: `rules.vm_storage_policies['${vm}'].${path.join('.')}.policy '${policy}' does not exist (no storage policy with that id in the seed)`,
        });
    }
  }
}

/**
 * Checks a parsed seed document; throws `SeedError` naming `source` and every bad object.
 * Returns the document with VM defaults filled in (a copy; the input is not changed).
 */
export function validateSeed(doc: unknown, source: string): SeedDocument {
  if (doc === null || doc === undefined) return {};
  if (!isObject(doc))
    throw new SeedError(source, [`the seed must be a mapping of ${COLLECTIONS.join(', ')} (got ${Array.isArray(doc) ? 'a list' : typeof doc})`]);
  const problems = checkStateDocument(doc);
  if (problems.length)
    throw new SeedError(
      source,
      problems.map((p) => p.message),
    );
  const out: Record<string, unknown> = { ...doc };

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
