import type { CommandDef, NamespaceDef } from './command-types.js';
import { GLOBAL_FLAGS } from './args.js';
import { FLAG_TABLE, GLOBAL_FLAG_DECLS, builtinScope, commandFlagDecls, flagsIn } from './flag-table.js';
import { BUILTINS } from './help.js';
import { UsageError } from './errors.js';
import { dotFlags, fieldAsFlag } from './body-flags.js';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;

/** The candidate that tells the scripts to complete file names (a value that is a file: `--spec @…`, `--ca-file`). */
export const FILES = ':files';

/** Candidates for an object flag's value (`--vm <TAB>`): identifiers and names from the server. */
export type ObjectCompleter = (kind: string, prefix: string) => Promise<string[]>;

/**
 * The scripts ask the CLI itself (`vsphere __complete <words>`) for candidates,
 * so commands, flags and enum values always match the installed version and
 * only the namespace being completed is loaded.
 */
export function completionScript(shell: string): string {
  switch (shell) {
    case 'bash':
      return `# vsphere bash completion. Load it with:  source <(vsphere completion bash)
# Completes namespaces, operations, flags and enum values (vsphere __complete).
_vsphere_complete() {
  local IFS=$'\\n'
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  COMPREPLY=( $(vsphere __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
  if [ "\${COMPREPLY[0]}" = "${FILES}" ]; then
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -o nosort -F _vsphere_complete vsphere 2>/dev/null || complete -F _vsphere_complete vsphere
`;
    case 'zsh':
      return `#compdef vsphere
# vsphere zsh completion. Load it with:  source <(vsphere completion zsh)
# Completes namespaces, operations, flags and enum values (vsphere __complete).
_vsphere() {
  local -a candidates
  candidates=("\${(@f)$(vsphere __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if [[ "\${candidates[1]}" == "${FILES}" ]]; then
    _files
  elif (( \${#candidates} )) && [[ -n "\${candidates[1]}" ]]; then
    compadd -Q -- "\${candidates[@]}"
  fi
}
if (( $+functions[compdef] )); then compdef _vsphere vsphere; fi
`;
    case 'fish':
      return `# vsphere fish completion. Load it with:  vsphere completion fish | source
# Completes namespaces, operations, flags and enum values (vsphere __complete).
function __vsphere_complete
    set -l tokens (commandline -opc) (commandline -ct)
    set -l candidates (vsphere __complete $tokens[2..-1] 2>/dev/null)
    if test "$candidates[1]" = "${FILES}"
        __fish_complete_path (commandline -ct)
    else
        printf '%s\\n' $candidates
    end
end
complete -c vsphere -f -a '(__vsphere_complete)'
`;
    case 'powershell':
      return `# vsphere PowerShell completion. Load it with:  vsphere completion powershell | Out-String | Invoke-Expression
# (add that line to $PROFILE to keep it). Completes namespaces, operations, flags, enum values and objects (vsphere __complete).
Register-ArgumentCompleter -Native -CommandName vsphere -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 | Where-Object { $_.Extent.EndOffset -le $cursorPosition } | ForEach-Object { $_.ToString() })
    if ($wordToComplete -eq '') { $words += '' }
    $candidates = @(& vsphere __complete @words 2>$null)
    if ($candidates.Count -gt 0 -and $candidates[0] -eq '${FILES}') {
        Get-ChildItem -Path "$wordToComplete*" -ErrorAction SilentlyContinue | ForEach-Object {
            [System.Management.Automation.CompletionResult]::new($_.Name, $_.Name, 'ProviderItem', $_.Name)
        }
        return
    }
    foreach ($c in $candidates) {
        if ($c -ne '') {
            $text = if ($c -match '[\\s''"]') { "'" + ($c -replace "'", "''") + "'" } else { $c }
            [System.Management.Automation.CompletionResult]::new($text, $c, 'ParameterValue', $c)
        }
    }
}
`;
    default:
      throw new UsageError(`unknown shell '${shell}': expected one of ${SHELLS.join(', ')}`);
  }
}

/** `-o` → `output`, `--server` → `server`. */
function flagName(word: string): string {
  if (word.startsWith('--')) return word.slice(2).split('=')[0];
  return SHORT_NAMES.get(word.slice(1, 2)) ?? word.slice(1);
}

const SHORT_NAMES: ReadonlyMap<string, string> = new Map(FLAG_TABLE.filter((f) => f.short).map((f) => [f.short!, f.name]));
const GLOBAL_WORDS = GLOBAL_FLAG_DECLS.map((f) => `--${f.name}`);

/** Candidates for the last word of `words` (the word being typed, possibly empty). */
export async function complete(
  words: readonly string[],
  namespaces: readonly NamespaceDef[],
  profileNames: () => string[],
  objects: ObjectCompleter = async () => [],
): Promise<string[]> {
  const cur = words.length ? words[words.length - 1] : '';
  const before = words.slice(0, -1);
  const filter = (list: Iterable<string>) => [...new Set(list)].filter((c) => c.startsWith(cur));

  // Positional words typed so far (flags and their values skipped).
  const positional: string[] = [];
  let prevFlag: string | undefined;
  for (const w of before) {
    if (w.startsWith('-')) {
      prevFlag = w.includes('=') ? undefined : flagName(w);
      continue;
    }
    if (prevFlag !== undefined) {
      const takes = GLOBAL_FLAGS.get(prevFlag)?.takesValue;
      prevFlag = undefined;
      if (takes !== false) continue;
    }
    positional.push(w);
  }
  const last = before[before.length - 1];
  const lastFlag = last?.startsWith('-') && !last.includes('=') ? flagName(last) : undefined;

  const top = positional[0];
  if (!top) {
    if (cur.startsWith('-')) return filter(GLOBAL_WORDS);
    return filter([...namespaces.map((n) => n.name), ...BUILTINS.map((b) => b.name)]);
  }
  const runtimeFlag = lastFlag !== undefined ? FLAG_TABLE.find((f) => f.name === lastFlag) : undefined;
  if (runtimeFlag?.values) return filter(runtimeFlag.values);
  if (runtimeFlag?.completeWith === 'profiles') return filter(profileNames());
  if (runtimeFlag?.metavar?.includes('FILE')) return [FILES];
  const scope = builtinScope(top);
  if (scope && cur.startsWith('-')) return filter([...flagsIn(scope).map((f) => `--${f.name}`), ...GLOBAL_WORDS]);
  if (top === 'completion') return positional.length === 1 ? filter(SHELLS) : [];
  if (top === 'profile') {
    if (positional.length === 1) return filter(['list', 'use']);
    if (positional[1] === 'use' && positional.length === 2) return filter(profileNames());
    return [];
  }
  if (top === 'raw') return positional.length === 1 ? filter(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) : [];
  const ns = namespaces.find((n) => n.name === top);
  if (!ns) return [];
  const table = await ns.load();
  const cmd: CommandDef | undefined = table.find((c) => c.words.length <= positional.length && c.words.every((w, i) => positional[i] === w));
  if (cmd) {
    const dots = dotFlags(cmd);
    if (lastFlag) {
      const dot = dots.get(lastFlag);
      const def = dot ? fieldAsFlag(dot) : cmd.flags.find((f) => f.flag === lastFlag);
      // Comma-separated arrays: complete the part after the last comma.
      const comma = def?.type === 'array' ? cur.lastIndexOf(',') : -1;
      const head = comma >= 0 ? cur.slice(0, comma + 1) : '';
      const tail = cur.slice(head.length);
      if (def?.enum) return def.enum.filter((e) => e.startsWith(tail)).map((e) => head + e);
      if (def?.object) return (await objects(def.object, tail)).map((c) => head + c);
      if (def && (def.type === 'object' || def.itemType === 'object')) return [FILES];
      if (def && def.type !== 'boolean') return [];
    }
    const flags = cmd.flags.filter((f) => f.name !== 'vmw-task').map((f) => `--${f.flag}`);
    flags.push(...commandFlagDecls(cmd).map((f) => `--${f.name}`));
    // Dotted fields only once the dot is typed: `--placement.<TAB>`.
    if (cur.includes('.')) flags.push(...[...dots.keys()].map((d) => `--${d}`));
    return filter([...flags, ...GLOBAL_WORDS]);
  }
  const depth = positional.length;
  const next = table.filter((c) => c.words.length > depth && positional.every((w, i) => c.words[i] === w)).map((c) => c.words[depth]);
  return filter(next);
}
