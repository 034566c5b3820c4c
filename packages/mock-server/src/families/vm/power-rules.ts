/**
 * Which hardware changes vCenter allows in which power state. One place for the checks and their
 * NOT_ALLOWED_IN_CURRENT_STATE answers, shared by the settings (cpu, memory, boot, version) and
 * the device routes.
 */
import { ErrorAnswer } from '../../server/errors.js';
import type { Vm } from '../../state/types.js';

const MESSAGE_ID = 'com.vmware.api.vcenter.vm.hardware.not_allowed_in_current_state';

function refuse(vm: Vm, message: string): ErrorAnswer {
  return new ErrorAnswer('NOT_ALLOWED_IN_CURRENT_STATE', message, [vm.id, vm.power_state], MESSAGE_ID);
}

const stateWords: Record<Vm['power_state'], string> = { POWERED_ON: 'powered on', POWERED_OFF: 'powered off', SUSPENDED: 'suspended' };

// Each check returns the refusal for the behaviour to return (undefined: allowed).

/** `what` (e.g. "changing the CPU hot-add setting") needs the VM powered off. */
export function unlessPoweredOff(vm: Vm, what: string): ErrorAnswer | undefined {
  if (vm.power_state === 'POWERED_OFF') return undefined;
  return refuse(vm, `Virtual machine '${vm.id}' is ${stateWords[vm.power_state]}: ${what} needs it powered off.`);
}

/** unlessPoweredOff for a helper deep inside a behaviour that cannot return the refusal: it throws it. */
export function requirePoweredOff(vm: Vm, what: string): void {
  const refusal = unlessPoweredOff(vm, what);
  if (refusal) throw refusal;
}

/** `what` (connect, disconnect) needs the VM powered on. */
export function unlessPoweredOn(vm: Vm, what: string): ErrorAnswer | undefined {
  if (vm.power_state === 'POWERED_ON') return undefined;
  return refuse(vm, `Virtual machine '${vm.id}' is ${stateWords[vm.power_state]}: ${what} needs it powered on.`);
}

/** A suspended VM takes no hardware change at all (a hot change needs it running, a cold one powered off). */
export function ifSuspended(vm: Vm, what: string): ErrorAnswer | undefined {
  if (vm.power_state !== 'SUSPENDED') return undefined;
  return refuse(vm, `Virtual machine '${vm.id}' is suspended: ${what} needs it powered on or off.`);
}

/** A hot change that the VM's settings do not allow (`reason` says which). */
export function hotChangeRefused(vm: Vm, reason: string): ErrorAnswer {
  return refuse(vm, `Virtual machine '${vm.id}' is powered on and ${reason}.`);
}
