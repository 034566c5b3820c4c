/**
 * The first code of dist/vsphere.cjs. build.mjs puts the main bundle (src/main.ts and all it
 * loads) here as a string, `__VSPHERE_MAIN__ = [code, content hash]`, and this compiles it
 * through the CLI's code cache (runtime/code-cache.ts) as if it were this file: from the
 * second run on, V8 deserializes the compiled main code instead of parsing it again.
 */
import { compileModule } from './runtime/code-cache.js';

declare const __VSPHERE_MAIN__: readonly [code: string, hash: string];

const [code, hash] = __VSPHERE_MAIN__;
compileModule(code, __filename, hash, require);
