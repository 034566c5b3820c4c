/**
 * VMware Tools of each VM: what `…/tools` and `…/tools/installer` report and change. Tools run
 * while the VM is powered on, from `toolsStartMs` after a power-on, reset, guest reboot or upgrade
 * (guest-record.ts); a guest install keeps its version, install type and upgrade policy across
 * power cycles.
 */
import type { VcenterVmToolsInfo, VcenterVmToolsVersionStatus } from '@vsphere-kit/core/api-types';
import type { HandlerTable } from '../../behaviours/types.js';
import type { Inventory } from '../../state/inventory.js';
import type { GuestTools, Vm } from '../../state/types.js';
import { isErrorAnswer, unlessRefused, VapiError } from '../../server/errors.js';
import { findVm } from '../vm/vm-lookup.js';
import { isWindowsGuest } from './guest-os.js';
import { readGuest, requireTools, toolsRunning, writeGuest } from './guest-record.js';

/** The Tools build the emulated ESXi host offers (an upgrade installs it). */
export const HOST_TOOLS_VERSION = 12352;

/** The Tools of a guest, with the defaults of a fresh install of its OS (open-vm-tools on Linux, the MSI on Windows). */
export function toolsOf(state: Inventory, vm: Vm): Required<Omit<GuestTools, 'installer_connected'>> & { installer_connected: boolean } {
  const t = readGuest(state, vm.id)?.tools ?? {};
  return {
    install_type: t.install_type ?? (isWindowsGuest(vm.guest_OS) ? 'MSI' : 'OPEN_VM_TOOLS'),
    version_number: t.version_number ?? HOST_TOOLS_VERSION,
    upgrade_policy: t.upgrade_policy ?? 'MANUAL',
    install_attempt_count: t.install_attempt_count ?? 0,
    installer_connected: t.installer_connected ?? false,
  };
}

/** Version 0 stands for "no Tools in this guest". */
export const toolsInstalled = (tools: { version_number: number }): boolean => tools.version_number !== 0;

/** Tools packaged by the guest OS (open-vm-tools, OSPs) are the OS's to upgrade, not vCenter's. */
const guestManaged = (tools: { install_type: string }): boolean => tools.install_type === 'OPEN_VM_TOOLS' || tools.install_type === 'OSP';

function versionStatus(tools: ReturnType<typeof toolsOf>): VcenterVmToolsVersionStatus {
  if (!toolsInstalled(tools)) return 'NOT_INSTALLED';
  if (guestManaged(tools)) return 'UNMANAGED';
  if (tools.version_number === HOST_TOOLS_VERSION) return 'CURRENT';
  if (tools.version_number > HOST_TOOLS_VERSION) return 'SUPPORTED_NEW';
  return tools.version_number >= 10000 ? 'SUPPORTED_OLD' : 'TOO_OLD_UNSUPPORTED';
}

export function toolsInfo(state: Inventory, vm: Vm): VcenterVmToolsInfo {
  const tools = toolsOf(state, vm);
  const installed = toolsInstalled(tools);
  return {
    auto_update_supported: installed && !guestManaged(tools),
    install_attempt_count: tools.install_attempt_count,
    ...(installed ? { version_number: tools.version_number, version: String(tools.version_number), install_type: tools.install_type } : {}),
    upgrade_policy: tools.upgrade_policy,
    version_status: versionStatus(tools),
    run_state: toolsRunning(state, vm) ? 'RUNNING' : 'NOT_RUNNING',
  };
}

/** Tools (re)start: they report again `toolsStartMs` from now. */
export function restartTools(state: Inventory, vm: Vm, toolsStartMs: number): void {
  writeGuest(state, vm.id).tools_start_at = Date.now() + toolsStartMs;
}

/** Installs the host's Tools build in the guest (an upgrade, by request or at a power cycle). */
function installHostTools(state: Inventory, vm: Vm, toolsStartMs: number): void {
  const tools = toolsOf(state, vm);
  const g = writeGuest(state, vm.id);
  g.tools = { ...g.tools, version_number: HOST_TOOLS_VERSION, install_attempt_count: tools.install_attempt_count + 1 };
  restartTools(state, vm, toolsStartMs);
}

/** At power-on with the UPGRADE_AT_POWER_CYCLE policy, outdated Tools that vCenter manages are upgraded. */
export function upgradeAtPowerCycle(state: Inventory, vm: Vm, toolsStartMs: number): void {
  const tools = toolsOf(state, vm);
  if (tools.upgrade_policy !== 'UPGRADE_AT_POWER_CYCLE' || !toolsInstalled(tools) || guestManaged(tools)) return;
  if (tools.version_number < HOST_TOOLS_VERSION) installHostTools(state, vm, toolsStartMs);
}

const notPoweredOn = (vm: Vm, what: string) =>
  new VapiError(
    'NOT_ALLOWED_IN_CURRENT_STATE',
    `Virtual machine '${vm.id}' is ${vm.power_state === 'SUSPENDED' ? 'suspended' : 'powered off'}; ${what} needs it powered on.`,
    [vm.id, vm.power_state],
    'com.vmware.api.vcenter.vm.tools.not_powered_on',
  );

export const toolsHandlers: HandlerTable = {
  'GET /api/vcenter/vm/{vm}/tools': ({ state, params }) => unlessRefused(findVm(state, params.vm), (vm) => ({ body: toolsInfo(state, vm) })),
  'PATCH /api/vcenter/vm/{vm}/tools': ({ state, params, body }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    const policy = (body as { upgrade_policy?: GuestTools['upgrade_policy'] } | undefined)?.upgrade_policy;
    if (policy !== undefined) {
      const g = writeGuest(state, vm.id);
      g.tools = { ...g.tools, upgrade_policy: policy };
    }
    return { status: 204 };
  },
  'POST /api/vcenter/vm/{vm}/tools?action=upgrade': ({ state, params, server }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    if (vm.power_state !== 'POWERED_ON') throw notPoweredOn(vm, 'a Tools upgrade');
    const tools = toolsOf(state, vm);
    if (!toolsInstalled(tools) || guestManaged(tools)) {
      throw new VapiError(
        'UNSUPPORTED',
        toolsInstalled(tools)
          ? `VMware Tools in virtual machine '${vm.id}' are managed by the guest operating system (${tools.install_type}); upgrade them in the guest.`
          : `VMware Tools are not installed in virtual machine '${vm.id}'.`,
        [vm.id],
        'com.vmware.api.vcenter.vm.tools.upgrade.unsupported',
      );
    }
    requireTools(state, vm);
    if (tools.version_number >= HOST_TOOLS_VERSION) {
      throw new VapiError(
        'ALREADY_IN_DESIRED_STATE',
        `VMware Tools in virtual machine '${vm.id}' are already at version ${tools.version_number}.`,
        [vm.id, String(tools.version_number)],
        'com.vmware.api.vcenter.vm.tools.upgrade.already_current',
      );
    }
    installHostTools(state, vm, server.toolsStartMs);
    return { status: 204 };
  },
  'GET /api/vcenter/vm/{vm}/tools/installer': ({ state, params }) =>
    unlessRefused(findVm(state, params.vm), (vm) => ({ body: { is_connected: toolsOf(state, vm).installer_connected } })),
  'POST /api/vcenter/vm/{vm}/tools/installer?action=connect': ({ state, params }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    if (vm.power_state !== 'POWERED_ON') throw notPoweredOn(vm, 'mounting the Tools installer');
    if (toolsOf(state, vm).installer_connected) {
      throw new VapiError(
        'ALREADY_IN_DESIRED_STATE',
        `The VMware Tools installer is already connected to virtual machine '${vm.id}'.`,
        [vm.id],
        'com.vmware.api.vcenter.vm.tools.installer.already_connected',
      );
    }
    const g = writeGuest(state, vm.id);
    g.tools = { ...g.tools, installer_connected: true };
    return { status: 204 };
  },
  'POST /api/vcenter/vm/{vm}/tools/installer?action=disconnect': ({ state, params }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    // Nothing to do when the installer is not connected, as vCenter answers.
    if (toolsOf(state, vm).installer_connected) {
      const g = writeGuest(state, vm.id);
      g.tools = { ...g.tools, installer_connected: false };
    }
    return { status: 204 };
  },
};
