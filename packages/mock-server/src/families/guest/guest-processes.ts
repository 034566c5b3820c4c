/**
 * The guest's process table: the processes a booted guest runs, and those started through the
 * API. The mock runs no program: a process started through the API has run to completion at
 * once with exit code 0 (its program must exist in the guest); the boot processes run until
 * killed or until the guest halts (power-follow.ts drops the table).
 */
import type { Inventory } from '../../state/inventory.js';
import type { GuestProcess, Vm } from '../../state/types.js';
import { dict } from '../../state/dict.js';
import { invalidArgument, notFound } from '../../server/errors.js';
import { isWindowsGuest } from './guest-os.js';
import { GuestFs } from './guest-files.js';
import { readGuest, writeGuest } from './guest-record.js';

/** When a guest whose boot time the mock does not know (a seeded running VM) booted. */
const SEEDED_BOOT = '2026-01-05T08:00:00.000Z';
const FIRST_API_PID = 4000;
/** Ended processes a guest keeps listing (vCenter forgets them after a few minutes); older ones go first. */
export const MAX_ENDED_PROCESSES = 100;

/** Drops the oldest ended processes beyond the limit, so that a long run does not grow the table. */
function forgetOldEnded(table: Record<string, GuestProcess>): void {
  const ended = Object.values(table).filter((p) => p.finished !== undefined);
  if (ended.length <= MAX_ENDED_PROCESSES) return;
  ended.sort((a, b) => a.pid - b.pid);
  for (const p of ended.slice(0, ended.length - MAX_ENDED_PROCESSES)) delete table[String(p.pid)];
}

function bootProcesses(state: Inventory, vm: Vm): Record<string, GuestProcess> {
  const at = readGuest(state, vm.id)?.tools_start_at;
  const started = at === undefined ? SEEDED_BOOT : new Date(at).toISOString();
  const list: [number, string, string, string][] = isWindowsGuest(vm.guest_OS)
    ? [
        [4, 'System', 'NT AUTHORITY\\SYSTEM', 'System'],
        [612, 'services.exe', 'NT AUTHORITY\\SYSTEM', 'C:\\Windows\\system32\\services.exe'],
        [2140, 'vmtoolsd.exe', 'NT AUTHORITY\\SYSTEM', '"C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe"'],
      ]
    : [
        [1, 'systemd', 'root', '/usr/lib/systemd/systemd --switched-root --system --deserialize 31'],
        [812, 'sshd', 'root', '/usr/sbin/sshd -D'],
        [845, 'vmtoolsd', 'root', '/usr/bin/vmtoolsd'],
      ];
  const table = dict<GuestProcess>();
  for (const [pid, name, owner, command] of list) table[String(pid)] = { pid, name, owner, command, started };
  return table;
}

export function processesOf(state: Inventory, vm: Vm): Record<string, GuestProcess> {
  return readGuest(state, vm.id)?.processes ?? bootProcesses(state, vm);
}

function writableProcesses(state: Inventory, vm: Vm): Record<string, GuestProcess> {
  const g = writeGuest(state, vm.id);
  return (g.processes ??= bootProcesses(state, vm));
}

export function processOf(state: Inventory, vm: Vm, pid: string): GuestProcess {
  const p = /^\d{1,15}$/.test(pid) ? processesOf(state, vm)[String(Number(pid))] : undefined;
  if (!p) throw notFound('Guest process', pid, 'com.vmware.api.vcenter.vm.guest.processes.not_found');
  return p;
}

export interface ProcessCreateSpec {
  path?: string;
  arguments?: string;
  working_directory?: string;
  environment_variables?: Record<string, string>;
  start_minimized?: boolean;
}

/** Starts `spec.path` as `user`; returns its pid. */
export function startProcess(state: Inventory, vm: Vm, user: string, spec: ProcessCreateSpec): number {
  const fs = new GuestFs(state, vm);
  const program = fs.path(spec.path, 'spec.path');
  const file = fs.must(program, 'Program');
  if (file.type === 'DIRECTORY') throw invalidArgument(`'spec.path': '${program.display}' is a directory, not a program.`, ['spec.path', program.display]);
  if (spec.working_directory !== undefined) fs.mustDir(fs.path(spec.working_directory, 'spec.working_directory'), 'spec.working_directory');
  const g = writeGuest(state, vm.id);
  const table = writableProcesses(state, vm);
  const pid = Math.max(g.next_pid ?? FIRST_API_PID, FIRST_API_PID);
  g.next_pid = pid + 1;
  const now = new Date().toISOString();
  const command = spec.arguments ? `"${program.display}" ${spec.arguments}` : `"${program.display}"`;
  table[String(pid)] = { pid, name: program.name, owner: user, command, started: now, finished: now, exit_code: 0 };
  forgetOldEnded(table);
  return pid;
}

/** Ends a running process as a kill does (exit code 143 on POSIX, 1 on Windows); an ended one stays as it is. */
export function killProcess(state: Inventory, vm: Vm, pid: string): void {
  const known = processOf(state, vm, pid);
  if (known.finished !== undefined) return;
  const p = writableProcesses(state, vm)[String(known.pid)]!;
  p.finished = new Date().toISOString();
  p.exit_code = isWindowsGuest(vm.guest_OS) ? 1 : 143;
}
