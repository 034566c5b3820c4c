/**
 * The mock's route contract. `MockRouteDef` is the shared `RouteDef` of
 * @vsphere-kit/core plus JSON pointers into `src/generated/spec.gen.json`. The
 * generator emits the route table as `src/generated/routes.gen.json`
 * (`{ routes: MockRouteDef[] }`).
 */
import type { RouteDef } from '@vsphere-kit/core/route';
export type { HttpMethod, QueryParamDef, RouteDef, TaskMode } from '@vsphere-kit/core/route';

/** One parameter of an operation, typed by the generator's IR; `schema` is a JSON pointer into spec.gen.json. */
export interface MockParamDef {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  /** Item type when `type` is `array`. */
  readonly itemType?: 'string' | 'integer' | 'number' | 'boolean' | 'object';
  readonly format?: string;
  readonly enum?: readonly (string | number | boolean)[];
  readonly schema: string;
}

/**
 * The operation's resource family (the generator's IR, ir/families.json): a collection `path`
 * with items `path/{idParam}`, a singleton, or a path of actions; and the operation's role in it.
 */
export interface MockFamilyDef {
  readonly path: string;
  readonly kind: 'collection' | 'singleton' | 'action';
  readonly role: 'list' | 'create' | 'get' | 'update' | 'set' | 'delete' | 'action' | 'other';
  readonly idParam?: string;
  /** operationId of the family's create, when it has one. */
  readonly create?: string;
}

/** One response of an operation, keyed by status code in `MockRouteDef.responses`. */
export interface MockResponseDef {
  /** JSON pointer of the response body schema (absent: no body). */
  readonly schema?: string;
  readonly example?: unknown;
}

export type MockRouteDef = RouteDef & {
  /** JSON pointer of the operation object in spec.gen.json, e.g. `/paths/~1api~1vcenter~1vm/get`. */
  readonly pointer: string;
  /** JSON pointer of the request body schema. */
  readonly requestSchema?: string;
  readonly parameters: readonly MockParamDef[];
  readonly responses: Readonly<Record<string, MockResponseDef>>;
  readonly requestExample?: unknown;
  /** What a task-only operation's task returns (`x-vsphere-task-result`): schema pointer and its example. */
  readonly taskResult?: MockResponseDef & { readonly schema: string };
  readonly family: MockFamilyDef;
};
