import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/**
 * Parsed spec files kept between runs, keyed by a hash of the file's text: YAML parsing is the
 * largest single cost of a full regeneration, and most runs change a few files. Values are stored
 * with v8's serializer, which keeps every value `yaml` produces (including ±Infinity and NaN,
 * which JSON would turn into null). Only files that parsed cleanly into a mapping are stored, so
 * a problem in a file is always reported from a fresh parse.
 */
export class ParseCache {
  private readonly used = new Set<string>();

  /** `dir` is created on the first store; `salt` changes every key (parser version, options). */
  constructor(
    private readonly dir: string,
    private readonly salt: string,
  ) {}

  key(text: string): string {
    return createHash('sha256').update(this.salt).update('\0').update(text).digest('hex');
  }

  get(key: string): Record<string, unknown> | undefined {
    this.used.add(key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(this.dir, `${key}.v8`));
    } catch {
      return undefined;
    }
    try {
      const value = deserialize(bytes) as unknown;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // a truncated or foreign file: parse again and overwrite it
    }
    return undefined;
  }

  set(key: string, doc: Record<string, unknown>): void {
    this.used.add(key);
    try {
      mkdirSync(this.dir, { recursive: true });
      // written aside and renamed, so a concurrent run never reads half a file
      const aside = join(this.dir, `${key}.${process.pid}.tmp`);
      writeFileSync(aside, serialize(doc));
      renameSync(aside, join(this.dir, `${key}.v8`));
    } catch {
      // the cache only saves time: a read-only or full disk must not fail the run
    }
  }

  /** Removes the entries this run did not use (older versions of the spec files). */
  prune(): void {
    let entries: string[];
    try {
      entries = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.endsWith('.v8') && !this.used.has(entry.slice(0, -3))) rmSync(join(this.dir, entry), { force: true });
    }
  }
}
