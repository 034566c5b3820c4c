/**
 * The code of dist/vsphere.cjs, the file Node runs. The rest of the CLI (src/main.ts and all it
 * loads) is in dist/vsphere-main.cjs beside it, already inside the CommonJS function wrapper:
 *
 *     (function (exports, require, module, __filename, __dirname) { <main code>
 *     });
 *     //VSPHERE_MAIN <content hash>
 *
 * This code reads that file and compiles it through the CLI's code cache (runtime/code-cache.ts)
 * as if it were this file: from the second run on, V8 deserializes the compiled main code
 * instead of parsing it. Node itself reads and compiles only this small file.
 *
 * The file is read as UTF-8, which Node decodes in one native step (twice as fast as latin1, which
 * goes through a Buffer); the wrapper is written at build time, so the source V8 compiles is a
 * slice of what was read, never a copy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModule } from './runtime/code-cache.js';
import { MAIN_FILE, damaged } from './runtime/data-files.js';

const file = join(__dirname, MAIN_FILE);
const trailer = `\n//VSPHERE_MAIN ${__VSPHERE_MAIN_HASH__}\n`;
let text = '';
let problem: string | undefined;
try {
  text = readFileSync(file, 'utf8');
} catch (err) {
  problem = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}
if (problem === undefined && !text.endsWith(trailer)) problem = 'it does not belong to this bundle';
if (problem !== undefined) {
  process.stderr.write(`error: ${damaged(MAIN_FILE, problem).message}\n`);
  process.exit(1);
}
compileModule(text.slice(0, text.length - trailer.length), __filename, __VSPHERE_MAIN_HASH__, require);
