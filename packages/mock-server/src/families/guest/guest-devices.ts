/**
 * The VM's NICs and disks as the guest sees them, read through the vm family's device view
 * (the same that `GET /api/vcenter/vm/{vm}` shows), so that guest answers agree with it.
 */
import type { Inventory } from '../../state/inventory.js';
import type { Vm } from '../../state/types.js';
import { deviceInfo } from '../vm/device-view.js';

export interface GuestNic {
  key: string;
  mac_address: string;
  /** The network the NIC is backed by (absent for a host-device backing). */
  network?: string;
  connected: boolean;
}

export interface GuestDisk {
  key: string;
  capacity: number;
}

interface DeviceView {
  nics?: Record<string, { mac_address?: string; state?: string; backing?: { network?: string } }>;
  disks?: Record<string, { capacity?: number }>;
}

const byKey = (a: string, b: string): number => Number(a) - Number(b) || a.localeCompare(b);

export function guestNics(state: Inventory, vm: Vm): GuestNic[] {
  const view = deviceInfo(state, vm) as DeviceView;
  return Object.keys(view.nics ?? {})
    .sort(byKey)
    .map((key) => {
      const n = view.nics![key]!;
      return {
        key,
        mac_address: n.mac_address ?? '',
        ...(n.backing?.network ? { network: n.backing.network } : {}),
        connected: n.state === 'CONNECTED',
      };
    });
}

export function guestDisks(state: Inventory, vm: Vm): GuestDisk[] {
  const view = deviceInfo(state, vm) as DeviceView;
  return Object.keys(view.disks ?? {})
    .sort(byKey)
    .map((key) => ({ key, capacity: view.disks![key]!.capacity ?? 0 }));
}

/** The NIC keys in the order a customization's `interfaces` list maps them. */
export function nicKeys(state: Inventory, vm: Vm): string[] {
  return guestNics(state, vm).map((n) => n.key);
}
