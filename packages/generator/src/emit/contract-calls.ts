import type { OpenApiDocument } from '../bundle/bundle.js';
import { deref } from '../ir/build-ir.js';
import type { IrOperation } from '../ir/types.js';
import { getAtPointer, pointerOf } from '../load/spec-problem.js';
import { generatedHeader } from './header.js';
import { literal } from './route-literal.js';

type Json = Record<string, unknown>;

/**
 * `packages/client/test/generated/contract-calls.gen.ts`: one call per operation
 * through the generated client, with arguments taken from the spec's examples.
 * The hand-written contract test runs each against the mock and checks the
 * answer against the spec; tsc checks that every example fits the generated types.
 */
export function emitContractCalls(document: OpenApiDocument, operations: readonly IrOperation[]): string {
  const doc = document as Json;
  const entries = operations.map((op) => {
    const method = op.method.toLowerCase();
    const item = getAtPointer(doc, pointerOf('paths', op.specKey)) as Json;
    const operation = item[method] as Json;
    const params = new Map<string, Json>();
    for (const raw of [...((item.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])]) {
      const p = deref(doc, raw) as Json;
      params.set(`${String(p.in)}:${String(p.name)}`, p);
    }
    const args: string[] = op.pathParams.map((p) => literal(String(params.get(`path:${p.name}`)?.example ?? `${p.name}-1`)));
    if (op.body) {
      const rb = deref(doc, operation.requestBody) as Json;
      const media = Object.values((rb.content ?? {}) as Record<string, Json>)[0];
      args.push(literal(media?.example ?? {}, 4));
    }
    if (op.queryParams.length) {
      const query: Record<string, unknown> = {};
      for (const q of op.queryParams) {
        const example = params.get(`query:${q.name}`)?.example;
        if (q.required && example !== undefined) query[q.name] = example;
      }
      if (Object.keys(query).length || op.queryParams.some((q) => q.required)) args.push(literal(query, 4));
    }
    const name = op.task === 'only' ? `${op.name}Task` : op.name;
    const target = ['client', ...op.namespace].join('.');
    return [
      '  {',
      `    id: ${literal(op.id)},`,
      `    task: ${op.task === 'only'},`,
      `    call: (client) => ${target}.${name}(${args.join(', ')}),`,
      '  },',
    ].join('\n');
  });
  return [
    generatedHeader('specs/'),
    "import type { VsphereClient } from '../../src/index.js';",
    '',
    'export interface ContractCall {',
    '  /** operationId */',
    '  readonly id: string;',
    '  /** True when the call returns a task handle (task-only operations). */',
    '  readonly task: boolean;',
    '  readonly call: (client: VsphereClient) => Promise<unknown>;',
    '}',
    '',
    'export const CONTRACT_CALLS: readonly ContractCall[] = [',
    ...entries,
    '];',
    '',
  ].join('\n');
}
