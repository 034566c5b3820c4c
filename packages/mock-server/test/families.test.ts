// The family registry (src/families/index.ts) is the one place families are known: every
// folder under src/families/ is registered, each seed collection has one owner, and the
// families' empty states together make the whole rule state.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyRules, FAMILIES, seedRules } from '../src/families/index.js';
import { Inventory } from '../src/state/inventory.js';
import type { RuleState } from '../src/state/types.js';

const folders = readdirSync(new URL('../src/families/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe('mock families', () => {
  it('registers every family folder, under its folder name', () => {
    expect(FAMILIES.map((f) => f.name).sort()).toEqual(folders.sort());
  });

  it('gives each seed collection the rules of exactly one family', () => {
    const collections = Object.keys(Inventory.defaults().toData()).filter((k) => Array.isArray(Inventory.defaults().toData()[k as 'vms']) && k !== 'tasks');
    expect(Object.keys(seedRules()).sort()).toEqual(collections.sort());
  });

  it('makes the whole rule state from the families, a new one per state', () => {
    const keys: (keyof RuleState)[] = [
      'tag_categories',
      'tags',
      'tag_associations',
      'update_sessions',
      'software',
      'drafts',
      'software_compliance',
      'supervisors',
      'namespaces',
      'trust_authority',
      'kms_providers',
      'guests',
      'appliance',
      'appliance_accounts',
      'appliance_services',
      'vm_storage_policies',
      'template_history',
    ];
    expect(Object.keys(emptyRules()).sort()).toEqual([...keys].sort());
    const a = Inventory.defaults();
    const b = Inventory.fromData({});
    a.rules.tags.t = { id: 't', name: 't', description: '', category_id: 'c' };
    expect(b.rules.tags).toEqual({});
  });
});
