/**
 * The route contract: everything the runtime needs to know about one API
 * operation. The generator emits one `RouteDef` per operation (as plain data,
 * octokit-style); the client, the mock and the CLI all consume this shape.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How an operation may run as a vCenter task (`vmw-task=true`). */
export type TaskMode = 'both' | 'only';

export interface QueryParamDef {
  /** Wire name, e.g. `power_states`. */
  readonly name: string;
  readonly required: boolean;
  /** Arrays are sent exploded: `names=a&names=b`. */
  readonly array: boolean;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'object';
  readonly enum?: readonly (string | number | boolean)[];
}

export interface RouteDef {
  /** Public dotted name: `vcenter.vm.power.start`. */
  readonly id: string;
  readonly method: HttpMethod;
  /** Path template without the action: `/api/vcenter/vm/{vm}/power`. */
  readonly path: string;
  /** The `action` query value, e.g. `start`, when the operation is an action. */
  readonly action?: string;
  /** The query key that carries the action: `action`, or `~action` on some `/rest` paths. */
  readonly actionKey?: 'action' | '~action';
  /**
   * A required query parameter whose presence selects this operation over the plain one on the
   * same method and path (`GET …/item/{library_item_id}/file?name` is the file get, without `name` the list).
   */
  readonly selector?: string;
  /** Path parameter names, in the order they appear in the path (and in method signatures). */
  readonly pathParams: readonly string[];
  readonly queryParams: readonly QueryParamDef[];
  /** Present when the operation takes a request body. */
  readonly body?: { readonly required: boolean; readonly contentType: 'application/json' | 'application/x-www-form-urlencoded' };
  /** The synchronous success status (200, 201, 204; 202 for task-only operations). */
  readonly successStatus: number;
  /** Whether the success answer has a body. */
  readonly responseBody: boolean;
  readonly task?: TaskMode;
  /** `/rest` operations wrap bodies as `{"value": ...}`. */
  readonly rest: boolean;
  /** Security: `session` (vmware-api-session-id), or the login schemes of POST /api/session. */
  readonly auth: 'session' | 'login' | 'none';
  /** The vSphere release that brought the operation (`x-vsphere-since`), when the specs say. */
  readonly since?: string;
}

/** The query key that carries a route's action (`action` unless the route says `~action`). */
export function actionKeyOf(route: Pick<RouteDef, 'actionKey'>): 'action' | '~action' {
  return route.actionKey ?? 'action';
}

/**
 * Key of the typed low-level call: `POST /api/vcenter/vm/{vm}/power?action=start`, or with a
 * selector `GET /api/content/library/item/{library_item_id}/file?name`.
 */
export function routeKey(route: Pick<RouteDef, 'method' | 'path' | 'action' | 'actionKey' | 'selector'>): string {
  const query = route.action ? `?${actionKeyOf(route)}=${route.action}` : route.selector ? `?${route.selector}` : '';
  return `${route.method} ${route.path}${query}`;
}
