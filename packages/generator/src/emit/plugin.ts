import type { Ir } from '../ir/types.js';

/** What an emitter produces: repository-relative path → content. */
export interface Emission {
  readonly files: ReadonlyMap<string, string>;
  /** Generated sections of hand-written files (between the @generated markers): path → section body. */
  readonly sections?: ReadonlyMap<string, string>;
}

/**
 * One emitter. It receives only the IR members it names in `reads` (the type
 * says so too), and may write only inside what it `owns`: folders (every file
 * under them) or single files, repository-relative. No two emitters own the
 * same path or one inside the other; the pipeline checks both.
 */
export interface Emitter<R extends keyof Ir = keyof Ir> {
  readonly name: string;
  readonly reads: readonly R[];
  readonly owns: readonly string[];
  /** Hand-written files whose generated section this emitter fills. */
  readonly sections?: readonly string[];
  emit(ir: Pick<Ir, R>): Emission | Promise<Emission>;
}

/** Declares an emitter; `reads` fixes which IR members `emit` may touch. */
export function defineEmitter<R extends keyof Ir>(emitter: Emitter<R>): Emitter<R> {
  return emitter;
}

/** Files from a list of [path, content] pairs. */
export function files(...entries: (readonly [string, string])[]): Emission {
  return { files: new Map(entries) };
}
