/**
 * The first code of dist/vsphere.cjs. build.mjs appends the main bundle (src/main.ts and all it
 * loads) to this file inside one trailing block comment:
 *
 *     <this code>
 *     /*VSPHERE_MAIN <content hash>
 *     <main code>
 *     *\/
 *
 * and this code reads it back from its own file and compiles it through the CLI's code cache
 * (runtime/code-cache.ts) as if it were this file: from the second run on, V8 deserializes the
 * compiled main code instead of parsing it again.
 *
 * Why a comment and not a string literal: Node compiles this whole file before anything runs,
 * and V8 skips a comment many times faster than it scans a half-megabyte string literal (the
 * string cost a quarter of a warm `vsphere --help`). The main code is ASCII (esbuild's default
 * charset), so it is read back as latin1 without UTF-8 decoding; build.mjs writes any `*` `/`
 * pair in it as `*` DEL `/`, which never occurs in ASCII-escaped output, so the comment cannot
 * end early.
 */
import { readFileSync } from 'node:fs';
import { compileModule } from './runtime/code-cache.js';

/**
 * The line that opens the comment. Joined at run time so that this code's own text never holds
 * it (esbuild may write a `\n` escape as a newline); build.mjs checks that it does not.
 */
const MARKER = ['\n/*VSPHERE', 'MAIN '].join('_');
const HASH_LENGTH = 20;
const COMMENT_END_ESCAPED = /\*\x7f\//g;

const file = readFileSync(__filename, 'latin1');
const at = file.indexOf(MARKER);
if (at < 0) throw new Error(`${__filename}: the main code is missing (the file is damaged: reinstall @vsphere-kit/cli)`);
const hashStart = at + MARKER.length;
const hash = file.slice(hashStart, hashStart + HASH_LENGTH);
// `<hash>\n<code>\n*/\n`: the code sits between the hash's line and the closing line.
const body = file.slice(hashStart + HASH_LENGTH + 1, file.length - '\n*/\n'.length);
const code = body.includes('*\x7f/') ? body.replace(COMMENT_END_ESCAPED, '*/') : body;
compileModule(code, __filename, hash, require);
