/**
 * --state file.json: the snapshot `file.json` plus the journal `file.json.journal` (journal.ts).
 * Every change is appended to the journal before it is answered; at start the journal is
 * replayed over the snapshot; compaction folds it into a new snapshot. Snapshots are atomic:
 * write a temp file in the same folder, fsync it, rename it over the target, fsync the folder.
 * A kill -9 at any moment leaves either the old or the new snapshot, both complete, and a
 * journal whose only possible damage is a torn last line (dropped at start).
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { rulesFrom, type Inventory } from './inventory.js';
import { journalFileOf, journalRecord, JournalWriter, readJournal, type JournalContents } from './journal.js';
import { checkRecord, checkRules, checkStateDocument, jsonPointer, type Problem } from './seed.js';
import { packSharedDevices, unpackSharedDevices } from './shared-devices.js';
import type { StateData } from './types.js';

/**
 * A state file (or its journal) that cannot be loaded: bad JSON, wrong version, or data that does not
 * fit the state's schema. The message names the file and, per problem, the JSON pointer and what is wrong.
 */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
  constructor(
    readonly file: string,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
  }

  static invalid(file: string, problems: readonly Problem[], where = ''): StateFileError {
    const shown = problems.slice(0, 25).map((p) => `  - ${p.pointer || '/'}: ${p.message}`);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    return new StateFileError(
      file,
      `${file}${where}: invalid state (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${shown.join('\n')}${more}`,
      problems,
    );
  }
}

/** `.state.json.<pid>.<time>.tmp` — the temp files writeAtomic() makes next to `file`. */
function tempFilePattern(file: string): RegExp {
  const esc = basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${esc}\\.(\\d+)\\.\\d+\\.tmp$`);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files that a killed process left next to `file` (a kill -9 between
 * the write and the rename). Files of a process that still runs are left alone.
 * Returns the names removed.
 */
export function removeStaleTempFiles(file: string): string[] {
  const dir = dirname(file);
  const re = tempFilePattern(file);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = re.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      /* gone already, or not ours to remove */
    }
  }
  return removed;
}

/** Loads `file` (undefined when it does not exist), after removing stale temp files next to it. */
export function loadStateFile(file: string): StateData | undefined {
  removeStaleTempFiles(file);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  let data: StateData;
  try {
    data = JSON.parse(text) as StateData;
  } catch (e) {
    throw new StateFileError(file, `${file}: the state file is not valid JSON (${(e as Error).message}); remove it or fix it`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new StateFileError(file, `${file}: not a vsphere-mock state file (a JSON object with "version": 1)`);
  const problems: Problem[] = [];
  unpackSharedDevices(data as unknown as Record<string, unknown>, problems);
  problems.push(...checkStateDocument(data as unknown as Record<string, unknown>));
  if (data.version === undefined) problems.unshift({ pointer: '/version', message: `missing 'version' (1): not a vsphere-mock state file?` });
  if (problems.length) throw StateFileError.invalid(file, problems);
  return data;
}

/** What `--state file` holds at start: the snapshot (undefined when there is none) and the journal to replay over it. */
export interface LoadedState {
  data: StateData | undefined;
  journal: JournalContents;
}

export function loadState(file: string): LoadedState {
  return { data: loadStateFile(file), journal: readJournal(journalFileOf(file)) };
}

/** Applies the journal's records to `inv` in order (whole records: the last one of each id wins), each checked first. */
export function replayJournal(inv: Inventory, journal: JournalContents, file: string): void {
  const journalFile = journalFileOf(file);
  for (const { record, line } of journal.records) {
    const problems: Problem[] = [];
    record.c.forEach((change, i) => {
      const [collection, id] = change;
      const at = jsonPointer('c', i);
      if (!Array.isArray(change) || typeof collection !== 'string' || typeof id !== 'string' || !inv.collectionNamed(collection)) {
        problems.push({ pointer: at, message: `not a change of a known collection: ${JSON.stringify(change)?.slice(0, 120)}` });
      } else if (change.length === 3) {
        const base = collection.startsWith('generic/') ? 'generic' : collection;
        checkRecord(base, change[2], `${at}/2`, problems);
        const value = change[2] as { id?: unknown } | null;
        if (base !== 'generic' && value && typeof value === 'object' && value.id !== id)
          problems.push({ pointer: `${at}/2/id`, message: `the record's id ${JSON.stringify(value.id)} is not '${id}'` });
      }
    });
    if (record.r !== undefined) checkRules(record.r, '/r', problems);
    if (!Number.isInteger(record.n)) problems.push({ pointer: '/n', message: `'n' must be an integer, got ${JSON.stringify(record.n)}` });
    if (problems.length) throw StateFileError.invalid(journalFile, problems, ` line ${line}`);
    for (const change of record.c) {
      const map = inv.collectionNamed(change[0])!;
      if (change.length === 2) map.delete(change[1]);
      else map.set(change[1], change[2]);
    }
    if (record.r) inv.rules = rulesFrom(record.r);
    if (record.n > inv.next) inv.next = record.n;
  }
}

export function writeAtomic(file: string, text: string): void {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* ignore */
    }
    throw e;
  }
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* some platforms cannot fsync a directory */
  }
}

export interface PersistOptions {
  /** Flush every journal line to the disk before the answer (survives a power loss; slower writes). */
  fsync: boolean;
  /** Delay of the background compaction once the journal has grown past its threshold (ms). */
  compactDelayMs: number;
  log: (line: string) => void;
}

/** The journal is folded into the snapshot once it is larger than the snapshot, within these bounds. */
const MIN_COMPACT_BYTES = 256 * 1024;
const MAX_COMPACT_BYTES = 8 * 1024 * 1024;

/**
 * Keeps `file` (the snapshot) and `file.journal` up to date: `record()` runs on every completed
 * change (Inventory.onChange) and appends what changed to the journal before the change is
 * answered; compaction writes a new snapshot atomically and empties the journal, in the
 * background once the journal has grown, and at close. A change that was not tracked (reset()
 * replaces the whole state) is written as a snapshot straight away.
 */
export class StatePersister {
  private timer?: NodeJS.Timeout;
  private readonly journal: JournalWriter;
  /** The state object that the journal follows (reset() swaps in a new one). */
  private followed: Inventory;
  private rulesJson: string;
  private next: number;
  private snapshotRevision = -1;
  private snapshotBytes = 0;

  constructor(
    private readonly file: string,
    private readonly getState: () => Inventory,
    private readonly options: PersistOptions,
    journalValidBytes: number,
  ) {
    this.journal = new JournalWriter(journalFileOf(file), journalValidBytes, options.fsync);
    this.followed = getState();
    this.followed.tracker.enabled = true;
    this.rulesJson = JSON.stringify(this.followed.rules);
    this.next = this.followed.next;
  }

  /** Journals the change that just completed (throws when it cannot be written: the change is then not acknowledged). */
  record(): void {
    const state = this.getState();
    if (state !== this.followed || (!state.tracker.active && !state.tracker.pending)) {
      this.snapshot();
      return;
    }
    const changes = state.tracker.collect();
    const rulesJson = JSON.stringify(state.rules);
    const rulesChanged = rulesJson !== this.rulesJson;
    if (!changes.length && !rulesChanged && state.next === this.next) return;
    this.journal.append(journalRecord(state.next, changes, rulesChanged ? state.rules : undefined));
    this.rulesJson = rulesJson;
    this.next = state.next;
    if (this.journal.bytes > Math.min(MAX_COMPACT_BYTES, Math.max(MIN_COMPACT_BYTES, this.snapshotBytes))) this.scheduleCompaction();
  }

  /** Writes the whole state as the snapshot (atomically) and empties the journal. */
  snapshot(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const state = this.getState();
    const text = JSON.stringify(packSharedDevices(state.toData()));
    writeAtomic(this.file, text);
    this.journal.truncate();
    this.snapshotBytes = text.length;
    this.snapshotRevision = state.revision;
    this.followed = state;
    state.tracker.enabled = true;
    this.rulesJson = JSON.stringify(state.rules);
    this.next = state.next;
  }

  /** Final snapshot (when anything changed since the last one) and the journal closed. */
  close(): void {
    try {
      if (this.journal.bytes > 0 || this.getState() !== this.followed || this.getState().revision !== this.snapshotRevision) this.snapshot();
    } catch (e) {
      this.options.log(`could not save state to ${this.file}: ${(e as Error).message}`);
    } finally {
      this.journal.close();
    }
  }

  private scheduleCompaction(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.snapshot();
      } catch (e) {
        // The journal still holds everything; the next compaction tries again.
        this.options.log(`could not compact the state journal into ${this.file}: ${(e as Error).message}`);
      }
    }, this.options.compactDelayMs);
    this.timer.unref();
  }
}
