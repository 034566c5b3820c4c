/**
 * Type-level helpers that pull parameter, body and response types of one
 * operation out of the openapi-typescript `operations` map. Generated service
 * methods are typed through these, so the types always follow the specs.
 */

/** Query parameters of an operation, without `vmw-task` (task calls set it themselves). */
export type OpQuery<Op> = Op extends { parameters: { query?: infer Q } }
  ? [NonNullable<Q>] extends [never]
    ? Record<string, never>
    : Omit<NonNullable<Q>, 'vmw-task'>
  : Record<string, never>;

/** Path parameters of an operation. */
export type OpPath<Op> = Op extends { parameters: { path?: infer P } } ? NonNullable<P> : Record<string, never>;

/** Request body of an operation (the first content type it declares). */
export type OpBody<Op> = Op extends { requestBody?: infer B } ? (NonNullable<B> extends { content: infer C } ? C[keyof C] : never) : never;

/** Success body of an operation for a status, or void when that answer has no body. */
export type OpResponse<Op, S extends number> = Op extends { responses: infer R }
  ? S extends keyof R
    ? R[S] extends { content: infer C }
      ? C[keyof C]
      : void
    : void
  : void;

/** `/rest` answers wrap the body as `{"value": ...}`; the client unwraps it, and so do the types. */
export type RestValue<T> = T extends { value: infer V } ? V : T;
