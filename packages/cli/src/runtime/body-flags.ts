/**
 * Object-valued body fields as flags: the whole object (`--placement '{…}'`, `--placement @file.yaml`)
 * and dot notation for its nested fields (`--placement.folder group-v3`, `--memory.size-mib 4096`),
 * in any combination; a dotted field wins over the same field of a whole object, which wins over --spec.
 */
import type { CommandDef, FieldDef, FlagDef } from './command-types.js';
import type { FlagSpec } from './args.js';
import { UsageError } from './errors.js';

/** A nested field's flag segment: `resource_pool` → `resource-pool`, `size_MiB` → `size-mib` (the generator's fieldSegment). */
export function fieldSegment(name: string): string {
  return name.replace(/_/g, '-').toLowerCase();
}

/** `placement.resource-pool` for the field `resource_pool` of `--placement`. */
export function dotFlagName(parent: FlagDef, field: FieldDef): string {
  return `${parent.flag}.${field.path.split('.').map(fieldSegment).join('.')}`;
}

export interface DotFlag {
  readonly name: string;
  readonly parent: FlagDef;
  readonly field: FieldDef;
}

/** Every dot flag of a command, by flag name. */
export function dotFlags(cmd: CommandDef): Map<string, DotFlag> {
  const out = new Map<string, DotFlag>();
  for (const parent of cmd.flags) {
    for (const field of parent.fields ?? []) {
      const name = dotFlagName(parent, field);
      out.set(name, { name, parent, field });
    }
  }
  return out;
}

/** How the dot flags parse: booleans as switches, the rest with a value. */
export function dotFlagSpecs(cmd: CommandDef): Map<string, FlagSpec> {
  const specs = new Map<string, FlagSpec>();
  for (const [name, d] of dotFlags(cmd)) specs.set(name, d.field.type === 'boolean' ? { takesValue: false, boolean: true } : { takesValue: true });
  return specs;
}

/** The flag a nested field is coerced as (its messages name `--placement.folder`). */
export function fieldAsFlag(d: DotFlag): FlagDef {
  const type = d.field.type === 'null' ? 'string' : d.field.type;
  return {
    flag: d.name,
    name: d.field.path,
    in: 'body',
    type,
    ...(d.field.itemType ? { itemType: d.field.itemType } : {}),
    ...(d.field.enum ? { enum: d.field.enum } : {}),
    required: false,
    description: d.field.description,
    ...(d.field.object ? { object: d.field.object } : {}),
  };
}

/** Sets `value` at the wire path `path` (`a.b.c`) inside `target`, creating objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown, flag: string): void {
  const keys = path.split('.');
  let cur = target;
  for (const key of keys.slice(0, -1)) {
    const next = Object.hasOwn(cur, key) ? cur[key] : undefined;
    if (next === undefined || next === null) cur[key] = {};
    else if (typeof next !== 'object' || Array.isArray(next)) throw new UsageError(`--${flag}: '${key}' is already given as a value that is not an object`);
    cur = cur[key] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
}
