/**
 * `mock.snapshot()` / `mock.restore(snapshot)`: the whole state at one moment, for tests that share
 * one server — set fixtures up once, snapshot, and restore before each test.
 *
 * What a snapshot holds: the inventory, every generic family's objects, the rule state of every
 * family (tagging, content, guests, appliance, software drafts, …) and the tasks (unsettled ones
 * go on from where their clock stands when restored), plus the faults with their counts.
 * What it leaves alone: sessions (a test's login stays valid, as with `reset()`), the request
 * journal (`clearRequests()` empties it) and the identity provider. Restoring also clears account
 * lockouts, as `reset()` does.
 *
 * A snapshot is plain data (the state as JSON text), so it can be kept or written to a file and
 * restored into another mock started with the same specs.
 */
import { VapiError } from '../server/errors.js';
import type { Fault } from '../server/faults.js';
import { Inventory } from './inventory.js';
import type { StateData } from './types.js';

export const SNAPSHOT_FORMAT = 'vsphere-kit-mock-snapshot/1';

export interface MockSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** When it was taken (ISO 8601). */
  readonly takenAt: string;
  /** The whole state as JSON text (what `--state` saves). */
  readonly state: string;
  /** The faults as they were, with their hits and remaining counts. */
  readonly faults: readonly Fault[];
}

/** What a snapshot is taken from and restored into (the mock's core). */
export interface SnapshotTarget {
  readonly state: Inventory;
  readonly faults: { list(): Fault[]; replaceAll(faults: readonly Fault[]): void };
  replaceState(state: Inventory): void;
}

export function takeSnapshot(target: SnapshotTarget): MockSnapshot {
  return Object.freeze({
    format: SNAPSHOT_FORMAT,
    takenAt: new Date().toISOString(),
    state: JSON.stringify(target.state.toData()),
    faults: Object.freeze(target.faults.list()),
  });
}

/** Puts the mock back to `snapshot`; anything that is not a snapshot is refused before anything changes. */
export function restoreSnapshot(target: SnapshotTarget, snapshot: unknown): void {
  const s = snapshot as Partial<MockSnapshot> | null;
  if (s === null || typeof s !== 'object' || s.format !== SNAPSHOT_FORMAT || typeof s.state !== 'string' || !Array.isArray(s.faults)) {
    throw new VapiError('INVALID_ARGUMENT', `restore() takes what snapshot() returned (format '${SNAPSHOT_FORMAT}'), got ${describe(snapshot)}.`);
  }
  let data: StateData;
  try {
    data = JSON.parse(s.state) as StateData;
  } catch (e) {
    throw new VapiError('INVALID_ARGUMENT', `The snapshot's state is not JSON: ${(e as Error).message}`);
  }
  const state = Inventory.fromData(data);
  target.faults.replaceAll(s.faults);
  target.replaceState(state);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v !== 'object') return `a ${typeof v}`;
  const format = (v as { format?: unknown }).format;
  return typeof format === 'string' ? `an object of format '${format.slice(0, 60)}'` : 'an object that is not a snapshot';
}
