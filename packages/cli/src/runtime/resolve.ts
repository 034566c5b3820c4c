/**
 * Flags that name an inventory object (`--vm`, `--host`, `--placement.folder`…, marked with their
 * kind in the command tables) take an identifier, a name or an inventory path; this replaces
 * names and paths with identifiers before the call, through the client's `resolveObject`
 * (one implementation, filtered lists on the server). Values from `--spec` and whole-object
 * flags are resolved the same way. Identifiers (`vm-42`) cost no request.
 */
import { dotFlagName } from './body-flags.js';
import type { Caller } from '@vsphere-kit/core/caller';
import type { CommandDef } from './command-types.js';
import type { Api } from './connection.js';
import { CliError, UsageError } from './errors.js';
import type { BuiltArgs } from './input.js';
import { loadClientApi } from './lazy.js';

/** A place in the request that holds an object reference. */
interface Slot {
  readonly flag: string;
  readonly kind: string;
  get(): unknown;
  set(value: unknown): void;
}

/** An object that is not there: printed as vCenter's NOT_FOUND, exit 1. */
class LookupNotFoundError extends CliError {
  readonly errorType = 'NOT_FOUND';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a dotted wire path inside `root`, and a setter for it. */
function at(root: unknown, path: string): { value: unknown; set(v: unknown): void } | undefined {
  const keys = path.split('.');
  let cur = root;
  for (const key of keys.slice(0, -1)) {
    if (!isRecord(cur) || !Object.hasOwn(cur, key)) return undefined;
    cur = cur[key];
  }
  const last = keys[keys.length - 1]!;
  if (!isRecord(cur) || !Object.hasOwn(cur, last)) return undefined;
  const holder = cur;
  return { value: holder[last], set: (v) => (holder[last] = v) };
}

function slotsOf(cmd: CommandDef, args: BuiltArgs): Slot[] {
  const slots: Slot[] = [];
  const body = isRecord(args.body) ? args.body : undefined;
  const add = (flag: string, kind: string, place: { value: unknown; set(v: unknown): void } | undefined) => {
    if (place && place.value !== undefined) slots.push({ flag, kind, get: () => place.value, set: place.set });
  };
  for (const def of cmd.flags) {
    if (def.object) {
      if (def.in === 'path')
        add(
          def.flag,
          def.object,
          Object.hasOwn(args.path, def.name) ? { value: args.path[def.name], set: (v) => (args.path[def.name] = String(v)) } : undefined,
        );
      else if (def.in === 'query') add(def.flag, def.object, at(args.query, def.name));
      else add(def.flag, def.object, at(body, def.name));
    }
    if (def.in !== 'body' || !body) continue;
    for (const field of def.fields ?? []) {
      if (field.object) add(dotFlagName(def, field), field.object, at(body, `${def.name}.${field.path}`));
    }
  }
  return slots;
}

/** The CLI's client runtime as the client's helpers (`resolveObject`, `listAll`) take it. */
export function callerOf(api: Api): Caller {
  // The CLI reads answers as unknown JSON; the helpers' type parameters only describe them.
  return { call: (route, args) => api.call(route, args) as never, callTask: (route, args) => api.callTask(route, args) as never };
}

/** Whether any given value needs a lookup (a cheap check: no client is loaded for identifiers only). */
export function hasObjectFlags(cmd: CommandDef): boolean {
  return cmd.flags.some((f) => f.object || f.fields?.some((x) => x.object));
}

/** Replaces names and inventory paths with identifiers in `args`; throws a usage error (exit 2) for an ambiguous name. */
export async function resolveObjects(cmd: CommandDef, args: BuiltArgs, api: Api): Promise<void> {
  const slots = slotsOf(cmd, args);
  if (!slots.length) return;
  const client = await loadClientApi();
  const cache = new Map<string, Promise<string>>();
  const one = (flag: string, kind: string, value: unknown): Promise<unknown> => {
    if (typeof value !== 'string' || !client.isObjectKind(kind) || client.looksLikeId(kind, value)) return Promise.resolve(value);
    const key = `${kind}\0${value}`;
    let found = cache.get(key);
    if (!found) {
      found = client.resolveObject(callerOf(api), kind, value).then(
        (r) => r.id,
        (err: unknown) => {
          if (err instanceof client.AmbiguousObjectError) {
            // Each match by identifier and where it sits (its name when the kind has no inventory path).
            const width = Math.max(...err.candidates.map((c) => c.id.length));
            const list = err.candidates.map((c) => `  ${c.id.padEnd(width)}  ${c.path ?? c.name ?? ''}`.trimEnd()).join('\n');
            throw new UsageError(
              `--${flag} '${value}' matches ${err.candidates.length} objects:\n${list}`,
              `Give the identifier, or the inventory path (${client.INVENTORY_PATH_LAYOUT}).`,
            );
          }
          if (err instanceof client.ObjectNotFoundError) throw new LookupNotFoundError(`--${flag} '${value}': ${err.reason}`);
          throw err;
        },
      );
      cache.set(key, found);
    }
    return found;
  };
  await Promise.all(
    slots.map(async (slot) => {
      const value = slot.get();
      slot.set(Array.isArray(value) ? await Promise.all(value.map((v) => one(slot.flag, slot.kind, v))) : await one(slot.flag, slot.kind, value));
    }),
  );
}
