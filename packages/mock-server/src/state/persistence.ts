/**
 * --state file.json: load at start, save on change (debounced) and at shutdown.
 * Saves are atomic: write a temp file in the same folder, fsync it, rename it over
 * the target, fsync the folder. A kill -9 at any moment leaves either the old or
 * the new file, both complete.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Inventory } from './inventory.js';
import type { StateData } from './types.js';

/** A state file that cannot be loaded (bad JSON, wrong version); the message names the file. */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
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
    throw new StateFileError(`${file}: the state file is not valid JSON (${(e as Error).message}); remove it or fix it`);
  }
  if (!data || typeof data !== 'object' || data.version !== 1) throw new StateFileError(`${file}: not a vsphere-mock state file (version 1)`);
  return data;
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

export class StatePersister {
  private timer?: NodeJS.Timeout;
  private savedRevision = -1;

  constructor(
    private readonly file: string,
    private readonly getState: () => Inventory,
    private readonly debounceMs = 100,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Call on every change; saves after `debounceMs` of quiet (at most once per debounce window). */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const state = this.getState();
    if (state.revision === this.savedRevision) return;
    try {
      writeAtomic(this.file, JSON.stringify(state.toData()));
      this.savedRevision = state.revision;
    } catch (e) {
      this.log(`could not save state to ${this.file}: ${(e as Error).message}`);
    }
  }
}
