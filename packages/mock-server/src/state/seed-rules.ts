/**
 * The vocabulary of seed checks: what each field of a seeded record must be. Families state
 * the rules of the collections they own (src/families/<family>/seed.ts); src/state/seed.ts
 * applies them. Rules are typed by the records of src/state/types.ts: a field without a
 * rule, or a rule for a field that does not exist, fails to compile; enum values come from
 * the generated spec types (enumValues).
 */
import type { Cluster, Datacenter, Datastore, Folder, Host, Library, LibraryItem, Network, ResourcePool, StoragePolicy, Vm } from './types.js';

/** The collections a seed (and a state file) holds, and the record type of each. */
export interface SeedCollections {
  datacenters: Datacenter;
  folders: Folder;
  clusters: Cluster;
  hosts: Host;
  datastores: Datastore;
  networks: Network;
  resource_pools: ResourcePool;
  storage_policies: StoragePolicy;
  vms: Vm;
  templates: Vm;
  libraries: Library;
  library_items: LibraryItem;
}

export type Collection = keyof SeedCollections;

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

export interface FieldRule {
  type: FieldType;
  required?: boolean;
  enum?: readonly string[];
  /** The id must exist in this collection (or one of these). */
  ref?: readonly Collection[];
}

/** One rule per field of `T`, no more, no less. */
export type FieldRules<T> = { readonly [K in keyof T]-?: FieldRule };

/** The rules of the collections a family owns. */
export type SeedRules = { readonly [C in Collection]?: FieldRules<SeedCollections[C]> };

/** A required string. */
export const S = (extra: Partial<FieldRule> = {}): FieldRule => ({ type: 'string', required: true, ...extra });
/** An optional field. */
export const OPT = (type: FieldType, extra: Partial<FieldRule> = {}): FieldRule => ({ type, ...extra });
/** A required number. */
export const N = (extra: Partial<FieldRule> = {}): FieldRule => ({ type: 'number', required: true, ...extra });

/** Every value of a generated enum type, listed once: a missing or unknown value fails to compile. */
export const enumValues = <T extends string>(values: { readonly [K in T]: true }): readonly T[] => Object.keys(values) as T[];
