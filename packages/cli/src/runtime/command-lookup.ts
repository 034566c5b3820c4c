/**
 * The command of an operation id (`vcenter.vm.power.get` → `vsphere vcenter vm power get`), for the
 * follow-up reads the runtime makes itself (power state after a guest shutdown, a VM's name).
 * Command words are the id's segments in kebab-case, so only the one namespace table loads and
 * only the one command's details are parsed.
 */
import type { CommandDef, CommandTable, NamespaceDef } from './command-types.js';

/** A command's words joined by single spaces: `vcenter vm list`. */
export function commandKey(cmd: CommandDef): string {
  return cmd.key ?? cmd.words.join(' ');
}

/** The command of a table whose words are exactly `words`. */
export function findCommand(table: CommandTable, words: readonly string[]): CommandDef | undefined {
  const key = words.join(' ');
  return table.find((c) => commandKey(c) === key);
}

export function commandWords(operationId: string): string[] {
  return operationId.split('.').map((s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
}

export async function commandById(namespaces: readonly NamespaceDef[], operationId: string): Promise<CommandDef> {
  const words = commandWords(operationId);
  const ns = namespaces.find((n) => n.name === words[0]);
  const table = await ns?.load();
  const cmd = table && findCommand(table, words);
  if (!cmd || cmd.route.id !== operationId) throw new Error(`no command for operation ${operationId}`);
  return cmd;
}
