import type { IrOperation } from '../ir/types.js';
import { generatedHeader } from './header.js';
import { literal } from './route-literal.js';

/**
 * `packages/client/test/generated/contract-calls.gen.ts`: one call per operation
 * through the generated client, with arguments taken from the spec's examples.
 * The hand-written contract test runs each against the mock and checks the
 * answer against the spec; tsc checks that every example fits the generated types.
 */
export function emitContractCalls(operations: readonly IrOperation[]): string {
  const entries = operations.map((op) => {
    const args: string[] = op.pathParams.map((p) => literal(String(p.example ?? `${p.name}-1`)));
    if (op.body) args.push(literal(op.body.example ?? {}, 4));
    if (op.queryParams.length) {
      const query: Record<string, unknown> = {};
      for (const q of op.queryParams) {
        if (q.required && q.example !== undefined) query[q.name] = q.example;
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
