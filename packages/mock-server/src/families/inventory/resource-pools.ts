/**
 * Resource pools: nested create under a parent pool, get with the children and the CPU and
 * memory allocations, update, and delete (the pool's VMs and child pools move up to its parent,
 * as vCenter does). A root pool (of a cluster or a standalone host) cannot be changed or removed.
 */
import { ErrorAnswer, invalidArgument, isErrorAnswer, VapiError } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { ResourceAllocation, ResourcePool, ResourceSharesLevel } from '../../state/types.js';
import { forgetObject } from '../tagging/tagging.js';
import { lookUp, requiredText } from './lookup.js';
import { nameIndex, scopedName } from '../name-index.js';
import { poolName } from './names.js';

export const RESOURCE_POOL_KIND = 'ResourcePool';

type Resource = 'cpu_allocation' | 'memory_allocation';

export interface ResourcePoolCreateSpec {
  name: string;
  parent: string;
  cpu_allocation?: ResourceAllocation;
  memory_allocation?: ResourceAllocation;
}

export interface ResourcePoolUpdateSpec {
  name?: string;
  cpu_allocation?: ResourceAllocation;
  memory_allocation?: ResourceAllocation;
}

/** What vCenter gives a new pool for what the spec leaves out. */
const DEFAULT_ALLOCATION = { reservation: 0, expandable_reservation: true, limit: -1, shares: { level: 'NORMAL' as ResourceSharesLevel } };

/** The allocation as the API shows it: every field, with the share count only for CUSTOM (as vCenter answers). */
export function allocationInfo(a: ResourceAllocation | undefined) {
  const level = a?.shares?.level ?? 'NORMAL';
  return {
    reservation: a?.reservation ?? DEFAULT_ALLOCATION.reservation,
    expandable_reservation: a?.expandable_reservation ?? DEFAULT_ALLOCATION.expandable_reservation,
    limit: a?.limit ?? DEFAULT_ALLOCATION.limit,
    shares: level === 'CUSTOM' ? { level, shares: a?.shares?.shares ?? 0 } : { level },
  };
}

export function resourcePoolInfo(state: Inventory, pool: ResourcePool) {
  const children: string[] = [];
  for (const p of state.resourcePools.values()) if (p.parent === pool.id) children.push(p.id);
  return {
    name: pool.name,
    resource_pools: children,
    cpu_allocation: allocationInfo(pool.cpu_allocation),
    memory_allocation: allocationInfo(pool.memory_allocation),
  };
}

/** `current` changed by `change`, checked: reservation ≥ 0, limit -1 or ≥ the reservation, CUSTOM with a share count. */
function mergedAllocation(current: ResourceAllocation | undefined, change: ResourceAllocation | undefined, field: Resource): ResourceAllocation | undefined {
  if (change === undefined) return current;
  const out = { ...allocationInfo(current), ...change };
  if (out.reservation < 0) throw invalidArgument(`'${field}.reservation' must be 0 or more, got ${out.reservation}.`, [`${field}.reservation`]);
  if (out.limit !== -1 && out.limit < 0) throw invalidArgument(`'${field}.limit' must be -1 (unlimited) or 0 or more, got ${out.limit}.`, [`${field}.limit`]);
  if (out.limit !== -1 && out.limit < out.reservation)
    throw invalidArgument(`'${field}.limit' (${out.limit}) is below '${field}.reservation' (${out.reservation}).`, [`${field}.limit`]);
  if (out.shares.level === 'CUSTOM') {
    const count = out.shares.shares;
    if (count === undefined || count < 0)
      throw invalidArgument(`'${field}.shares.shares' must be given (0 or more) when the level is CUSTOM.`, [`${field}.shares.shares`]);
  } else {
    out.shares = { level: out.shares.level };
  }
  return out;
}

/**
 * A parent that cannot borrow (expandable_reservation false) must hold the reservations of all
 * its children; root pools take the whole capacity of their cluster or host and never run short.
 */
function checkReservations(state: Inventory, parentId: string | undefined, field: Resource, childId: string | undefined, childReservation: number): void {
  const parent = parentId === undefined ? undefined : state.resourcePools.get(parentId);
  if (!parent || parent.parent === undefined) return;
  const parentAlloc = allocationInfo(parent[field]);
  if (parentAlloc.expandable_reservation) return;
  let used = childReservation;
  for (const p of state.resourcePools.values()) if (p.parent === parent.id && p.id !== childId) used += allocationInfo(p[field]).reservation;
  if (used > parentAlloc.reservation)
    throw new VapiError(
      'UNABLE_TO_ALLOCATE_RESOURCE',
      `Resource pool '${parent.id}' reserves ${parentAlloc.reservation} for '${field}' and cannot expand; its children would need ${used}.`,
      [parent.id, field],
      'com.vmware.api.vcenter.resource_pool.insufficient_resources',
    );
}

/** The refusal of a name a sibling pool holds (other than `self`), if one does. */
function siblingNameTaken(state: Inventory, parent: string, name: string, self?: string): ErrorAnswer | undefined {
  const taken = nameIndex(state.resourcePools, poolName).find(scopedName(parent, name), self);
  if (taken === undefined) return undefined;
  return new ErrorAnswer(
    'ALREADY_EXISTS',
    `Resource pool '${parent}' already holds a pool named '${name}' ('${taken}').`,
    [name, parent],
    'com.vmware.api.vcenter.resource_pool.already_exists',
  );
}

/** The new pool's id, or the refusal to return (allocation checks still throw theirs). */
export function createResourcePool(state: Inventory, spec: ResourcePoolCreateSpec): string | ErrorAnswer {
  const name = requiredText(spec.name, 'name');
  if (isErrorAnswer(name)) return name;
  const parent = state.resourcePools.get(spec.parent);
  if (!parent)
    return new ErrorAnswer(
      'NOT_FOUND',
      `'parent': resource pool '${spec.parent}' does not exist.`,
      ['parent', spec.parent],
      'com.vmware.api.vcenter.not_found',
    );
  const taken = siblingNameTaken(state, parent.id, name);
  if (taken) return taken;
  const cpu = mergedAllocation(undefined, spec.cpu_allocation, 'cpu_allocation');
  const memory = mergedAllocation(undefined, spec.memory_allocation, 'memory_allocation');
  checkReservations(state, parent.id, 'cpu_allocation', undefined, allocationInfo(cpu).reservation);
  checkReservations(state, parent.id, 'memory_allocation', undefined, allocationInfo(memory).reservation);
  const id = state.nextId('resgroup');
  state.resourcePools.set(id, {
    id,
    name,
    datacenter: parent.datacenter,
    parent: parent.id,
    ...(parent.cluster !== undefined ? { cluster: parent.cluster } : {}),
    ...(parent.host !== undefined ? { host: parent.host } : {}),
    ...(cpu ? { cpu_allocation: cpu } : {}),
    ...(memory ? { memory_allocation: memory } : {}),
  });
  nameIndex(state.resourcePools, poolName).add(id, state.resourcePools.get(id)!);
  return id;
}

const rootRefused = (pool: ResourcePool, what: string) =>
  new ErrorAnswer(
    'UNSUPPORTED',
    `Resource pool '${pool.id}' is the root pool of ${pool.cluster ? `cluster '${pool.cluster}'` : `host '${pool.host}'`} and cannot be ${what}.`,
    [pool.id],
    'com.vmware.api.vcenter.resource_pool.root',
  );

export function updateResourcePool(state: Inventory, id: string, spec: ResourcePoolUpdateSpec): ErrorAnswer | undefined {
  const pool = lookUp(state.resourcePools, id, RESOURCE_POOL_KIND);
  if (isErrorAnswer(pool)) return pool;
  if (pool.parent === undefined) return rootRefused(pool, 'changed');
  // Check everything before changing anything.
  const name = spec.name === undefined ? pool.name : requiredText(spec.name, 'name');
  if (isErrorAnswer(name)) return name;
  const taken = siblingNameTaken(state, pool.parent, name, pool.id);
  if (taken) return taken;
  const cpu = mergedAllocation(pool.cpu_allocation, spec.cpu_allocation, 'cpu_allocation');
  const memory = mergedAllocation(pool.memory_allocation, spec.memory_allocation, 'memory_allocation');
  checkReservations(state, pool.parent, 'cpu_allocation', pool.id, allocationInfo(cpu).reservation);
  checkReservations(state, pool.parent, 'memory_allocation', pool.id, allocationInfo(memory).reservation);
  const names = nameIndex(state.resourcePools, poolName);
  names.remove(pool.id, pool);
  pool.name = name;
  names.add(pool.id, pool);
  if (cpu) pool.cpu_allocation = cpu;
  if (memory) pool.memory_allocation = memory;
  return undefined;
}

export function deleteResourcePool(state: Inventory, id: string): ErrorAnswer | undefined {
  const pool = lookUp(state.resourcePools, id, RESOURCE_POOL_KIND);
  if (isErrorAnswer(pool)) return pool;
  const parent = pool.parent;
  if (parent === undefined) return rootRefused(pool, 'removed');
  // Records found by iterating are changed through get(), so that the journal notes them (state/tracked-map.ts).
  const names = nameIndex(state.resourcePools, poolName);
  for (const p of [...state.resourcePools.values()]) {
    if (p.parent !== id) continue;
    const child = state.resourcePools.get(p.id)!;
    names.remove(child.id, child);
    child.parent = parent;
    names.add(child.id, child);
  }
  for (const coll of [state.vms, state.templates]) {
    for (const vm of [...coll.values()]) if (vm.resource_pool === id) coll.get(vm.id)!.resource_pool = parent;
  }
  forgetObject(state, { type: 'ResourcePool', id });
  names.remove(id, pool);
  state.resourcePools.delete(id);
  return undefined;
}
