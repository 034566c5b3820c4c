/**
 * Past the 4,000-VM wall: `GET /api/vcenter/vm` refuses with
 * `UNABLE_TO_ALLOCATE_RESOURCE` when more than 4,000 VMs match. `listAll`
 * catches that, splits the filter into smaller ones, and merges the answers.
 */
import type { Caller, RequestOptions } from '@vsphere-kit/core/caller';
import { UnableToAllocateResourceError } from '@vsphere-kit/core/errors';
import { VCENTER_CLUSTER_LIST, VCENTER_FOLDER_LIST, VCENTER_HOST_LIST, VCENTER_VM_LIST } from '../internal/routes.js';

/** The filter of `GET /api/vcenter/vm`. */
export interface VmListFilter {
  readonly vms?: readonly string[];
  readonly names?: readonly string[];
  readonly folders?: readonly string[];
  readonly datacenters?: readonly string[];
  readonly hosts?: readonly string[];
  readonly clusters?: readonly string[];
  readonly resource_pools?: readonly string[];
  readonly power_states?: readonly string[];
}

/** What the list answers for each VM (other fields are kept). */
export interface VmSummaryLike {
  readonly vm: string;
  readonly name?: string;
  readonly power_state?: string;
  readonly [key: string]: unknown;
}

export type SplitDimension = 'folders' | 'hosts' | 'clusters';

export interface ListAllOptions extends RequestOptions {
  /**
   * Dimensions to split on, in order (default folders, then hosts, then
   * clusters). A dimension the filter already narrows to several values is split
   * into one query per value; an open one is enumerated through
   * `/api/vcenter/folder` (VM folders), `/api/vcenter/host` or `/api/vcenter/cluster`.
   * Splitting by folders or hosts is exact (every VM sits directly in one VM
   * folder and on one host); splitting by clusters adds one query for the VMs of
   * standalone hosts so that none is missed.
   */
  readonly splitBy?: readonly SplitDimension[];
  /** Sub-queries in flight at once (default 4). */
  readonly concurrency?: number;
  /**
   * Stop once this many VMs are in hand: no further sub-query starts (those in flight finish),
   * and the result holds at most `limit` VMs.
   */
  readonly limit?: number;
  /** Called each time a query is split. */
  readonly onSplit?: (event: { readonly filter: VmListFilter; readonly by: SplitDimension; readonly parts: number }) => void;
}

type CallerLike = Caller | { readonly core: Caller };

function toCaller(c: CallerLike): Caller {
  return 'call' in c && typeof c.call === 'function' ? c : (c as { core: Caller }).core;
}

/**
 * Lists every VM that matches `filter`, however many there are (or the first
 * `options.limit`). The result is deduplicated by `vm` id; its order follows the
 * sub-queries.
 */
export async function listAll<T extends VmSummaryLike = VmSummaryLike>(
  client: CallerLike,
  filter: VmListFilter = {},
  options: ListAllOptions = {},
): Promise<T[]> {
  const caller = toCaller(client);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit >= 0)) throw new RangeError(`listAll: limit must be a number of 0 or more, not ${String(options.limit)}`);
  // Every VM seen so far, across sub-queries: a limit stops the remaining ones from starting.
  const gathered = new Set<string>();
  const full = () => gathered.size >= limit;
  if (limit === 0) return [];
  const order = options.splitBy ?? ['folders', 'hosts', 'clusters'];
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const req: RequestOptions = { signal: options.signal, timeoutMs: options.timeoutMs, headers: options.headers };

  const list = async <R>(route: typeof VCENTER_VM_LIST, query: Record<string, unknown>): Promise<R[]> =>
    (await caller.call<R[]>(route, { query: clean(query) }, req)) ?? [];

  const enumerate = async (dim: SplitDimension, f: VmListFilter): Promise<string[]> => {
    try {
      if (dim === 'folders') {
        const rows = await list<{ folder: string }>(VCENTER_FOLDER_LIST, { type: 'VIRTUAL_MACHINE', datacenters: f.datacenters });
        return rows.map((r) => r.folder);
      }
      if (dim === 'hosts') {
        const rows = await list<{ host: string }>(VCENTER_HOST_LIST, { datacenters: f.datacenters, clusters: f.clusters });
        return rows.map((r) => r.host);
      }
      const rows = await list<{ cluster: string }>(VCENTER_CLUSTER_LIST, { datacenters: f.datacenters });
      return rows.map((r) => r.cluster);
    } catch (err) {
      if (err instanceof UnableToAllocateResourceError) return [];
      throw err;
    }
  };

  const split = async (f: VmListFilter): Promise<{ by: SplitDimension; parts: VmListFilter[] } | undefined> => {
    for (const dim of order) {
      const current = f[dim];
      if (current && current.length > 1) return { by: dim, parts: current.map((v) => ({ ...f, [dim]: [v] })) };
      if (current && current.length === 1) continue;
      const ids = await enumerate(dim, f);
      if (ids.length < 2) continue;
      const parts: VmListFilter[] = ids.map((id) => ({ ...f, [dim]: [id] }));
      if (dim === 'clusters' && !f.hosts) {
        const standalone = await list<{ host: string }>(VCENTER_HOST_LIST, { datacenters: f.datacenters, standalone: true }).catch((err: unknown) => {
          if (err instanceof UnableToAllocateResourceError) return undefined;
          throw err;
        });
        if (standalone === undefined) continue; // cannot make the split complete
        if (standalone.length > 0) parts.push({ ...f, hosts: standalone.map((h) => h.host) });
      }
      return { by: dim, parts };
    }
    return undefined;
  };

  const query = async (f: VmListFilter): Promise<T[]> => {
    if (full()) return [];
    try {
      const rows = await list<T>(VCENTER_VM_LIST, f as Record<string, unknown>);
      for (const vm of rows) gathered.add(vm.vm);
      return rows;
    } catch (err) {
      if (!(err instanceof UnableToAllocateResourceError)) throw err;
      const plan = await split(f);
      if (!plan) throw err;
      options.onSplit?.({ filter: f, by: plan.by, parts: plan.parts.length });
      const chunks = await mapLimit(plan.parts, concurrency, query);
      return chunks.flat();
    }
  };

  const seen = new Set<string>();
  const out: T[] = [];
  for (const vm of await query(filter)) {
    if (out.length >= limit) break;
    if (seen.has(vm.vm)) continue;
    seen.add(vm.vm);
    out.push(vm);
  }
  return out;
}

function clean(q: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined) out[k] = v;
  return out;
}

async function mapLimit<A, B>(items: readonly A[], limit: number, fn: (a: A) => Promise<B>): Promise<B[]> {
  const results = new Array<B>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
