/**
 * The mock's route contract. `MockRouteDef` is the client's `RouteDef`
 * (packages/client/src/core/route.ts) plus JSON pointers into
 * `src/generated/spec.gen.json`. The generator emits the route table as
 * `src/generated/routes.gen.json` (`{ routes: MockRouteDef[] }`).
 *
 * `RouteDef` is mirrored structurally (type-only) so that the mock does not
 * depend on the client package (the client already has the mock as a
 * devDependency). Keep it in step with packages/client/src/core/route.ts.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type TaskMode = 'both' | 'only';

export interface QueryParamDef {
  readonly name: string;
  readonly required: boolean;
  readonly array: boolean;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'object';
  readonly enum?: readonly (string | number | boolean)[];
}

export interface RouteDef {
  readonly id: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly action?: string;
  readonly actionKey?: 'action' | '~action';
  readonly pathParams: readonly string[];
  readonly queryParams: readonly QueryParamDef[];
  readonly body?: { readonly required: boolean; readonly contentType: 'application/json' | 'application/x-www-form-urlencoded' };
  readonly successStatus: number;
  readonly responseBody: boolean;
  readonly task?: TaskMode;
  readonly rest: boolean;
  readonly auth: 'session' | 'login' | 'none';
}

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
