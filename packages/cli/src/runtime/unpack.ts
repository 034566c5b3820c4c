/**
 * Inflates a payload that build.mjs embedded brotli-compressed and
 * base64-encoded. Start-up then reads and compiles a fraction of the bytes;
 * only the command that needs a payload pays for inflating it.
 */
export function unpack(packed: string): string {
  const zlib = process.getBuiltinModule('node:zlib');
  return zlib.brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');
}
