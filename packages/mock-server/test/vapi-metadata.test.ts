// The vapi metadata describes exactly the API the mock serves: derived from the generated routes
// and spec, every /api operation once, every type it names listed.
import { describe, expect, it } from 'vitest';
import { loadGenerated } from '../src/index.js';
import { metamodelOf } from '../src/families/vapi-metadata/metamodel.js';
import { vapiName } from '../src/families/vapi-metadata/naming.js';
import { cliCommand, cliCommands, cliNamespace, cliNamespaces } from '../src/families/vapi-metadata/views.js';
import { useMockServer } from './helpers/server.js';

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
        const mapping = s.info.operations[name]!.metadata.RequestMapping!;
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
    const spec = model.structures.get('com.vmware.cis.tagging.category.create_spec')!;
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
    const attach = cliCommand(model, { path: 'com.vmware.cis.tagging.tag_association', name: 'attach' });
    expect(attach.options.map((o) => [o.long_option, o.type, o.generic])).toEqual([
      ['tag-id', 'id', 'NONE'],
      ['object-id', 'com.vmware.vapi.std.dynamic_id', 'NONE'],
    ]);
  });

  it('nests namespaces from the services up, and answers NOT_FOUND for an unknown one', () => {
    const ns = cliNamespace(model, { path: 'com.vmware.cis', name: 'tagging' });
    expect(ns.children.map((c) => c.name)).toEqual(expect.arrayContaining(['category', 'tag', 'tag_association']));
    expect(cliNamespaces(model).length).toBeGreaterThan(model.services.size - 1);
    expect(() => cliNamespace(model, { path: 'com.vmware', name: 'nope' })).toThrow(/com\.vmware\.nope/);
  });
});

describe('the vapi metadata operations', () => {
  const mock = useMockServer();
  const get = async (path: string) => {
    const r = await mock.api('GET', `/api/vapi/metadata/${path}`);
    expect(r.status, `${path}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
    return r.body;
  };
  const enc = encodeURIComponent;

  it('list the components, packages, services and operations of the served API, each readable (answers checked against the spec)', async () => {
    for (const view of ['metamodel', 'authentication', 'privilege']) {
      const components: string[] = await get(`${view}/component`);
      expect(components).toContain('com.vmware.cis');
      for (const c of components) {
        await get(`${view}/component/${enc(c)}`);
        expect(await get(`${view}/component/${enc(c)}/fingerprint`)).toBe(model.fingerprint(c));
      }
      const packages: string[] = await get(`${view}/package`);
      for (const p of packages.slice(0, 20)) await get(`${view}/package/${enc(p)}`);
      const services: string[] = await get(`${view}/service`);
      expect(services).toContain('com.vmware.vapi.metadata.metamodel.service');
      for (const s of services.slice(0, 20)) {
        await get(`${view}/service/${enc(s)}`);
        for (const o of await get(`${view}/service/${enc(s)}/operation`)) await get(`${view}/service/${enc(s)}/operation/${enc(o)}`);
      }
    }
  });

  it('describe a session operation with the session scheme, and login with user and password', async () => {
    const list = await get('authentication/service/com.vmware.cis.tagging.tag/operation/list');
    expect(list.schemes).toEqual([
      { scheme_type: 'SESSION_AWARE', session_manager: 'com.vmware.cis.session', scheme: 'com.vmware.vapi.std.security.session_id' },
    ]);
    expect((await get('authentication/service/com.vmware.session/operation/create')).schemes[0].scheme).toBe('com.vmware.vapi.std.security.user_pass');
  });

  it('read every structure and enumeration, and the models of each resource type', async () => {
    for (const id of await get('metamodel/structure')) await get(`metamodel/structure/${enc(id)}`);
    for (const id of await get('metamodel/enumeration')) await get(`metamodel/enumeration/${enc(id)}`);
    const resources: string[] = await get('metamodel/resource');
    expect(resources).toContain('VirtualMachine');
    for (const r of resources) expect((await get(`metamodel/resource/${enc(r)}/model`)).length).toBeGreaterThan(0);
  });

  it('give the CLI commands of a service and each command in full', async () => {
    const commands = await get(`cli/command?path=${enc('com.vmware.cis.tagging.tag')}`);
    expect(commands.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['create', 'list', 'get']));
    const info = await mock.api('POST', '/api/vapi/metadata/cli/command?action=get', { identity: commands[0] });
    expect(info.body.identity).toEqual(commands[0]);
    const ns = await mock.api('POST', '/api/vapi/metadata/cli/namespace?action=get', { identity: { path: 'com.vmware.cis', name: 'tagging' } });
    expect(ns.body.children).toEqual(expect.arrayContaining([{ path: 'com.vmware.cis.tagging', name: 'tag' }]));
    expect(typeof (await get('cli/command/fingerprint'))).toBe('string');
  });

  it('answer NOT_FOUND with the id for what the served API does not have', async () => {
    for (const path of [
      'metamodel/component/com.vmware.nope',
      'metamodel/service/com.vmware.nope',
      'metamodel/structure/com.vmware.nope',
      'privilege/service/com.vmware.cis.tagging.tag/operation/nope',
    ]) {
      const r = await mock.api('GET', `/api/vapi/metadata/${path}`);
      expect([r.status, r.body.error_type], path).toEqual([404, 'NOT_FOUND']);
      expect(r.body.messages[0].args[0]).toBe(path.split('/').pop());
    }
  });
});
