/**
 * Compliance scans of vLCM (esx/settings …/software?action=scan, a task) and the stored result
 * that `…/software/compliance` reads back (NOT_FOUND until a scan ran). A scan compares the
 * committed desired software of the cluster or host with what its hosts run: every host of the
 * mock runs the default base image with no add-on and no extra components, so a desired state
 * that changed either makes the host NON_COMPLIANT (a new base image needs a reboot, an add-on
 * or a component maintenance mode).
 */
import type { EsxSettingsClusterCompliance, EsxSettingsComplianceImpact, EsxSettingsHostCompliance } from '@vsphere-kit/core/api-types';
import { notFound } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { SoftwareSpec } from '../../state/types.js';
import type { HandlerTable } from '../../behaviours/types.js';
import { committed, componentInfo, DEFAULT_BASE_IMAGE } from './esx-software.js';

/** The software every host of the mock runs. */
const INSTALLED: SoftwareSpec = { base_image: { version: DEFAULT_BASE_IMAGE }, components: {} };

/** Impacts from least to most disruptive (the cluster's is the worst of its hosts'). */
const IMPACT_ORDER: readonly EsxSettingsComplianceImpact[] = ['NO_IMPACT', 'PARTIAL_MAINTENANCE_MODE_REQUIRED', 'MAINTENANCE_MODE_REQUIRED', 'REBOOT_REQUIRED'];

const worst = (impacts: EsxSettingsComplianceImpact[]): EsxSettingsComplianceImpact =>
  impacts.reduce((a, b) => (IMPACT_ORDER.indexOf(b) > IMPACT_ORDER.indexOf(a) ? b : a), 'NO_IMPACT');

const noNotifications = () => ({ info: [], warnings: [], errors: [] });

function hostCompliance(desired: SoftwareSpec, commit: number, scanTime: string): EsxSettingsHostCompliance {
  const baseOk = desired.base_image.version === INSTALLED.base_image.version;
  const addOnOk = !desired.add_on;
  const components: EsxSettingsHostCompliance['components'] = {};
  for (const [name, version] of Object.entries(desired.components)) {
    components[name] = { status: 'NON_COMPLIANT', target: componentInfo(name, version), notifications: noNotifications() };
  }
  const componentsOk = Object.keys(components).length === 0;
  const impact: EsxSettingsComplianceImpact = !baseOk ? 'REBOOT_REQUIRED' : !addOnOk || !componentsOk ? 'MAINTENANCE_MODE_REQUIRED' : 'NO_IMPACT';
  return {
    impact,
    status: baseOk && addOnOk && componentsOk ? 'COMPLIANT' : 'NON_COMPLIANT',
    notifications: noNotifications(),
    scan_time: scanTime,
    commit: String(commit),
    base_image: {
      status: baseOk ? 'COMPLIANT' : 'NON_COMPLIANT',
      current: { version: INSTALLED.base_image.version },
      target: { version: desired.base_image.version },
      notifications: noNotifications(),
    },
    add_on: {
      status: addOnOk ? 'COMPLIANT' : 'NON_COMPLIANT',
      ...(desired.add_on ? { target: { name: desired.add_on.name, version: desired.add_on.version } } : {}),
      notifications: noNotifications(),
    },
    components,
    solutions: {},
  };
}

/** Scans the hosts of a cluster against its desired state; stores and returns the result. */
export function scanCluster(s: Inventory, cluster: string): EsxSettingsClusterCompliance {
  if (!s.clusters.has(cluster)) throw notFound('Cluster', cluster, 'com.vmware.esx.settings.clusters.not_found');
  const desired = committed(s, `clusters/${cluster}`);
  const scanTime = new Date().toISOString();
  const hosts: EsxSettingsClusterCompliance['hosts'] = {};
  const hostInfo: EsxSettingsClusterCompliance['host_info'] = {};
  for (const h of s.hosts.values()) {
    if (h.cluster !== cluster) continue;
    hosts[h.id] = hostCompliance(desired.spec, desired.commit, scanTime);
    hostInfo[h.id] = { name: h.name };
  }
  const ids = Object.keys(hosts);
  const nonCompliant = ids.filter((id) => hosts[id]!.status === 'NON_COMPLIANT');
  const result: EsxSettingsClusterCompliance = {
    impact: worst(ids.map((id) => hosts[id]!.impact)),
    status: nonCompliant.length ? 'NON_COMPLIANT' : 'COMPLIANT',
    notifications: noNotifications(),
    scan_time: scanTime,
    commit: String(desired.commit),
    compliant_hosts: ids.filter((id) => hosts[id]!.status === 'COMPLIANT'),
    non_compliant_hosts: nonCompliant,
    incompatible_hosts: [],
    unavailable_hosts: [],
    hosts,
    host_info: hostInfo,
  };
  s.rules.software_compliance[`clusters/${cluster}`] = result;
  return result;
}

/** Scans one host against its own desired state; stores and returns the result. */
export function scanHost(s: Inventory, host: string): EsxSettingsHostCompliance {
  if (!s.hosts.has(host)) throw notFound('Host', host, 'com.vmware.esx.settings.hosts.not_found');
  const desired = committed(s, `hosts/${host}`);
  const result = hostCompliance(desired.spec, desired.commit, new Date().toISOString());
  s.rules.software_compliance[`hosts/${host}`] = result;
  return result;
}

function lastScan<T>(s: Inventory, kind: 'clusters' | 'hosts', id: string): T {
  const exists = kind === 'clusters' ? s.clusters.has(id) : s.hosts.has(id);
  const label = kind === 'clusters' ? 'Cluster' : 'Host';
  if (!exists) throw notFound(label, id, `com.vmware.esx.settings.${kind}.not_found`);
  const found = s.rules.software_compliance[`${kind}/${id}`];
  if (!found) throw notFound(`Compliance scan of ${label.toLowerCase()}`, id, 'com.vmware.esx.settings.compliance.not_found');
  return found as T;
}

export const complianceHandlers: HandlerTable = {
  // Outside a task the operation only answers 202 (the pipeline does); the scan runs when the task completes.
  'POST /api/esx/settings/clusters/{cluster}/software?action=scan': ({ state, params }) => ({ status: 200, body: scanCluster(state, params.cluster) }),
  'POST /api/esx/settings/hosts/{host}/software?action=scan': ({ state, params }) => ({ status: 200, body: scanHost(state, params.host) }),
  'GET /api/esx/settings/clusters/{cluster}/software/compliance': ({ state, params }) => ({
    body: lastScan<EsxSettingsClusterCompliance>(state, 'clusters', params.cluster),
  }),
  'GET /api/esx/settings/hosts/{host}/software/compliance': ({ state, params }) => ({
    body: lastScan<EsxSettingsHostCompliance>(state, 'hosts', params.host),
  }),
};
