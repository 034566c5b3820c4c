/**
 * Paths inside a guest: POSIX paths for every family but Windows, drive-letter paths with either
 * slash for Windows (case-insensitive, as NTFS is). A path is checked and normalized once here;
 * the normalized key indexes the guest's files, the display form is what answers show.
 */
import { invalidArgument } from '../../server/errors.js';

export interface GuestPath {
  /** Index into the guest's files: normalized, lower-cased on Windows. */
  key: string;
  /** The path as answers spell it. */
  display: string;
  /** Key and display form of the parent directory; undefined for a root. */
  parent?: { key: string; display: string };
  /** The last component ('' for a root). */
  name: string;
}

const MAX_PATH = 4096;
const WINDOWS_BAD = /[<>:"|?*]/;
const hasControl = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20);

function bad(field: string, path: string, why: string) {
  return invalidArgument(
    `'${field}' is not a valid guest path (${why}): '${path.slice(0, 200)}'.`,
    [field, path.slice(0, 200)],
    'com.vmware.api.vcenter.vm.guest.filesystem.invalid_path',
  );
}

/** Checks and normalizes `path` (the request field `field`, for messages); `.` and `..` are resolved, never above the root. */
export function guestPath(path: unknown, windows: boolean, field: string): GuestPath {
  if (typeof path !== 'string' || path === '') throw invalidArgument(`'${field}' must be a non-empty guest path.`, [field]);
  if (path.length > MAX_PATH) throw bad(field, path, `longer than ${MAX_PATH} characters`);
  if (path.includes('\u0000')) throw bad(field, path, 'it contains a NUL character');
  let root: string;
  let rest: string;
  if (windows) {
    const m = /^([A-Za-z]):[\\/]/.exec(path);
    if (!m) throw bad(field, path, 'a Windows path starts with a drive letter, as in C:\\');
    root = `${m[1]!.toUpperCase()}:\\`;
    rest = path.slice(3);
  } else {
    if (!path.startsWith('/')) throw bad(field, path, 'a guest path must be absolute');
    root = '/';
    rest = path.slice(1);
  }
  const parts: string[] = [];
  for (const part of rest.split(windows ? /[\\/]/ : '/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      parts.pop();
      continue;
    }
    if (windows && (WINDOWS_BAD.test(part) || hasControl(part) || /[ .]$/.test(part)))
      throw bad(field, path, `'${part.slice(0, 100)}' is not a valid Windows file name`);
    parts.push(part);
  }
  return make(root, parts, windows);
}

function make(root: string, parts: readonly string[], windows: boolean): GuestPath {
  const sep = windows ? '\\' : '/';
  const display = root + parts.join(sep);
  const key = windows ? display.toLowerCase() : display;
  if (parts.length === 0) return { key, display, name: '' };
  const parent = make(root, parts.slice(0, -1), windows);
  return { key, display, parent: { key: parent.key, display: parent.display }, name: parts[parts.length - 1]! };
}

/** `child` under directory `dir` (display forms); `name` must be one component. */
export function joinGuestPath(dir: string, name: string, windows: boolean, field: string): GuestPath {
  if (name.includes('/') || (windows && name.includes('\\'))) throw bad(field, name, 'a name cannot contain a path separator');
  const sep = windows ? '\\' : '/';
  return guestPath(dir.endsWith(sep) ? dir + name : dir + sep + name, windows, field);
}

/** True when `key` is `dir` itself or inside it. */
export function isInside(key: string, dir: string, windows: boolean): boolean {
  const sep = windows ? '\\' : '/';
  return key === dir || key.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}
