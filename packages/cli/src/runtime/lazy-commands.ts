/**
 * A namespace's command table as the bundle ships it (build.mjs): the words of every command,
 * and the rest of each command (summary, help text, route, flags) as its own line of JSON,
 * parsed the first time a field of that command is read. Running one command then
 * parses one command's JSON instead of the whole namespace's, so start-up stays flat as the
 * API grows; listing a namespace in help parses what it shows.
 */
import type { CommandDef, CommandTable } from './command-types.js';

type Details = Omit<CommandDef, 'words'>;

class LazyCommand implements CommandDef {
  readonly words: readonly string[];
  #json: string;
  #details: Details | undefined;

  constructor(words: readonly string[], json: string) {
    this.words = words;
    this.#json = json;
  }

  #get(): Details {
    return (this.#details ??= JSON.parse(this.#json) as Details);
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

/**
 * A table from its packed text: the first line is the JSON array of every command's words,
 * each further line the JSON of one command's other fields, in the same order.
 */
export function lazyCommands(text: string): CommandTable {
  const lines = text.split('\n');
  const words = JSON.parse(lines[0] as string) as string[][];
  if (words.length !== lines.length - 1) throw new Error(`command table: ${words.length} word lists for ${lines.length - 1} commands`);
  return words.map((w, i) => new LazyCommand(w, lines[i + 1] as string));
}
