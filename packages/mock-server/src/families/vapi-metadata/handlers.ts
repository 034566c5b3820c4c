/** The vapi metadata operations, answered from the metamodel of the served API (metamodel.ts, views.ts). */
import type { HandlerTable, OpContext, RequestBody } from '../../behaviours/types.js';
import { metamodelOf, type Metamodel } from './metamodel.js';
import * as v from './views.js';

const model = (ctx: OpContext): Metamodel => metamodelOf(ctx.schemas.spec, ctx.schemas.routes);

export const vapiMetadataHandlers: HandlerTable = {
  // metamodel
  'GET /api/vapi/metadata/metamodel/component': (ctx) => ({ body: v.componentIds(model(ctx)) }),
  'GET /api/vapi/metadata/metamodel/component/{component_id}': (ctx) => ({ body: v.componentData(model(ctx), ctx.params.component_id) }),
  'GET /api/vapi/metadata/metamodel/component/{component_id}/fingerprint': (ctx) => ({ body: v.componentFingerprint(model(ctx), ctx.params.component_id) }),
  'GET /api/vapi/metadata/metamodel/package': (ctx) => ({ body: v.packageIds(model(ctx)) }),
  'GET /api/vapi/metadata/metamodel/package/{package_id}': (ctx) => ({ body: v.packageInfo(model(ctx), ctx.params.package_id) }),
  'GET /api/vapi/metadata/metamodel/service': (ctx) => ({ body: v.serviceIds(model(ctx)) }),
  'GET /api/vapi/metadata/metamodel/service/{service_id}': (ctx) => ({ body: v.serviceInfo(model(ctx), ctx.params.service_id) }),
  'GET /api/vapi/metadata/metamodel/service/{service_id}/operation': (ctx) => ({ body: v.operationIds(model(ctx), ctx.params.service_id) }),
  'GET /api/vapi/metadata/metamodel/service/{service_id}/operation/{operation_id}': (ctx) => ({
    body: v.operationInfo(model(ctx), ctx.params.service_id, ctx.params.operation_id),
  }),
  'GET /api/vapi/metadata/metamodel/structure': (ctx) => ({ body: v.structureIds(model(ctx)) }),
  'GET /api/vapi/metadata/metamodel/structure/{structure_id}': (ctx) => ({ body: v.structureInfo(model(ctx), ctx.params.structure_id) }),
  'GET /api/vapi/metadata/metamodel/enumeration': (ctx) => ({ body: v.enumerationIds(model(ctx)) }),
  'GET /api/vapi/metadata/metamodel/enumeration/{enumeration_id}': (ctx) => ({ body: v.enumerationInfo(model(ctx), ctx.params.enumeration_id) }),
  'GET /api/vapi/metadata/metamodel/resource': (ctx) => ({ body: v.resourceIds(model(ctx)) }),
  'GET /api/vapi/metadata/metamodel/resource/{resource_id}/model': (ctx) => ({ body: v.resourceModels(model(ctx), ctx.params.resource_id) }),
  // authentication
  'GET /api/vapi/metadata/authentication/component': (ctx) => ({ body: v.componentIds(model(ctx)) }),
  'GET /api/vapi/metadata/authentication/component/{component_id}': (ctx) => ({ body: v.authComponent(model(ctx), ctx.params.component_id) }),
  'GET /api/vapi/metadata/authentication/component/{component_id}/fingerprint': (ctx) => ({
    body: v.componentFingerprint(model(ctx), ctx.params.component_id),
  }),
  'GET /api/vapi/metadata/authentication/package': (ctx) => ({ body: v.packageIds(model(ctx)) }),
  'GET /api/vapi/metadata/authentication/package/{package_id}': (ctx) => ({ body: v.authPackage(model(ctx), ctx.params.package_id) }),
  'GET /api/vapi/metadata/authentication/service': (ctx) => ({ body: v.serviceIds(model(ctx)) }),
  'GET /api/vapi/metadata/authentication/service/{service_id}': (ctx) => ({ body: v.authService(model(ctx), ctx.params.service_id) }),
  'GET /api/vapi/metadata/authentication/service/{service_id}/operation': (ctx) => ({ body: v.operationIds(model(ctx), ctx.params.service_id) }),
  'GET /api/vapi/metadata/authentication/service/{service_id}/operation/{operation_id}': (ctx) => ({
    body: v.authOperation(model(ctx), ctx.params.service_id, ctx.params.operation_id),
  }),
  // privilege
  'GET /api/vapi/metadata/privilege/component': (ctx) => ({ body: v.componentIds(model(ctx)) }),
  'GET /api/vapi/metadata/privilege/component/{component_id}': (ctx) => ({ body: v.privilegeComponent(model(ctx), ctx.params.component_id) }),
  'GET /api/vapi/metadata/privilege/component/{component_id}/fingerprint': (ctx) => ({ body: v.componentFingerprint(model(ctx), ctx.params.component_id) }),
  'GET /api/vapi/metadata/privilege/package': (ctx) => ({ body: v.packageIds(model(ctx)) }),
  'GET /api/vapi/metadata/privilege/package/{package_id}': (ctx) => ({ body: v.privilegePackage(model(ctx), ctx.params.package_id) }),
  'GET /api/vapi/metadata/privilege/service': (ctx) => ({ body: v.serviceIds(model(ctx)) }),
  'GET /api/vapi/metadata/privilege/service/{service_id}': (ctx) => ({ body: v.privilegeService(model(ctx), ctx.params.service_id) }),
  'GET /api/vapi/metadata/privilege/service/{service_id}/operation': (ctx) => ({ body: v.operationIds(model(ctx), ctx.params.service_id) }),
  'GET /api/vapi/metadata/privilege/service/{service_id}/operation/{operation_id}': (ctx) => ({
    body: v.privilegeOperation(model(ctx), ctx.params.service_id, ctx.params.operation_id),
  }),
  // cli
  'GET /api/vapi/metadata/cli/command': (ctx) => ({ body: v.cliCommands(model(ctx), ctx.query.path) }),
  'GET /api/vapi/metadata/cli/command/fingerprint': (ctx) => ({ body: v.cliFingerprint(model(ctx)) }),
  'POST /api/vapi/metadata/cli/command?action=get': (ctx) => ({
    body: v.cliCommand(model(ctx), (ctx.body as RequestBody<'POST /api/vapi/metadata/cli/command?action=get'>).identity),
  }),
  'GET /api/vapi/metadata/cli/namespace': (ctx) => ({ body: v.cliNamespaces(model(ctx)) }),
  'GET /api/vapi/metadata/cli/namespace/fingerprint': (ctx) => ({ body: v.cliFingerprint(model(ctx)) }),
  'POST /api/vapi/metadata/cli/namespace?action=get': (ctx) => ({
    body: v.cliNamespace(model(ctx), (ctx.body as RequestBody<'POST /api/vapi/metadata/cli/namespace?action=get'>).identity),
  }),
};
