import { routeKey } from '@vsphere-kit/core/route';
import type { CommandDef, FieldDef, FlagDef, NamespaceDef } from './command-types.js';
import { ownGlobalNames } from './args.js';
import { dotFlagName } from './body-flags.js';
import { GLOBAL_FLAG_DECLS, TASK_GET_OPERATION, commandFlagDecls, flagUsage, type FlagDecl } from './flag-table.js';
import { GUEST_WAITS } from './guest-waits.js';

/** How a flag that names an inventory object reads in help. */
const OBJECT_NOTE = ' Takes an identifier, a name or an inventory path.';

export const BUILTINS: readonly { name: string; summary: string }[] = [
  { name: 'login', summary: 'Log in and store the session in a profile' },
  { name: 'logout', summary: 'End the stored session of a profile' },
  { name: 'profile', summary: 'List profiles or choose the current one (profile list | profile use NAME)' },
  { name: 'raw', summary: 'Send an authenticated request: raw GET /api/... [--body @file.json]' },
  { name: 'completion', summary: 'Print a shell completion script: completion bash|zsh|fish|powershell' },
  { name: 'help', summary: 'Show help for a command' },
  { name: 'version', summary: 'Print the version' },
];

const SECTIONS: Readonly<Record<NonNullable<FlagDecl['section']>, string>> = {
  connection: 'Connection (a flag wins over its environment variable, which wins over what vsphere login stored in the profile):',
  output: 'Output and behaviour:',
};

/** The global flags of `vsphere --help`, from flag-table.ts: usage, help, environment twin, profile field. */
export function globalHelp(): string {
  const usage = (d: FlagDecl) => (d.short ? flagUsage(d) : `    ${flagUsage(d)}`);
  const width = Math.max(...GLOBAL_FLAG_DECLS.map((d) => usage(d).length)) + 2;
  const lines: string[] = [];
  for (const [section, title] of Object.entries(SECTIONS)) {
    lines.push(title);
    const decls = GLOBAL_FLAG_DECLS.filter((f) => f.section === section);
    const helpWidth = Math.max(...decls.map((d) => d.help.length)) + 2;
    for (const d of decls) {
      const twins = [d.env, d.profileKey ? 'profile' : undefined].filter(Boolean).join(' · ');
      lines.push(`  ${usage(d).padEnd(width)}${twins ? `${d.help.padEnd(helpWidth)}${twins}` : d.help}`);
    }
  }
  return lines.join('\n');
}

/** Help lines of some runtime flags (a built-in command's own): usage, help, environment twin. */
export function flagLines(decls: readonly FlagDecl[]): string {
  const width = Math.max(...decls.map((d) => flagUsage(d).length)) + 2;
  const helpWidth = Math.max(...decls.map((d) => d.help.length)) + 2;
  return decls.map((d) => `  ${flagUsage(d).padEnd(width)}${d.env ? `${d.help.padEnd(helpWidth)}${d.env}` : d.help}`.trimEnd()).join('\n');
}

function wrap(text: string, indent: number, width = 100): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width - indent) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

export function rootHelp(namespaces: readonly NamespaceDef[], version: string): string {
  const width = Math.max(...namespaces.map((n) => n.name.length), ...BUILTINS.map((b) => b.name.length)) + 2;
  return [
    `vsphere ${version}: the VMware vSphere Automation REST API from the shell`,
    '',
    'Usage: vsphere <namespace words> <operation> [--flags]',
    '       vsphere vcenter vm list --power-states POWERED_ON -o json',
    '',
    'API namespaces:',
    ...namespaces.map((n) => `  ${n.name.padEnd(width)}${n.summary}`),
    '',
    'Commands:',
    ...BUILTINS.map((b) => `  ${b.name.padEnd(width)}${b.summary}`),
    '',
    globalHelp(),
    '',
    "Run 'vsphere <namespace> --help' to see its commands.",
    '',
  ].join('\n');
}

/** Help for a group of commands: `vsphere vcenter vm --help`. */
export function groupHelp(prefix: readonly string[], commands: readonly CommandDef[], summary?: string): string {
  const depth = prefix.length;
  const children = new Map<string, { leaf?: CommandDef; count: number }>();
  for (const c of commands) {
    const next = c.words[depth];
    const entry = children.get(next) ?? { count: 0 };
    if (c.words.length === depth + 1) entry.leaf = c;
    else entry.count++;
    children.set(next, entry);
  }
  const names = [...children.keys()].sort();
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const ops = names.filter((n) => children.get(n)!.leaf);
  const groups = names.filter((n) => children.get(n)!.count > 0);
  const out = [`Usage: vsphere ${prefix.join(' ')} <command> [--flags]`, ''];
  if (summary) out.push(summary, '');
  if (ops.length) {
    out.push('Operations:');
    for (const n of ops) out.push(`  ${n.padEnd(width)}${children.get(n)!.leaf!.summary}`);
    out.push('');
  }
  if (groups.length) {
    out.push('Namespaces:');
    for (const n of groups) {
      const c = children.get(n)!.count;
      out.push(`  ${n.padEnd(width)}${c} command${c === 1 ? '' : 's'}`);
    }
    out.push('');
  }
  out.push(`Run 'vsphere ${prefix.join(' ')} <command> --help' for details.`, '');
  return out.join('\n');
}

function metavar(type: string, itemType: string | undefined, object: string | undefined): string {
  const scalar = (t: string) => (object ? object.toUpperCase() : t.toUpperCase());
  if (type === 'boolean') return '';
  if (type === 'array') return itemType === 'object' ? ' JSON|@FILE' : ` ${scalar(itemType ?? 'string')}[,...]`;
  if (type === 'object') return ' JSON|@FILE';
  return ` ${scalar(type === 'null' ? 'string' : type)}`;
}

function operationFlagUsage(f: FlagDef): string {
  return `--${f.flag}${metavar(f.type, f.itemType, f.object)}`;
}

/** The help rows of an object flag's nested fields: `--placement.folder FOLDER`, type, enum, required within the parent. */
function nestedRows(f: FlagDef): [string, string][] {
  return (f.fields ?? []).map((field: FieldDef) => {
    let text = field.description || '';
    if (field.required) text = `(required in --${f.flag}) ${text}`;
    if (field.enum?.length) text += ` One of: ${field.enum.join(', ')}.`;
    if (field.object) text += OBJECT_NOTE;
    return [`  --${dotFlagName(f, field)}${metavar(field.type, field.itemType, field.object)}`, text.trim()];
  });
}

/** What `--wait` does on this command: follow its task, wait for a guest state, or nothing (synchronous). */
function waitHelp(cmd: CommandDef, taskHelp: string): string {
  if (cmd.route.task === 'only') return `${taskHelp} Without it, the task id is printed.`;
  if (cmd.route.task === 'both') return `${taskHelp} Without it, the operation runs without a task.`;
  if (cmd.route.id === TASK_GET_OPERATION) return taskHelp;
  const guest = GUEST_WAITS.get(cmd.route.id);
  if (guest) return guest.help;
  return 'Accepted for scripts, but this operation is synchronous (no task): it is complete when the command returns.';
}

export function commandHelp(cmd: CommandDef): string {
  const out = [`vsphere ${cmd.words.join(' ')}: ${cmd.summary}`, ''];
  const required = cmd.flags.filter((f) => f.required).map((f) => operationFlagUsage(f));
  out.push(`Usage: vsphere ${cmd.words.join(' ')}${required.length ? ` ${required.join(' ')}` : ''} [--flags]`, '');
  if (cmd.description && cmd.description !== cmd.summary) out.push(wrap(cmd.description, 0), '');
  out.push(`Request: ${routeKey(cmd.route)}`, '');
  const flags = [...cmd.flags].sort((a, b) => Number(b.required) - Number(a.required));
  const rows: [string, string][] = flags.map((f) => {
    let text = f.description || '';
    if (f.required) text = `(required) ${text}`;
    if (f.enum?.length) {
      // Every value, even the guest OS's 181: an invalid value's error points here for the whole list.
      text += ` One of: ${f.enum.join(', ')}.`;
    }
    if (f.object) text += OBJECT_NOTE;
    if (f.type === 'array')
      text += f.itemType === 'object' ? ' JSON or @file; repeat the flag to add more.' : ' Repeat the flag or separate values with commas.';
    if (f.fields?.length) text += ` JSON, @file.json|yaml, or its fields one by one (--${f.flag}.FIELD, below); both combine.`;
    return [operationFlagUsage(f), text.trim()];
  });
  const withNested: [string, string][] = [];
  for (const [i, f] of flags.entries()) withNested.push(rows[i]!, ...nestedRows(f));
  rows.splice(0, rows.length, ...withNested);
  for (const d of commandFlagDecls(cmd)) {
    let text = d.help;
    if (d.name === 'spec' && cmd.route.body?.required && !cmd.bodyFlags) text = `(required) ${text}`;
    if (d.name === 'wait') text = waitHelp(cmd, text);
    rows.push([flagUsage(d), text]);
  }
  const own = ownGlobalNames(cmd);
  if (own.length) {
    const names = own.map((n) => `--${n}`).join(', ');
    out.push(
      wrap(
        `${names}: after the command words, the command's own; the global ${own.length > 1 ? 'flags' : 'flag'} of that name ${own.length > 1 ? 'go' : 'goes'} before them (vsphere ${names.split(', ')[0]} … ${cmd.words.join(' ')} …) or in the environment or profile.`,
        0,
      ),
      '',
    );
  }
  if (rows.length) {
    const width = Math.min(Math.max(...rows.map(([a]) => a.length)) + 2, 34);
    out.push('Flags:');
    for (const [a, b] of rows) {
      if (a.length + 2 > width) out.push(`  ${a}`, wrap(b, width + 2));
      else {
        const text = wrap(b, width + 2).slice(width + 2);
        out.push(`  ${a.padEnd(width)}${text}`);
      }
    }
    out.push('');
  }
  if (cmd.example) out.push('Example:', `  ${cmd.example}`, '');
  out.push(`Global flags: ${GLOBAL_FLAG_DECLS.map((d) => (d.short ? `-${d.short}` : `--${d.name}`)).join(' ')} (see 'vsphere --help').`, '');
  return out.join('\n');
}
