/**
 * Field indexes of one record map (tracked-map.ts), so that a filtered list costs O(matches)
 * instead of O(records): `GET /api/vcenter/vm?names=x` at 100,000 VMs reads one bucket.
 *
 * Each indexed field maps a value to the ids of the records holding it. Nothing is built until
 * a filter first asks for a field (a mock that is never listed by folder never indexes folders).
 *
 * Behaviours change records in place, so the map reports which records may have changed: every
 * record handed out by `get`, or replaced by `set`, is marked; a select first re-reads the marked
 * records and moves them to their new buckets. While the change that marked a record is open (an
 * asynchronous behaviour may still hold a record it got), its mark stays, so what it changes later
 * is seen by the next select too; marks of changes that have ended go (otherwise a run of creates,
 * each selecting inside its own change, would re-read every record created before). The same rule as the journal's (tracked-map.ts): a record changed in place must have
 * been reached through `get` (or `set` back), not only found by iterating.
 *
 * Every record a select returns is checked against the filters on its live fields, so an answer
 * never holds a record that does not match. Records come back in map order (each id keeps the
 * sequence number of its insertion, as the Map's own order does).
 */

/** One filter of a list call: the record's `field` must be one of `values`. */
export interface FieldFilter {
  field: string;
  values: ReadonlySet<unknown>;
}

/** The ids holding one value: one id as a string (names are mostly unique), several as a Set. */
type Bucket = string | Set<string>;

interface Entry {
  /** The record's place in the map's order. */
  seq: number;
  /** The value indexed for each field slot (what the buckets hold for this record now). */
  keys: unknown[];
}

/** The field that is the map's key: filtered by looking ids up, never indexed. */
export const ID_FIELD = 'id';

export class FieldIndex<V> {
  private readonly slots = new Map<string, number>();
  private readonly buckets: Map<unknown, Bucket>[] = [];
  private readonly entries = new Map<string, Entry>();
  /** Ids whose record may have changed since the last select, with the change open when marked. */
  private readonly dirty = new Map<string, number | undefined>();
  private nextSeq = 0;

  /**
   * @param records the map's records in map order (read once, to number them)
   * @param peek reads a record without marking it
   * @param openChange the number of the change open now, undefined when none is (ChangeTracker.openChange)
   */
  constructor(
    records: Iterable<readonly [string, V]>,
    private readonly peek: (id: string) => V | undefined,
    private readonly openChange: () => number | undefined,
  ) {
    for (const [id] of records) this.entries.set(id, { seq: this.nextSeq++, keys: [] });
  }

  /** The record `id` was handed out and may be changed in place. */
  touched(id: string): void {
    this.dirty.set(id, this.openChange());
  }

  /** The record `id` was set; `added` when the map did not hold the id (it goes last in the map's order). */
  stored(id: string, added: boolean): void {
    if (added) this.entries.set(id, { seq: this.nextSeq++, keys: new Array(this.buckets.length).fill(undefined) });
    this.dirty.set(id, this.openChange());
  }

  removed(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    for (let slot = 0; slot < this.buckets.length; slot++) unbucket(this.buckets[slot]!, entry.keys[slot], id);
    this.entries.delete(id);
    this.dirty.delete(id);
  }

  /**
   * The records matching every filter, in map order. The filter with the fewest candidates is
   * read first; each candidate is then checked against all filters.
   */
  select(filters: readonly FieldFilter[]): V[] {
    for (const f of filters) if (f.field !== ID_FIELD) this.slotOf(f.field);
    this.refresh();
    let best: FieldFilter | undefined;
    let bestCount = Infinity;
    for (const f of filters) {
      const n = this.candidateCount(f);
      if (n < bestCount) [best, bestCount] = [f, n];
    }
    if (!best || bestCount === 0) return [];
    const found: { seq: number; record: V }[] = [];
    const consider = (id: string): void => {
      const record = this.peek(id);
      if (record === undefined) return;
      const fields = record as Record<string, unknown>;
      for (const f of filters) if (!f.values.has(f.field === ID_FIELD ? id : fields[f.field])) return;
      found.push({ seq: this.entries.get(id)!.seq, record });
    };
    if (best.field === ID_FIELD) {
      for (const v of best.values) if (typeof v === 'string' && this.entries.has(v)) consider(v);
    } else {
      const buckets = this.buckets[this.slots.get(best.field)!]!;
      for (const v of best.values) {
        const b = buckets.get(v);
        if (typeof b === 'string') consider(b);
        else if (b) for (const id of b) consider(id);
      }
    }
    let sorted = true;
    for (let i = 1; i < found.length && sorted; i++) sorted = found[i - 1]!.seq < found[i]!.seq;
    if (!sorted) found.sort((a, b) => a.seq - b.seq);
    return found.map((f) => f.record);
  }

  private candidateCount(f: FieldFilter): number {
    if (f.field === ID_FIELD) return f.values.size;
    const buckets = this.buckets[this.slots.get(f.field)!]!;
    let n = 0;
    for (const v of f.values) {
      const b = buckets.get(v);
      if (b !== undefined) n += typeof b === 'string' ? 1 : b.size;
    }
    return n;
  }

  /** The slot of `field`, indexing every record on first use. */
  private slotOf(field: string): number {
    let slot = this.slots.get(field);
    if (slot !== undefined) return slot;
    slot = this.buckets.length;
    const buckets = new Map<unknown, Bucket>();
    this.slots.set(field, slot);
    this.buckets.push(buckets);
    for (const [id, entry] of this.entries) {
      const key = (this.peek(id) as Record<string, unknown> | undefined)?.[field];
      entry.keys[slot] = key;
      bucket(buckets, key, id);
    }
    return slot;
  }

  /** Moves every marked record to the buckets of its current values. */
  private refresh(): void {
    if (this.dirty.size === 0) return;
    const open = this.openChange();
    for (const [id, change] of this.dirty) {
      // A record marked by a change that has ended cannot change behind the index any more.
      if (open === undefined || change !== open) this.dirty.delete(id);
      const entry = this.entries.get(id);
      const record = this.peek(id) as Record<string, unknown> | undefined;
      if (!entry || !record) continue;
      for (const [field, slot] of this.slots) {
        const key = record[field];
        const was = entry.keys[slot];
        if (key === was) continue;
        unbucket(this.buckets[slot]!, was, id);
        bucket(this.buckets[slot]!, key, id);
        entry.keys[slot] = key;
      }
    }
  }
}

function bucket(buckets: Map<unknown, Bucket>, key: unknown, id: string): void {
  if (key === undefined) return;
  const b = buckets.get(key);
  if (b === undefined) buckets.set(key, id);
  else if (typeof b === 'string') {
    if (b !== id) buckets.set(key, new Set([b, id]));
  } else b.add(id);
}

function unbucket(buckets: Map<unknown, Bucket>, key: unknown, id: string): void {
  if (key === undefined) return;
  const b = buckets.get(key);
  if (b === id) buckets.delete(key);
  else if (typeof b === 'object') {
    b.delete(id);
    if (b.size === 1) buckets.set(key, b.values().next().value!);
    else if (b.size === 0) buckets.delete(key);
  }
}
