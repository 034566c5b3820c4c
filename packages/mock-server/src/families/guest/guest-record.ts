/**
 * The guest of a VM in the rule state (`rules.guests[vm]`), and the one rule every guest answer
 * starts from: VMware Tools report only while the VM is powered on and after they started.
 */
import type { Inventory } from '../../state/inventory.js';
import { dict } from '../../state/dict.js';
import type { GuestRecord, Vm } from '../../state/types.js';
import { VapiError } from '../../server/errors.js';

/** The guest as stored, or undefined for a VM whose guest nothing has changed (reads never create one). */
export function readGuest(state: Inventory, vmId: string): GuestRecord | undefined {
  return state.rules.guests[vmId];
}

/**
 * The guest record to change, created when absent. Its maps keyed by input (accounts, files,
 * processes, static IPs) become null-prototype records here, whatever a seed or state file gave.
 */
export function writeGuest(state: Inventory, vmId: string): GuestRecord {
  let g = state.rules.guests[vmId];
  if (!g) state.rules.guests[vmId] = g = {};
  for (const key of ['accounts', 'files', 'processes', 'static_ips'] as const) {
    const map = g[key] as Record<string, unknown> | undefined;
    if (map && Object.getPrototypeOf(map) !== null) (g as Record<string, unknown>)[key] = dict(map);
  }
  return g;
}

/** Forgets the guest of a VM that no longer exists. */
export function dropGuest(state: Inventory, vmId: string): void {
  delete state.rules.guests[vmId];
}

/** True when VMware Tools run in the guest now: the VM is powered on and Tools have started. */
export function toolsRunning(state: Inventory, vm: Vm, now = Date.now()): boolean {
  if (vm.power_state !== 'POWERED_ON') return false;
  const g = readGuest(state, vm.id);
  if (g?.tools?.version_number === 0) return false; // no Tools installed
  return g?.tools_start_at === undefined || g.tools_start_at <= now;
}

/** vCenter's answer to a guest call while Tools have not reported (recorded from a real vCenter). */
export function informationNotAvailable(vm: Vm): VapiError {
  const who = `${vm.id}:${vm.instance_uuid}`;
  return new VapiError(
    'SERVICE_UNAVAILABLE',
    `VMware Tools in the virtual machine with identifier '${who}' provided no information.`,
    [who],
    'com.vmware.api.vcenter.vm.guest.information_not_available',
  );
}

/** Throws the answer above unless Tools run. */
export function requireTools(state: Inventory, vm: Vm): void {
  if (!toolsRunning(state, vm)) throw informationNotAvailable(vm);
}
