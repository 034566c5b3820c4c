/**
 * VM templates in content libraries: a library item of type `vm-template` names a template VM of
 * the inventory (`vm_template`). Creating one copies a VM into a template, deploying one copies the
 * template into a new VM; both copies are the VM family's clone, so disks, NICs and placement
 * follow its rules. Reads show the template's devices as the VM family builds them.
 */
import { randomUUID } from 'node:crypto';
import type { VcenterVmTemplateLibraryItemsCreateSpec, VcenterVmTemplateLibraryItemsDeploySpec } from '@vsphere-kit/core/api-types';
import type { HandlerTable, OpContext, OpResult } from '../../behaviours/types.js';
import { invalidArgument, notFound } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { LibraryItem, Vm } from '../../state/types.js';
import { vmFamily } from '../vm/index.js';
import { getVm } from '../vm/vm-lookup.js';
import { deviceInfo } from '../vm/device-view.js';
import { diskDatastore } from './disk-datastore.js';
import { existing } from './lookup.js';
import { itemName, refuseTakenItemName } from '../content/names.js';
import { nameIndex } from '../name-index.js';
import { vmTemplateVersionHandlers } from './vm-template-versions.js';

export const VM_TEMPLATE_TYPE = 'vm-template';
const CLONE = 'POST /api/vcenter/vm?action=clone' as const;

/** The library item and its template VM; NOT_FOUND naming the item when it is not a VM template. */
export function templateOf(state: Inventory, itemId: string): { item: LibraryItem; template: Vm } {
  const item = state.libraryItems.get(itemId);
  const template = item?.type === VM_TEMPLATE_TYPE && item.vm_template ? state.templates.get(item.vm_template) : undefined;
  if (!item || !template) throw notFound('VM template library item', itemId, 'com.vmware.api.vcenter.vm_template.not_found');
  return { item, template };
}

/** A copy of `source` through the VM family's clone (its placement and device rules); answers the new VM's id. */
export function cloneOf(ctx: OpContext, spec: { source: string; name: string; placement?: Record<string, string | undefined>; power_on?: boolean }): string {
  const clone = vmFamily.handlers[CLONE]!;
  const result = clone({ ...ctx, params: {}, query: {}, body: spec } as unknown as OpContext<typeof CLONE>) as OpResult;
  return result.body as string;
}

/** The placement fields a clone takes, without the ones left out. */
export function placementOf(p: Record<string, string | undefined> | undefined, datastore: string | undefined) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...p, datastore })) if (v !== undefined) out[k] = v;
  return out;
}

function createTemplate(ctx: OpContext): OpResult {
  const { state } = ctx;
  const spec = ctx.body as VcenterVmTemplateLibraryItemsCreateSpec;
  const library = existing(state.libraries, spec.library, 'Library');
  if (library.type !== 'LOCAL')
    throw invalidArgument(`'library': library '${library.id}' is subscribed; VM templates go into local libraries.`, ['library', library.id]);
  const source = getVm(state, spec.source_vm);
  refuseTakenItemName(state, library.id, spec.name);
  const vmId = cloneOf(ctx, { source: source.id, name: spec.name, placement: placementOf(spec.placement, spec.vm_home_storage?.datastore) });
  // The copy becomes a template: powered off, in the templates collection.
  const template = state.vms.get(vmId)!;
  state.vms.delete(vmId);
  template.power_state = 'POWERED_OFF';
  template.clean_power_off = true;
  state.templates.set(vmId, template);
  const id = randomUUID();
  const now = new Date().toISOString();
  let size = 0;
  for (const d of Object.values(template.disks ?? {})) size += d.capacity ?? 0;
  state.libraryItems.set(id, {
    id,
    library: library.id,
    name: spec.name,
    type: VM_TEMPLATE_TYPE,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    size,
    creation_time: now,
    vm_template: vmId,
  });
  nameIndex(state.libraryItems, itemName).add(id, state.libraryItems.get(id)!);
  return { status: 201, body: id };
}

function templateInfo(state: Inventory, itemId: string) {
  const { template } = templateOf(state, itemId);
  const devices = deviceInfo(state, template) as {
    disks: Record<string, { capacity?: number }>;
    nics: Record<string, { backing: { type: string; network?: string }; mac_type: string }>;
  };
  const disks: Record<string, unknown> = Object.create(null);
  for (const [key, d] of Object.entries(devices.disks)) {
    disks[key] = { ...(d.capacity !== undefined ? { capacity: d.capacity } : {}), disk_storage: { datastore: diskDatastore(state, template, key) } };
  }
  const nics: Record<string, unknown> = Object.create(null);
  for (const [key, n] of Object.entries(devices.nics)) {
    nics[key] = { backing_type: n.backing.type, mac_type: n.mac_type, ...(n.backing.network !== undefined ? { network: n.backing.network } : {}) };
  }
  return {
    guest_OS: template.guest_OS,
    cpu: { count: template.cpu_count, cores_per_socket: template.cores_per_socket },
    memory: { size_MiB: template.memory_size_MiB },
    vm_home_storage: { datastore: template.datastore },
    disks,
    nics,
    vm_template: template.id,
  };
}

/** Checks the hardware customization against the template before anything is copied. */
function checkCustomization(state: Inventory, template: Vm, hw: VcenterVmTemplateLibraryItemsDeploySpec['hardware_customization']): void {
  if (!hw) return;
  const has = (map: object | undefined, key: string) => map !== undefined && Object.hasOwn(map, key);
  for (const [nic, change] of Object.entries(hw.nics ?? {})) {
    if (!has(template.nics, nic))
      throw invalidArgument(`'hardware_customization.nics': the template has no NIC '${nic}'.`, ['hardware_customization.nics', nic]);
    if (change.network !== undefined && !state.networks.has(change.network))
      throw invalidArgument(`'hardware_customization.nics.${nic}.network': network '${change.network}' does not exist.`, [
        `hardware_customization.nics.${nic}.network`,
        change.network,
      ]);
  }
  for (const disk of [...(hw.disks_to_remove ?? []), ...Object.keys(hw.disks_to_update ?? {})]) {
    if (!has(template.disks, disk)) throw invalidArgument(`'hardware_customization': the template has no disk '${disk}'.`, ['hardware_customization', disk]);
  }
  for (const [disk, change] of Object.entries(hw.disks_to_update ?? {})) {
    const current = template.disks![disk]!.capacity ?? 0;
    if (change.capacity < current)
      throw invalidArgument(`'hardware_customization.disks_to_update.${disk}.capacity' cannot shrink the disk (${change.capacity} < ${current}).`, [
        `hardware_customization.disks_to_update.${disk}.capacity`,
      ]);
  }
  const cpus = hw.cpu_update?.num_cpus ?? template.cpu_count;
  const cores = hw.cpu_update?.num_cores_per_socket ?? template.cores_per_socket;
  if (cpus < 1 || cores < 1 || cpus % cores !== 0)
    throw invalidArgument(`'hardware_customization.cpu_update': ${cpus} CPUs cannot be split into sockets of ${cores} cores.`, [
      'hardware_customization.cpu_update',
    ]);
  if (hw.memory_update?.memory !== undefined && hw.memory_update.memory < 4)
    throw invalidArgument(`'hardware_customization.memory_update.memory' must be at least 4 MiB.`, ['hardware_customization.memory_update.memory']);
}

function deployTemplate(ctx: OpContext): OpResult {
  const { state } = ctx;
  const spec = ctx.body as VcenterVmTemplateLibraryItemsDeploySpec;
  const { template } = templateOf(state, (ctx.params as { template_library_item: string }).template_library_item);
  const hw = spec.hardware_customization;
  checkCustomization(state, template, hw);
  const vmId = cloneOf(ctx, {
    source: template.id,
    name: spec.name,
    placement: placementOf(spec.placement, spec.vm_home_storage?.datastore),
  });
  // A fresh copy of the VM family's: its device records are its own.
  const vm = state.vms.get(vmId)!;
  if (hw) {
    if (hw.cpu_update?.num_cpus !== undefined) vm.cpu_count = hw.cpu_update.num_cpus;
    if (hw.cpu_update?.num_cores_per_socket !== undefined) vm.cores_per_socket = hw.cpu_update.num_cores_per_socket;
    if (hw.memory_update?.memory !== undefined) vm.memory_size_MiB = hw.memory_update.memory;
    for (const disk of hw.disks_to_remove ?? []) delete vm.disks![disk];
    for (const [disk, change] of Object.entries(hw.disks_to_update ?? {})) vm.disks![disk]!.capacity = change.capacity;
    for (const [nic, change] of Object.entries(hw.nics ?? {})) if (change.network !== undefined) vm.nics![nic]!.network = change.network;
  }
  if (spec.powered_on) {
    vm.power_state = 'POWERED_ON';
    delete vm.clean_power_off;
  }
  return { status: 200, body: vmId };
}

export const vmTemplateHandlers: HandlerTable = {
  'POST /api/vcenter/vm-template/library-items': createTemplate,
  'GET /api/vcenter/vm-template/library-items/{template_library_item}': ({ state, params }) => ({ body: templateInfo(state, params.template_library_item) }),
  'POST /api/vcenter/vm-template/library-items/{template_library_item}?action=deploy': deployTemplate,
  ...vmTemplateVersionHandlers,
};
