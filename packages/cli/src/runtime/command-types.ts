/**
 * The shape of the CLI's generated command tables (`src/generated/**`).
 * The generator writes `import type { ... } from '../runtime/command-types.js'`
 * (or `'../../runtime/command-types.js'` from `commands/`) and emits plain data.
 */
import type { RouteDef } from '@vsphere-kit/core/route';

export type FlagType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
export type FlagItemType = 'string' | 'integer' | 'number' | 'boolean' | 'object';

export interface FlagDef {
  /** Kebab-case flag name without dashes, e.g. `power-states`. */
  readonly flag: string;
  /** Wire name, e.g. `power_states`. */
  readonly name: string;
  readonly in: 'path' | 'query' | 'body';
  readonly type: FlagType;
  /** Item type when `type` is `array`. */
  readonly itemType?: FlagItemType;
  readonly enum?: readonly string[];
  readonly required: boolean;
  readonly description: string;
  /** The inventory object kind the value names (`vm`, `folder`): an identifier, a name or an inventory path is accepted. */
  readonly object?: string;
  /** Nested fields of an object-valued body flag, for dot notation (`--placement.folder`) and `--help`. */
  readonly fields?: readonly FieldDef[];
}

/** One nested field of an object-valued body flag. */
export interface FieldDef {
  /** Wire path below the flag's field: `folder`, `address_range.gateway`. */
  readonly path: string;
  readonly type: FlagType | 'null';
  readonly itemType?: FlagItemType;
  readonly enum?: readonly string[];
  /** Required within its parent object. */
  readonly required: boolean;
  readonly description: string;
  readonly object?: string;
}

export interface CommandDef {
  /** Namespace words and the operation, kebab-case: `['vcenter','vm','power','start']`. */
  readonly words: readonly string[];
  readonly summary: string;
  readonly description: string;
  readonly route: RouteDef;
  readonly flags: readonly FlagDef[];
  /** True when the body's top-level fields are exposed as `in: 'body'` flags. */
  readonly bodyFlags: boolean;
  /** One example invocation, e.g. `vsphere vcenter vm power start --vm vm-42`. */
  readonly example: string;
  /** The words joined by single spaces, where the table has them so (the bundle's tables): finding a command then builds no word lists. */
  readonly key?: string;
}

export type CommandTable = readonly CommandDef[];

/** One top-level namespace in `index.gen.ts`. */
export interface NamespaceEntry {
  /** The top-level word, e.g. `vcenter`. */
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<CommandTable>;
}

export type NamespaceDef = NamespaceEntry;
export type NamespaceIndex = readonly NamespaceEntry[];
