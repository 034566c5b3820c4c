// The vapi metadata describes exactly the API the mock serves: derived from the generated routes
// and spec, every /api operation once, every type it names listed.
import { describe, expect, it } from 'vitest';
import { loadGenerated } from '../src/index.js';
import { type Json, metamodelOf } from '../src/families/vapi-metadata/metamodel.js';
import { vapiName } from '../src/families/vapi-metadata/naming.js';
import { cliCommand, cliCommands, cliNamespace, cliNamespaces } from '../src/families/vapi-metadata/views.js';

const { spec, routes } = await loadGenerated();
const model = metamodelOf(spec, routes);
const apiRoutes = routes.filter((r) => !r.rest);

/** Every `user_defined_type` reference inside a value. */
function references(value: unknown, out: { resource_type: string; resource_id: string }[] = []) {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'user_defined_type') out.push(v as { resource_type: string; resource_id: string });
      else references(v, out);
    }
  }
  return out;
}

describe('the vapi metamodel', () => {
  it('has each /api operation once, in the service its operationId names, mapped to its method and path', () => {
    const listed: string[] = [];
    for (const [serviceId, s] of model.services) {
      for (const [name, route] of s.routes) {
        listed.push(route.id);
        expect(vapiName(route.id)).toMatchObject({ service: serviceId, operation: name });
        const mapping = (s.info.operations[name] as { metadata: Record<string, { elements: Record<string, { string_value: string }> }> }).metadata
          .RequestMapping!;
        expect([mapping.elements.method!.string_value, mapping.elements.path!.string_value]).toEqual([route.method, route.path]);
      }
    }
    expect(listed.sort()).toEqual(apiRoutes.map((r) => r.id).sort());
  });

  it('lists every structure and enumeration that a type names', () => {
    const refs = references([...model.services.values()].map((s) => s.info));
    expect(refs.length).toBeGreaterThan(100);
    for (const r of refs) {
      const listed = r.resource_type === 'com.vmware.vapi.structure' ? model.structures : model.enumerations;
      expect(listed.has(r.resource_id), r.resource_id).toBe(true);
    }
  });

  it('names structures after their service, with their fields and whether each is optional', () => {
    const spec = model.structures.get('com.vmware.cis.tagging.category.create_spec') as { fields: Json[] };
    const byName = Object.fromEntries(spec.fields.map((f) => [f.name, f.type]));
    expect(byName.name).toEqual({ category: 'BUILTIN', builtin_type: 'STRING' });
    expect(byName.category_id).toEqual({
      category: 'GENERIC',
      generic_instantiation: { generic_type: 'OPTIONAL', element_type: { category: 'BUILTIN', builtin_type: 'STRING' } },
    });
    expect(byName.cardinality).toEqual({
      category: 'USER_DEFINED',
      user_defined_type: { resource_type: 'com.vmware.vapi.enumeration', resource_id: 'com.vmware.cis.tagging.category.model_cardinality' },
    });
    expect(model.enumerations.get('com.vmware.cis.tagging.category.model_cardinality')).toMatchObject({ values: [{ value: 'SINGLE' }, { value: 'MULTIPLE' }] });
  });

  it('leaves out the /rest wrappers, which no /api operation uses', () => {
    expect([...model.structures.keys()].filter((id) => id.startsWith('com.vmware.rest.'))).toEqual([]);
  });

  it('fingerprints a component by its content', () => {
    const a = model.fingerprint('com.vmware.vcenter');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(model.fingerprint('com.vmware.cis')).not.toBe(a);
    expect(metamodelOf(spec, routes).fingerprint('com.vmware.vcenter')).toBe(a);
  });
});

describe('the CLI metadata', () => {
  it('has one command per operation, with an option per parameter', () => {
    expect(cliCommands(model)).toHaveLength(apiRoutes.length);
    const attach = cliCommand(model, { path: 'com.vmware.cis.tagging.tag_association', name: 'attach' }) as { options: Json[] };
    expect(attach.options.map((o) => [o.long_option, o.type, o.generic])).toEqual([
      ['tag-id', 'id', 'NONE'],
      ['object-id', 'com.vmware.vapi.std.dynamic_id', 'NONE'],
    ]);
  });

  it('nests namespaces from the services up, and answers NOT_FOUND for an unknown one', () => {
    const ns = cliNamespace(model, { path: 'com.vmware.cis', name: 'tagging' }) as { children: { name: string }[] };
    expect(ns.children.map((c) => c.name)).toEqual(expect.arrayContaining(['category', 'tag', 'tag_association']));
    expect(cliNamespaces(model).length).toBeGreaterThan(model.services.size - 1);
    expect(() => cliNamespace(model, { path: 'com.vmware', name: 'nope' })).toThrow(/com\.vmware\.nope/);
  });
});
