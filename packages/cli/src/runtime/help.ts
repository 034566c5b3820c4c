import { routeKey } from '@vsphere-kit/core/route';
import type { CommandDef, FlagDef, NamespaceDef } from './command-types.js';

/** How many enum values a flag's help line lists before it abbreviates. */
const ENUM_SHOWN = 12;

export const BUILTINS: readonly { name: string; summary: string }[] = [
  { name: 'login', summary: 'Log in and store the session in a profile' },
  { name: 'logout', summary: 'End the stored session of a profile' },
  { name: 'profile', summary: 'List profiles or choose the current one (profile list | profile use NAME)' },
  { name: 'raw', summary: 'Send an authenticated request: raw GET /api/... [--body @file.json]' },
  { name: 'completion', summary: 'Print a shell completion script: completion bash|zsh|fish' },
  { name: 'help', summary: 'Show help for a command' },
  { name: 'version', summary: 'Print the version' },
];

export const GLOBAL_HELP = `Connection (flag, then environment, then the profile):
  --server URL          vCenter address, https://host or host            VSPHERE_SERVER
  --username NAME       user for a new session                          VSPHERE_USERNAME
  --password-stdin      read the password from stdin                    VSPHERE_PASSWORD
  --insecure            skip TLS certificate verification               VSPHERE_INSECURE
  --ca-file FILE        trust this CA bundle (PEM)                      VSPHERE_CA_FILE
  --thumbprint SHA256   pin the server certificate                      VSPHERE_THUMBPRINT
  --profile NAME        use a stored profile (see vsphere login)        VSPHERE_PROFILE
Output and behaviour:
  -o, --output FORMAT   table (default), json, yaml or ids
  --dry-run             print the request without sending it (secrets masked)
  --debug               show stack traces
  --no-color            no colour (also NO_COLOR)
  -h, --help            show help`;

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
    GLOBAL_HELP,
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

function flagUsage(f: FlagDef): string {
  const meta =
    f.type === 'boolean'
      ? ''
      : f.type === 'array'
        ? ` ${(f.itemType ?? 'string').toUpperCase()}[,...]`
        : f.type === 'object'
          ? ' JSON|@FILE'
          : ` ${f.type.toUpperCase()}`;
  return `--${f.flag}${meta}`;
}

export function commandHelp(cmd: CommandDef): string {
  const out = [`vsphere ${cmd.words.join(' ')}: ${cmd.summary}`, ''];
  const required = cmd.flags.filter((f) => f.required).map((f) => `${flagUsage(f)}`);
  out.push(`Usage: vsphere ${cmd.words.join(' ')}${required.length ? ` ${required.join(' ')}` : ''} [--flags]`, '');
  if (cmd.description && cmd.description !== cmd.summary) out.push(wrap(cmd.description, 0), '');
  out.push(`Request: ${routeKey(cmd.route)}`, '');
  const flags = [...cmd.flags].sort((a, b) => Number(b.required) - Number(a.required));
  const rows: [string, string][] = flags.map((f) => {
    let text = f.description || '';
    if (f.required) text = `(required) ${text}`;
    if (f.enum?.length) {
      // Long enums (guest OS: 200 values) would drown the page; completion offers them all.
      const shown = f.enum.length > ENUM_SHOWN + 2 ? [...f.enum.slice(0, ENUM_SHOWN), `… ${f.enum.length - ENUM_SHOWN} more (tab completion lists them)`] : f.enum;
      text += ` One of: ${shown.join(', ')}.`;
    }
    if (f.type === 'array') text += ' Repeat the flag or separate values with commas.';
    return [flagUsage(f), text.trim()];
  });
  if (cmd.route.body) {
    rows.push([
      '--spec @FILE|-',
      `${cmd.route.body.required && !cmd.bodyFlags ? '(required) ' : ''}The request body, whole or in part, from a JSON or YAML file or stdin (-). Body flags override its fields.`,
    ]);
  }
  if (cmd.route.task) {
    rows.push([
      '--wait',
      cmd.route.task === 'only'
        ? 'Wait for the task to end and show its progress (without it, the task id is printed).'
        : 'Run as a vCenter task, show its progress and exit with its outcome.',
    ]);
  }
  if (cmd.route.id === 'cis.tasks.get') rows.push(['--wait', 'Wait for the task to end, show its progress and exit with its outcome.']);
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
  out.push("Global flags: --server --username --password-stdin --insecure --ca-file --thumbprint --profile -o --dry-run --debug (see 'vsphere --help').", '');
  return out.join('\n');
}
