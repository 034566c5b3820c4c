/**
 * The data files build.mjs writes beside the bundle, read in ranges: start-up reads none of them,
 * and a command reads only the ranges it needs.
 * - dist/vsphere-payloads.bin: embedded bundles packed with brotli, inflated on first use (the
 *   code cache, code-cache.ts, then keeps them inflated);
 * - dist/vsphere-commands.bin: the command tables, stored as they are (lazy-commands.ts), so a
 *   command reads its namespace's word index and its own line, not the whole table.
 */
import { join } from 'node:path';

/** Where build.mjs put a payload: byte offset and length in the file, and the length unpacked. */
export type PayloadRef = readonly [offset: number, length: number, size: number];

export const PAYLOAD_FILE = 'vsphere-payloads.bin';
export const COMMANDS_FILE = 'vsphere-commands.bin';

/** What a data file holds, for the error that names it. */
const HOLDS: Record<string, string> = { [PAYLOAD_FILE]: 'packed code', [COMMANDS_FILE]: 'command tables' };

/** `length` bytes at `offset` of the data file `name` beside the bundle. */
export function readRange(name: string, offset: number, length: number): Buffer {
  const fs = process.getBuiltinModule('node:fs');
  const file = join(__dirname, name);
  const bytes = Buffer.allocUnsafe(length);
  let read = 0;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    while (read < length) {
      const n = fs.readSync(fd, bytes, read, length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
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

/** The error for a data file that is missing, cut short or from another build. */
export function damaged(name: string, why: string): Error {
  return new Error(`${join(__dirname, name)}: cannot read the CLI's ${HOLDS[name] ?? 'data'} (${why}): reinstall @vsphere-kit/cli`);
}
