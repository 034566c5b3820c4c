import type { OpenApiDocument } from '../bundle/bundle.js';
import { deref } from '../ir/build-ir.js';
import type { IrOperation } from '../ir/types.js';
import { getAtPointer, pointerOf } from '../load/spec-problem.js';
import { generatedHeader } from './header.js';
import { routeData } from './route-literal.js';

type Json = Record<string, unknown>;

/** `spec.gen.json`: the bundled document the mock validates against. */
export function emitMockSpec(document: OpenApiDocument): string {
  return JSON.stringify(document, null, 2) + '\n';
}

/** `routes.gen.json`: the mock's route table, with pointers into spec.gen.json. */
export function emitMockRoutes(document: OpenApiDocument, operations: readonly IrOperation[]): string {
  const doc = document as Json;
  const routes = operations.map((op) => {
    const method = op.method.toLowerCase();
    const opPointer = pointerOf('paths', op.specKey, method);
    const item = getAtPointer(doc, pointerOf('paths', op.specKey)) as Json;
    const operation = item[method] as Json;
    const parameters: Json[] = [];
    const seen = new Set<string>();
    const collect = (list: unknown, base: string): void => {
      if (!Array.isArray(list)) return;
      list.forEach((raw, i) => {
        const ref = (raw as Json).$ref as string | undefined;
        const p = deref(doc, raw) as Json;
        const at = ref ?? `${base}/${i}`;
        const key = `${String(p.in)}:${String(p.name)}`;
        if (seen.has(key)) return;
        seen.add(key);
        parameters.push({ name: p.name, in: p.in, required: p.in === 'path' || p.required === true, schema: `${at}/schema` });
      });
    };
    collect(operation.parameters, `${opPointer}/parameters`); // operation-level wins
    collect(item.parameters, `${pointerOf('paths', op.specKey)}/parameters`);
    let requestSchema: string | undefined;
    let requestExample: unknown;
    const rbRaw = operation.requestBody as Json | undefined;
    if (rbRaw) {
      const rbPointer = (rbRaw.$ref as string | undefined) ?? `${opPointer}/requestBody`;
      const rb = deref(doc, rbRaw) as Json;
      const [type, media] = Object.entries((rb.content ?? {}) as Record<string, Json>)[0] ?? [];
      if (type && media) {
        requestSchema = `${rbPointer}/content/${type.replace(/\//g, '~1')}/schema`;
        requestExample = media.example;
      }
    }
    const responses: Record<string, Json> = {};
    for (const [status, raw] of Object.entries((operation.responses ?? {}) as Record<string, Json>)) {
      const respPointer = (raw.$ref as string | undefined) ?? `${opPointer}/responses/${status}`;
      const resp = deref(doc, raw) as Json;
      const [type, media] = Object.entries((resp.content ?? {}) as Record<string, Json>)[0] ?? [];
      // Only success examples travel in the table: error bodies are built by the mock,
      // and every example stays reachable through spec.gen.json.
      const example = /^2/.test(status) && media?.example !== undefined ? { example: media.example } : {};
      responses[status] = type && media ? { schema: `${respPointer}/content/${type.replace(/\//g, '~1')}/schema`, ...example } : {};
    }
    return {
      ...routeData(op),
      pointer: opPointer,
      ...(requestSchema ? { requestSchema } : {}),
      ...(requestExample !== undefined ? { requestExample } : {}),
      parameters,
      responses,
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
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'example' || k === 'requestExample' ? v : stripHashes(v)]));
  }
  return value;
}
