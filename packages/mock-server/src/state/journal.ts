/**
 * The state journal (`<state file>.journal`): one JSON line per completed change, appended with one
 * write() before the change is answered, so an answered write survives a kill -9 of the mock (the
 * line is in the kernel's page cache). With `fsync` each line is also flushed to the disk before
 * the answer, so it survives a power loss too; without it, a power loss can drop the lines of the
 * last seconds (what the kernel had not written back), never the snapshot, which is always synced.
 *
 * A line: `{"n": next id counter, "c": [[collection, id, record] | [collection, id], …], "r"?: rules}`
 * (a two-element change deletes). Every line holds whole records, so replaying the journal over a
 * snapshot that already holds some of its lines ends in the same state (the last line wins).
 */
import { closeSync, existsSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import type { RecordChange } from './tracked-map.js';
import type { RuleState } from './types.js';

export interface JournalRecord {
  n: number;
  c: ([string, string, unknown] | [string, string])[];
  r?: RuleState;
}

/** What a journal file holds: its complete records, and whether a torn last line was cut off. */
export interface JournalContents {
  records: { record: JournalRecord; line: number }[];
  /** Bytes of complete records (the file is cut back to this before new lines are appended). */
  validBytes: number;
  torn: boolean;
}

/** A journal damaged before its last line (the bin exits 2 for it, as for a bad state file). */
export class JournalError extends Error {
  override readonly name = 'StateFileError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export const journalFileOf = (stateFile: string): string => `${stateFile}.journal`;

/**
 * Reads a journal. A last line that does not parse (a write cut by a crash or a power loss) is
 * dropped; a bad line before the last one means the file was damaged otherwise, and is refused.
 */
export function readJournal(file: string): JournalContents {
  if (!existsSync(file)) return { records: [], validBytes: 0, torn: false };
  const buf = readFileSync(file);
  const records: JournalContents['records'] = [];
  let start = 0;
  let line = 0;
  while (start < buf.length) {
    line++;
    const nl = buf.indexOf(10, start);
    const end = nl < 0 ? buf.length : nl;
    const last = nl < 0 || nl === buf.length - 1;
    let record: JournalRecord | undefined;
    try {
      record = JSON.parse(buf.toString('utf8', start, end)) as JournalRecord;
    } catch (e) {
      if (last) return { records, validBytes: start, torn: true };
      throw new JournalError(file, `${file}: line ${line} of the state journal is not valid JSON (${(e as Error).message}); the file is damaged`);
    }
    if (!record || typeof record !== 'object' || !Array.isArray(record.c) || typeof record.n !== 'number') {
      if (last) return { records, validBytes: start, torn: true };
      throw new JournalError(file, `${file}: line ${line} of the state journal is not a journal record; the file is damaged`);
    }
    records.push({ record, line });
    // A complete record whose newline was lost is kept; the appender writes the newline first.
    start = nl < 0 ? buf.length : nl + 1;
  }
  return { records, validBytes: buf.length, torn: false };
}

export function journalRecord(next: number, changes: readonly RecordChange[], rules: RuleState | undefined): JournalRecord {
  return {
    n: next,
    c: changes.map((c) => (c.value === undefined ? [c.collection, c.id] : [c.collection, c.id, c.value])),
    ...(rules ? { r: rules } : {}),
  };
}

/** Appends records to a journal file (opened once; each append is one write()). */
export class JournalWriter {
  private fd: number;
  private size: number;

  /** Opens `file` for appending after its first `validBytes` bytes (what readJournal kept). */
  constructor(
    readonly file: string,
    validBytes: number,
    private readonly fsync: boolean,
  ) {
    this.fd = openSync(file, existsSync(file) ? 'r+' : 'w+', 0o600);
    ftruncateSync(this.fd, validBytes);
    this.size = validBytes;
    if (validBytes > 0) {
      const lastByte = Buffer.alloc(1);
      readSync(this.fd, lastByte, 0, 1, validBytes - 1);
      if (lastByte[0] !== 10) this.write('\n');
    }
  }

  get bytes(): number {
    return this.size;
  }

  append(record: JournalRecord): void {
    this.write(`${JSON.stringify(record)}\n`);
    if (this.fsync) fdatasyncSync(this.fd);
  }

  /** Empties the journal (after a snapshot holds everything in it). */
  truncate(): void {
    ftruncateSync(this.fd, 0);
    this.size = 0;
    if (this.fsync) fdatasyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(text: string): void {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off, this.size + off);
    this.size += buf.length;
  }
}
