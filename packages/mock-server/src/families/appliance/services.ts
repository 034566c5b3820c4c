/**
 * The appliance's services: one catalogue, one state per service. `/api/appliance/services`
 * lists every service of the appliance; `/api/vcenter/services` (vMon) lists the vCenter
 * services vMon manages, with their startup type and health. Both read and change the same
 * state, so a service stopped through one is STOPPED in the other. The state holds only the
 * services that differ from their default.
 */
import type { HandlerTable, OpHandler, RequestBody } from '../../behaviours/types.js';
import { notFound, VapiError } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { ServiceRecord, StartupType } from './types.js';

interface CatalogueEntry {
  description: string;
  /** Managed by vMon (listed by /api/vcenter/services). */
  vmon: boolean;
  startup: StartupType;
}

const auto = (description: string, vmon = true): CatalogueEntry => ({ description, vmon, startup: 'AUTOMATIC' });
const manual = (description: string, vmon = true): CatalogueEntry => ({ description, vmon, startup: 'MANUAL' });

/** The services of an 8.0 appliance (a selection), by their service name; AUTOMATIC ones run, MANUAL ones are stopped. */
const CATALOGUE: Readonly<Record<string, CatalogueEntry>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, CatalogueEntry>, {
    applmgmt: auto('Appliance management: the API behind /api/appliance and the management interface on port 5480'),
    'cis-license': auto('License service: assigns and tracks vSphere licenses'),
    'content-library': auto('Content library service: templates, ISO images and OVF packages'),
    eam: auto('ESX Agent Manager: deploys agent virtual machines on hosts'),
    envoy: auto("Reverse proxy that routes the appliance's HTTP traffic"),
    hvc: auto('Hybrid vCenter service: links this vCenter with others'),
    imagebuilder: manual('Image builder: customizes ESXi images'),
    lookupsvc: auto('Lookup service: registry of the vCenter Single Sign-On endpoints'),
    netdumper: manual('Network dump collector: receives ESXi core dumps'),
    perfcharts: auto('Performance charts service'),
    rbd: manual('Auto Deploy: provisions ESXi hosts over the network'),
    rhttpproxy: auto('HTTP reverse proxy of the vCenter services'),
    sps: auto('Storage policy service: storage profiles and compliance'),
    statsmonitor: auto('Appliance statistics monitor: collects the health data'),
    sts: auto('Security token service of vCenter Single Sign-On'),
    trustmanagement: auto('Trust management service: certificates and trusted roots'),
    updatemgr: auto('vSphere Lifecycle Manager: host patches and images'),
    'vapi-endpoint': auto('vAPI endpoint: serves the Automation API under /api'),
    vcha: manual('vCenter High Availability'),
    vlcm: auto('Lifecycle manager of the appliance itself'),
    vmcam: manual('Authentication proxy for hosts joining a domain'),
    vpostgres: auto('vPostgres: the vCenter database'),
    vpxd: auto('vCenter Server: the inventory, tasks and events'),
    'vpxd-svcs': auto('vCenter Server services: tagging, licensing and authorization'),
    'vsan-health': auto('vSAN health service'),
    'vsphere-ui': auto('vSphere Client: the HTML5 user interface'),
    wcp: auto('Workload control plane: vSphere with Tanzu'),
    sshd: auto('OpenSSH server', false),
    chronyd: auto('Time synchronization with the NTP servers', false),
    syslog: auto('System log collection and forwarding', false),
    crond: auto('Scheduler of periodic jobs', false),
    'appliance-shutdown': auto('Runs scheduled shutdowns and reboots', false),
  }),
);

/** The catalogue entry of a service; NOT_FOUND names the service when there is none (or vMon does not manage it). */
function entryOf(name: string, vmonOnly: boolean): CatalogueEntry {
  const entry = Object.hasOwn(CATALOGUE, name) ? CATALOGUE[name] : undefined;
  if (!entry || (vmonOnly && !entry.vmon)) throw notFound('Service', name, 'com.vmware.appliance.service.not_found');
  return entry;
}

function recordOf(s: Inventory, name: string, entry: CatalogueEntry): ServiceRecord {
  const stored = Object.hasOwn(s.rules.appliance_services, name) ? s.rules.appliance_services[name] : undefined;
  return stored ?? { startup_type: entry.startup, state: entry.startup === 'AUTOMATIC' ? 'STARTED' : 'STOPPED' };
}

function applianceInfo(s: Inventory, name: string, entry: CatalogueEntry) {
  return { description: entry.description, state: recordOf(s, name, entry).state };
}

function vmonInfo(s: Inventory, name: string, entry: CatalogueEntry) {
  const record = recordOf(s, name, entry);
  return {
    name_key: `cis.${name}.ServiceName`,
    description_key: `cis.${name}.ServiceDescription`,
    startup_type: record.startup_type,
    state: record.state,
    // Health is reported only for a running service.
    ...(record.state === 'STARTED' ? { health: 'HEALTHY' as const, health_messages: [] } : {}),
  };
}

function setState(s: Inventory, name: string, vmonOnly: boolean, state: ServiceRecord['state']): void {
  const entry = entryOf(name, vmonOnly);
  const record = recordOf(s, name, entry);
  if (state === 'STARTED' && record.startup_type === 'DISABLED') {
    throw new VapiError(
      'NOT_ALLOWED_IN_CURRENT_STATE',
      `Service '${name}' is disabled; change its startup type before starting it.`,
      [name],
      'com.vmware.appliance.service.disabled',
    );
  }
  s.rules.appliance_services[name] = { ...record, state };
}

const action =
  (vmonOnly: boolean, state: ServiceRecord['state']): OpHandler =>
  ({ state: s, params }) =>
    setState(s, params.service!, vmonOnly, state);

export const serviceHandlers: HandlerTable = {
  'GET /api/appliance/services': ({ state }) => ({
    body: Object.fromEntries(Object.entries(CATALOGUE).map(([name, entry]) => [name, applianceInfo(state, name, entry)])),
  }),
  'GET /api/appliance/services/{service}': ({ state, params }) => ({ body: applianceInfo(state, params.service, entryOf(params.service, false)) }),
  'POST /api/appliance/services/{service}?action=start': action(false, 'STARTED'),
  'POST /api/appliance/services/{service}?action=stop': action(false, 'STOPPED'),
  'POST /api/appliance/services/{service}?action=restart': action(false, 'STARTED'),
  'GET /api/vcenter/services': ({ state }) => ({
    body: Object.fromEntries(
      Object.entries(CATALOGUE)
        .filter(([, entry]) => entry.vmon)
        .map(([name, entry]) => [name, vmonInfo(state, name, entry)]),
    ),
  }),
  'GET /api/vcenter/services/{service}': ({ state, params }) => ({ body: vmonInfo(state, params.service, entryOf(params.service, true)) }),
  'PATCH /api/vcenter/services/{service}': ({ state, params, body }) => {
    const { startup_type } = body as RequestBody<'PATCH /api/vcenter/services/{service}'>;
    const entry = entryOf(params.service, true);
    if (startup_type !== undefined) state.rules.appliance_services[params.service] = { ...recordOf(state, params.service, entry), startup_type };
  },
  'POST /api/vcenter/services/{service}?action=start': action(true, 'STARTED'),
  'POST /api/vcenter/services/{service}?action=stop': action(true, 'STOPPED'),
  'POST /api/vcenter/services/{service}?action=restart': action(true, 'STARTED'),
};
