/** Fault injection: latency, forced errors per operation or globally, forced session expiry. */
import { ERROR_STATUS, isErrorType, VapiError, type ErrorType } from './errors.js';
import { checkOperationId, type OperationId } from './operation-ids.js';

export interface FaultSpec {
  /**
   * Operation id (`vcenter.vm.list`), or `*` / omitted for every operation. An id that names no
   * operation is refused (naming the closest ids) rather than accepted and never matched.
   */
  operation?: OperationId | '*';
  /** Answer with this vSphere error type (status from vCenter's mapping unless `status` is given). */
  errorType?: ErrorType;
  status?: number;
  message?: string;
  /** Delay before answering, in milliseconds. */
  latencyMs?: number;
  /** How many matching calls the fault applies to; unlimited when omitted. */
  times?: number;
  /** Chance (0..1) that a matching call is hit; 1 when omitted. */
  probability?: number;
  /** Apply the error when a task of the operation completes (the task FAILS) instead of to the call. */
  onTask?: boolean;
  /**
   * Park tasks of the operation in BLOCKED (after PENDING) until `tasks.release(id)` or
   * `POST /__mock/tasks/{id}?action=release`; they can also be canceled meanwhile.
   */
  blockTask?: boolean;
}

export interface Fault extends FaultSpec {
  id: string;
  hits: number;
  /**
   * Calls left for a fault with `times` (absent: unlimited). A used-up fault stays in
   * `list()` with `remaining: 0` (so tests can assert it fired) and no longer applies;
   * `remove(id)` or `clear()` drops it.
   */
  remaining?: number;
}

export interface FaultHit {
  latencyMs: number;
  error?: VapiError;
  /** The task of this call parks in BLOCKED. */
  blockTask?: boolean;
}

export class Faults {
  private readonly faults = new Map<string, Fault>();
  private seq = 0;

  constructor(
    private readonly expireSessionsHook: (id?: string) => number,
    /** The operation ids a fault may name (the route table's). */
    private readonly operations: ReadonlySet<string>,
  ) {}

  /** Adds a fault; returns its id. */
  add(spec: FaultSpec): string {
    checkFaultSpec(spec);
    if (spec.operation !== undefined && spec.operation !== '*') checkOperationId(spec.operation, this.operations, `fault 'operation'`);
    const id = `fault-${++this.seq}`;
    this.faults.set(id, { ...spec, id, hits: 0, ...(spec.times !== undefined ? { remaining: spec.times } : {}) });
    this.live++;
    return id;
  }

  /** Shorthand: make `operation` (or every operation) fail with `errorType`. */
  error(errorType: ErrorType, operation?: OperationId | '*', extra: Omit<FaultSpec, 'errorType' | 'operation'> = {}): string {
    return this.add({ ...extra, errorType, ...(operation ? { operation } : {}) });
  }

  /** Shorthand: delay `operation` (or every operation) by `ms`. */
  latency(ms: number, operation?: OperationId | '*', extra: Omit<FaultSpec, 'latencyMs' | 'operation'> = {}): string {
    return this.add({ ...extra, latencyMs: ms, ...(operation ? { operation } : {}) });
  }

  remove(id: string): boolean {
    const f = this.faults.get(id);
    if (f && f.remaining !== 0) this.live--;
    return this.faults.delete(id);
  }

  clear(): void {
    this.faults.clear();
    this.live = 0;
  }

  list(): Fault[] {
    return [...this.faults.values()].map((f) => ({ ...f }));
  }

  /** Replaces every fault with copies of `faults` (as `list()` gave them: ids, hits, remaining), for snapshot restores. */
  replaceAll(faults: readonly Fault[]): void {
    const next = new Map<string, Fault>();
    for (const f of faults) {
      const { id, hits, remaining, ...spec } = f;
      checkFaultSpec(spec);
      if (spec.operation !== undefined && spec.operation !== '*') checkOperationId(spec.operation, this.operations, `fault 'operation'`);
      next.set(id, { ...spec, id, hits, ...(remaining !== undefined ? { remaining } : {}) });
    }
    this.faults.clear();
    this.live = 0;
    for (const [id, f] of next) {
      this.faults.set(id, f);
      if (f.remaining !== 0) this.live++;
      // Ids given later never repeat a restored one.
      const n = Number(/^fault-(\d+)$/.exec(id)?.[1]);
      if (n > this.seq) this.seq = n;
    }
  }

  /** Ends one session, or every session: the next call answers 401 UNAUTHENTICATED. */
  expireSessions(sessionId?: string): number {
    return this.expireSessionsHook(sessionId);
  }

  /** Faults that still apply (used-up ones excluded). */
  private live = 0;

  get active(): boolean {
    return this.live > 0;
  }

  /** What applies to one call of `operation`. */
  match(operation: string, onTask = false): FaultHit | undefined {
    if (this.live === 0) return undefined;
    let latencyMs = 0;
    let error: VapiError | undefined;
    let blockTask = false;
    for (const f of this.faults.values()) {
      if (f.remaining === 0) continue;
      if (f.operation && f.operation !== '*' && f.operation !== operation) continue;
      if (!!f.onTask !== onTask) continue;
      if (f.probability !== undefined && Math.random() >= f.probability) continue;
      f.hits++;
      if (f.remaining !== undefined && --f.remaining === 0) this.live--;
      if (f.blockTask) blockTask = true;
      if (f.latencyMs) latencyMs = Math.max(latencyMs, f.latencyMs);
      if (f.errorType && !error) {
        error = new VapiError(
          f.errorType,
          f.message ?? `Injected fault: ${f.errorType}.`,
          [],
          `com.vmware.mock.fault.${f.errorType.toLowerCase()}`,
          f.status ?? ERROR_STATUS[f.errorType],
        );
      }
    }
    return latencyMs || error || blockTask ? { latencyMs, ...(error ? { error } : {}), ...(blockTask ? { blockTask } : {}) } : undefined;
  }
}

const FAULT_KEYS = new Set(['operation', 'errorType', 'status', 'message', 'latencyMs', 'times', 'probability', 'onTask', 'blockTask']);

/** Refuses a fault spec that could not mean anything, naming the field; nothing is added then. */
function checkFaultSpec(spec: unknown): asserts spec is FaultSpec {
  const bad = (message: string, arg: unknown): never => {
    throw new VapiError('INVALID_ARGUMENT', message, [String(arg)]);
  };
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) bad('A fault must be an object.', spec);
  const s = spec as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!FAULT_KEYS.has(key)) bad(`Unknown fault field '${key}'.`, key);
  if (s.operation !== undefined && typeof s.operation !== 'string') bad(`'operation' must be an operation id string.`, s.operation);
  if (s.errorType !== undefined && !isErrorType(s.errorType)) bad(`Unknown error type '${String(s.errorType)}'.`, s.errorType);
  if (s.status !== undefined && (!Number.isInteger(s.status) || (s.status as number) < 400 || (s.status as number) > 599)) {
    bad(`'status' must be an HTTP error status (400-599).`, s.status);
  }
  if (s.message !== undefined && typeof s.message !== 'string') bad(`'message' must be a string.`, s.message);
  if (s.latencyMs !== undefined && (typeof s.latencyMs !== 'number' || !Number.isFinite(s.latencyMs) || s.latencyMs < 0)) {
    bad(`'latencyMs' must be a number of milliseconds, 0 or more.`, s.latencyMs);
  }
  if (s.times !== undefined && (!Number.isInteger(s.times) || (s.times as number) < 1)) bad(`'times' must be a positive integer.`, s.times);
  if (s.probability !== undefined && (typeof s.probability !== 'number' || !(s.probability >= 0 && s.probability <= 1))) {
    bad(`'probability' must be a number from 0 to 1.`, s.probability);
  }
  for (const flag of ['onTask', 'blockTask']) if (s[flag] !== undefined && typeof s[flag] !== 'boolean') bad(`'${flag}' must be true or false.`, s[flag]);
}
