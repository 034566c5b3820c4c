/**
 * The guest's file system: one record per file, directory or link, keyed by normalized path
 * (guest-paths.ts). A guest nobody wrote to has the files of a fresh install of its OS family
 * (computed, not stored); the first change stores them in `rules.guests[vm].files`.
 */
import { randomBytes } from 'node:crypto';
import type { Inventory } from '../../state/inventory.js';
import type { GuestFile, Vm } from '../../state/types.js';
import { dict } from '../../state/dict.js';
import { invalidArgument, notFound, VapiError } from '../../server/errors.js';
import { isWindowsGuest } from './guest-os.js';
import { type GuestPath, guestPath, isInside, joinGuestPath } from './guest-paths.js';
import { readGuest, writeGuest } from './guest-record.js';

/** When the files of a fresh install were written. */
const INSTALLED = '2026-01-05T08:00:00.000Z';

const LINUX_DIRS = ['/', '/bin', '/boot', '/etc', '/home', '/root', '/tmp', '/usr', '/usr/bin', '/usr/lib', '/var', '/var/log', '/var/tmp'];
const LINUX_FILES: [string, number, string][] = [
  ['/bin/bash', 1_390_064, '755'],
  ['/bin/sh', 1_390_064, '755'],
  ['/usr/bin/ls', 140_936, '755'],
  ['/usr/bin/env', 48_064, '755'],
  ['/usr/bin/sleep', 35_336, '755'],
  ['/usr/bin/python3', 6_168, '755'],
  ['/usr/bin/vmtoolsd', 52_328, '755'],
  ['/etc/hosts', 158, '644'],
  ['/etc/os-release', 500, '644'],
  ['/var/log/messages', 1_048_576, '600'],
];
const WINDOWS_DIRS = [
  'C:\\',
  'C:\\Program Files',
  'C:\\Program Files\\VMware',
  'C:\\Program Files\\VMware\\VMware Tools',
  'C:\\Users',
  'C:\\Users\\Administrator',
  'C:\\Windows',
  'C:\\Windows\\System32',
  'C:\\Windows\\System32\\WindowsPowerShell',
  'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
  'C:\\Windows\\Temp',
];
const WINDOWS_FILES: [string, number][] = [
  ['C:\\Windows\\System32\\cmd.exe', 289_792],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 452_608],
  ['C:\\Windows\\System32\\ipconfig.exe', 35_840],
  ['C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe', 96_112],
];

function entry(path: string, type: GuestFile['type'], size: number, permissions: string, owner = 0): GuestFile {
  return {
    path,
    type,
    size,
    last_modified: INSTALLED,
    last_accessed: INSTALLED,
    created: INSTALLED,
    owner,
    group: owner,
    permissions,
    hidden: false,
    read_only: false,
  };
}

function freshInstall(vm: Vm): Record<string, GuestFile> {
  const files = dict<GuestFile>();
  if (isWindowsGuest(vm.guest_OS)) {
    for (const d of WINDOWS_DIRS) files[d.toLowerCase()] = entry(d, 'DIRECTORY', 0, '');
    for (const [f, size] of WINDOWS_FILES) files[f.toLowerCase()] = entry(f, 'FILE', size, '');
  } else {
    for (const d of LINUX_DIRS) files[d] = entry(d, 'DIRECTORY', 4096, d === '/tmp' || d === '/var/tmp' ? '1777' : d === '/root' ? '700' : '755');
    for (const [f, size, mode] of LINUX_FILES) files[f] = entry(f, 'FILE', size, mode);
  }
  return files;
}

/** The files to read (a fresh install when none are stored). */
export function filesOf(state: Inventory, vm: Vm): Record<string, GuestFile> {
  return readGuest(state, vm.id)?.files ?? freshInstall(vm);
}

/** The files to change, stored from here on. */
function writableFiles(state: Inventory, vm: Vm): Record<string, GuestFile> {
  const g = writeGuest(state, vm.id);
  return (g.files ??= freshInstall(vm));
}

/** The directory where temporary files go when no parent is given. */
export const tempDir = (vm: Vm): string => (isWindowsGuest(vm.guest_OS) ? 'C:\\Windows\\Temp' : '/tmp');

/** The uid of a guest user for the files it creates (0 for root and the Windows administrators). */
const uidOf = (user: string): number => (user === 'root' || user.toLowerCase() === 'administrator' ? 0 : 1000);

export class GuestFs {
  readonly windows: boolean;
  constructor(
    private readonly state: Inventory,
    readonly vm: Vm,
  ) {
    this.windows = isWindowsGuest(vm.guest_OS);
  }

  path(path: unknown, field: string): GuestPath {
    return guestPath(path, this.windows, field);
  }

  get(p: GuestPath): GuestFile | undefined {
    return filesOf(this.state, this.vm)[p.key];
  }

  /** The entry at `p`, or NOT_FOUND naming the path. */
  must(p: GuestPath, what = 'File'): GuestFile {
    const f = this.get(p);
    if (!f) throw notFound(`${what} in the guest`, p.display, 'com.vmware.api.vcenter.vm.guest.filesystem.not_found');
    return f;
  }

  mustDir(p: GuestPath | { key: string; display: string }, field: string): GuestFile {
    const f = filesOf(this.state, this.vm)[p.key];
    if (!f) throw notFound('Directory in the guest', p.display, 'com.vmware.api.vcenter.vm.guest.filesystem.not_found');
    if (f.type !== 'DIRECTORY')
      throw invalidArgument(`'${field}': '${p.display}' is not a directory.`, [field, p.display], 'com.vmware.api.vcenter.vm.guest.filesystem.not_a_directory');
    return f;
  }

  /** The entries directly inside directory `dir`, by name. */
  children(dir: GuestPath): GuestFile[] {
    const out: GuestFile[] = [];
    for (const [key, f] of Object.entries(filesOf(this.state, this.vm))) {
      if (key !== dir.key && this.parentKey(key) === dir.key) out.push(f);
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private parentKey(key: string): string | undefined {
    return guestPath(key, this.windows, 'path').parent?.key;
  }

  alreadyExists(p: GuestPath): VapiError {
    return new VapiError(
      'ALREADY_EXISTS',
      `'${p.display}' already exists in the guest of virtual machine '${this.vm.id}'.`,
      [p.display],
      'com.vmware.api.vcenter.vm.guest.filesystem.already_exists',
    );
  }

  /** Writes a new or replaced entry under an existing parent directory. */
  put(p: GuestPath, type: GuestFile['type'], user: string, size = 0, field = 'path'): GuestFile {
    if (!p.parent) throw invalidArgument(`'${field}': the root '${p.display}' cannot be created or replaced.`, [field, p.display]);
    this.mustDir(p.parent, field);
    const now = new Date().toISOString();
    const uid = uidOf(user);
    const f: GuestFile = {
      ...entry(p.display, type, type === 'DIRECTORY' && !this.windows ? 4096 : size, this.windows ? '' : type === 'DIRECTORY' ? '755' : '644', uid),
      last_modified: now,
      last_accessed: now,
      created: now,
    };
    writableFiles(this.state, this.vm)[p.key] = f;
    return f;
  }

  /** Creates a directory, with its missing parents when asked. */
  mkdir(p: GuestPath, parents: boolean, user: string): void {
    if (this.get(p)) throw this.alreadyExists(p);
    if (parents && p.parent && !this.get(guestPath(p.parent.display, this.windows, 'path')))
      this.mkdir(guestPath(p.parent.display, this.windows, 'path'), true, user);
    this.put(p, 'DIRECTORY', user);
  }

  /** Removes `p` and, for a directory, everything inside it. */
  remove(p: GuestPath): void {
    const files = writableFiles(this.state, this.vm);
    for (const key of Object.keys(files)) if (isInside(key, p.key, this.windows)) delete files[key];
  }

  /** Moves `from` (and what is inside it) to `to`. */
  move(from: GuestPath, to: GuestPath): void {
    const files = writableFiles(this.state, this.vm);
    const sep = this.windows ? '\\' : '/';
    const moved: [string, GuestFile][] = [];
    for (const [key, f] of Object.entries(files)) {
      if (!isInside(key, from.key, this.windows)) continue;
      const suffix = f.path.slice(from.display.length);
      const path = to.display + (suffix && !suffix.startsWith(sep) ? sep + suffix : suffix);
      moved.push([key, { ...f, path }]);
    }
    for (const [key] of moved) delete files[key];
    for (const [, f] of moved) files[this.windows ? f.path.toLowerCase() : f.path] = f;
  }

  /** A new unique name `<prefix><random><suffix>` in `parent` (display form), or the temp directory. */
  temporaryPath(prefix: string, suffix: string, parent: string | undefined): GuestPath {
    const dir = parent === undefined ? this.path(tempDir(this.vm), 'parent_path') : this.path(parent, 'parent_path');
    this.mustDir(dir, 'parent_path');
    for (;;) {
      const p = joinGuestPath(dir.display, `${prefix}${randomBytes(4).toString('hex')}${suffix}`, this.windows, 'prefix');
      if (!this.get(p)) return p;
    }
  }

  /** Changes times and attributes of an entry in place. */
  update(p: GuestPath, change: (f: GuestFile) => void): void {
    const files = writableFiles(this.state, this.vm);
    const f = files[p.key];
    if (!f) throw notFound('File in the guest', p.display, 'com.vmware.api.vcenter.vm.guest.filesystem.not_found');
    change(f);
  }
}
