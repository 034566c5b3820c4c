/**
 * A partial seed extends a base inventory (by default the mock's default one): objects of each
 * collection are matched by id — a seed object with an id the base has replaces it, any other is
 * added — and `rules` entries and `generic` records are matched by key the same way. So a test
 * seeds the two VMs it is about and still finds the datacenter, folders, hosts and networks
 * they live in. `startMockServer({ seedMode: 'replace' })` (`--seed-mode replace`) uses the seed alone.
 *
 * Only the merge lives here: the merged document is then validated as any seed is (seed.ts),
 * so a reference from the seed to a default object is valid and a wrong one is named.
 */
import { dict } from './dict.js';
import { SEED_KEYS } from './seed.js';
import type { StateData, Vm } from './types.js';

/** How a seed relates to the default inventory. */
export type SeedMode = 'extend' | 'replace';

/** The VM fields a seed may leave out (the seed check fills them in: seed.ts). */
type DefaultedVmField = 'cores_per_socket' | 'hardware_version' | 'bios_uuid' | 'instance_uuid';

/** A VM (or template) as a seed gives it. */
export type SeedVm = Omit<Vm, DefaultedVmField> & Partial<Pick<Vm, DefaultedVmField>>;

/** Seed data (`startMockServer({ seed })`): any part of the state; `generate.vms` adds that many VMs. */
export type SeedData = Omit<Partial<StateData>, 'vms' | 'templates'> & { vms?: SeedVm[]; templates?: SeedVm[]; generate?: { vms?: number } };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The mode a seed loads in: the one asked for, else `replace` for a recorded seed (it has the
 * `recorded` marker `--record-from` writes: it is a whole vCenter, and the default inventory laid
 * under it would add objects the recorded vCenter never had), else `extend`.
 */
export function seedModeOf(doc: unknown, asked: SeedMode | undefined): SeedMode {
  return asked ?? (isObject(doc) && doc.recorded !== undefined ? 'replace' : 'extend');
}

/**
 * `base` with `seed` laid over it. Anything in `seed` that is not of the expected shape is kept as
 * the seed gave it, so that validation reports it in the seed's words.
 */
export function extendSeed(base: StateData, seed: unknown): unknown {
  if (!isObject(seed)) return seed;
  const out = dict<unknown>(Object.entries(base));
  for (const key of Object.keys(seed)) {
    const mine = seed[key];
    const theirs = (base as unknown as Record<string, unknown>)[key];
    if (!SEED_KEYS.includes(key))
      out[key] = mine; // unknown keys: refused by validation, by name
    else if (Array.isArray(mine) && Array.isArray(theirs)) out[key] = byId(theirs, mine);
    else if (key === 'rules' || key === 'generic') out[key] = isObject(mine) && isObject(theirs) ? mergeMaps(theirs, mine) : (mine ?? theirs);
    else if (key === 'next') out[key] = typeof mine === 'number' ? Math.max(mine, base.next) : mine;
    else out[key] = mine;
  }
  return out;
}

/** The base list with the seed's objects replacing those of the same id, the others appended in the seed's order. */
function byId(base: readonly unknown[], seed: readonly unknown[]): unknown[] {
  const idOf = (o: unknown): unknown => (isObject(o) ? o.id : undefined);
  const replacing = new Map<unknown, unknown>();
  for (const o of seed) if (typeof idOf(o) === 'string') replacing.set(idOf(o), o);
  const out = base.map((o) => (replacing.has(idOf(o)) ? replacing.get(idOf(o)) : o));
  const inBase = new Set(base.map(idOf));
  for (const o of seed) if (!inBase.has(idOf(o)) || typeof idOf(o) !== 'string') out.push(o);
  return out;
}

/** `rules` (rule key → entry key → entry) or `generic` (family → id → record), merged one level down, entry by entry. */
function mergeMaps(base: Record<string, unknown>, seed: Record<string, unknown>): Record<string, unknown> {
  const out = dict<unknown>(Object.entries(base));
  for (const [key, mine] of Object.entries(seed)) {
    const theirs = out[key];
    out[key] = isObject(mine) && isObject(theirs) ? dict<unknown>([...Object.entries(theirs), ...Object.entries(mine)]) : mine;
  }
  return out;
}
