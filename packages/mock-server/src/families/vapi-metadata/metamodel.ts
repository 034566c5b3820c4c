/**
 * The vAPI metamodel of exactly the API the mock serves, derived from its generated routes and
 * bundled spec (nothing listed by hand): every /api operation becomes an operation of its service
 * (naming.ts), services group into packages and components, and the component schemas become
 * structures (objects) and enumerations (string enums), each owned by the service or package
 * whose name prefixes the schema's name (`VcenterVmPowerInfo` → `com.vmware.vcenter.vm.power.info`).
 * Built once per route table, on the first metadata call.
 */
import { createHash } from 'node:crypto';
import type {
  VapiMetadataMetamodelComponentInfo,
  VapiMetadataMetamodelEnumerationInfo,
  VapiMetadataMetamodelFieldInfo,
  VapiMetadataMetamodelOperationInfo,
  VapiMetadataMetamodelPackageInfo,
  VapiMetadataMetamodelServiceInfo,
  VapiMetadataMetamodelStructureInfo,
  VapiMetadataMetamodelType,
  VapiMetadataMetamodelTypeBuiltinType,
} from '@vsphere-kit/core/api-types';
import type { MockRouteDef } from '../../server/route-types.js';
import { derefSchema, resolvePointer } from '../../server/validator.js';
import { vapiName } from './naming.js';
import { resourceTypeOfParam } from './resource-types.js';

/** A node of the untyped bundled spec. */
export type Json = Record<string, unknown>;
type MetaType = VapiMetadataMetamodelType;
type FieldInfo = VapiMetadataMetamodelFieldInfo;
type ElementMap = VapiMetadataMetamodelOperationInfo['metadata'];
/** What holds structures and enumerations: a service or a package. */
type Owner = Pick<VapiMetadataMetamodelServiceInfo, 'structures' | 'enumerations'>;

export interface ServiceEntry {
  readonly info: VapiMetadataMetamodelServiceInfo;
  /** Operation name → the route that serves it. */
  readonly routes: Map<string, MockRouteDef>;
  readonly package: string;
  readonly component: string;
}

export interface Metamodel {
  readonly components: Map<string, VapiMetadataMetamodelComponentInfo>;
  readonly packages: Map<string, VapiMetadataMetamodelPackageInfo>;
  readonly services: Map<string, ServiceEntry>;
  readonly structures: Map<string, VapiMetadataMetamodelStructureInfo>;
  readonly enumerations: Map<string, VapiMetadataMetamodelEnumerationInfo>;
  /** Resource type (`VirtualMachine`) → the structures that model it. */
  readonly resources: Map<string, Set<string>>;
  /** Package id → its component. */
  readonly packageComponent: Map<string, string>;
  fingerprint(component: string): string;
}

const SCHEMA_REF = '#/components/schemas/';
const STRUCTURE = 'com.vmware.vapi.structure';
const ENUMERATION = 'com.vmware.vapi.enumeration';

/** The error structure vCenter reports for each HTTP status the specs declare. */
const ERROR_OF_STATUS: Readonly<Record<string, string>> = {
  '400': 'invalid_argument',
  '401': 'unauthenticated',
  '403': 'unauthorized',
  '404': 'not_found',
  '409': 'already_exists',
  '500': 'error',
  '503': 'service_unavailable',
};

/** `VcenterVMSummary` → [vcenter, vm, summary]. */
const words = (name: string): string[] => (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [name]).map((w) => w.toLowerCase());
/** `com.vmware.vcenter.namespace_management` → `vcenter.namespace.management`. */
const wordKey = (id: string): string => id.slice('com.vmware.'.length).replaceAll('_', '.');
const pascal = (operationId: string): string =>
  operationId
    .split('.')
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join('');

type GenericType = NonNullable<MetaType['generic_instantiation']>;
const builtin = (t: VapiMetadataMetamodelTypeBuiltinType): MetaType => ({ category: 'BUILTIN', builtin_type: t });
const generic = (generic_type: GenericType['generic_type'], parts: Omit<GenericType, 'generic_type'>): MetaType => ({
  category: 'GENERIC',
  generic_instantiation: { generic_type, ...parts },
});
const optional = (t: MetaType): MetaType => generic('OPTIONAL', { element_type: t });

const cache = new WeakMap<readonly MockRouteDef[], Metamodel>();

export function metamodelOf(spec: unknown, routes: readonly MockRouteDef[]): Metamodel {
  let m = cache.get(routes);
  if (!m) {
    m = build(spec, routes);
    cache.set(routes, m);
  }
  return m;
}

function build(spec: unknown, routes: readonly MockRouteDef[]): Metamodel {
  const schemas: Record<string, Json> = (resolvePointer(spec, '/components/schemas') as Record<string, Json> | undefined) ?? {};
  const components: Metamodel['components'] = new Map();
  const packages: Metamodel['packages'] = new Map();
  const services: Metamodel['services'] = new Map();
  const packageComponent = new Map<string, string>();

  const ensurePackage = (id: string, component: string) => {
    let p = packages.get(id);
    if (!p) {
      p = { name: id, structures: {}, enumerations: {}, services: {}, metadata: {}, documentation: '' };
      packages.set(id, p);
      packageComponent.set(id, component);
      let c = components.get(component);
      if (!c) components.set(component, (c = { name: component, packages: {}, metadata: {}, documentation: '' }));
      c.packages[id] = p;
    }
    return p;
  };

  const apiRoutes = routes.filter((r) => !r.rest);
  for (const route of apiRoutes) {
    const n = vapiName(route.id);
    let s = services.get(n.service);
    if (!s) {
      const info = { name: n.service, operations: {}, structures: {}, enumerations: {}, constants: {}, metadata: {}, documentation: '' };
      s = { info, routes: new Map(), package: n.package, component: n.component };
      services.set(n.service, s);
      ensurePackage(n.package, n.component).services[n.service] = info;
    }
    s.routes.set(n.operation, route);
  }

  // Owners of schemas: the service or package whose words prefix the schema name's words.
  const owners = new Map<string, { id: string; target: Owner }>();
  for (const [id, p] of packages) owners.set(wordKey(id), { id, target: p });
  for (const [id, s] of services) owners.set(wordKey(id), { id, target: s.info });
  const structures: Metamodel['structures'] = new Map();
  const enumerations: Metamodel['enumerations'] = new Map();
  /** Schema name → its vAPI type reference (structures and enumerations only). */
  const named = new Map<string, MetaType>();
  const placed: {
    name: string;
    id: string;
    kind: 'structure' | 'enumeration';
    owner: Owner;
  }[] = [];
  for (const name of reachableSchemas(spec, apiRoutes)) {
    const schema = schemas[name]!;
    const kind = Array.isArray(schema.enum) ? 'enumeration' : isStructure(schema) ? 'structure' : undefined;
    if (!kind) continue;
    const w = words(name);
    let id: string | undefined;
    let owner: Owner | undefined;
    for (let k = w.length - 1; k >= 1 && !id; k--) {
      const o = owners.get(w.slice(0, k).join('.'));
      if (o) {
        id = `${o.id}.${w.slice(k).join('_')}`;
        owner = o.target;
      }
    }
    if (!id || !owner) {
      // No service or package of that name: a package of the first two words (`VapiStdDynamicID` → com.vmware.vapi.std).
      const pkg = `com.vmware.${w.slice(0, Math.min(2, w.length - 1)).join('.')}`;
      id = `${pkg}.${w.slice(Math.min(2, w.length - 1)).join('_')}`;
      owner = ensurePackage(pkg, `com.vmware.${w[0]}`);
    }
    named.set(name, { category: 'USER_DEFINED', user_defined_type: { resource_type: kind === 'structure' ? STRUCTURE : ENUMERATION, resource_id: id } });
    placed.push({ name, id, kind, owner });
  }

  const typeOf = (node: unknown, depth = 0): MetaType => {
    // Follow references one at a time: a named structure or enumeration on the way is the type.
    let s = node as Json | undefined;
    for (let hops = 0; typeof s?.$ref === 'string' && hops < 32; hops++) {
      const ref = s.$ref as string;
      const hit = ref.startsWith(SCHEMA_REF) ? named.get(ref.slice(SCHEMA_REF.length)) : undefined;
      if (hit) return hit;
      s = resolvePointer(spec, ref) as Json | undefined;
    }
    if (!s || depth > 16) return builtin('OPAQUE');
    const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : s.type;
    switch (type) {
      case 'string':
        return builtin((typeof s.format === 'string' && Object.hasOwn(STRING_FORMATS, s.format) ? STRING_FORMATS[s.format] : undefined) ?? 'STRING');
      case 'integer':
        return builtin('LONG');
      case 'number':
        return builtin('DOUBLE');
      case 'boolean':
        return builtin('BOOLEAN');
      case 'array':
        return generic(s.uniqueItems ? 'SET' : 'LIST', { element_type: typeOf(s.items, depth + 1) });
      case 'object':
        if (s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) {
          return generic('MAP', { map_key_type: builtin('STRING'), map_value_type: typeOf(s.additionalProperties, depth + 1) });
        }
        return builtin('DYNAMIC_STRUCTURE');
    }
    return builtin('OPAQUE');
  };
  const field = (name: string, schema: unknown, required: boolean, documentation: unknown): FieldInfo => ({
    name,
    type: required ? typeOf(schema) : optional(typeOf(schema)),
    metadata: {},
    documentation: typeof documentation === 'string' ? documentation : (((derefSchema(spec, schema) as Json | undefined)?.description as string) ?? ''),
  });
  const fieldsOf = (schema: Json): FieldInfo[] => {
    const out: FieldInfo[] = [];
    const parts = Array.isArray(schema.allOf) ? (schema.allOf as unknown[]).map((x) => derefSchema(spec, x) as Json) : [schema];
    for (const part of parts) {
      const required = new Set((part.required as string[] | undefined) ?? []);
      for (const [k, v] of Object.entries((part.properties as Record<string, Json> | undefined) ?? {})) out.push(field(k, v, required.has(k), v.description));
    }
    return out;
  };

  for (const p of placed) {
    const schema = schemas[p.name]!;
    const documentation = (schema.description as string | undefined) ?? '';
    if (p.kind === 'enumeration') {
      const info = {
        name: p.id,
        values: (schema.enum as unknown[]).map((v) => ({ value: String(v), metadata: {}, documentation: '' })),
        metadata: {},
        documentation,
      };
      enumerations.set(p.id, info);
      p.owner.enumerations[p.id] = info;
    } else {
      const info: VapiMetadataMetamodelStructureInfo = {
        name: p.id,
        // The standard error body (VapiStdError) is the one error structure of the specs.
        type: /^VapiStdErrors?(?:[A-Z]|$)/.test(p.name) ? 'ERROR' : 'STRUCTURE',
        enumerations: {},
        constants: {},
        fields: fieldsOf(schema),
        metadata: {},
        documentation,
      };
      structures.set(p.id, info);
      p.owner.structures[p.id] = info;
    }
  }

  const resources = new Map<string, Set<string>>();
  for (const s of services.values()) {
    for (const [opName, route] of s.routes) {
      s.info.operations[opName] = operationInfo(spec, route, opName, typeOf, field, fieldsOf);
      noteResource(resources, route, typeOf);
    }
  }

  const fingerprints = new Map<string, string>();
  return {
    components,
    packages,
    services,
    structures,
    enumerations,
    resources,
    packageComponent,
    fingerprint(component) {
      let f = fingerprints.get(component);
      if (f === undefined) {
        f = createHash('sha256')
          .update(JSON.stringify(components.get(component) ?? null))
          .digest('hex')
          .slice(0, 32);
        fingerprints.set(component, f);
      }
      return f;
    },
  };
}

/** The component schemas the /api operations use, directly or through other schemas (the /rest wrappers are not the metamodel's). */
function reachableSchemas(spec: unknown, routes: readonly MockRouteDef[]): string[] {
  const followed = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 64) return;
    if (Array.isArray(node)) {
      for (const x of node) visit(x, depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        // Each target once (shared error responses, schemas used by many operations).
        if (followed.has(v)) continue;
        followed.add(v);
        visit(resolvePointer(spec, v), depth + 1);
      } else if (k !== 'example' && k !== 'examples') {
        visit(v, depth + 1);
      }
    }
  };
  for (const r of routes) visit(resolvePointer(spec, r.pointer), 0);
  return [...followed]
    .filter((ref) => ref.startsWith(SCHEMA_REF))
    .map((ref) => ref.slice(SCHEMA_REF.length))
    .filter((name) => !name.includes('/'))
    .sort();
}

/** String formats with a vAPI builtin type of their own. */
const STRING_FORMATS: Readonly<Record<string, VapiMetadataMetamodelTypeBuiltinType>> = {
  'date-time': 'DATE_TIME',
  uri: 'URI',
  password: 'SECRET',
  binary: 'BINARY',
  byte: 'BINARY',
};

function isStructure(schema: Json): boolean {
  return (schema.type === 'object' || schema.type === undefined) && (schema.properties !== undefined || Array.isArray(schema.allOf));
}

function operationInfo(
  spec: unknown,
  route: MockRouteDef,
  name: string,
  typeOf: (node: unknown) => MetaType,
  field: (name: string, schema: unknown, required: boolean, documentation: unknown) => FieldInfo,
  fieldsOf: (schema: Json) => FieldInfo[],
): VapiMetadataMetamodelOperationInfo {
  const op = (resolvePointer(spec, route.pointer) as Json | undefined) ?? {};
  const params: FieldInfo[] = [];
  for (const p of route.parameters) {
    if (p.name === 'vmw-task') continue; // how the call runs, not what it takes
    const decl = resolvePointer(spec, p.schema.replace(/\/schema$/, '')) as Json | undefined;
    params.push(
      p.in === 'path'
        ? { ...field(p.name, undefined, true, decl?.description), type: builtin('ID') }
        : field(p.name, { $ref: p.schema.startsWith('/') ? `#${p.schema}` : p.schema }, p.required, decl?.description),
    );
  }
  if (route.requestSchema) {
    const bodyNode = resolvePointer(spec, route.requestSchema) as Json | undefined;
    const ref = typeof bodyNode?.$ref === 'string' ? bodyNode.$ref : '';
    // A body named after the operation (`CisTaggingTagAssociationAttach`) is the operation's parameter list.
    if (ref === `${SCHEMA_REF}${pascal(route.id)}`) params.push(...fieldsOf(derefSchema(spec, bodyNode) as Json));
    else params.push(field('spec', bodyNode, route.body?.required ?? false, 'The request body.'));
  }
  const outSchema = route.task === 'only' ? route.taskResult?.schema : route.responses[String(route.successStatus)]?.schema;
  const errors = Object.keys(route.responses)
    .filter((status) => Number(status) >= 400 && ERROR_OF_STATUS[status])
    .map((status) => ({
      structure_id: `com.vmware.vapi.std.errors.${ERROR_OF_STATUS[status]}`,
      documentation: ((resolvePointer(spec, `${route.pointer}/responses/${status}`) as Json | undefined)?.description as string) ?? '',
    }));
  const mapping: ElementMap = {
    RequestMapping: {
      elements: {
        method: { type: 'STRING', string_value: route.method },
        path: { type: 'STRING', string_value: route.path },
        ...(route.action ? { action: { type: 'STRING', string_value: route.action } } : {}),
      },
    },
  };
  if (route.task) mapping.Task = { elements: { mode: { type: 'STRING', string_value: route.task.toUpperCase() } } };
  return {
    name,
    params,
    output: {
      type: outSchema ? typeOf({ $ref: `#${outSchema}` }) : builtin('VOID'),
      metadata: {},
      documentation: '',
    },
    errors,
    metadata: mapping,
    documentation: (op.description as string | undefined) ?? (op.summary as string | undefined) ?? '',
  };
}

/** A collection whose items are addressed by a managed-object id models that resource type with its list and get answers. */
function noteResource(resources: Map<string, Set<string>>, route: MockRouteDef, typeOf: (node: unknown) => MetaType): void {
  const { family } = route;
  if (family.kind !== 'collection' || !family.idParam || (family.role !== 'get' && family.role !== 'list')) return;
  const type = resourceTypeOfParam(family.idParam);
  if (!type) return;
  const schema = route.responses[String(route.successStatus)]?.schema;
  if (!schema) return;
  let t = typeOf({ $ref: `#${schema}` }) as {
    category?: string;
    user_defined_type?: { resource_id: string };
    generic_instantiation?: { element_type?: MetaType };
  };
  if (t.category === 'GENERIC') t = (t.generic_instantiation?.element_type ?? {}) as typeof t;
  if (t.category !== 'USER_DEFINED' || !t.user_defined_type) return;
  let set = resources.get(type);
  if (!set) resources.set(type, (set = new Set()));
  set.add(t.user_defined_type.resource_id);
}
