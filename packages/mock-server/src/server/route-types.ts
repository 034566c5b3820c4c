/**
 * The mock's route contract. `MockRouteDef` is the shared `RouteDef` of
 * @vsphere-kit/core plus JSON pointers into `src/generated/spec.gen.json`. The
 * generator emits the route table as `src/generated/routes.gen.json`
 * (`{ routes: MockRouteDef[] }`).
 */
import type { RouteDef } from '@vsphere-kit/core/route';
export type { HttpMethod, QueryParamDef, RouteDef, TaskMode } from '@vsphere-kit/core/route';

/** One parameter of an operation; `schema` is a JSON pointer into spec.gen.json. */
export interface MockParamDef {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema: string;
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
};
