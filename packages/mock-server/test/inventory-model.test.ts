// The inventory model's writes on a state directly (the operations that call them are tested through the API in inventory-*.test.ts).
import { describe, expect, it } from 'vitest';
import { createDatacenter, deleteDatacenter } from '../src/families/inventory/datacenters.js';
import { createResourcePool, deleteResourcePool, resourcePoolInfo, updateResourcePool } from '../src/families/inventory/resource-pools.js';
import { type ErrorAnswer, errorAnswerOf, isErrorAnswer } from '../src/server/errors.js';
import { Inventory } from '../src/state/inventory.js';

/** The vSphere error a call refuses with (returned, or thrown from deeper down), as `[error_type, args]`. */
function refusal(fn: () => unknown): [string, string[]] {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    const answer = errorAnswerOf(e);
    if (answer) return [answer.errorType, [...answer.args]];
    throw e;
  }
  if (isErrorAnswer(result)) return [result.errorType, [...result.args]];
  throw new Error('expected a vSphere error');
}

/** The id a create returns; a refusal fails the test with its message. */
function created(result: string | ErrorAnswer): string {
  if (isErrorAnswer(result)) throw new Error(`refused: ${result.message}`);
  return result;
}

describe('datacenters', () => {
  it('creates a datacenter with its four root folders in the root datacenter folder', () => {
    const s = Inventory.defaults();
    const id = created(createDatacenter(s, { name: 'dc-east' }));
    const dc = s.datacenters.get(id)!;
    expect(dc.folder).toBe('group-d1');
    const roots = [dc.vm_folder, dc.host_folder, dc.datastore_folder, dc.network_folder].map((f) => s.folders.get(f)!);
    expect(roots.map((f) => [f.name, f.type, f.parent, f.datacenter])).toEqual([
      ['vm', 'VIRTUAL_MACHINE', id, id],
      ['host', 'HOST', id, id],
      ['datastore', 'DATASTORE', id, id],
      ['network', 'NETWORK', id, id],
    ]);
  });

  it('names new objects as vCenter does: a dash after vm or datacenter, none inside folder and cluster ids', () => {
    const s = Inventory.defaults();
    const id = created(createDatacenter(s, { name: 'dc-west' }));
    const dc = s.datacenters.get(id)!;
    expect(id).toMatch(/^datacenter-\d+$/);
    for (const [folder, letter] of [
      [dc.vm_folder, 'v'],
      [dc.host_folder, 'h'],
      [dc.datastore_folder, 's'],
      [dc.network_folder, 'n'],
    ] as const) {
      expect(folder).toMatch(new RegExp(`^group-${letter}\\d+$`));
    }
    expect(s.nextId('domain-c')).toMatch(/^domain-c\d+$/);
    expect(s.nextId('vm')).toMatch(/^vm-\d+$/);
  });

  it('refuses a name taken in the folder, a missing folder and a folder of another kind, changing nothing', () => {
    const s = Inventory.defaults();
    const before = JSON.stringify(s.toData());
    expect(refusal(() => createDatacenter(s, { name: 'Datacenter' }))).toEqual(['ALREADY_EXISTS', ['Datacenter', 'group-d1']]);
    expect(refusal(() => createDatacenter(s, { name: 'x', folder: 'group-d9' }))).toEqual(['NOT_FOUND', ['folder', 'group-d9']]);
    expect(refusal(() => createDatacenter(s, { name: 'x', folder: 'group-v1003' }))).toEqual(['INVALID_ARGUMENT', ['folder', 'group-v1003']]);
    expect(refusal(() => createDatacenter(s, { name: ' ' }))).toEqual(['INVALID_ARGUMENT', ['name']]);
    expect(JSON.stringify(s.toData())).toBe(before);
  });

  it('deletes an empty datacenter with its root folders, without force', () => {
    const s = Inventory.defaults();
    const id = created(createDatacenter(s, { name: 'dc-east' }));
    const folders = s.folders.size;
    deleteDatacenter(s, id, false);
    expect(s.datacenters.has(id)).toBe(false);
    expect(s.folders.size).toBe(folders - 4);
  });

  it('refuses a datacenter that holds objects without force (RESOURCE_IN_USE), and force removes them all', () => {
    const s = Inventory.defaults();
    expect(refusal(() => deleteDatacenter(s, 'datacenter-1001', false))[0]).toBe('RESOURCE_IN_USE');
    deleteDatacenter(s, 'datacenter-1001', true);
    const d = s.toData();
    for (const coll of ['clusters', 'hosts', 'datastores', 'networks', 'resource_pools', 'vms', 'templates'] as const) expect(d[coll], coll).toEqual([]);
    // The other (empty) datacenter and the root folder stay.
    expect(d.datacenters.map((x) => x.id)).toEqual(['datacenter-1090']);
    expect(d.folders.filter((f) => f.datacenter !== 'datacenter-1090').map((f) => f.id)).toEqual(['group-d1']);
    // Template items go with their templates.
    expect(d.library_items.filter((i) => i.type === 'vm-template')).toEqual([]);
    expect(Object.keys(d.rules!.software!)).toEqual([]);
    expect(Object.keys(d.rules!.drafts!)).toEqual([]);
    // The libraries stay, without the datastores that held them.
    expect(d.libraries.map((l) => l.datastore)).toEqual([undefined, undefined, undefined]);
    // What is left is a valid state file.
    expect(() => Inventory.fromSeedData(d, 'after force delete')).not.toThrow();
  });
});

describe('resource pools', () => {
  it('creates a nested pool that inherits the place of its parent, with vCenter’s default allocations', () => {
    const s = Inventory.defaults();
    const id = created(createResourcePool(s, { name: 'dev', parent: 'resgroup-1057' }));
    expect(s.resourcePools.get(id)).toMatchObject({ parent: 'resgroup-1057', cluster: 'domain-c1055', datacenter: 'datacenter-1001' });
    expect(resourcePoolInfo(s, s.resourcePools.get('resgroup-1057')!).resource_pools).toEqual([id]);
    expect(resourcePoolInfo(s, s.resourcePools.get(id)!)).toEqual({
      name: 'dev',
      resource_pools: [],
      cpu_allocation: { reservation: 0, expandable_reservation: true, limit: -1, shares: { level: 'NORMAL' } },
      memory_allocation: { reservation: 0, expandable_reservation: true, limit: -1, shares: { level: 'NORMAL' } },
    });
  });

  it('keeps the share count only for CUSTOM and checks limits, reservations and share counts', () => {
    const s = Inventory.defaults();
    const id = created(
      createResourcePool(s, {
        name: 'custom',
        parent: 'resgroup-1056',
        cpu_allocation: { shares: { level: 'CUSTOM', shares: 1234 }, limit: 4000, reservation: 500 },
        memory_allocation: { shares: { level: 'HIGH', shares: 99 } },
      }),
    );
    const info = resourcePoolInfo(s, s.resourcePools.get(id)!);
    expect(info.cpu_allocation).toEqual({ reservation: 500, expandable_reservation: true, limit: 4000, shares: { level: 'CUSTOM', shares: 1234 } });
    expect(info.memory_allocation.shares).toEqual({ level: 'HIGH' });
    expect(refusal(() => createResourcePool(s, { name: 'a', parent: 'resgroup-1056', cpu_allocation: { limit: 10, reservation: 20 } }))).toEqual([
      'INVALID_ARGUMENT',
      ['cpu_allocation.limit'],
    ]);
    expect(refusal(() => createResourcePool(s, { name: 'a', parent: 'resgroup-1056', memory_allocation: { reservation: -1 } }))).toEqual([
      'INVALID_ARGUMENT',
      ['memory_allocation.reservation'],
    ]);
    expect(refusal(() => createResourcePool(s, { name: 'a', parent: 'resgroup-1056', cpu_allocation: { shares: { level: 'CUSTOM' } } }))).toEqual([
      'INVALID_ARGUMENT',
      ['cpu_allocation.shares.shares'],
    ]);
    expect(refusal(() => createResourcePool(s, { name: 'prod', parent: 'resgroup-1056' }))).toEqual(['ALREADY_EXISTS', ['prod', 'resgroup-1056']]);
    expect(refusal(() => createResourcePool(s, { name: 'a', parent: 'resgroup-404' }))).toEqual(['NOT_FOUND', ['parent', 'resgroup-404']]);
  });

  it('refuses reservations a fixed parent cannot hold (UNABLE_TO_ALLOCATE_RESOURCE)', () => {
    const s = Inventory.defaults();
    const fixed = created(
      createResourcePool(s, { name: 'fixed', parent: 'resgroup-1056', memory_allocation: { reservation: 1000, expandable_reservation: false } }),
    );
    created(createResourcePool(s, { name: 'a', parent: fixed, memory_allocation: { reservation: 600 } }));
    expect(refusal(() => createResourcePool(s, { name: 'b', parent: fixed, memory_allocation: { reservation: 600 } }))[0]).toBe('UNABLE_TO_ALLOCATE_RESOURCE');
    created(createResourcePool(s, { name: 'b', parent: fixed, memory_allocation: { reservation: 400 } }));
  });

  it('updates name and allocations, merging what the spec leaves out, and refuses the root pool', () => {
    const s = Inventory.defaults();
    updateResourcePool(s, 'resgroup-1057', { name: 'production', cpu_allocation: { limit: 8000 } });
    updateResourcePool(s, 'resgroup-1057', { cpu_allocation: { reservation: 100 } });
    const info = resourcePoolInfo(s, s.resourcePools.get('resgroup-1057')!);
    expect([info.name, info.cpu_allocation.limit, info.cpu_allocation.reservation]).toEqual(['production', 8000, 100]);
    expect(refusal(() => updateResourcePool(s, 'resgroup-1056', { name: 'x' }))).toEqual(['UNSUPPORTED', ['resgroup-1056']]);
    expect(refusal(() => updateResourcePool(s, 'resgroup-1057', { name: 'p2', cpu_allocation: { reservation: 9000 } }))[0]).toBe('INVALID_ARGUMENT');
    expect(s.resourcePools.get('resgroup-1057')!.name).toBe('production');
  });

  it('deletes a pool by moving its VMs and child pools to its parent; a root pool is refused', () => {
    const s = Inventory.defaults();
    const child = created(createResourcePool(s, { name: 'child', parent: 'resgroup-1057' }));
    deleteResourcePool(s, 'resgroup-1057');
    expect(s.resourcePools.has('resgroup-1057')).toBe(false);
    expect(s.resourcePools.get(child)!.parent).toBe('resgroup-1056');
    expect(s.vms.get('vm-1074')!.resource_pool).toBe('resgroup-1056');
    expect(refusal(() => deleteResourcePool(s, 'resgroup-1065'))).toEqual(['UNSUPPORTED', ['resgroup-1065']]);
    expect(refusal(() => deleteResourcePool(s, 'resgroup-404'))).toEqual(['NOT_FOUND', ['resgroup-404']]);
  });
});
