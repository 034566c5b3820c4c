/**
 * Guest power operations go through VMware Tools: the guest OS shuts down (the VM then is
 * POWERED_OFF, cleanly), goes to standby (SUSPENDED) or reboots (stays POWERED_ON; Tools report
 * again after the start delay, the processes start anew).
 */
import type { Inventory } from '../../state/inventory.js';
import type { Vm } from '../../state/types.js';
import { VapiError } from '../../server/errors.js';
import { requireTools } from './guest-record.js';
import { haltGuest } from './power-follow.js';
import { restartTools } from './tools.js';

export type GuestPowerAction = 'shutdown' | 'reboot' | 'standby';

export function guestPower(state: Inventory, vm: Vm, action: GuestPowerAction, toolsStartMs: number): void {
  if (vm.power_state !== 'POWERED_ON') {
    throw new VapiError(
      'NOT_ALLOWED_IN_CURRENT_STATE',
      `Virtual machine '${vm.id}' is ${vm.power_state === 'SUSPENDED' ? 'suspended' : 'powered off'}; a guest ${action} needs it powered on with VMware Tools running.`,
      [vm.id, vm.power_state],
      'com.vmware.api.vcenter.vm.guest.power.not_powered_on',
    );
  }
  requireTools(state, vm);
  switch (action) {
    case 'shutdown':
      haltGuest(state, vm);
      vm.power_state = 'POWERED_OFF';
      vm.clean_power_off = true;
      break;
    case 'standby':
      vm.power_state = 'SUSPENDED';
      break;
    case 'reboot':
      haltGuest(state, vm);
      restartTools(state, vm, toolsStartMs);
      break;
  }
}
