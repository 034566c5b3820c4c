/**
 * A namespace's command table as the bundle ships it: a range of dist/vsphere-commands.bin
 * (build.mjs) holding
 *
 *     {"keys":"<words of command 0>\n<words of command 1>...","ends":[...]}\n
 *     <JSON of command 0>\n<JSON of command 1>\n...
 *
 * The header holds every command's words, joined by spaces (its key), and where each command's
 * JSON ends after the header.
 *
 * Loading the namespace reads the header; the rest of a command (summary, help text, route,
 * flags) is read and parsed the first time one of its fields is read. Running one command then
 * reads and parses its namespace's words and its own line, so start-up stays flat as the API
 * grows; help that lists many commands reads the namespace's lines in one go.
 */
import type { CommandDef, CommandTable } from './command-types.js';
import { COMMANDS_FILE, damaged, readRange } from './data-files.js';

type Details = Omit<CommandDef, 'words'>;

/** Where build.mjs put a table: offset in the file, then the header's and the commands' lengths in bytes. */
export type TableRef = readonly [offset: number, headerLength: number, bodyLength: number];

/** Past this many single reads, the rest of the namespace is read at once (a listing reads every summary). */
const SINGLE_READS = 8;

/** The commands' JSON lines of one table, read one at a time or all at once. */
class TableBody {
  readonly #offset: number;
  readonly #ends: readonly number[];
  #all: Buffer | undefined;
  #reads = 0;

  constructor(offset: number, ends: readonly number[]) {
    this.#offset = offset;
    this.#ends = ends;
  }

  line(i: number): string {
    const start = i === 0 ? 0 : (this.#ends[i - 1] as number);
    const end = this.#ends[i] as number;
    if (!this.#all && ++this.#reads > SINGLE_READS) this.#all = readRange(COMMANDS_FILE, this.#offset, this.#ends.at(-1) ?? 0);
    const bytes = this.#all ? this.#all.subarray(start, end) : readRange(COMMANDS_FILE, this.#offset + start, end - start);
    return bytes.toString('utf8');
  }
}

class LazyCommand implements CommandDef {
  readonly key: string;
  readonly #body: TableBody;
  readonly #index: number;
  #words: readonly string[] | undefined;
  #details: Details | undefined;

  constructor(key: string, body: TableBody, index: number) {
    this.key = key;
    this.#body = body;
    this.#index = index;
  }

  /** Split from the key when first read: finding a command compares keys only. */
  get words(): readonly string[] {
    return (this.#words ??= this.key.split(' '));
  }

  #get(): Details {
    if (this.#details) return this.#details;
    try {
      this.#details = JSON.parse(this.#body.line(this.#index)) as Details;
    } catch (err) {
      if (err instanceof SyntaxError) throw damaged(COMMANDS_FILE, `the entry of '${this.key}' is not JSON`);
      throw err;
    }
    return this.#details;
  }

  get summary() {
    return this.#get().summary;
  }
  get description() {
    return this.#get().description;
  }
  get route() {
    return this.#get().route;
  }
  get flags() {
    return this.#get().flags;
  }
  get bodyFlags() {
    return this.#get().bodyFlags;
  }
  get example() {
    return this.#get().example;
  }
}

/** Whole numbers, each at least the one before (and the first at least 0): where each command's line ends. */
function ascending(ends: unknown[]): boolean {
  return ends.every((end, i) => Number.isInteger(end) && (end as number) >= (i === 0 ? 0 : (ends[i - 1] as number)));
}

/** The table at `ref`: its header is read now, each command's details when first used. */
export function lazyCommands([offset, headerLength, bodyLength]: TableRef): CommandTable {
  let header: { keys?: unknown; ends?: unknown };
  try {
    header = JSON.parse(readRange(COMMANDS_FILE, offset, headerLength).toString('utf8')) as typeof header;
  } catch (err) {
    if (err instanceof SyntaxError) throw damaged(COMMANDS_FILE, 'it does not belong to this bundle');
    throw err;
  }
  const { keys, ends } = header ?? {};
  const lines = typeof keys === 'string' && keys !== '' ? keys.split('\n') : [];
  if (!Array.isArray(ends) || lines.length !== ends.length || (ends.at(-1) ?? 0) !== bodyLength || !ascending(ends)) {
    throw damaged(COMMANDS_FILE, 'it does not belong to this bundle');
  }
  const body = new TableBody(offset + headerLength, ends as number[]);
  return lines.map((key, i) => new LazyCommand(key, body, i));
}
