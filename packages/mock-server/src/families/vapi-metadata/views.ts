/**
 * The views of vapi.metadata over the one metamodel (metamodel.ts): the metamodel itself by
 * component, package, service, operation, structure and enumeration; the authentication schemes
 * of each operation (from its route's auth); the privileges (the specs declare none, so every
 * list is empty); and the CLI commands and namespaces (a service is a namespace, an operation a
 * command whose options are its parameters). Unknown identifiers are NOT_FOUND with the id.
 */
import { notFound } from '../../server/errors.js';
import type { MockRouteDef } from '../../server/route-types.js';
import type {
  VapiMetadataAuthenticationAuthenticationInfo,
  VapiMetadataAuthenticationComponentData,
  VapiMetadataAuthenticationOperationInfo,
  VapiMetadataAuthenticationPackageInfo,
  VapiMetadataAuthenticationServiceInfo,
  VapiMetadataCliCommandGenericType,
  VapiMetadataCliCommandIdentity,
  VapiMetadataCliCommandInfo,
  VapiMetadataCliNamespaceInfo,
  VapiMetadataMetamodelComponentData,
  VapiMetadataMetamodelEnumerationInfo,
  VapiMetadataMetamodelOperationInfo,
  VapiMetadataMetamodelPackageInfo,
  VapiMetadataMetamodelServiceInfo,
  VapiMetadataMetamodelStructureInfo,
  VapiMetadataMetamodelType,
  VapiMetadataPrivilegeComponentData,
  VapiMetadataPrivilegeOperationInfo,
  VapiMetadataPrivilegePackageInfo,
  VapiMetadataPrivilegeServiceInfo,
} from '@vsphere-kit/core/api-types';
import type { Metamodel, ServiceEntry } from './metamodel.js';

const missing = (kind: string, id: string) => notFound(kind, id, `com.vmware.vapi.metadata.${kind.toLowerCase()}.not_found`);

function lookup<T>(map: ReadonlyMap<string, T>, kind: string, id: string): T {
  const hit = map.get(id);
  if (hit === undefined) throw missing(kind, id);
  return hit;
}

export const componentIds = (m: Metamodel): string[] => [...m.components.keys()].sort();
export const packageIds = (m: Metamodel): string[] => [...m.packages.keys()].sort();
export const serviceIds = (m: Metamodel): string[] => [...m.services.keys()].sort();

export const service = (m: Metamodel, id: string): ServiceEntry => lookup(m.services, 'Service', id);

export function operationIds(m: Metamodel, serviceId: string): string[] {
  return [...service(m, serviceId).routes.keys()].sort();
}

export function operationRoute(m: Metamodel, serviceId: string, operationId: string): MockRouteDef {
  return lookup(service(m, serviceId).routes, 'Operation', operationId);
}

// ---------------------------------------------------------------------------------- metamodel

export const componentData = (m: Metamodel, id: string): VapiMetadataMetamodelComponentData => ({
  info: lookup(m.components, 'Component', id),
  fingerprint: componentFingerprint(m, id),
});

export function componentFingerprint(m: Metamodel, id: string): string {
  lookup(m.components, 'Component', id);
  return m.fingerprint(id);
}

export const packageInfo = (m: Metamodel, id: string): VapiMetadataMetamodelPackageInfo => lookup(m.packages, 'Package', id);
export const serviceInfo = (m: Metamodel, id: string): VapiMetadataMetamodelServiceInfo => service(m, id).info;
export function operationInfo(m: Metamodel, serviceId: string, operationId: string): VapiMetadataMetamodelOperationInfo {
  operationRoute(m, serviceId, operationId);
  return service(m, serviceId).info.operations[operationId]!;
}
export const structureIds = (m: Metamodel): string[] => [...m.structures.keys()].sort();
export const structureInfo = (m: Metamodel, id: string): VapiMetadataMetamodelStructureInfo => lookup(m.structures, 'Structure', id);
export const enumerationIds = (m: Metamodel): string[] => [...m.enumerations.keys()].sort();
export const enumerationInfo = (m: Metamodel, id: string): VapiMetadataMetamodelEnumerationInfo => lookup(m.enumerations, 'Enumeration', id);
export const resourceIds = (m: Metamodel): string[] => [...m.resources.keys()].sort();
export const resourceModels = (m: Metamodel, id: string): string[] => [...lookup(m.resources, 'Resource', id)].sort();

// ----------------------------------------------------------------------------- authentication

/** The scheme an operation takes, from its route's auth. */
function schemesOf(route: MockRouteDef): VapiMetadataAuthenticationAuthenticationInfo[] {
  switch (route.auth) {
    case 'session':
      return [{ scheme_type: 'SESSION_AWARE', session_manager: 'com.vmware.cis.session', scheme: 'com.vmware.vapi.std.security.session_id' }];
    case 'login':
      return [{ scheme_type: 'SESSIONLESS', scheme: 'com.vmware.vapi.std.security.user_pass' }];
    default:
      return [{ scheme_type: 'SESSIONLESS', scheme: 'com.vmware.vapi.std.security.no_authentication' }];
  }
}

export const authOperation = (m: Metamodel, serviceId: string, operationId: string): VapiMetadataAuthenticationOperationInfo => ({
  schemes: schemesOf(operationRoute(m, serviceId, operationId)),
});

/** Schemes are declared per operation; services and packages declare none of their own. */
export function authService(m: Metamodel, serviceId: string): VapiMetadataAuthenticationServiceInfo {
  const operations: VapiMetadataAuthenticationServiceInfo['operations'] = {};
  for (const [name, route] of service(m, serviceId).routes) operations[name] = { schemes: schemesOf(route) };
  return { schemes: [], operations };
}

export function authPackage(m: Metamodel, packageId: string): VapiMetadataAuthenticationPackageInfo {
  const services: VapiMetadataAuthenticationPackageInfo['services'] = {};
  for (const id of Object.keys(lookup(m.packages, 'Package', packageId).services)) services[id] = authService(m, id);
  return { schemes: [], services };
}

export function authComponent(m: Metamodel, componentId: string): VapiMetadataAuthenticationComponentData {
  const packages: VapiMetadataAuthenticationComponentData['info']['packages'] = {};
  for (const id of Object.keys(lookup(m.components, 'Component', componentId).packages)) packages[id] = authPackage(m, id);
  return { info: { packages }, fingerprint: m.fingerprint(componentId) };
}

// ---------------------------------------------------------------------------------- privilege

export function privilegeOperation(m: Metamodel, serviceId: string, operationId: string): VapiMetadataPrivilegeOperationInfo {
  operationRoute(m, serviceId, operationId);
  return { privileges: [], privilege_info: [] };
}

export function privilegeService(m: Metamodel, serviceId: string): VapiMetadataPrivilegeServiceInfo {
  const operations: VapiMetadataPrivilegeServiceInfo['operations'] = {};
  for (const name of service(m, serviceId).routes.keys()) operations[name] = { privileges: [], privilege_info: [] };
  return { operations };
}

export function privilegePackage(m: Metamodel, packageId: string): VapiMetadataPrivilegePackageInfo {
  const services: VapiMetadataPrivilegePackageInfo['services'] = {};
  for (const id of Object.keys(lookup(m.packages, 'Package', packageId).services)) services[id] = privilegeService(m, id);
  return { privileges: [], services };
}

export function privilegeComponent(m: Metamodel, componentId: string): VapiMetadataPrivilegeComponentData {
  const packages: VapiMetadataPrivilegeComponentData['info']['packages'] = {};
  for (const id of Object.keys(lookup(m.components, 'Component', componentId).packages)) packages[id] = privilegePackage(m, id);
  return { info: { packages }, fingerprint: m.fingerprint(componentId) };
}

// ---------------------------------------------------------------------------------------- cli

type Identity = VapiMetadataCliCommandIdentity;

const split = (id: string): Identity => ({ path: id.slice(0, id.lastIndexOf('.')), name: id.slice(id.lastIndexOf('.') + 1) });

/** Every command: one per operation, under its service's path. */
export function cliCommands(m: Metamodel, path?: string): Identity[] {
  const out: Identity[] = [];
  for (const id of serviceIds(m)) {
    if (path !== undefined && id !== path) continue;
    for (const name of operationIds(m, id)) out.push({ path: id, name });
  }
  return out;
}

/** Every namespace: each service and each of its parents below `com.vmware`. */
export function cliNamespaces(m: Metamodel): Identity[] {
  const ids = new Set<string>();
  for (const id of m.services.keys()) {
    for (let cut = id; cut.split('.').length > 2; cut = cut.slice(0, cut.lastIndexOf('.'))) ids.add(cut);
  }
  return [...ids].sort().map(split);
}

const typeName = (t: VapiMetadataMetamodelType): { type: string; generic: VapiMetadataCliCommandGenericType } => {
  const g = t.generic_instantiation;
  if (t.category === 'GENERIC' && g) {
    const inner = g.element_type ? typeName(g.element_type) : { type: 'string', generic: 'NONE' };
    if (g.generic_type === 'OPTIONAL') return { type: inner.type, generic: inner.generic === 'LIST' ? 'OPTIONAL_LIST' : 'OPTIONAL' };
    if (g.generic_type === 'LIST' || g.generic_type === 'SET') return { type: inner.type, generic: inner.generic === 'OPTIONAL' ? 'LIST_OPTIONAL' : 'LIST' };
    return { type: 'string', generic: 'NONE' }; // maps are passed as JSON text
  }
  if (t.category === 'USER_DEFINED' && t.user_defined_type) return { type: t.user_defined_type.resource_id, generic: 'NONE' };
  return { type: String(t.builtin_type ?? 'string').toLowerCase(), generic: 'NONE' };
};

export function cliCommand(m: Metamodel, identity: Identity): VapiMetadataCliCommandInfo {
  const info = operationInfo(m, identity.path, identity.name);
  return {
    identity: { path: identity.path, name: identity.name },
    description: info.documentation,
    service_id: identity.path,
    operation_id: identity.name,
    options: info.params.map((p) => ({
      long_option: p.name.replaceAll('_', '-'),
      field_name: p.name,
      description: p.documentation,
      ...typeName(p.type),
    })),
    output_field_list: [],
  };
}

export function cliNamespace(m: Metamodel, identity: Identity): VapiMetadataCliNamespaceInfo {
  const id = `${identity.path}.${identity.name}`;
  const all = cliNamespaces(m);
  if (!all.some((n) => n.path === identity.path && n.name === identity.name)) throw missing('Namespace', id);
  return {
    identity: { path: identity.path, name: identity.name },
    description: m.services.has(id) ? `Operations of ${id}.` : `Namespaces under ${id}.`,
    children: all.filter((n) => n.path === id),
  };
}

/** A fingerprint of everything the CLI metadata is made of (it changes when any component does). */
export const cliFingerprint = (m: Metamodel): string =>
  componentIds(m)
    .map((id) => m.fingerprint(id).slice(0, 8))
    .join('');
