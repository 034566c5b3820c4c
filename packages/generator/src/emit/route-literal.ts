import type { IrOperation } from '../ir/types.js';

/** The RouteDef data of an operation, in a fixed key order (routes as data, octokit-style). */
export function routeData(op: IrOperation): Record<string, unknown> {
  return {
    id: op.id,
    method: op.method,
    path: op.path,
    ...(op.action ? { action: op.action, actionKey: op.actionKey } : {}),
    ...(op.selector ? { selector: op.selector } : {}),
    pathParams: op.pathParams.map((p) => p.name),
    queryParams: op.queryParams.map((p) => ({
      name: p.name,
      required: p.required,
      array: p.schema.type === 'array',
      type: p.schema.type === 'array' ? (p.schema.itemType ?? 'string') : p.schema.type,
      ...(p.schema.enum ? { enum: p.schema.enum } : {}),
    })),
    ...(op.body ? { body: { required: op.body.required, contentType: op.body.contentType } } : {}),
    successStatus: op.success.status,
    responseBody: op.success.hasBody,
    ...(op.task ? { task: op.task } : {}),
    rest: op.rest,
    auth: op.auth,
    ...(op.since ? { since: op.since } : {}),
  };
}

/** Pretty, deterministic TS literal for data: JSON with identifier keys unquoted. */
export function literal(value: unknown, indent = 0): string {
  return JSON.stringify(value, null, 2)
    .replace(/^(\s*)"([A-Za-z_$][\w$]*)":/gm, '$1$2:')
    .split('\n')
    .map((line, i) => (i === 0 ? line : ' '.repeat(indent) + line))
    .join('\n');
}
