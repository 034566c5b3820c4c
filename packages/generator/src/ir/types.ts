/**
 * The IR: the API as the generator understands it. Every emitter reads only this
 * (see src/emitters/). It is committed under ir/ (operations.json, schemas.json,
 * families.json, error-types.json) so that a spec change shows up as a small,
 * reviewable diff.
 *
 * Schema references: `schemaRef` names a component schema (`ir.schemas[name]`);
 * `schemaPointer` is a JSON pointer (`#/components/...`, `#/paths/...`) into
 * `ir.document`, the bundled OpenAPI document that validators compile from.
 */
import type { OpenApiDocument } from '../bundle/bundle.js';

/** A JSON Schema 2020-12 node as the specs write it (refs are `#/components/schemas/<name>`). */
export type JsonSchema = Readonly<Record<string, unknown>>;

export type IrScalarType = 'string' | 'integer' | 'number' | 'boolean';

/** The type of a parameter or body field, resolved once (refs followed, `null` dropped). */
export interface IrSchemaSummary {
  readonly type: IrScalarType | 'array' | 'object';
  readonly itemType?: IrScalarType | 'object';
  readonly enum?: readonly (string | number | boolean)[];
  readonly format?: string;
  /** Component name when the schema (or its items) is a named schema. */
  readonly ref?: string;
  /** The object kind its value (or each item) identifies, when the spec says so (`x-vsphere-object: vm`). */
  readonly object?: string;
}

/** A body field: a name and its type (CLI flags are made of these). */
export interface IrBodyField {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  readonly schema: IrSchemaSummary;
}

/** A path or query parameter, merged once from the path-level and operation-level declarations. */
export interface IrParam extends IrBodyField {
  /** The declared schema in `ir.document`, for validators. */
  readonly schemaPointer: string;
  readonly example?: unknown;
}

export interface IrBody {
  readonly required: boolean;
  readonly contentType: 'application/json' | 'application/x-www-form-urlencoded';
  /** Named schema of the body, when it is one. */
  readonly schemaRef?: string;
  readonly schemaPointer: string;
  readonly example?: unknown;
  /** Top-level fields (for CLI flags); empty when the body is not an object. */
  readonly fields: readonly IrBodyField[];
}

/** One declared response. Only success responses carry their example: error bodies are built by their consumers. */
export interface IrResponse {
  readonly status: number;
  /** Absent: the response has no body. */
  readonly schemaPointer?: string;
  readonly schemaRef?: string;
  readonly example?: unknown;
}

export interface IrTaskResult {
  readonly schemaPointer: string;
  /** Named schema of the result, when it is one. */
  readonly schemaRef?: string;
  /** The result schema's own example. */
  readonly example?: unknown;
}

/** Where an operation stands in its resource family (see IrFamily). */
export type IrFamilyRole = 'list' | 'create' | 'get' | 'update' | 'set' | 'delete' | 'action' | 'other';

export interface IrOperationFamily {
  /** Key of the family in `ir.families` (its collection or singleton path). */
  readonly family: string;
  readonly role: IrFamilyRole;
}

export interface IrOperation {
  /** Dotted public name = operationId: `vcenter.vm.power.start`. */
  readonly id: string;
  readonly namespace: readonly string[];
  /** Method name on the namespace: `start`. */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template without the action: `/api/vcenter/vm/{vm}/power`. */
  readonly path: string;
  readonly action?: string;
  readonly actionKey?: 'action' | '~action';
  /** A required query parameter whose presence selects this operation over the plain one (`?name`). */
  readonly selector?: string;
  /** The spec's path key (wire form): `/api/vcenter/vm/{vm}/power?action=start`. */
  readonly specKey: string;
  /** JSON pointer of the operation object in `ir.document`. */
  readonly pointer: string;
  /** Spec file, relative to specs/. */
  readonly file: string;
  readonly summary: string;
  readonly description: string;
  /** vSphere release that introduced the operation (`x-vsphere-since`). */
  readonly since?: string;
  /** Path parameters in template order; path-level and operation-level declarations merged (operation wins). */
  readonly pathParams: readonly IrParam[];
  /** Query parameters by name, without `vmw-task` (that is `task`). */
  readonly queryParams: readonly IrParam[];
  readonly body?: IrBody;
  readonly success: { readonly status: number; readonly hasBody: boolean; readonly schemaRef?: string };
  /** Every declared response, by status. */
  readonly responses: readonly IrResponse[];
  readonly errorStatuses: readonly number[];
  readonly task?: 'both' | 'only';
  /** What a task-only operation's task returns (`x-vsphere-task-result`), when it declares it. */
  readonly taskResult?: IrTaskResult;
  /** The declared `vmw-task` query parameter that asks for the task form (task operations). */
  readonly taskParam?: IrParam;
  readonly rest: boolean;
  readonly auth: 'session' | 'login' | 'none';
  readonly family: IrOperationFamily;
}

/**
 * A resource family, keyed by path template.
 * - `collection`: a path `P` whose items are `P/{id}` (list/create on `P`; get/update/set/delete on the item),
 *   or that a `list` operation reads (no `idParam` when no operation addresses its items).
 * - `singleton`: a path without items that is read (GET) and/or written (PATCH merges, PUT replaces);
 *   some are also created and deleted (`POST`/`DELETE /api/session`).
 * - `action`: a path that only has actions or creates (`POST /api/esx/settings/depots/offline`, `?action=` routes).
 * Actions (`?action=`) on a collection, its item or a singleton belong to that family.
 */
export interface IrFamily {
  readonly kind: 'collection' | 'singleton' | 'action';
  /** Collection or singleton path template. */
  readonly path: string;
  /** Item path template (collections): `P/{id}`. */
  readonly itemPath?: string;
  /** The item id parameter (collections). */
  readonly idParam?: string;
  /** Path parameters that name the parent of a nested family (`vm` of `/api/vcenter/vm/{vm}/hardware/disk`). */
  readonly parentParams: readonly string[];
  /** Operation ids by role. */
  readonly list?: string;
  readonly create?: string;
  readonly get?: string;
  readonly update?: string;
  readonly set?: string;
  readonly delete?: string;
  readonly actions: readonly string[];
  readonly other: readonly string[];
}

export interface IrSchema {
  readonly name: string;
  /** Spec file (relative to specs/) that defines it. */
  readonly file: string;
  readonly since?: string;
  readonly schema: JsonSchema;
}

export interface IrErrorType {
  /** vSphere `error_type`, e.g. `NOT_FOUND`. */
  readonly type: string;
  /** The HTTP status vCenter answers with (`x-vsphere-http-status`). */
  readonly status: number;
}

export interface Ir {
  readonly operations: readonly IrOperation[];
  /** Component schemas by name, sorted. */
  readonly schemas: Readonly<Record<string, IrSchema>>;
  /** Resource families by path template, sorted. */
  readonly families: Readonly<Record<string, IrFamily>>;
  /** Every vSphere standard error type with its HTTP status, sorted by type. */
  readonly errorTypes: readonly IrErrorType[];
  /**
   * The bundled OpenAPI 3.1 document (every `$ref` internal). Kept for what needs a
   * whole document (openapi-typescript, the mock's validators); pointers above point into it.
   */
  readonly document: OpenApiDocument;
}
