/**
 * The files build.mjs writes beside the bundle (dist/vsphere.cjs, the launcher), and how they are
 * read and named when they are missing or damaged:
 * - dist/vsphere-main.cjs: the main code, read whole by the launcher;
 * - dist/vsphere-payloads.bin: embedded bundles packed with brotli, inflated on first use (the
 *   code cache, code-cache.ts, then keeps them inflated);
 * - dist/vsphere-commands.bin: the command tables, stored as they are (lazy-commands.ts), so a
 *   command reads its namespace's word index and its own line, not the whole table.
 */
import { readSync } from 'node:fs';
import { join } from 'node:path';

/** Where build.mjs put a payload: byte offset and length in the file, and the length unpacked. */
export type PayloadRef = readonly [offset: number, length: number, size: number];

export const MAIN_FILE = 'vsphere-main.cjs';
export const PAYLOAD_FILE = 'vsphere-payloads.bin';
export const COMMANDS_FILE = 'vsphere-commands.bin';

/** What each file holds, for the error that names it. */
const HOLDS: Record<string, string> = { [MAIN_FILE]: 'main code', [PAYLOAD_FILE]: 'packed code', [COMMANDS_FILE]: 'command tables' };

/** Reads from `fd` at `position` until `bytes` is full or the file ends; returns how many bytes came. */
export function readInto(fd: number, bytes: Buffer, position: number): number {
  let read = 0;
  while (read < bytes.length) {
    const n = readSync(fd, bytes, read, bytes.length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return read;
}

/** `length` bytes at `offset` of the data file `name` beside the bundle. */
export function readRange(name: string, offset: number, length: number): Buffer {
  const fs = process.getBuiltinModule('node:fs');
  const file = join(__dirname, name);
  const bytes = Buffer.allocUnsafe(length);
  let read = 0;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    read = readInto(fd, bytes, offset);
  } catch (err) {
    throw damaged(name, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if (read < length) throw damaged(name, 'it is shorter than the bundle expects');
  return bytes;
}

export function unpack([offset, length, size]: PayloadRef): string {
  const packed = readRange(PAYLOAD_FILE, offset, length);
  let text: Buffer;
  try {
    text = process.getBuiltinModule('node:zlib').brotliDecompressSync(packed);
  } catch {
    throw damaged(PAYLOAD_FILE, 'it does not belong to this bundle');
  }
  if (text.length !== size) throw damaged(PAYLOAD_FILE, 'it does not belong to this bundle');
  return text.toString('utf8');
}

/** The error for a file of the CLI's that is missing, cut short or from another build. */
export function damaged(name: string, why: string): Error {
  return new Error(`${join(__dirname, name)}: cannot read the CLI's ${HOLDS[name] ?? 'data'} (${why}): reinstall @vsphere-kit/cli`);
}
