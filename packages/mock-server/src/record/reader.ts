/**
 * The calls a recording makes: read-only ones only, each answer checked against the specs before
 * it is used, and every recorded value that does not fit the seed noted with where it came from.
 */
import type { CallArgs, Caller } from '@vsphere-kit/core/caller';
import type { RouteDef } from '@vsphere-kit/core/route';
import type { MockRouteDef } from '../server/route-types.js';
import type { AnswerChecker, SpecDifference } from './spec-check.js';
import type { Row } from './values.js';

/** A recorded value the seed cannot hold as it came: the operation, the object, where in the answer, what was done. */
export interface RecordMisfit {
  readonly operation: string;
  /** The object the answer is about (`vm-42`, a tag id); '' for a whole list. */
  readonly object: string;
  /** RFC 6901 pointer into the answer. */
  readonly pointer: string;
  readonly message: string;
}

/**
 * POST actions that only read. VMware's specs do not mark them: each is named here after reading
 * what it does (it lists or checks, and changes nothing).
 */
const READ_ONLY_ACTIONS: ReadonlySet<string> = new Set(['cis.tagging.tagAssociation.listAttachedObjects', 'vcenter.storage.policies.checkCompatibility']);

/** Per-object reads in flight at once (`Reader.each`): few enough not to load a vCenter, as the client's listAll does. */
const READS_AT_ONCE = 4;

/** The VM filter of `GET /api/vcenter/vm`, as the client's `listAll` takes it. */
export type VmFilter = Readonly<Record<string, readonly string[]>>;
/** The client's `listAll`: the VMs a filter matches, past vCenter's 4,000 limit. */
export type ListAll = (caller: Caller, filter: VmFilter) => Promise<readonly Record<string, unknown>[]>;

/** An error the vCenter answered (the client's VsphereApiError carries its HTTP status), not one of the connection or the code. */
export function isErrorAnswer(e: unknown): e is Error & { status: number } {
  return e instanceof Error && typeof (e as { status?: unknown }).status === 'number' && typeof (e as { errorType?: unknown }).errorType === 'string';
}

export class Reader {
  calls = 0;
  readonly differences: SpecDifference[] = [];
  readonly misfits: RecordMisfit[] = [];
  private readonly byId: ReadonlyMap<string, MockRouteDef>;
  /** The caller seen through the spec check, for code that calls by route (the client's listAll). */
  private readonly checked: Caller;

  constructor(
    private readonly caller: Caller,
    routes: readonly MockRouteDef[] | ReadonlyMap<string, MockRouteDef>,
    private readonly checker: AnswerChecker,
    private readonly listAll?: ListAll,
  ) {
    this.byId = routes instanceof Map ? routes : new Map((routes as readonly MockRouteDef[]).map((r) => [r.id, r]));
    this.checked = {
      call: async <T>(route: RouteDef, args: CallArgs) => {
        // The client's routes and the mock's come from one generator: the same ids.
        const mine = this.byId.get(route.id);
        if (!mine) throw new Error(`record: ${route.id} is not an operation of the specs`);
        return this.run<T>(mine, args);
      },
      callTask: () => Promise.reject(new Error('record: a recording starts no task')),
    };
  }

  /** One read-only call; its answer is checked against the spec before it is used. */
  async get<T>(operation: string, args: CallArgs = {}): Promise<T> {
    const route = this.byId.get(operation);
    if (!route) throw new Error(`record: ${operation} is not an operation of the specs`);
    return this.run<T>(route, args);
  }

  private async run<T>(route: MockRouteDef, args: CallArgs): Promise<T> {
    if (route.method !== 'GET' && !READ_ONLY_ACTIONS.has(route.id)) throw new Error(`record: ${route.id} is not a read-only operation of the specs`);
    this.calls++;
    const body = await this.caller.call<T>(route, args);
    this.differences.push(...this.checker.check(route, route.successStatus, body));
    return body;
  }

  /** A list answer's rows (anything but a list reads as none, after the spec check has named it). */
  async list(operation: string, args: CallArgs = {}): Promise<Row[]> {
    const rows = await this.get<unknown>(operation, args);
    return Array.isArray(rows) ? (rows.filter((r) => r && typeof r === 'object') as Row[]) : [];
  }

  /** The ids a filtered list answers (`vcenter.host.list` with `{ clusters: [c] }` → the hosts in c). */
  async ids(operation: string, idField: string, query: Record<string, unknown>): Promise<string[]> {
    if (operation === 'vcenter.vm.list') return (await this.vms(query as VmFilter)).map((r) => String(r.vm));
    return (await this.list(operation, { query })).map((r) => String(r[idField]));
  }

  /** The VMs a filter matches, however many: through the client's listAll when there is one. */
  async vms(filter: VmFilter = {}): Promise<Row[]> {
    if (!this.listAll) return this.list('vcenter.vm.list', { query: filter });
    return [...(await this.listAll(this.checked, filter))] as Row[];
  }

  /**
   * `read` for every item (a VM, its policies, its guest), up to READS_AT_ONCE at once: a vCenter of
   * thousands of VMs is read in a fraction of the time one call after another takes. Each item is read
   * on a reader of its own, whose differences and misfits join this one's in the items' order: the
   * report does not depend on which answer came first. The first failure stops the items not started.
   */
  async each<T, U>(items: readonly T[], read: (item: T, r: Reader) => Promise<U>): Promise<U[]> {
    const forks: Reader[] = [];
    const results = new Array<U>(items.length);
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      while (!failed && next < items.length) {
        const i = next++;
        forks[i] = new Reader(this.caller, this.byId, this.checker, this.listAll);
        try {
          results[i] = await read(items[i]!, forks[i]!);
        } catch (e) {
          failed = true;
          throw e;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, items.length) }, worker));
    } finally {
      for (const f of forks) {
        if (!f) continue;
        this.calls += f.calls;
        this.differences.push(...f.differences);
        this.misfits.push(...f.misfits);
      }
    }
    return results;
  }

  /** Notes a value the seed cannot hold as it came. */
  misfit(operation: string, object: string, pointer: string, message: string): void {
    this.misfits.push({ operation, object, pointer, message });
  }
}
