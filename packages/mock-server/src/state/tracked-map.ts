/**
 * Change tracking for the state journal (persistence.ts). Behaviours change records in place
 * (`state.vms.get(id)!.power_state = …`), so the maps of the state note which records a change
 * may reach: while a change is open (`ChangeTracker.open()`, around every write request and task
 * step), every record handed out by `get`, or replaced or removed by `set`, `delete` or `clear`, is
 * remembered with its JSON before the change. `collect()` then returns the records whose JSON
 * differs, which is what the journal writes. Outside a change (reads) the maps cost one branch.
 *
 * Iterating does not note records: writes scan whole collections for name clashes, and noting
 * 10,000 VMs per create would cost more than the create. So a behaviour that changes a record it
 * found by iterating looks it up with `get(id)` first (or `set`s it back). The hostile suite
 * (test/hostile.test.ts) checks after its writes that replaying the journal gives the live state.
 */

import { type FieldFilter, FieldIndex } from './field-index.js';

/** One journaled change: the record's new value, or `undefined` when it was deleted. */
export interface RecordChange {
  collection: string;
  id: string;
  value: unknown;
}

export class ChangeTracker {
  /** Off until a journal follows the state (--state): without one, changes cost nothing extra. */
  enabled = false;
  private depth = 0;
  /** Counts outermost changes: the number of the one open now, or of the last one. */
  private epoch = 0;
  /** Map → record id → the record's JSON when first touched (undefined: it did not exist). */
  private readonly before = new Map<TrackedMap<unknown>, Map<string, string | undefined>>();

  /** True while a change is open (and a journal follows). */
  get active(): boolean {
    return this.depth > 0 && this.enabled;
  }

  /** True when something was touched since the last collect(). */
  get pending(): boolean {
    return this.before.size > 0;
  }

  /** True while a change is open, whether or not a journal follows. */
  get changing(): boolean {
    return this.depth > 0;
  }

  /** The number of the change open now (undefined when none is): a new one each time the depth leaves 0. */
  get openChange(): number | undefined {
    return this.depth > 0 ? this.epoch : undefined;
  }

  open(): void {
    if (this.depth++ === 0) this.epoch++;
  }

  /** Ends one change; returns true when it was the outermost one. */
  close(): boolean {
    if (this.depth > 0) this.depth--;
    return this.depth === 0;
  }

  /** Drops what was noted (after the outermost change ended and was journaled). */
  forget(): void {
    if (this.depth === 0) this.before.clear();
  }

  touch(map: TrackedMap<unknown>, id: string, value: unknown): void {
    let ids = this.before.get(map);
    if (!ids) this.before.set(map, (ids = new Map()));
    if (!ids.has(id)) ids.set(id, value === undefined ? undefined : JSON.stringify(value));
  }

  /**
   * The touched records that differ from their JSON before the change. While a change is still
   * open (an asynchronous behaviour awaiting), the current JSON becomes the new "before", so a later
   * collect() sees only what changes after this one; otherwise the touches are forgotten.
   */
  collect(): RecordChange[] {
    const out: RecordChange[] = [];
    for (const [map, ids] of this.before) {
      for (const [id, was] of ids) {
        const value = map.peek(id);
        const now = value === undefined ? undefined : JSON.stringify(value);
        if (now === was) continue;
        out.push({ collection: map.collection, id, value });
        if (this.depth > 0) ids.set(id, now);
      }
    }
    if (this.depth === 0) this.before.clear();
    return out;
  }
}

/**
 * A Map of state records that reports the records a change may reach to its tracker, and keeps the
 * field indexes of filtered lists (field-index.ts) once a `select` asked for one.
 */
export class TrackedMap<V> extends Map<string, V> {
  private index?: FieldIndex<V>;

  constructor(
    readonly collection: string,
    private readonly tracker: ChangeTracker,
    entries?: Iterable<readonly [string, V]>,
  ) {
    super();
    if (entries) for (const [k, v] of entries) super.set(k, v);
  }

  /** The record without noting it (the tracker's own reads). */
  peek(id: string): V | undefined {
    return super.get(id);
  }

  override get(id: string): V | undefined {
    const v = super.get(id);
    if (v !== undefined) {
      if (this.tracker.active) this.tracker.touch(this as TrackedMap<unknown>, id, v);
      this.index?.touched(id);
    }
    return v;
  }

  override set(id: string, value: V): this {
    if (this.tracker.active) this.tracker.touch(this as TrackedMap<unknown>, id, super.get(id));
    this.index?.stored(id, !super.has(id));
    return super.set(id, value);
  }

  override delete(id: string): boolean {
    if (this.tracker.active) this.tracker.touch(this as TrackedMap<unknown>, id, super.get(id));
    this.index?.removed(id);
    return super.delete(id);
  }

  override clear(): void {
    if (this.tracker.active) for (const [k, v] of super.entries()) this.tracker.touch(this as TrackedMap<unknown>, k, v);
    this.index = undefined;
    super.clear();
  }

  /**
   * The records whose every filtered field holds one of the filter's values, in map order, in
   * O(matches): through the field indexes, built on the first select that filters on a field.
   * The field `id` is the map's key.
   */
  select(filters: readonly FieldFilter[]): V[] {
    this.index ??= new FieldIndex<V>(
      super.entries(),
      (id) => super.get(id),
      () => this.tracker.openChange,
    );
    return this.index.select(filters);
  }
}
