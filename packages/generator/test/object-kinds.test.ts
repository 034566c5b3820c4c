import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cliContext, commandOf } from '../src/emit/cli-commands.js';
import { KindIndex, objectKinds } from '../src/emit/object-kinds.js';
import type { IrOperation } from '../src/ir/types.js';
import { analyzeSpecs, type Analysis } from '../src/pipeline.js';
import { repoRoot } from './helpers.js';

let analysis: Analysis;
let ops: readonly IrOperation[];
const op = (id: string) => ops.find((o) => o.id === id)!;

beforeAll(() => {
  analysis = analyzeSpecs(join(repoRoot, 'specs'));
  ops = analysis.ir.operations;
});

describe('object kinds derived from the specs', () => {
  it('finds each kind searchable by name, with its lookup, filters and identifier form', () => {
    const kinds = Object.fromEntries(objectKinds(ops).map((k) => [k.kind, k]));
    expect(Object.keys(kinds)).toEqual(
      expect.arrayContaining(['cluster', 'datacenter', 'datastore', 'folder', 'host', 'library', 'network', 'resource_pool', 'vm']),
    );
    expect(kinds.vm).toMatchObject({ lookup: 'list', idsFilter: 'vms', idPattern: '^vm-\\d+$', params: ['vm'] });
    expect(kinds.vm!.operation.id).toBe('vcenter.vm.list');
    expect(kinds.vm!.scopeFilters).toEqual(['clusters', 'datacenters', 'folders', 'hosts']);
    expect(kinds.folder!.scopeFilters).toContain('parent_folders');
    expect(kinds.cluster!.idPattern).toBe('^domain-c\\d+$');
    expect(kinds.library).toMatchObject({ lookup: 'find', params: ['library', 'library_id'] });
    expect(kinds.library!.operation.id).toBe('content.library.find');
  });

  it('marks the parameters that name an object, and leaves alone those that only share the word', () => {
    const index = new KindIndex(ops);
    const kindOf = (id: string, name: string) => {
      const o = op(id);
      const p = [...o.pathParams, ...o.queryParams].find((x) => x.name === name) ?? o.body!.fields.find((x) => x.name === name)!;
      return index.kindOf(o, p, (p as { example?: unknown }).example)?.kind;
    };
    expect(kindOf('vcenter.vm.power.start', 'vm')).toBe('vm');
    expect(kindOf('vcenter.vm.list', 'hosts')).toBe('host');
    expect(kindOf('esx.settings.clusters.software.apply', 'cluster')).toBe('cluster');
    expect(kindOf('content.library.get', 'library_id')).toBe('library');
    expect(kindOf('vcenter.host.create', 'folder')).toBe('folder');
    // a Supervisor's network is named 'primary', no vCenter network
    expect(kindOf('vcenter.namespaceManagement.clusters.networks.get', 'network')).toBeUndefined();
    // a proxy's host is a host name, outside the namespaces where host identifiers appear
    expect(kindOf('appliance.networking.proxy.test', 'host')).toBeUndefined();
    // an enum is no object
    expect(kindOf('vcenter.vm.dataSets.create', 'host')).toBeUndefined();
  });

  it('gives object body fields their nested fields and builds a runnable example from the spec example', () => {
    const cmd = commandOf(op('vcenter.vm.create'), cliContext(ops, analysis.ir.schemas));
    const placement = (cmd.flags as { flag: string; type: string; fields?: { path: string; object?: string }[] }[]).find((f) => f.flag === 'placement')!;
    expect(placement.type).toBe('object');
    expect(placement.fields).toContainEqual(expect.objectContaining({ path: 'folder', object: 'folder' }));
    expect(placement.fields).toContainEqual(expect.objectContaining({ path: 'resource_pool', object: 'resource_pool' }));
    expect(cmd.example).toContain('--placement.folder group-v1003');
    expect(cmd.example).toContain('--memory.size-mib 4096');
    expect(cmd.example).toMatch(/--disks '\[\{"new_vmdk"/);
    expect(commandOf(op('vcenter.vm.get')).example).toBe('vsphere vcenter vm get --vm vm-1072');
  });

  it('takes the kind a spec declares with x-vsphere-object where the name does not say it', () => {
    const index = new KindIndex(ops);
    const ctx = cliContext(ops, analysis.ir.schemas);
    const flagOf = (id: string, flag: string) =>
      (commandOf(op(id), ctx).flags as { flag: string; object?: string; fields?: { path: string; object?: string }[] }[]).find((f) => f.flag === flag)!;
    expect(flagOf('vcenter.vm.clone', 'source').object).toBe('vm');
    expect(flagOf('vcenter.vm.instantClone', 'source').object).toBe('vm');
    expect(flagOf('vcenter.folder.list', 'parent-folders').object).toBe('folder');
    expect(flagOf('vcenter.resourcePool.list', 'parent-resource-pools').object).toBe('resource_pool');
    expect(flagOf('vcenter.resourcePool.create', 'parent').object).toBe('resource_pool');
    // nested, in arrays too
    expect(flagOf('vcenter.namespaces.instances.create', 'vm-service-spec').fields).toContainEqual(
      expect.objectContaining({ path: 'content_libraries', object: 'library' }),
    );
    // a declared kind that is no kind is a generator error naming the operation and field
    const bad = { name: 'source', schema: { type: 'string', object: 'virtual_machine' } };
    expect(() => index.kindOf(op('vcenter.vm.clone'), bad)).toThrow(
      "vcenter.vm.clone: field 'source' says x-vsphere-object: virtual_machine, which is no object kind",
    );
  });

  it('keeps an empty object of the spec example in the example, as a flag of its own', () => {
    // The identity provider example's `oidc.claim_map` is `{}` and required: dot notation has no leaf to spell it with.
    const cmd = commandOf(op('vcenter.identity.providers.create'), cliContext(ops, analysis.ir.schemas));
    expect(cmd.example).toContain("--oidc.claim-map '{}'");
    expect(cmd.example).toContain('--oidc.client-id ');
  });
});

describe('the emitted command table', () => {
  it('writes a nested-field list several flags share once, as a constant the commands name, and reads as the inline table', async () => {
    const { emitCommandTable } = await import('../src/emit/cli-commands.js');
    const ctx = cliContext(ops, analysis.ir.schemas);
    const vcenter = ops.filter((o) => o.namespace[0] === 'vcenter');
    const text = emitCommandTable('vcenter', vcenter, ctx);
    const declared = [...text.matchAll(/^const (\w+): readonly FieldDef\[\] = /gm)].map((m) => m[1]!);
    expect(declared.length).toBeGreaterThan(10);
    expect(new Set(declared).size).toBe(declared.length);
    for (const name of declared) expect(text.split(`fields: ${name}\n`).length - 1, name).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain('@@shared:');
    // The committed table (kept equal to this output by the drift check) holds what the inline table held.
    const { COMMANDS } = await import('../../cli/src/generated/commands/vcenter.gen.js');
    expect(JSON.stringify(COMMANDS)).toBe(JSON.stringify(vcenter.map((o) => commandOf(o, ctx))));
  });
});
