/**
 * Power operations answer nothing (204), so the CLI says what happened, on stderr, naming the
 * VM by id and name: `Powered on vm-42 (web-01)`. The name costs one light read (the VM list
 * filtered to that id); when that read fails the line names the id alone.
 */

/** Operation id → what its success did, given `vm-42 (web-01)`; `waited` when --wait followed the guest. */
export const POWER_CONFIRMATIONS: ReadonlyMap<string, (vm: string, waited: boolean) => string> = new Map([
  ['vcenter.vm.power.start', (vm: string) => `Powered on ${vm}`],
  ['vcenter.vm.power.stop', (vm: string) => `Powered off ${vm}`],
  ['vcenter.vm.power.suspend', (vm: string) => `Suspended ${vm}`],
  ['vcenter.vm.power.reset', (vm: string) => `Reset ${vm}`],
  [
    'vcenter.vm.guest.power.shutdown',
    (vm: string, waited: boolean) => (waited ? `Shut down the guest OS of ${vm}; it is powered off` : `Asked the guest OS of ${vm} to shut down`),
  ],
  ['vcenter.vm.guest.power.reboot', (vm: string) => `Asked the guest OS of ${vm} to reboot`],
  [
    'vcenter.vm.guest.power.standby',
    (vm: string, waited: boolean) => (waited ? `Put the guest OS of ${vm} on standby; it is suspended` : `Asked the guest OS of ${vm} to go on standby`),
  ],
]);

/** `vm-42 (web-01)`, or `vm-42` when the name cannot be read. */
export async function vmLabel(vm: string, listVms: (ids: string[]) => Promise<unknown>): Promise<string> {
  try {
    const rows = (await listVms([vm])) as { vm?: string; name?: string }[];
    const name = Array.isArray(rows) ? rows.find((r) => r.vm === vm)?.name : undefined;
    return name ? `${vm} (${name})` : vm;
  } catch {
    return vm;
  }
}
