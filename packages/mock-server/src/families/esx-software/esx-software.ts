/**
 * vLCM desired software of clusters and hosts (esx/settings): drafts, then commit.
 *
 * Each cluster and host has a committed software spec (base image, add-on, components)
 * with a commit number; a cluster or host without one starts from the default base image.
 * `drafts` (create or import-software-spec) copies the committed spec; a user has at most
 * one draft per cluster/host (ALREADY_EXISTS, as the spec says). The draft's base image,
 * add-on and components are edited in place. `commit` (a task) makes the draft the desired
 * state, bumps the commit number (the task result) and deletes the draft; it is refused
 * (CONCURRENT_CHANGE) when another commit happened since the draft was created.
 * `GET .../clusters/{cluster}/software` and its components reflect the committed spec.
 */
import { invalidArgument, notFound, VapiError } from '../../server/errors.js';
import { dict } from '../../state/dict.js';
import { softwareSpecCopy } from './spec-copy.js';
import type { Inventory } from '../../state/inventory.js';
import type { SoftwareDraft, SoftwareSpec } from '../../state/types.js';
import { taskResult } from '../../behaviours/generic.js';
import type { HandlerTable, OpContext, OpHandler } from '../../behaviours/types.js';
import type { RouteKey } from '../../generated/route-keys.gen.js';

export const DEFAULT_BASE_IMAGE = '8.0.2-0.0.22380479';

type Kind = 'clusters' | 'hosts';

function entityKey(s: Inventory, kind: Kind, id: string): string {
  const exists = kind === 'clusters' ? s.clusters.has(id) : s.hosts.has(id);
  if (!exists) throw notFound(kind === 'clusters' ? 'Cluster' : 'Host', id, `com.vmware.esx.settings.${kind}.not_found`);
  return `${kind}/${id}`;
}

export function committed(s: Inventory, key: string): { commit: number; spec: SoftwareSpec } {
  return (s.rules.software[key] ??= { commit: 1, spec: { base_image: { version: DEFAULT_BASE_IMAGE }, components: dict() } });
}

function baseImageInfo(version: string) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return {
    version,
    details: {
      display_name: 'ESXi',
      display_version: m ? `${m[1]}.${m[2]}${m[3] !== '0' ? ` U${m[3]}` : ''}` : version,
      release_date: '2023-09-21T00:00:00.000Z',
    },
  };
}

export const componentInfo = (name: string, version: string) => ({
  version,
  details: { display_name: name, vendor: name.split('-')[0] || 'VMware', display_version: version.split('-')[0] },
});

function softwareInfo(spec: SoftwareSpec) {
  return {
    base_image: baseImageInfo(spec.base_image.version),
    ...(spec.add_on
      ? {
          add_on: {
            ...spec.add_on,
            details: { display_name: spec.add_on.name, vendor: spec.add_on.name.split('-')[0] || 'OEM', display_version: spec.add_on.version },
          },
        }
      : {}),
    components: Object.fromEntries(Object.entries(spec.components).map(([n, v]) => [n, componentInfo(n, v)])),
    solutions: {},
  };
}

function newDraft(s: Inventory, kind: Kind, id: string, user: string, spec?: SoftwareSpec): string {
  const key = entityKey(s, kind, id);
  for (const d of Object.values(s.rules.drafts)) {
    if (d.entity === key && d.user === user) {
      throw new VapiError(
        'ALREADY_EXISTS',
        `User '${user}' already has draft '${d.id}' of ${key}; commit or delete it first.`,
        [d.id, key],
        'com.vmware.esx.settings.draft.already_exists',
      );
    }
  }
  const base = committed(s, key);
  const draftId = String(s.next++);
  s.rules.drafts[draftId] = { id: draftId, entity: key, user, base_commit: base.commit, spec: softwareSpecCopy(spec ?? base.spec) };
  return draftId;
}

function draftOf(ctx: OpContext, kind: Kind): SoftwareDraft {
  const s = ctx.state;
  const key = entityKey(s, kind, ctx.params[kind === 'clusters' ? 'cluster' : 'host']!);
  const d = s.rules.drafts[ctx.params.draft!];
  if (!d || d.entity !== key) throw notFound('Draft', ctx.params.draft!, 'com.vmware.esx.settings.draft.not_found');
  return d;
}

function importSpec(body: unknown): SoftwareSpec | undefined {
  const b = (body ?? {}) as { source_type?: string; software_spec?: string };
  if (b.source_type !== 'JSON_STRING') return undefined;
  let parsed: { base_image?: { version?: string }; add_on?: { name?: string; version?: string }; components?: Record<string, string> };
  try {
    parsed = JSON.parse(b.software_spec ?? '') as typeof parsed;
  } catch {
    throw invalidArgument("'software_spec' is not a JSON software specification.", ['software_spec']);
  }
  if (!parsed?.base_image?.version) throw invalidArgument("The software specification needs 'base_image.version'.", ['software_spec']);
  return {
    base_image: { version: parsed.base_image.version },
    ...(parsed.add_on?.name && parsed.add_on.version ? { add_on: { name: parsed.add_on.name, version: parsed.add_on.version } } : {}),
    components: dict(typeof parsed.components === 'object' && !Array.isArray(parsed.components) ? parsed.components : undefined),
  };
}

/** A table entry whose key the compiler checks, also when it is built from a union of paths. */
const on = <K extends RouteKey>(key: K, handler: OpHandler): [K, OpHandler] => [key, handler];

/** The same behaviours for clusters and hosts. */
function handlers(kind: Kind): HandlerTable {
  const P = kind === 'clusters' ? '/api/esx/settings/clusters/{cluster}/software' : '/api/esx/settings/hosts/{host}/software';
  const param = kind === 'clusters' ? 'cluster' : 'host';
  const D = `${P}/drafts/{draft}` as const;
  const requireDraft =
    (h: (ctx: OpContext, d: SoftwareDraft) => ReturnType<OpHandler>): OpHandler =>
    (ctx) =>
      h(ctx, draftOf(ctx, kind));
  const t: [RouteKey, OpHandler][] = [
    on(`POST ${P}/drafts`, ({ state, params, user }) => ({ status: 201, body: newDraft(state, kind, params[param]!, user) })),
    on(`POST ${P}/drafts?action=import-software-spec`, ({ state, params, user, body }) => ({
      status: 200,
      body: newDraft(state, kind, params[param]!, user, importSpec(body)),
    })),
    on(
      `GET ${D}/software/base-image`,
      requireDraft((_c, d) => ({ body: baseImageInfo(d.spec.base_image.version) })),
    ),
    on(
      `PUT ${D}/software/base-image`,
      requireDraft(({ body }, d) => {
        d.spec.base_image = { version: (body as { version: string }).version };
        return { status: 204 };
      }),
    ),
    on(
      `PUT ${D}/software/add-on`,
      requireDraft(({ body }, d) => {
        const b = body as { name: string; version: string };
        d.spec.add_on = { name: b.name, version: b.version };
        return { status: 204 };
      }),
    ),
    on(
      `DELETE ${D}/software/add-on`,
      requireDraft((_c, d) => {
        delete d.spec.add_on;
        return { status: 204 };
      }),
    ),
    on(
      `GET ${D}/software/components`,
      requireDraft((_c, d) => ({ body: Object.fromEntries(Object.entries(d.spec.components).map(([n, v]) => [n, componentInfo(n, v)])) })),
    ),
    on(
      `PATCH ${D}/software/components`,
      requireDraft(({ body }, d) => {
        const b = (body ?? {}) as { components_to_set?: Record<string, string>; components_to_delete?: string[] };
        for (const n of b.components_to_delete ?? []) delete d.spec.components[n];
        for (const [n, v] of Object.entries(b.components_to_set ?? {})) d.spec.components[n] = v;
        return { status: 204 };
      }),
    ),
    on(
      `GET ${D}/software/components/{component}`,
      requireDraft(({ params }, d) => {
        const v = d.spec.components[params.component!];
        if (v === undefined) throw notFound('Component', params.component!, 'com.vmware.esx.settings.component.not_found');
        return { body: componentInfo(params.component!, v) };
      }),
    ),
    on(
      `PUT ${D}/software/components/{component}`,
      requireDraft(({ params, body }, d) => {
        d.spec.components[params.component!] = body as string;
        return { status: 204 };
      }),
    ),
    on(
      `DELETE ${D}/software/components/{component}`,
      requireDraft(({ params }, d) => {
        if (!(params.component! in d.spec.components)) throw notFound('Component', params.component!, 'com.vmware.esx.settings.component.not_found');
        delete d.spec.components[params.component!];
        return { status: 204 };
      }),
    ),
    on(
      `POST ${D}?action=commit`,
      requireDraft(({ state, asTask }, d) => {
        if (!asTask) return { status: 202 };
        const cur = committed(state, d.entity);
        if (cur.commit !== d.base_commit) {
          throw new VapiError(
            'CONCURRENT_CHANGE',
            `${d.entity} was committed (commit ${cur.commit}) after draft '${d.id}' was created from commit ${d.base_commit}.`,
            [d.id, String(cur.commit)],
            'com.vmware.esx.settings.draft.concurrent_change',
          );
        }
        state.rules.software[d.entity] = { commit: cur.commit + 1, spec: softwareSpecCopy(d.spec) };
        delete state.rules.drafts[d.id];
        return { status: 200, body: String(cur.commit + 1) };
      }),
    ),
    on(
      `POST ${D}?action=validate`,
      requireDraft((ctx) => taskResult(ctx)),
    ),
    on(
      `POST ${D}?action=scan`,
      requireDraft((ctx) => taskResult(ctx)),
    ),
  ];
  if (kind === 'clusters') {
    const C = '/api/esx/settings/clusters/{cluster}/software';
    t.push(on(`GET ${C}`, ({ state, params }) => ({ body: softwareInfo(committed(state, entityKey(state, kind, params.cluster!)).spec) })));
    t.push(
      on(`GET ${C}/components`, ({ state, params }) => {
        const spec = committed(state, entityKey(state, kind, params.cluster!)).spec;
        return { body: Object.fromEntries(Object.entries(spec.components).map(([n, v]) => [n, componentInfo(n, v)])) };
      }),
    );
    t.push(
      on(`GET ${C}/components/{component}`, ({ state, params }) => {
        const spec = committed(state, entityKey(state, kind, params.cluster!)).spec;
        const v = spec.components[params.component!];
        if (v === undefined) throw notFound('Component', params.component!, 'com.vmware.esx.settings.component.not_found');
        return { body: componentInfo(params.component!, v) };
      }),
    );
  }
  return Object.fromEntries(t);
}

export const esxSoftwareHandlers: HandlerTable = { ...handlers('clusters'), ...handlers('hosts') };
