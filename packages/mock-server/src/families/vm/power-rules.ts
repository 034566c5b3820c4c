/**
 * Which hardware changes vCenter allows in which power state. One place for the checks and their
 * NOT_ALLOWED_IN_CURRENT_STATE answers, shared by the settings (cpu, memory, boot, version) and
 * the device routes.
 */
import { VapiError } from '../../server/errors.js';
import type { Vm } from '../../state/types.js';

const MESSAGE_ID = 'com.vmware.api.vcenter.vm.hardware.not_allowed_in_current_state';

function refuse(vm: Vm, message: string): VapiError {
  return new VapiError('NOT_ALLOWED_IN_CURRENT_STATE', message, [vm.id, vm.power_state], MESSAGE_ID);
}

const stateWords: Record<Vm['power_state'], string> = { POWERED_ON: 'powered on', POWERED_OFF: 'powered off', SUSPENDED: 'suspended' };

/** `what` (e.g. "changing the CPU hot-add setting") needs the VM powered off. */
export function requirePoweredOff(vm: Vm, what: string): void {
  if (vm.power_state !== 'POWERED_OFF') throw refuse(vm, `Virtual machine '${vm.id}' is ${stateWords[vm.power_state]}: ${what} needs it powered off.`);
}

/** `what` (connect, disconnect) needs the VM powered on. */
export function requirePoweredOn(vm: Vm, what: string): void {
  if (vm.power_state !== 'POWERED_ON') throw refuse(vm, `Virtual machine '${vm.id}' is ${stateWords[vm.power_state]}: ${what} needs it powered on.`);
}

/** A suspended VM takes no hardware change at all (a hot change needs it running, a cold one powered off). */
export function requireNotSuspended(vm: Vm, what: string): void {
  if (vm.power_state === 'SUSPENDED') throw refuse(vm, `Virtual machine '${vm.id}' is suspended: ${what} needs it powered on or off.`);
}

/** A hot change that the VM's settings do not allow (`reason` says which). */
export function hotChangeRefused(vm: Vm, reason: string): VapiError {
  return refuse(vm, `Virtual machine '${vm.id}' is powered on and ${reason}.`);
}
