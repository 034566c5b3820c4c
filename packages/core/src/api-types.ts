/**
 * The vSphere Automation API's types, generated once from the specs: openapi-typescript's `paths`,
 * `components` and `operations`, and a named alias per component schema (`VcenterVMCreateSpec`).
 * The client re-exports them; the mock's state and behaviours compile against them. Types only.
 */
export type * from './generated/schemas.gen.js';
export type { components, operations, paths } from './generated/api-types.gen.js';
