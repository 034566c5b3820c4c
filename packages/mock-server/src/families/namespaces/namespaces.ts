/**
 * Objects that reference each other: Supervisors (Workload Management on a cluster) and
 * namespaces; trust-authority clusters and their KMS providers.
 *
 * - `namespace-management/clusters/{cluster}?action=enable` needs an existing cluster and
 *   turns its Supervisor on (ALREADY_IN_DESIRED_STATE when on); the clusters list and get
 *   show Supervisors only (NOT_FOUND for a cluster without one).
 * - A namespace needs an existing cluster (NOT_FOUND) with a Supervisor
 *   (NOT_ALLOWED_IN_CURRENT_STATE), a unique name (ALREADY_EXISTS) and existing content
 *   libraries in `vm_service_spec` (NOT_FOUND).
 * - `disable` is refused with RESOURCE_IN_USE while namespaces live on the Supervisor, and
 *   a content library a namespace uses cannot be deleted (see content.ts).
 * - Trust authority: every cluster is a trust-authority cluster (state DISABLE unless set).
 *   KMS providers (task operations) belong to an existing cluster whose state is ENABLE
 *   (NOT_ALLOWED_IN_CURRENT_STATE otherwise); setting the state to DISABLE is refused with
 *   RESOURCE_IN_USE while the cluster has providers.
 */
import { ErrorAnswer, isErrorAnswer, notFound } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Cluster, KmsProvider, Namespace, Supervisor } from '../../state/types.js';
import { overlay, sample, taskResult } from '../../behaviours/generic.js';
import type { HandlerTable, OpContext } from '../../behaviours/types.js';
import { filterSet } from '../../behaviours/util.js';

const clusterNotFound = (id: string) => notFound('Cluster', id, 'com.vmware.api.vcenter.cluster.not_found');

// Each lookup returns the record or the refusal for the behaviour to return.
function requireCluster(s: Inventory, id: string): Cluster | ErrorAnswer {
  return s.clusters.get(id) ?? clusterNotFound(id);
}

function requireSupervisor(s: Inventory, id: string): Supervisor | ErrorAnswer {
  if (!s.clusters.has(id)) return clusterNotFound(id);
  const sup = s.rules.supervisors[id];
  if (!sup) return notFound('Supervisor', id, 'com.vmware.vcenter.namespace_management.cluster.not_enabled');
  return sup;
}

function requireNamespace(s: Inventory, name: string): Namespace | ErrorAnswer {
  const ns = s.rules.namespaces[name];
  if (!ns) return notFound('Namespace', name, 'com.vmware.vcenter.namespaces.instance.not_found');
  return ns;
}

/** A spec-valid answer: the operation's example (or sample) with the given fields laid over it. */
async function answer(ctx: OpContext, fields: Record<string, unknown>): Promise<unknown> {
  const def = ctx.route.responses[String(ctx.route.successStatus)];
  if (!def?.schema) return undefined;
  const base = await sample(ctx.schemas, def.schema, def.example);
  return overlay(ctx.schemas, def.schema, base, { id: '', spec: fields }, []);
}

/** The refusal of the first library the spec names that does not exist, if any. */
function missingLibrary(s: Inventory, spec: Record<string, unknown>): ErrorAnswer | undefined {
  const libs = (spec.vm_service_spec as { content_libraries?: string[] } | undefined)?.content_libraries ?? [];
  for (const l of libs) if (!s.libraries.has(l)) return notFound('Library', l, 'com.vmware.content.library.not_found');
  return undefined;
}

function trustState(s: Inventory, cluster: string): 'ENABLE' | 'DISABLE' {
  return s.rules.trust_authority[cluster] ?? 'DISABLE';
}

function kmsOf(s: Inventory, cluster: string): KmsProvider[] {
  return Object.values(s.rules.kms_providers).filter((p) => p.cluster === cluster);
}

function requireProvider(s: Inventory, cluster: string, provider: string): KmsProvider | ErrorAnswer {
  if (!s.clusters.has(cluster)) return clusterNotFound(cluster);
  const p = s.rules.kms_providers[`${cluster}/${provider}`];
  if (!p) return notFound('KMS provider', provider, 'com.vmware.vcenter.trusted_infrastructure.kms.provider.not_found');
  return p;
}

const NM = '/api/vcenter/namespace-management/clusters';
const NS = '/api/vcenter/namespaces/instances';
const TA = '/api/vcenter/trusted-infrastructure/trust-authority-clusters';

export const namespaceHandlers: HandlerTable = {
  [`POST ${NM}/{cluster}?action=enable`]: ({ state, params, body }) => {
    const s = state;
    const found = requireCluster(s, params.cluster!);
    if (isErrorAnswer(found)) return found;
    if (isErrorAnswer(found)) return found;
    if (s.rules.supervisors[params.cluster!]) {
      return new ErrorAnswer(
        'ALREADY_IN_DESIRED_STATE',
        `Cluster '${params.cluster}' already has a Supervisor.`,
        [params.cluster!],
        'com.vmware.vcenter.namespace_management.cluster.already_enabled',
      );
    }
    s.rules.supervisors[params.cluster!] = { cluster: params.cluster!, spec: structuredClone((body ?? {}) as Record<string, unknown>) };
    return { status: 204 };
  },
  [`POST ${NM}/{cluster}?action=disable`]: ({ state, params }) => {
    const s = state;
    const found = requireSupervisor(s, params.cluster!);
    if (isErrorAnswer(found)) return found;
    if (isErrorAnswer(found)) return found;
    const users = Object.values(s.rules.namespaces).filter((n) => n.cluster === params.cluster);
    if (users.length) {
      return new ErrorAnswer(
        'RESOURCE_IN_USE',
        `The Supervisor of cluster '${params.cluster}' still has namespaces: ${users.map((n) => n.namespace).join(', ')}.`,
        [params.cluster!, ...users.map((n) => n.namespace)],
        'com.vmware.vcenter.namespace_management.cluster.in_use',
      );
    }
    delete s.rules.supervisors[params.cluster!];
    return { status: 204 };
  },
  [`GET ${NM}`]: async (ctx) => {
    const s = ctx.state;
    const def = ctx.route.responses['200']!;
    const itemPtr = `${def.schema!}/items`;
    const base = await sample(ctx.schemas, itemPtr, Array.isArray(def.example) ? def.example[0] : undefined);
    const out = [];
    for (const sup of Object.values(s.rules.supervisors)) {
      const c = s.clusters.get(sup.cluster);
      out.push(
        overlay(
          ctx.schemas,
          itemPtr,
          base,
          { id: '', spec: { cluster: sup.cluster, cluster_name: c?.name ?? sup.cluster, config_status: 'RUNNING', kubernetes_status: 'READY' } },
          [],
        ),
      );
    }
    return { body: out };
  },
  [`GET ${NM}/{cluster}`]: async (ctx) => {
    const sup = requireSupervisor(ctx.state, ctx.params.cluster!);
    if (isErrorAnswer(sup)) return sup;
    const { size_hint, service_cidr, network_provider } = sup.spec as Record<string, unknown>;
    return {
      body: await answer(ctx, {
        config_status: 'RUNNING',
        kubernetes_status: 'READY',
        ...(size_hint ? { size_hint } : {}),
        ...(service_cidr ? { service_cidr } : {}),
        ...(network_provider ? { network_provider } : {}),
      }),
    };
  },

  [`POST ${NS}`]: ({ state, body }) => {
    const s = state;
    const spec = structuredClone((body ?? {}) as Record<string, unknown> & { cluster: string; namespace: string });
    const found = requireCluster(s, spec.cluster);
    if (isErrorAnswer(found)) return found;
    if (isErrorAnswer(found)) return found;
    if (!s.rules.supervisors[spec.cluster]) {
      return new ErrorAnswer(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        `Cluster '${spec.cluster}' has no Supervisor; enable Workload Management first.`,
        [spec.cluster],
        'com.vmware.vcenter.namespaces.cluster.not_enabled',
      );
    }
    if (s.rules.namespaces[spec.namespace]) {
      return new ErrorAnswer(
        'ALREADY_EXISTS',
        `Namespace '${spec.namespace}' already exists.`,
        [spec.namespace],
        'com.vmware.vcenter.namespaces.instance.already_exists',
      );
    }
    const missing = missingLibrary(s, spec);
    if (missing) return missing;
    const { cluster, namespace, ...rest } = spec;
    s.rules.namespaces[namespace] = { namespace, cluster, spec: rest };
    return { status: 204 };
  },
  [`GET ${NS}/{namespace}`]: async (ctx) => {
    const ns = requireNamespace(ctx.state, ctx.params.namespace!);
    if (isErrorAnswer(ns)) return ns;
    return { body: await answer(ctx, { ...ns.spec, cluster: ns.cluster, config_status: 'RUNNING' }) };
  },
  [`PATCH ${NS}/{namespace}`]: ({ state, params, body }) => {
    const ns = requireNamespace(state, params.namespace!);
    if (isErrorAnswer(ns)) return ns;
    const next = { ...ns.spec, ...structuredClone((body ?? {}) as Record<string, unknown>) };
    const missing = missingLibrary(state, next);
    if (missing) return missing;
    ns.spec = next;
    return { status: 204 };
  },
  [`PUT ${NS}/{namespace}`]: ({ state, params, body }) => {
    const ns = requireNamespace(state, params.namespace!);
    if (isErrorAnswer(ns)) return ns;
    const next = structuredClone((body ?? {}) as Record<string, unknown>);
    const missing = missingLibrary(state, next);
    if (missing) return missing;
    ns.spec = next;
    return { status: 204 };
  },
  [`DELETE ${NS}/{namespace}`]: ({ state, params }) => {
    const found = requireNamespace(state, params.namespace!);
    if (isErrorAnswer(found)) return found;
    if (isErrorAnswer(found)) return found;
    delete state.rules.namespaces[params.namespace!];
    return { status: 204 };
  },

  [`GET ${TA}`]: ({ state, query }) => {
    const s = state;
    const ids = filterSet(query, 'cluster');
    const states = filterSet(query, 'state');
    const out = [];
    for (const c of s.clusters.values()) {
      const state = trustState(s, c.id);
      if ((ids && !ids.has(c.id)) || (states && !states.has(state))) continue;
      out.push({ cluster: c.id, state });
    }
    return { body: out };
  },
  [`GET ${TA}/{cluster}`]: ({ state, params }) => {
    const found = requireCluster(state, params.cluster!);
    if (isErrorAnswer(found)) return found;
    if (isErrorAnswer(found)) return found;
    return { body: { cluster: params.cluster!, state: trustState(state, params.cluster!) } };
  },
  [`PATCH ${TA}/{cluster}`]: ({ state: s, params, body }) => {
    const found = requireCluster(s, params.cluster!);
    if (isErrorAnswer(found)) return found;
    if (isErrorAnswer(found)) return found;
    const state = (body as { state?: 'ENABLE' | 'DISABLE' } | undefined)?.state;
    if (state === 'DISABLE' && kmsOf(s, params.cluster!).length) {
      return new ErrorAnswer(
        'RESOURCE_IN_USE',
        `Trust-authority cluster '${params.cluster}' still has KMS providers.`,
        [params.cluster!],
        'com.vmware.vcenter.trusted_infrastructure.cluster.in_use',
      );
    }
    if (state) s.rules.trust_authority[params.cluster!] = state;
    return { status: 200 };
  },
  [`POST ${TA}/{cluster}/kms/providers`]: ({ state, params, body }) => {
    const s = state;
    const found = requireCluster(s, params.cluster!);
    if (isErrorAnswer(found)) return found;
    if (isErrorAnswer(found)) return found;
    if (trustState(s, params.cluster!) !== 'ENABLE') {
      return new ErrorAnswer(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        `Cluster '${params.cluster}' is not an enabled trust-authority cluster.`,
        [params.cluster!],
        'com.vmware.vcenter.trusted_infrastructure.cluster.not_enabled',
      );
    }
    const spec = body as { provider: string; master_key_id: string; key_server: Record<string, unknown> };
    const key = `${params.cluster}/${spec.provider}`;
    if (s.rules.kms_providers[key])
      return new ErrorAnswer(
        'ALREADY_EXISTS',
        `KMS provider '${spec.provider}' already exists.`,
        [spec.provider],
        'com.vmware.vcenter.trusted_infrastructure.kms.provider.already_exists',
      );
    s.rules.kms_providers[key] = {
      cluster: params.cluster!,
      provider: spec.provider,
      master_key_id: spec.master_key_id,
      key_server: structuredClone(spec.key_server),
    };
    return { status: 200 };
  },
  [`GET ${TA}/{cluster}/kms/providers`]: ({ state, params }) => {
    const found = requireCluster(state, params.cluster!);
    if (isErrorAnswer(found)) return found;
    if (isErrorAnswer(found)) return found;
    return { status: 200, body: kmsOf(state, params.cluster!).map((p) => ({ provider: p.provider, health: 'OK' })) };
  },
  [`GET ${TA}/{cluster}/kms/providers/{provider}`]: async (ctx) => {
    const p = requireProvider(ctx.state, ctx.params.cluster!, ctx.params.provider!);
    if (isErrorAnswer(p)) return p;
    const base = (await taskResult(ctx)).body;
    return { status: 200, body: overlay(ctx.schemas, ctx.route.taskResult!.schema, base, { id: '', spec: { master_key_id: p.master_key_id } }, []) };
  },
  // The key server's update spec names fields to change; absent ones stay (as do the provider's other fields).
  [`PATCH ${TA}/{cluster}/kms/providers/{provider}`]: ({ state, params, body }) => {
    const p = requireProvider(state, params.cluster!, params.provider!);
    if (isErrorAnswer(p)) return p;
    const spec = (body ?? {}) as { master_key_id?: string; key_server?: Record<string, unknown> };
    if (spec.master_key_id !== undefined) p.master_key_id = spec.master_key_id;
    if (spec.key_server !== undefined) p.key_server = { ...p.key_server, ...spec.key_server };
    return { status: 200 };
  },
  [`DELETE ${TA}/{cluster}/kms/providers/{provider}`]: ({ state, params }) => {
    const found = requireProvider(state, params.cluster!, params.provider!);
    if (isErrorAnswer(found)) return found;
    if (isErrorAnswer(found)) return found;
    delete state.rules.kms_providers[`${params.cluster}/${params.provider}`];
    return { status: 200 };
  },
};
