/**
 * Guest operations (files, directories, transfers, processes, environment): each authenticates
 * with the body's `credentials` (guest-credentials.ts), then works on the guest's file system
 * and process table. Paths are checked and normalized (guest-paths.ts); a refused call changes nothing.
 */
import type { OpContext, OpResult } from '../../behaviours/types.js';
import type { GuestFile } from '../../state/types.js';
import { invalidArgument, VapiError } from '../../server/errors.js';
import { getVm } from '../vm/vm-lookup.js';
import { authenticateGuest } from './guest-credentials.js';
import { environmentVariable, environmentVariables } from './guest-environment.js';
import { GuestFs } from './guest-files.js';
import { isInside } from './guest-paths.js';
import { GUEST_FILE_PATH, openTransfer } from './guest-transfers.js';
import { killProcess, processOf, processesOf, type ProcessCreateSpec, startProcess } from './guest-processes.js';

type Body = Record<string, unknown> & { credentials?: unknown };

/** The VM, its authenticated guest user and its file system. */
function session(ctx: OpContext) {
  const vm = getVm(ctx.state, ctx.params.vm!);
  const body = (ctx.body ?? {}) as Body;
  const user = authenticateGuest(ctx.state, vm, body.credentials);
  return { vm, body, user, fs: new GuestFs(ctx.state, vm) };
}

const POSIX_MODE = /^[0-7]{3,4}$/;

function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalidArgument(`'${field}' must be a string.`, [field]);
  if (/[\\/]/.test(value) || value.includes('\u0000')) throw invalidArgument(`'${field}' cannot contain a path separator: '${value.slice(0, 100)}'.`, [field]);
  return value;
}

function fileInfo(f: GuestFile, windows: boolean) {
  return {
    type: f.type,
    size: f.size,
    attributes: {
      last_modified: f.last_modified,
      last_accessed: f.last_accessed,
      ...(f.symlink_target !== undefined ? { symlink_target: f.symlink_target } : {}),
      filesystem_family: windows ? ('WINDOWS' as const) : ('POSIX' as const),
      ...(windows
        ? { win_attributes: { hidden: f.hidden, read_only: f.read_only, created: f.created } }
        : { posix_attributes: { owner: f.owner, group: f.group, permissions: f.permissions } }),
    },
  };
}

interface Attributes {
  last_modified?: string;
  last_accessed?: string;
  windows?: { hidden?: boolean; read_only?: boolean };
  posix?: { owner_id?: number; group_id?: number; permissions?: string };
}

/** Checks attributes for the guest's family before anything changes; returns how to apply them. */
function attributeChange(attrs: Attributes | undefined, windows: boolean, field: string): (f: GuestFile) => void {
  if (!attrs) return () => {};
  if (windows && attrs.posix) throw invalidArgument(`'${field}.posix' applies to POSIX guests; this guest runs Windows.`, [`${field}.posix`]);
  if (!windows && attrs.windows) throw invalidArgument(`'${field}.windows' applies to Windows guests; this guest is POSIX.`, [`${field}.windows`]);
  const mode = attrs.posix?.permissions;
  if (mode !== undefined && !POSIX_MODE.test(mode))
    throw invalidArgument(`'${field}.posix.permissions' must be an octal mode such as 644, got '${mode.slice(0, 20)}'.`, [`${field}.posix.permissions`]);
  for (const id of ['owner_id', 'group_id'] as const) {
    const v = attrs.posix?.[id];
    if (v !== undefined && v < 0) throw invalidArgument(`'${field}.posix.${id}' cannot be negative.`, [`${field}.posix.${id}`]);
  }
  return (f) => {
    if (attrs.last_modified !== undefined) f.last_modified = attrs.last_modified;
    if (attrs.last_accessed !== undefined) f.last_accessed = attrs.last_accessed;
    if (attrs.windows?.hidden !== undefined) f.hidden = attrs.windows.hidden;
    if (attrs.windows?.read_only !== undefined) f.read_only = attrs.windows.read_only;
    if (attrs.posix?.owner_id !== undefined) f.owner = attrs.posix.owner_id;
    if (attrs.posix?.group_id !== undefined) f.group = attrs.posix.group_id;
    if (mode !== undefined) f.permissions = mode;
  };
}

const notAFile = (path: string, field: string) =>
  invalidArgument(
    `'${field}': '${path}' is a directory; use the directories operations for it.`,
    [field, path],
    'com.vmware.api.vcenter.vm.guest.filesystem.not_a_file',
  );

export const guestOperations = {
  // ---------------------------------------------------------------- files
  filesList(ctx: OpContext): OpResult {
    const { body, fs } = session(ctx);
    const dir = fs.path(body.path, 'path');
    const target = fs.must(dir);
    let entries = target.type === 'DIRECTORY' ? fs.children(dir) : [target];
    const pattern = (body.filter as { match_pattern?: string } | undefined)?.match_pattern;
    if (pattern !== undefined) {
      let re: RegExp;
      try {
        re = new RegExp(pattern);
      } catch (e) {
        throw invalidArgument(`'filter.match_pattern' is not a valid regular expression: ${(e as Error).message}`, ['filter.match_pattern']);
      }
      entries = entries.filter((f) => re.test(baseName(f.path, fs.windows)));
    }
    const it = (body.iteration ?? {}) as { size?: number; index?: number };
    const index = it.index ?? 0;
    const size = it.size ?? entries.length;
    if (index < 0 || size < 0) throw invalidArgument("'iteration.index' and 'iteration.size' cannot be negative.", ['iteration']);
    const page = entries.slice(index, index + size);
    return {
      body: {
        files: page.map((f) => ({ filename: baseName(f.path, fs.windows), type: f.type, size: f.size })),
        total: entries.length,
        ...(page.length ? { start_index: index, end_index: index + page.length - 1 } : {}),
        status: index + page.length >= entries.length ? 'END_OF_DATA' : 'READY',
      },
    };
  },
  filesGet(ctx: OpContext): OpResult {
    const { fs } = session(ctx);
    const p = fs.path(ctx.params.path, 'path');
    return { body: fileInfo(fs.must(p), fs.windows) };
  },
  filesDelete(ctx: OpContext): OpResult {
    const { fs } = session(ctx);
    const p = fs.path(ctx.params.path, 'path');
    if (fs.must(p).type === 'DIRECTORY') throw notAFile(p.display, 'path');
    fs.remove(p);
    return { status: 204 };
  },
  filesMove(ctx: OpContext): OpResult {
    const { body, fs } = session(ctx);
    const from = fs.path(body.path, 'path');
    const to = fs.path(body.new_path, 'new_path');
    if (fs.must(from).type === 'DIRECTORY') throw notAFile(from.display, 'path');
    if (to.parent) fs.mustDir(to.parent, 'new_path');
    const there = fs.get(to);
    if (there && to.key !== from.key) {
      if (there.type === 'DIRECTORY') throw notAFile(to.display, 'new_path');
      if (body.overwrite !== true) throw fs.alreadyExists(to);
      fs.remove(to);
    }
    fs.move(from, to);
    return { status: 204 };
  },
  filesUpdate(ctx: OpContext): OpResult {
    const { body, fs } = session(ctx);
    const p = fs.path(body.path, 'path');
    fs.must(p);
    const apply = attributeChange(body.file_attributes as Attributes | undefined, fs.windows, 'file_attributes');
    fs.update(p, apply);
    return { status: 204 };
  },
  filesCreateTemporary(ctx: OpContext): OpResult {
    const { body, fs, user } = session(ctx);
    const p = fs.temporaryPath(checkName(body.prefix, 'prefix'), checkName(body.suffix, 'suffix'), body.parent_path as string | undefined);
    fs.put(p, 'FILE', user);
    return { body: p.display };
  },

  // ---------------------------------------------------------------- directories
  directoriesCreate(ctx: OpContext): OpResult {
    const { body, fs, user } = session(ctx);
    const p = fs.path(body.path, 'path');
    fs.mkdir(p, body.create_parents === true, user);
    return { status: 204 };
  },
  directoriesCreateTemporary(ctx: OpContext): OpResult {
    const { body, fs, user } = session(ctx);
    const p = fs.temporaryPath(checkName(body.prefix, 'prefix'), checkName(body.suffix, 'suffix'), body.parent_path as string | undefined);
    fs.put(p, 'DIRECTORY', user);
    return { body: p.display };
  },
  directoriesDelete(ctx: OpContext): OpResult {
    const { body, fs } = session(ctx);
    const p = fs.path(body.path, 'path');
    fs.mustDir(p, 'path');
    if (!p.parent) throw invalidArgument(`'path': the root '${p.display}' cannot be deleted.`, ['path', p.display]);
    if (body.recursive !== true && fs.children(p).length > 0) {
      throw new VapiError(
        'RESOURCE_IN_USE',
        `Directory '${p.display}' is not empty; give 'recursive': true to delete it with its contents.`,
        [p.display],
        'com.vmware.api.vcenter.vm.guest.filesystem.directory_not_empty',
      );
    }
    fs.remove(p);
    return { status: 204 };
  },
  directoriesMove(ctx: OpContext): OpResult {
    const { body, fs } = session(ctx);
    const from = fs.path(body.path, 'path');
    const to = fs.path(body.new_path, 'new_path');
    fs.mustDir(from, 'path');
    if (!from.parent) throw invalidArgument(`'path': the root '${from.display}' cannot be moved.`, ['path', from.display]);
    if (isInside(to.key, from.key, fs.windows) && to.key !== from.key) {
      throw invalidArgument(`'new_path': '${to.display}' is inside '${from.display}', which cannot move into itself.`, ['new_path', to.display]);
    }
    if (to.parent) fs.mustDir(to.parent, 'new_path');
    if (fs.get(to) && to.key !== from.key) throw fs.alreadyExists(to);
    fs.move(from, to);
    return { status: 204 };
  },

  // ---------------------------------------------------------------- transfers
  /**
   * A transfer URL: with `attributes` the file is to be uploaded (it is created with the size
   * given, or replaced with `overwrite`); without, downloaded (it must exist). The URL is the
   * mock's own transfer endpoint (guest-transfers.ts).
   */
  transfersCreate(ctx: OpContext): OpResult {
    const { body, fs, user, vm } = session(ctx);
    const spec = (body.spec ?? {}) as { path?: string; attributes?: Attributes & { size?: number; overwrite?: boolean } };
    const p = fs.path(spec.path, 'spec.path');
    const attrs = spec.attributes;
    const existing = fs.get(p);
    if (attrs) {
      if (attrs.size === undefined || attrs.size < 0)
        throw invalidArgument("'spec.attributes.size' must be a size in bytes, 0 or more.", ['spec.attributes.size']);
      const apply = attributeChange(attrs, fs.windows, 'spec.attributes');
      if (existing?.type === 'DIRECTORY') throw notAFile(p.display, 'spec.path');
      if (existing && attrs.overwrite !== true) throw fs.alreadyExists(p);
      if (p.parent) fs.mustDir(p.parent, 'spec.path');
      fs.put(p, 'FILE', user, attrs.size, 'spec.path');
      fs.update(p, apply);
    } else {
      if (fs.must(p).type === 'DIRECTORY') throw notAFile(p.display, 'spec.path');
    }
    const query = openTransfer(ctx.state, { vm: vm.id, path: p.display, ...(attrs ? { uploadSize: attrs.size! } : {}) });
    // The mock serves the transfer itself (vCenter's URL names the ESXi host that runs the VM).
    const base = ctx.server.baseUrl() || `https://${(vm.host && ctx.state.hosts.get(vm.host)?.name) || '127.0.0.1'}:443`;
    return { status: 201, body: `${base}${GUEST_FILE_PATH}?${query}` };
  },

  // ---------------------------------------------------------------- processes
  processesCreate(ctx: OpContext): OpResult {
    const { body, user, vm } = session(ctx);
    return { status: 201, body: startProcess(ctx.state, vm, user, (body.spec ?? {}) as ProcessCreateSpec) };
  },
  processesList(ctx: OpContext): OpResult {
    const { vm } = session(ctx);
    const rows = Object.values(processesOf(ctx.state, vm)).sort((a, b) => a.pid - b.pid);
    return { body: rows.map(({ pid, name, owner, command, started }) => ({ pid, name, owner, command, started })) };
  },
  processesGet(ctx: OpContext): OpResult {
    const { vm } = session(ctx);
    const { pid: _pid, ...info } = processOf(ctx.state, vm, ctx.params.pid!);
    return { body: info };
  },
  processesDelete(ctx: OpContext): OpResult {
    const { vm } = session(ctx);
    killProcess(ctx.state, vm, ctx.params.pid!);
    return { status: 204 };
  },

  // ---------------------------------------------------------------- environment
  environmentGet(ctx: OpContext): OpResult {
    const { user, vm } = session(ctx);
    return { body: environmentVariable(ctx.state, vm, user, ctx.params.name!) };
  },
  environmentList(ctx: OpContext): OpResult {
    const { body, user, vm } = session(ctx);
    const names = (body.names ?? []) as string[];
    return { body: environmentVariables(ctx.state, vm, user, names) };
  },
};

function baseName(path: string, windows: boolean): string {
  const parts = path.split(windows ? '\\' : '/').filter(Boolean);
  return parts.length ? parts[parts.length - 1]! : path;
}
