/**
 * The normalized operation table (IR). It is committed as ir/operations.json,
 * so a spec change shows up as a small, reviewable diff. Every emitter reads
 * only this (plus the bundled document for types and schemas).
 */

export interface IrSchemaSummary {
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  readonly itemType?: 'string' | 'integer' | 'number' | 'boolean' | 'object';
  readonly enum?: readonly (string | number | boolean)[];
  readonly format?: string;
  /** Component name when the schema (or its items) is a named schema. */
  readonly ref?: string;
}

export interface IrParam {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  readonly schema: IrSchemaSummary;
}

export interface IrBodyField extends IrParam {}

export interface IrBody {
  readonly required: boolean;
  readonly contentType: 'application/json' | 'application/x-www-form-urlencoded';
  /** Named schema of the body, when it is one. */
  readonly schemaRef?: string;
  /** Top-level fields (for CLI flags); empty when the body is not an object. */
  readonly fields: readonly IrBodyField[];
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
  /** The spec's path key (wire form): `/api/vcenter/vm/{vm}/power?action=start`. */
  readonly specKey: string;
  /** Spec file, relative to specs/. */
  readonly file: string;
  readonly summary: string;
  readonly description: string;
  readonly since?: string;
  readonly pathParams: readonly IrParam[];
  /** Query parameters, without `vmw-task` (that is `task`). */
  readonly queryParams: readonly IrParam[];
  readonly body?: IrBody;
  readonly success: { readonly status: number; readonly hasBody: boolean; readonly schemaRef?: string };
  readonly errorStatuses: readonly number[];
  readonly task?: 'both' | 'only';
  /** Named schema of a task's result, for task-only operations that return one. */
  readonly taskResultRef?: string;
  readonly rest: boolean;
  readonly auth: 'session' | 'login' | 'none';
}

export interface Ir {
  readonly operations: readonly IrOperation[];
}
