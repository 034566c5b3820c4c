/**
 * The guest follows what happens to its VM (observers of the vm family's operations): Tools
 * start again `toolsStartMs` after a power-on or reset, guest processes end when the VM powers
 * off or resets, a pending customization runs at the power-on, a copy of a VM gets a copy of its
 * guest, and a deleted VM's guest goes with it.
 */
import type { OpContext } from '../../behaviours/types.js';
import type { ObserverTable } from '../family.js';
import type { Inventory } from '../../state/inventory.js';
import type { Vm } from '../../state/types.js';
import { dict } from '../../state/dict.js';
import { applyCustomizationAtBoot } from './customization.js';
import { dropGuest, readGuest, writeGuest } from './guest-record.js';
import { restartTools, upgradeAtPowerCycle } from './tools.js';

function vmOf(ctx: OpContext): Vm | undefined {
  return ctx.state.vms.get(ctx.params.vm!);
}

/** The guest OS boots: Tools report after the start delay; what was set to happen at boot happens. */
export function bootGuest(state: Inventory, vm: Vm, toolsStartMs: number): void {
  restartTools(state, vm, toolsStartMs);
  upgradeAtPowerCycle(state, vm, toolsStartMs);
  applyCustomizationAtBoot(state, vm);
}

/** The guest OS stops running: its processes end and the Tools installer is unmounted. */
export function haltGuest(state: Inventory, vm: Vm): void {
  const g = readGuest(state, vm.id);
  if (!g) return;
  const w = writeGuest(state, vm.id);
  delete w.processes;
  delete w.next_pid;
  delete w.tools_start_at;
  if (w.tools?.installer_connected) w.tools = { ...w.tools, installer_connected: false };
}

/** A clone starts from the source's disks: same guest install, accounts, files and names. */
function copyGuest(state: Inventory, from: string, to: string, running: boolean, toolsStartMs: number): void {
  const src = readGuest(state, from);
  const vm = state.vms.get(to);
  if (!vm) return;
  if (src) {
    const g = writeGuest(state, to);
    if (src.accounts) g.accounts = dict(src.accounts);
    if (src.tools) g.tools = { ...src.tools, installer_connected: false };
    if (src.files) g.files = dict(Object.entries(structuredClone(src.files)));
    if (src.host_name !== undefined) g.host_name = src.host_name;
    if (src.domain_name !== undefined) g.domain_name = src.domain_name;
    if (src.dns_servers) g.dns_servers = [...src.dns_servers];
  }
  if (running && vm.power_state === 'POWERED_ON') bootGuest(state, vm, toolsStartMs);
}

export const guestObservers: ObserverTable = {
  'POST /api/vcenter/vm/{vm}/power?action=start': (ctx) => {
    const vm = vmOf(ctx);
    if (vm) bootGuest(ctx.state, vm, ctx.server.toolsStartMs);
  },
  'POST /api/vcenter/vm/{vm}/power?action=reset': (ctx) => {
    const vm = vmOf(ctx);
    if (!vm) return;
    haltGuest(ctx.state, vm);
    bootGuest(ctx.state, vm, ctx.server.toolsStartMs);
  },
  'POST /api/vcenter/vm/{vm}/power?action=stop': (ctx) => {
    const vm = vmOf(ctx);
    if (vm) haltGuest(ctx.state, vm);
  },
  'POST /api/vcenter/vm?action=clone': (ctx, result) => {
    const source = (ctx.body as { source: string }).source;
    if (typeof result.body === 'string') copyGuest(ctx.state, source, result.body, true, ctx.server.toolsStartMs);
  },
  'POST /api/vcenter/vm?action=instant-clone': (ctx, result) => {
    // An instant clone resumes the source's running memory: its Tools are running at once.
    const source = (ctx.body as { source: string }).source;
    if (typeof result.body === 'string') copyGuest(ctx.state, source, result.body, false, ctx.server.toolsStartMs);
  },
  'DELETE /api/vcenter/vm/{vm}': (ctx) => dropGuest(ctx.state, ctx.params.vm!),
  'POST /api/vcenter/vm/{vm}?action=unregister': (ctx) => dropGuest(ctx.state, ctx.params.vm!),
};
