/**
 * --state file.json: load at start, save on change (debounced) and at shutdown.
 * Saves are atomic: write a temp file in the same folder, fsync it, rename it over
 * the target, fsync the folder. A kill -9 at any moment leaves either the old or
 * the new file, both complete.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Inventory } from './inventory.js';
import type { StateData } from './types.js';

export function loadStateFile(file: string): StateData | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const data = JSON.parse(text) as StateData;
  if (!data || typeof data !== 'object' || data.version !== 1) throw new Error(`${file}: not a vsphere-mock state file (version 1)`);
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
