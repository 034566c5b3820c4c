import { cliContext, emitCommandIndex, emitCommandTable } from '../emit/cli-commands.js';
import { defineEmitter } from '../emit/plugin.js';
import type { IrOperation } from '../ir/types.js';

const DIR = 'packages/cli/src/generated';

const TOP_SUMMARIES: Record<string, string> = {
  appliance: 'vCenter Server appliance: health, networking, backup, update, logging',
  cis: 'Common services: tasks and tagging',
  content: 'Content libraries and their items',
  esx: 'ESXi lifecycle: depots, software, drafts, compliance, HCL',
  rest: 'Legacy /rest forms of appliance and deployment operations',
  session: 'API sessions: log in, inspect, log out',
  vapi: 'API metadata',
  vcenter: 'vCenter inventory: VMs, hosts, clusters, policies, trust, namespaces',
};

function topSummary(top: string, count: number): string {
  return `${TOP_SUMMARIES[top] ?? `The ${top} namespace`} (${count} operations)`;
}

/** The CLI's command tables, one lazily loaded file per top-level namespace, and their index. */
export const cliCommands = defineEmitter({
  name: 'cli-commands',
  reads: ['operations', 'schemas'],
  owns: [DIR],
  emit(ir) {
    const byTop = new Map<string, IrOperation[]>();
    for (const op of ir.operations) byTop.set(op.namespace[0]!, [...(byTop.get(op.namespace[0]!) ?? []), op]);
    const tops = [...byTop.keys()].sort();
    const ctx = cliContext(ir.operations, ir.schemas);
    const out = new Map<string, string>();
    for (const top of tops) out.set(`${DIR}/commands/${top}.gen.ts`, emitCommandTable(top, byTop.get(top)!, ctx));
    out.set(`${DIR}/index.gen.ts`, emitCommandIndex(tops.map((t) => ({ name: t, summary: topSummary(t, byTop.get(t)!.length), count: byTop.get(t)!.length }))));
    return { files: out };
  },
});
