/**
 * Versions and check-outs of VM template library items. Checking out makes a VM from the current
 * template; checking it back in makes that VM the template of a new version (the item's
 * `content_version`), the previous template staying as an earlier version. A rollback makes a new
 * version from a copy of an earlier one.
 */
import type { HandlerTable, OpContext } from '../../behaviours/types.js';
import { dict } from '../../state/dict.js';
import { VapiError, notFound } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import type { LibraryItem, TemplateHistory } from '../../state/types.js';
import { getVm } from '../vm/vm-lookup.js';
import { cloneOf, placementOf, templateOf } from './vm-templates.js';

const currentVersion = (item: LibraryItem) => item.content_version ?? '1';

/** The item's history, created empty when it has none yet. */
function historyOf(state: Inventory, itemId: string): TemplateHistory {
  let h = state.rules.template_history[itemId];
  if (!h) state.rules.template_history[itemId] = h = { versions: [], check_outs: dict() };
  else h.check_outs = dict(h.check_outs);
  return h;
}

/** Moves a VM of the inventory into the templates: powered off, as a template is. */
function toTemplate(state: Inventory, vmId: string): void {
  const vm = state.vms.get(vmId)!;
  state.vms.delete(vmId);
  vm.power_state = 'POWERED_OFF';
  vm.clean_power_off = true;
  state.templates.set(vmId, vm);
}

/** Makes `vmTemplate` the current template of the item, in a new version; the previous one becomes an earlier version. */
function newVersion(state: Inventory, item: LibraryItem, vmTemplate: string): string {
  const h = historyOf(state, item.id);
  h.versions.push({ version: currentVersion(item), vm_template: item.vm_template! });
  const version = String(Number(currentVersion(item)) + 1);
  const live = state.libraryItems.get(item.id)!;
  live.vm_template = vmTemplate;
  live.content_version = version;
  live.last_modified_time = new Date().toISOString();
  return version;
}

export function checkOut(
  ctx: OpContext,
  itemId: string,
  spec: { name?: string; placement?: Record<string, string | undefined>; powered_on?: boolean },
): string {
  const { state } = ctx;
  const { item, template } = templateOf(state, itemId);
  const vm = cloneOf(ctx, {
    source: template.id,
    name: spec.name ?? `${item.name} (checked out)`,
    placement: placementOf(spec.placement, undefined),
    power_on: spec.powered_on === true,
  });
  historyOf(state, item.id).check_outs[vm] = { time: new Date().toISOString(), user: ctx.user };
  return vm;
}

/** The VMs checked out of the item that still exist (a checked-out VM deleted through the VM API is no longer one). */
function liveCheckOuts(state: Inventory, itemId: string): string[] {
  return Object.keys(state.rules.template_history[itemId]?.check_outs ?? {}).filter((vm) => state.vms.has(vm));
}

export function listCheckOuts(state: Inventory, itemId: string) {
  templateOf(state, itemId);
  return liveCheckOuts(state, itemId).map((vm) => ({ vm }));
}

/** The check-out of `vm`: NOT_FOUND for an unknown VM, INVALID_ARGUMENT for one not checked out of this item. */
export function checkOutOf(state: Inventory, itemId: string, vm: string) {
  templateOf(state, itemId);
  getVm(state, vm);
  const entry = state.rules.template_history[itemId]?.check_outs;
  if (!entry || !Object.hasOwn(entry, vm))
    throw new VapiError(
      'INVALID_ARGUMENT',
      `Virtual machine '${vm}' is not checked out of library item '${itemId}'.`,
      [vm, itemId],
      'com.vmware.api.vcenter.vm_template.not_checked_out',
    );
  return entry[vm]!;
}

function requirePoweredOff(state: Inventory, vm: string, what: string): void {
  const power = state.vms.get(vm)!.power_state;
  if (power !== 'POWERED_OFF')
    throw new VapiError(
      'NOT_ALLOWED_IN_CURRENT_STATE',
      `Virtual machine '${vm}' is ${power}; power it off before ${what}.`,
      [vm, power],
      'com.vmware.api.vcenter.vm_template.vm_not_powered_off',
    );
}

export function discardCheckOut(state: Inventory, itemId: string, vm: string): void {
  checkOutOf(state, itemId, vm);
  requirePoweredOff(state, vm, 'deleting its check-out');
  delete state.rules.template_history[itemId]!.check_outs[vm];
  state.vms.delete(vm);
}

export function checkIn(state: Inventory, itemId: string, vm: string): string {
  checkOutOf(state, itemId, vm);
  requirePoweredOff(state, vm, 'checking it in');
  const { item } = templateOf(state, itemId);
  delete historyOf(state, itemId).check_outs[vm];
  toTemplate(state, vm);
  return newVersion(state, item, vm);
}

export function listVersions(state: Inventory, itemId: string) {
  const { item } = templateOf(state, itemId);
  const earlier = state.rules.template_history[itemId]?.versions ?? [];
  return [...earlier, { version: currentVersion(item), vm_template: item.vm_template! }];
}

export function versionOf(state: Inventory, itemId: string, version: string) {
  const found = listVersions(state, itemId).find((v) => v.version === version);
  if (!found) throw notFound('Library item version', version, 'com.vmware.api.vcenter.vm_template.version_not_found');
  return found;
}

export function deleteVersion(state: Inventory, itemId: string, version: string): void {
  const { item } = templateOf(state, itemId);
  const found = versionOf(state, itemId, version);
  if (version === currentVersion(item))
    throw new VapiError(
      'NOT_ALLOWED_IN_CURRENT_STATE',
      `Version ${version} is the latest version of library item '${itemId}' and cannot be deleted.`,
      [itemId, version],
      'com.vmware.api.vcenter.vm_template.latest_version',
    );
  const h = historyOf(state, itemId);
  h.versions = h.versions.filter((v) => v.version !== version);
  state.templates.delete(found.vm_template);
}

export function rollback(ctx: OpContext, itemId: string, version: string): string {
  const { state } = ctx;
  const { item } = templateOf(state, itemId);
  const found = versionOf(state, itemId, version);
  const out = liveCheckOuts(state, itemId);
  if (out.length)
    throw new VapiError(
      'NOT_ALLOWED_IN_CURRENT_STATE',
      `Virtual machine '${out[0]}' is checked out of library item '${itemId}'; check it in or delete it first.`,
      [itemId, out[0]!],
      'com.vmware.api.vcenter.vm_template.checked_out',
    );
  const old = state.templates.get(found.vm_template)!;
  const copy = cloneOf(ctx, { source: old.id, name: `${item.name} v${Number(currentVersion(item)) + 1}`, placement: { folder: old.folder } });
  toTemplate(state, copy);
  return newVersion(state, item, copy);
}

const ITEM = '/api/vcenter/vm-template/library-items/{template_library_item}';

export const vmTemplateVersionHandlers: HandlerTable = {
  [`POST ${ITEM}/check-outs?action=check-out`]: (ctx: OpContext) => ({
    status: 200,
    body: checkOut(ctx, ctx.params.template_library_item!, (ctx.body ?? {}) as Parameters<typeof checkOut>[2]),
  }),
  [`GET ${ITEM}/check-outs`]: ({ state, params }: OpContext) => ({ body: listCheckOuts(state, params.template_library_item!) }),
  [`GET ${ITEM}/check-outs/{vm}`]: ({ state, params }: OpContext) => ({ body: checkOutOf(state, params.template_library_item!, params.vm!) }),
  [`DELETE ${ITEM}/check-outs/{vm}`]: ({ state, params }: OpContext) => {
    discardCheckOut(state, params.template_library_item!, params.vm!);
    return { status: 204 };
  },
  [`POST ${ITEM}/check-outs/{vm}?action=check-in`]: ({ state, params }: OpContext) => ({ body: checkIn(state, params.template_library_item!, params.vm!) }),
  [`GET ${ITEM}/versions`]: ({ state, params }: OpContext) => ({ body: listVersions(state, params.template_library_item!) }),
  [`GET ${ITEM}/versions/{version}`]: ({ state, params }: OpContext) => ({
    body: { vm_template: versionOf(state, params.template_library_item!, params.version!).vm_template },
  }),
  [`DELETE ${ITEM}/versions/{version}`]: ({ state, params }: OpContext) => {
    deleteVersion(state, params.template_library_item!, params.version!);
    return { status: 204 };
  },
  [`POST ${ITEM}/versions/{version}?action=rollback`]: (ctx: OpContext) => ({ body: rollback(ctx, ctx.params.template_library_item!, ctx.params.version!) }),
};
