import { splitSwaggerKey } from '../vmware/swagger2.js';

/**
 * The form both sides of a comparison are read into: VMware's file (Swagger 2.0 or
 * OpenAPI 3.x) and our bundled specs. Schema nodes stay in their own document and are
 * walked there; every node carries where it is written, so each difference names its
 * JSON pointer in both files.
 */

/** Where a node is written: a file (as the report names it) and a JSON pointer inside it. */
export interface Location {
  readonly file: string;
  readonly pointer: string;
}

/** A schema node of one side's document and its location. */
export interface SchemaAt {
  readonly node: unknown;
  readonly at: Location;
}

export interface NormalParam {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly schema: SchemaAt;
  readonly at: Location;
}

export interface NormalResponse {
  readonly status: number;
  /** Absent: the response has no body. */
  readonly schema?: SchemaAt;
  readonly at: Location;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface NormalOperation {
  /** What the two sides are matched on: `POST /api/vcenter/vm/{}/power?action=start`. */
  readonly key: string;
  readonly method: HttpMethod;
  /** Path template as the side writes it (parameter names kept). */
  readonly path: string;
  readonly action?: string;
  readonly at: Location;
  /** Path parameters in template order. */
  readonly pathParams: readonly NormalParam[];
  /** Query parameters by name, without `action` and `vmw-task`. */
  readonly queryParams: readonly NormalParam[];
  readonly body?: SchemaAt;
  /** Every declared 2xx–5xx response, by status; the task form's 202 included. */
  readonly responses: readonly NormalResponse[];
  readonly task?: 'only' | 'both';
  readonly taskResult?: SchemaAt;
}

export interface NormalSpec {
  /** How the report names this side (`specs/`, `vcenter.json`). */
  readonly label: string;
  readonly operations: ReadonlyMap<string, NormalOperation>;
  /** Follows a `$ref` written in this side's document. */
  resolveRef(ref: string): SchemaAt | undefined;
}

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A path key split into what matching needs (VMware's key syntax, read once by the importer's reader). */
export interface SplitKey {
  readonly path: string;
  readonly action?: string;
  /** The key names the `vmw-task=true` form (VMware's files list it as its own key). */
  readonly taskVariant: boolean;
  /** A bare query name in the key (content.json's `?library_id`): a required query parameter restated. */
  readonly marker?: string;
}

/** `/api/x/{id}?action=do&vmw-task=true` → path, action, task variant, bare query name. */
export function splitKey(key: string): SplitKey {
  const { path, action, task, requiredQuery } = splitSwaggerKey(key);
  return { path, ...(action ? { action } : {}), taskVariant: task, ...(requiredQuery ? { marker: requiredQuery } : {}) };
}

/**
 * The matching key: method, path with parameter names erased, action. A trailing slash (two
 * keys of VMware's 7.0.3 file, `…/trust-authority-hosts/{host}/kms/`) names the same route.
 */
export function operationKey(method: HttpMethod, path: string, action: string | undefined): string {
  const route = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return `${method} ${route.replace(/\{[^}]*\}/g, '{}')}${action ? `?action=${action}` : ''}`;
}

export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

/** Nodes a reader assembles (a Swagger 2.0 form body) name where their parts are written. */
const placed = new WeakMap<object, Location>();

export function placeAt(node: object, at: Location): void {
  placed.set(node, at);
}

export function placedAt(node: unknown): Location | undefined {
  return node && typeof node === 'object' ? placed.get(node) : undefined;
}
