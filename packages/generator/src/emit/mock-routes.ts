import type { OpenApiDocument } from '../bundle/bundle.js';
import type { Ir, IrOperation, IrParam } from '../ir/types.js';
import { generatedHeader } from './header.js';
import { routeData } from './route-literal.js';

/** `spec.gen.json`: the bundled document the mock validates against. */
export function emitMockSpec(document: OpenApiDocument): string {
  return JSON.stringify(document, null, 2) + '\n';
}

/** A parameter as the mock reads it: where it goes, its type as the IR resolved it, and its schema for the validator. */
function mockParam(p: IrParam, where: 'path' | 'query'): Record<string, unknown> {
  return {
    name: p.name,
    in: where,
    required: p.required,
    type: p.schema.type,
    ...(p.schema.itemType ? { itemType: p.schema.itemType } : {}),
    ...(p.schema.format ? { format: p.schema.format } : {}),
    ...(p.schema.enum ? { enum: p.schema.enum } : {}),
    schema: p.schemaPointer,
  };
}

/** The operation's place in its resource family, for the mock's generic behaviours. */
function mockFamily(op: IrOperation, families: Ir['families']): Record<string, unknown> {
  const family = families[op.family.family]!;
  return {
    path: family.path,
    kind: family.kind,
    role: op.family.role,
    ...(family.idParam ? { idParam: family.idParam } : {}),
    ...(family.create ? { create: family.create } : {}),
  };
}

/** `routes.gen.json`: the mock's route table, with pointers into spec.gen.json. */
export function emitMockRoutes(operations: readonly IrOperation[], families: Ir['families']): string {
  const routes = operations.map((op) => {
    const responses: Record<string, unknown> = {};
    // Only success examples travel in the table (the IR keeps no others): error bodies are built by the mock.
    for (const r of op.responses) {
      responses[String(r.status)] = r.schemaPointer ? { schema: r.schemaPointer, ...(r.example !== undefined ? { example: r.example } : {}) } : {};
    }
    return {
      ...routeData(op),
      pointer: op.pointer,
      ...(op.body ? { requestSchema: op.body.schemaPointer } : {}),
      ...(op.body?.example !== undefined ? { requestExample: op.body.example } : {}),
      parameters: [
        ...op.pathParams.map((p) => mockParam(p, 'path')),
        ...op.queryParams.map((p) => mockParam(p, 'query')),
        ...(op.taskParam ? [mockParam(op.taskParam, 'query')] : []),
      ],
      responses,
      ...(op.taskResult
        ? { taskResult: { schema: op.taskResult.schemaPointer, ...(op.taskResult.example !== undefined ? { example: op.taskResult.example } : {}) } }
        : {}),
      family: mockFamily(op, families),
    };
  });
  // JSON, not a TS module: the mock parses it at start-up, and JSON.parse is far
  // cheaper than compiling an object literal of this size.
  return JSON.stringify({ $comment: generatedHeader('specs/').slice(3).trim(), routes: stripHashes(routes) }, null, 1) + '\n';
}

/** Pointers are emitted as plain JSON pointers (`/paths/…`), not URI fragments (`#/paths/…`). */
function stripHashes(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('#/') ? value.slice(1) : value;
  if (Array.isArray(value)) return value.map(stripHashes);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'example' || k === 'requestExample' || k === 'enum' ? v : stripHashes(v)]));
  }
  return value;
}
