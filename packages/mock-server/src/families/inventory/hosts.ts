/**
 * Host life cycle: add a standalone host (credentials, certificate thumbprint, folder), remove it with
 * what it runs, and connect or disconnect it. A standalone host owns a root resource pool, as its
 * compute resource does in vCenter.
 */
import { createHash } from 'node:crypto';
import type { VcenterHostCreateSpec } from '@vsphere-kit/core/api-types';
import type { HandlerTable } from '../../behaviours/types.js';
import { ErrorAnswer, invalidArgument, isErrorAnswer, unlessRefused } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { Host } from '../../state/types.js';
import { forgetObject } from '../tagging/tagging.js';
import { forgetTemplate } from './templates-gone.js';
import { folderOf, lookUp, requiredText } from './lookup.js';
import { nameIndex } from '../name-index.js';
import { hostName } from './names.js';

const HOST_KIND = 'Host';

/**
 * The SHA-1 thumbprint of the certificate the mock pretends a host presents: derived from its
 * name, so a client can learn it from a failed THUMBPRINT add and retry as it would against vCenter.
 */
export function hostThumbprint(hostname: string): string {
  const hex = createHash('sha1').update(`esxi-certificate:${hostname.toLowerCase()}`).digest('hex').toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** Thumbprints compare without case or separators (`aa:bb…` equals `AABB…`). */
const normalThumbprint = (t: string) => t.replace(/[^0-9a-f]/gi, '').toUpperCase();

/** The host folder a new host goes to: the one named, or the only datacenter's when there is a single one. */
function hostFolder(state: Inventory, id: string | undefined) {
  if (id !== undefined) return folderOf(state, id, 'HOST', 'folder');
  const roots = [...state.datacenters.values()];
  if (roots.length !== 1) return invalidArgument(`'folder' is required: vCenter has ${roots.length} datacenters and cannot choose a host folder.`, ['folder']);
  return folderOf(state, roots[0]!.host_folder, 'HOST', 'folder');
}

/** The new host's id, or the refusal to return. */
function addHost(state: Inventory, spec: VcenterHostCreateSpec): string | ErrorAnswer {
  const hostname = requiredText(spec.hostname, 'hostname');
  if (isErrorAnswer(hostname)) return hostname;
  const folder = hostFolder(state, spec.folder);
  if (isErrorAnswer(folder)) return folder;
  if (spec.port !== undefined && (spec.port < 1 || spec.port > 65535))
    return invalidArgument(`'port' must be a TCP port (1-65535), got ${spec.port}.`, ['port', String(spec.port)]);
  if (!spec.user_name || !spec.password)
    return new ErrorAnswer(
      'UNAUTHENTICATED',
      `Cannot log in to host '${hostname}': 'user_name' and 'password' must name an administrator account on it.`,
      [hostname],
      'com.vmware.api.vcenter.host.invalid_login',
    );
  if (spec.thumbprint_verification === 'THUMBPRINT') {
    if (!spec.thumbprint) return invalidArgument("'thumbprint' is required when 'thumbprint_verification' is THUMBPRINT.", ['thumbprint']);
    const actual = hostThumbprint(hostname);
    if (normalThumbprint(spec.thumbprint) !== normalThumbprint(actual))
      return new ErrorAnswer(
        'UNVERIFIED_PEER',
        `The certificate of host '${hostname}' has thumbprint ${actual}, not the 'thumbprint' given.`,
        [hostname, actual],
        'com.vmware.api.vcenter.host.thumbprint_mismatch',
      );
  } else if (spec.thumbprint !== undefined) {
    return invalidArgument("'thumbprint' is only allowed when 'thumbprint_verification' is THUMBPRINT.", ['thumbprint']);
  }
  const names = nameIndex(state.hosts, hostName);
  const taken = names.find(hostname.toLowerCase());
  if (taken !== undefined)
    return new ErrorAnswer(
      'ALREADY_EXISTS',
      `Host '${hostname}' is already in the inventory as '${taken}'.`,
      [hostname, taken],
      'com.vmware.api.vcenter.host.already_exists',
    );
  const datacenter = folder.datacenter!;
  const id = state.nextId('host');
  const pool = state.nextId('resgroup');
  state.resourcePools.set(pool, { id: pool, name: 'Resources', datacenter, host: id });
  state.hosts.set(id, {
    id,
    name: hostname,
    datacenter,
    folder: folder.id,
    connection_state: 'CONNECTED',
    power_state: 'POWERED_ON',
    resource_pool: pool,
  });
  names.add(id, state.hosts.get(id)!);
  return id;
}

/** Removes a host and what only exists through it: its VMs and templates, its resource pools, its tags and its software state. */
export function removeHost(state: Inventory, host: Host): void {
  for (const coll of [state.vms, state.templates]) {
    for (const vm of [...coll.values()]) {
      if (vm.host !== host.id) continue;
      coll.delete(vm.id);
      forgetObject(state, { type: 'VirtualMachine', id: vm.id });
      if (coll === state.templates) forgetTemplate(state, vm.id);
    }
  }
  for (const pool of [...state.resourcePools.values()]) {
    if (pool.host !== host.id) continue;
    state.resourcePools.delete(pool.id);
    forgetObject(state, { type: 'ResourcePool', id: pool.id });
  }
  forgetObject(state, { type: 'HostSystem', id: host.id });
  const entity = `hosts/${host.id}`;
  delete state.rules.software[entity];
  for (const draft of Object.values(state.rules.drafts)) if (draft.entity === entity) delete state.rules.drafts[draft.id];
  nameIndex(state.hosts, hostName).remove(host.id, host);
  state.hosts.delete(host.id);
}

function setConnection(to: 'CONNECTED' | 'DISCONNECTED') {
  return ({ state, params }: { state: Inventory; params: { host: string } }) => {
    const host = lookUp(state.hosts, params.host, HOST_KIND);
    if (isErrorAnswer(host)) return host;
    if (host.connection_state === to)
      return new ErrorAnswer(
        'ALREADY_IN_DESIRED_STATE',
        `Host '${host.id}' is already ${to === 'CONNECTED' ? 'connected' : 'disconnected'}.`,
        [host.id],
        'com.vmware.api.vcenter.host.already_in_desired_state',
      );
    host.connection_state = to;
    return { status: 204 };
  };
}

export const hostHandlers: HandlerTable = {
  'POST /api/vcenter/host': ({ state, body }) => unlessRefused(addHost(state, body as VcenterHostCreateSpec), (id) => ({ status: 201, body: id })),
  'DELETE /api/vcenter/host/{host}': ({ state, params }) => {
    const host = lookUp(state.hosts, params.host, HOST_KIND);
    if (isErrorAnswer(host)) return host;
    if (host.cluster !== undefined)
      return new ErrorAnswer(
        'RESOURCE_IN_USE',
        `Host '${host.id}' is a member of cluster '${host.cluster}'; only a standalone host can be removed.`,
        [host.id, host.cluster],
        'com.vmware.api.vcenter.host.in_cluster',
      );
    removeHost(state, host);
    return { status: 204 };
  },
  'POST /api/vcenter/host/{host}?action=connect': setConnection('CONNECTED'),
  'POST /api/vcenter/host/{host}?action=disconnect': setConnection('DISCONNECTED'),
};
