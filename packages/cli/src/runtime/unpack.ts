/**
 * Inflates a payload that build.mjs packed (brotli) into dist/vsphere-payloads.bin, beside the
 * bundle. Start-up reads none of it; only the command that needs a payload reads and inflates
 * it, once: the code cache (code-cache.ts) keeps the result.
 */
import { join } from 'node:path';

/** Where build.mjs put a payload: byte offset and length in the file, and the length unpacked. */
export type PayloadRef = readonly [offset: number, length: number, size: number];

export const PAYLOAD_FILE = 'vsphere-payloads.bin';

export function unpack([offset, length, size]: PayloadRef): string {
  const fs = process.getBuiltinModule('node:fs');
  const file = join(__dirname, PAYLOAD_FILE);
  const packed = Buffer.alloc(length);
  let read = 0;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    while (read < length) {
      const n = fs.readSync(fd, packed, read, length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
  } catch (err) {
    throw damaged(file, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if (read < length) throw damaged(file, 'it is shorter than the bundle expects');
  let text: Buffer;
  try {
    text = process.getBuiltinModule('node:zlib').brotliDecompressSync(packed);
  } catch {
    throw damaged(file, 'it does not belong to this bundle');
  }
  if (text.length !== size) throw damaged(file, 'it does not belong to this bundle');
  return text.toString('utf8');
}

function damaged(file: string, why: string): Error {
  return new Error(`${file}: cannot read the CLI's packed code and command tables (${why}): reinstall @vsphere-kit/cli`);
}
