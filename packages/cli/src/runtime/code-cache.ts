/**
 * A code cache for the CLI's embedded bundles (the HTTP client, YAML), so a command compiles
 * and inflates the client once per installed version instead of on every run: the next run
 * of `vsphere vcenter vm list` reads the unpacked source and the compiled code of every
 * function the first run used, and never loads zlib.
 *
 * Node's own compile cache (`module.enableCompileCache`, Node ≥ 22.1) does not cover code
 * compiled from strings and does not exist on Node 20, so the CLI keeps its own, with
 * `vm.Script`'s `cachedData` (V8 checks the data against the source, the V8 version and its
 * flags, and ignores data that does not match; we then compile from source and rewrite it).
 *
 * Where: `$XDG_CACHE_HOME/vsphere-kit/code-cache` (or `~/.cache/...`): a 0700 directory that
 * must belong to the user (the files hold code that runs), one 0600 file per bundle named by
 * the bundle's content hash and the Node version, written atomically.
 * `VSPHERE_CODE_CACHE=off` turns it off. A cache that cannot be read or written is passed
 * over: it only ever saves time.
 *
 * Compiled code holds only the functions the run that wrote it used: a cache first written by
 * `vsphere --help` would leave every later `vm list` compiling the command path from source.
 * So each entry names the kinds of run it has seen (`noteRunKind`: help, a command by method,
 * a built-in), and a run of a new kind writes the entry again at exit, now holding the
 * functions it deserialized and those it compiled: a handful of writes per installed version.
 */
import { chmodSync, closeSync, fstatSync, mkdirSync, openSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readInto } from './data-files.js';
import { homeDir } from './home.js';
import { dirname, join } from 'node:path';

/**
 * What this run will write at exit. The launcher and the main bundle each carry a copy of this
 * module (the launcher compiles the main bundle, so it cannot import from it): the state lives
 * on one process-wide object that both copies share.
 */
interface CacheRunState {
  /** Cache files to write when the process exits: the file and a function giving its bytes. */
  readonly pending: { file: string; bytes: () => Buffer }[];
  /** Modules compiled from entries that may not have seen this kind of run yet. */
  readonly extendable: { file: string; kinds: readonly string[]; bytes: (kinds: readonly string[]) => Buffer }[];
  /** The kind of this run (see noteRunKind). */
  runKind?: string;
  saveOnExit: boolean;
}
const STATE_KEY = Symbol.for('vsphere-kit.code-cache');
const state: CacheRunState = ((globalThis as Record<symbol, CacheRunState | undefined>)[STATE_KEY] ??= {
  pending: [],
  extendable: [],
  saveOnExit: false,
});

/**
 * Says what kind of run this is (`help`, `command:GET`, `builtin:login`, ...), once it is
 * known: a compiled entry that has not seen this kind is written again at exit.
 */
export function noteRunKind(kind: string): void {
  state.runKind ??= kind;
}

function ensureSaveOnExit(): void {
  // On exit, so compiled code holds every function the command used, not only the top level.
  if (state.saveOnExit) return;
  state.saveOnExit = true;
  process.once('exit', saveCodeCaches);
}

function schedule(file: string, bytes: () => Buffer): void {
  ensureSaveOnExit();
  state.pending.push({ file, bytes });
}

/** The CLI's cache folder: `$XDG_CACHE_HOME/vsphere-kit` (default `~/.cache/vsphere-kit`). */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME?.startsWith('/') ? env.XDG_CACHE_HOME : join(homeDir(), '.cache');
  return join(base, 'vsphere-kit');
}

/** The cache directory, or undefined when the cache is off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.VSPHERE_CODE_CACHE === 'off') return undefined;
  return join(cacheRoot(env), 'code-cache');
}

/** A directory only this user can write: anything else could hand us code to run (or candidates to offer). */
export function privateDir(dir: string): boolean {
  try {
    const s = statSync(dir);
    return s.isDirectory() && (process.getuid === undefined || s.uid === process.getuid()) && (s.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function cacheFile(name: string): string | undefined {
  const dir = codeCacheDir();
  return dir && join(dir, name);
}

function readPrivate(file: string): Buffer | undefined {
  if (!privateDir(dirname(file))) return undefined;
  // open, fstat and read rather than readFileSync: the command tables are read with these calls
  // (data-files.ts), so a run compiles one set of Node's file functions, not two.
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const bytes = Buffer.allocUnsafe(fstatSync(fd).size);
    return bytes.subarray(0, readInto(fd, bytes, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The cached `[compiled code, kinds of run it has seen, unpacked source]` of a module:
 * `<u32 length of the code><u32 length of the kinds><code><kinds, comma-separated><source as UTF-8, or nothing>`.
 */
function readModuleEntry(file: string): { cachedData: Buffer; kinds: string[]; source: string } | undefined {
  const bytes = readPrivate(file);
  if (!bytes || bytes.length < 8) return undefined;
  const codeLength = bytes.readUInt32LE(0);
  const kindsLength = bytes.readUInt32LE(4);
  const sourceStart = 8 + codeLength + kindsLength;
  if (sourceStart > bytes.length) return undefined;
  const kinds = kindsLength ? bytes.toString('latin1', 8 + codeLength, sourceStart).split(',') : [];
  return { cachedData: bytes.subarray(8, 8 + codeLength), kinds, source: bytes.toString('utf8', sourceStart) };
}

function moduleEntry(code: Buffer, kinds: readonly string[], source: string | undefined): Buffer {
  const kindBytes = Buffer.from(kinds.join(','), 'latin1');
  const header = Buffer.alloc(8);
  header.writeUInt32LE(code.length, 0);
  header.writeUInt32LE(kindBytes.length, 4);
  return Buffer.concat([header, code, kindBytes, source === undefined ? Buffer.alloc(0) : Buffer.from(source, 'utf8')]);
}

/**
 * Compiles the CommonJS module `filename` (its `require` is `requireFn`), reusing the cached
 * compiled code of `hash` (the source's content hash, fixed at build time) when there is some.
 * `source` is the module's code already inside Node's CommonJS function wrapper (build.mjs wraps
 * it, so the text V8 compiles is never a concatenated copy), or a function that unpacks it: an
 * unpacked source is cached with the code, so later runs skip unpacking too.
 */
export function compileModule(source: string | (() => string), filename: string, hash: string, requireFn: (id: string) => unknown): unknown {
  const packed = typeof source === 'function';
  // Node maps stack traces (--enable-source-maps) only for code its module loader compiled:
  // someone reading mapped traces gets them, and compiles from source.
  if (process.sourceMapsEnabled) return compileWithNode(packed ? source() : source, filename, requireFn);
  // The module object the code sees: the bundles read and write only `module.exports`. Not
  // node:module's Module, whose loading (with Node's ES module loader) costs a start-up more than
  // it gives.
  const mod = { id: filename, filename, exports: {} as unknown, loaded: false, require: requireFn };
  const file = cacheFile(`${hash}-${process.version}-${process.arch}.bin`);
  const entry = file ? readModuleEntry(file) : undefined;
  const text = packed ? entry?.source || source() : source;
  const vm = process.getBuiltinModule('node:vm');
  const script = new vm.Script(text, { filename, ...(entry ? { cachedData: entry.cachedData } : {}) });
  if (file) {
    const bytes = (kinds: readonly string[]) => moduleEntry(script.createCachedData(), kinds, packed ? text : undefined);
    if (!entry || script.cachedDataRejected) schedule(file, () => bytes(state.runKind === undefined ? [] : [state.runKind]));
    else {
      ensureSaveOnExit();
      state.extendable.push({ file, kinds: entry.kinds, bytes });
    }
  }
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, requireFn, mod, filename, dirname(filename));
  mod.loaded = true;
  return mod.exports;
}

interface NodeModuleClass {
  new (id: string): NodeModule & { _compile(source: string, filename: string): void };
  readonly wrapper: readonly [string, string];
}

/** Compiles `wrapped` with Node's own module loader, which wraps the code itself. */
function compileWithNode(wrapped: string, filename: string, requireFn: (id: string) => unknown): unknown {
  const Module = process.getBuiltinModule('node:module') as unknown as NodeModuleClass;
  const [head, tail] = Module.wrapper;
  if (!wrapped.startsWith(head) || !wrapped.endsWith(tail))
    throw new Error(`${filename}: the bundled code is not wrapped as Node wraps a module (reinstall @vsphere-kit/cli)`);
  const mod = new Module(filename);
  mod.filename = filename;
  mod.require = requireFn as NodeJS.Require;
  mod._compile(wrapped.slice(head.length, wrapped.length - tail.length), filename);
  return mod.exports;
}

/** Writes the cache files of this run (on exit). */
function saveCodeCaches(): void {
  const kind = state.runKind;
  if (kind !== undefined) {
    for (const { file, kinds, bytes } of state.extendable.splice(0)) {
      if (!kinds.includes(kind)) state.pending.push({ file, bytes: () => bytes([...kinds, kind]) });
    }
  }
  for (const { file, bytes } of state.pending.splice(0)) {
    try {
      const dir = dirname(file);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (!privateDir(dir)) chmodSync(dir, 0o700);
      if (!privateDir(dir)) continue;
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes(), { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      // A read-only home or a full disk: the next run unpacks and compiles again.
    }
  }
}
