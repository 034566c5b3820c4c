/**
 * The mock's route contract. `MockRouteDef` is the client's `RouteDef`
 * (packages/client/src/core/route.ts) plus JSON pointers into
 * `src/generated/spec.gen.json`. The generator emits the route table as
 * `src/generated/routes.gen.json` (`{ routes: MockRouteDef[] }`).
 *
 * `RouteDef` comes from the client's route contract, copied into
 * src/generated/route-def.gen.ts by the generator (the mock cannot depend on
 * the client package: the client's tests depend on the mock).
 */

// The route contract itself, generated from packages/client/src/core/route.ts.
import type { RouteDef } from '../generated/route-def.gen.js';
export type { HttpMethod, QueryParamDef, RouteDef, TaskMode } from '../generated/route-def.gen.js';

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
