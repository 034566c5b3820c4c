/**
 * What VMware Tools report about a running guest, built from the VM's own model: the OS from
 * `guest_OS`, the host name from the VM's name (or its customization), one IPv4 address per
 * connected NIC from its MAC (guest-addresses.ts) plus its IPv6 link-local address, and one local
 * file system per virtual disk.
 */
import type { VcenterVmGuestOS } from '@vsphere-kit/core/api-types';
import type { Inventory } from '../../state/inventory.js';
import type { Vm } from '../../state/types.js';
import { GUEST_PREFIX_LENGTH, gatewayOf, ipOfMac, networkAddress } from './guest-addresses.js';
import { guestDisks, guestNics } from './guest-devices.js';
import { guestFamily, guestFullName, isWindowsGuest } from './guest-os.js';
import { readGuest, toolsRunning } from './guest-record.js';

const DEFAULT_DOMAIN = 'lab.local';
const GiB = 1024 ** 3;

/** The guest's host name: set by a customization, else the VM's name as a DNS label. */
export function hostNameOf(state: Inventory, vm: Vm): string {
  const set = readGuest(state, vm.id)?.host_name;
  if (set) return set;
  const label = vm.name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return label || vm.id;
}

const domainOf = (state: Inventory, vm: Vm): string => readGuest(state, vm.id)?.domain_name ?? DEFAULT_DOMAIN;

interface Ipv4 {
  ip_address: string;
  prefix_length: number;
  gateway?: string;
  origin: 'DHCP' | 'MANUAL';
}

export interface GuestInterface {
  nic: string;
  mac_address: string;
  ipv4?: Ipv4;
  ipv6: string;
}

/** The IPv6 link-local address (EUI-64) of a MAC address. */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => Number.parseInt(x, 16));
  const groups = [((b[0]! ^ 0x02) << 8) | b[1]!, (b[2]! << 8) | 0xff, (0xfe << 8) | b[3]!, (b[4]! << 8) | b[5]!];
  return `fe80::${groups.map((g) => g.toString(16)).join(':')}`;
}

/** The guest's network interfaces: the VM's connected NICs, in key order. */
export function guestInterfaces(state: Inventory, vm: Vm): GuestInterface[] {
  const statics = readGuest(state, vm.id)?.static_ips;
  const out: GuestInterface[] = [];
  for (const nic of guestNics(state, vm)) {
    if (!nic.connected || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(nic.mac_address)) continue;
    const fixed = statics?.[nic.key];
    let ipv4: Ipv4 | undefined;
    if (fixed) ipv4 = { ...fixed, origin: 'MANUAL' };
    else if (nic.network) {
      const ip = ipOfMac(nic.network, nic.mac_address);
      if (ip) ipv4 = { ip_address: ip, prefix_length: GUEST_PREFIX_LENGTH, gateway: gatewayOf(nic.network), origin: 'DHCP' };
    }
    out.push({ nic: nic.key, mac_address: nic.mac_address, ...(ipv4 ? { ipv4 } : {}), ipv6: linkLocal(nic.mac_address) });
  }
  return out;
}

function dnsServers(state: Inventory, vm: Vm, interfaces: GuestInterface[]): string[] {
  const set = readGuest(state, vm.id)?.dns_servers;
  if (set) return set;
  const gw = interfaces.find((i) => i.ipv4?.gateway)?.ipv4?.gateway;
  return gw ? [gw] : [];
}

export function identityInfo(state: Inventory, vm: Vm) {
  const ip = guestInterfaces(state, vm).find((i) => i.ipv4)?.ipv4?.ip_address;
  return {
    name: vm.guest_OS,
    family: guestFamily(vm.guest_OS),
    full_name: { id: `vmsg.guestos.${vm.guest_OS.toLowerCase()}.label`, default_message: guestFullName(vm.guest_OS), args: [] as string[] },
    host_name: hostNameOf(state, vm),
    ...(ip ? { ip_address: ip } : {}),
  };
}

export function networkingInfo(state: Inventory, vm: Vm) {
  const interfaces = guestInterfaces(state, vm);
  const domain = domainOf(state, vm);
  return {
    dns_values: { host_name: hostNameOf(state, vm), domain_name: domain },
    dns: { ip_addresses: dnsServers(state, vm, interfaces), search_domains: [domain] },
  };
}

export function interfacesInfo(state: Inventory, vm: Vm) {
  const interfaces = guestInterfaces(state, vm);
  const dns = { ip_addresses: dnsServers(state, vm, interfaces), search_domains: [domainOf(state, vm)] };
  return interfaces.map((i) => ({
    nic: i.nic,
    mac_address: i.mac_address,
    dns,
    ip: {
      ip_addresses: [
        ...(i.ipv4 ? [{ ip_address: i.ipv4.ip_address, prefix_length: i.ipv4.prefix_length, origin: i.ipv4.origin, state: 'PREFERRED' as const }] : []),
        { ip_address: i.ipv6, prefix_length: 64, origin: 'LINKLAYER' as const, state: 'PREFERRED' as const },
      ],
      dhcp: { ipv4_enabled: i.ipv4?.origin === 'DHCP', ipv6_enabled: false },
    },
  }));
}

/** The routing table: each interface's subnet, its link-local net, and the default route over the first gateway. */
export function routesInfo(state: Inventory, vm: Vm) {
  const interfaces = guestInterfaces(state, vm);
  const routes: { network: string; prefix_length: number; gateway_address?: string; interface_index: number }[] = [];
  const gw = interfaces.findIndex((i) => i.ipv4?.gateway);
  if (gw >= 0) routes.push({ network: '0.0.0.0', prefix_length: 0, gateway_address: interfaces[gw]!.ipv4!.gateway!, interface_index: gw });
  interfaces.forEach((i, index) => {
    if (i.ipv4) routes.push({ network: networkAddress(i.ipv4.ip_address, i.ipv4.prefix_length), prefix_length: i.ipv4.prefix_length, interface_index: index });
    routes.push({ network: 'fe80::', prefix_length: 64, interface_index: index });
  });
  return routes;
}

const linuxFs = (os: VcenterVmGuestOS): string => (os.startsWith('RHEL') || os.startsWith('CENTOS') || os.startsWith('ORACLE') ? 'xfs' : 'ext4');

/**
 * One file system per disk: on Windows drive C:, D:, …; on other guests `/` on the first disk
 * (with a 1 GiB `/boot` before it) and `/data`, `/data2`, … on the others. The OS install
 * takes some of the first disk; the others hold little.
 */
export function localFilesystemInfo(state: Inventory, vm: Vm) {
  const out: Record<string, { capacity: number; free_space: number; filesystem: string; mappings: { disk: string }[] }> = {};
  const windows = isWindowsGuest(vm.guest_OS);
  guestDisks(state, vm).forEach((disk, i) => {
    const mappings = [{ disk: disk.key }];
    if (windows) {
      if (i > 23) return; // C: to Z: only
      const letter = String.fromCharCode(67 + i); // C, D, …
      const capacity = Math.max(disk.capacity - (i === 0 ? GiB / 2 : 0), 0);
      const used = i === 0 ? Math.min(capacity, 24 * GiB) : Math.min(capacity, GiB / 8);
      out[`${letter}:\\`] = { capacity, free_space: capacity - used, filesystem: 'NTFS', mappings };
      return;
    }
    const fs = linuxFs(vm.guest_OS);
    if (i === 0) {
      const boot = Math.min(GiB, disk.capacity);
      out['/boot'] = { capacity: boot, free_space: Math.floor(boot * 0.7), filesystem: fs, mappings };
      const root = disk.capacity - boot;
      out['/'] = { capacity: root, free_space: root - Math.min(root, 4 * GiB), filesystem: fs, mappings };
    } else {
      out[i === 1 ? '/data' : `/data${i}`] = {
        capacity: disk.capacity,
        free_space: disk.capacity - Math.min(disk.capacity, GiB / 8),
        filesystem: fs,
        mappings,
      };
    }
  });
  return out;
}

/** The guest's power state as Tools report it (no Tools needed: NOT_RUNNING or UNAVAILABLE without them). */
export function guestPowerInfo(state: Inventory, vm: Vm) {
  if (vm.power_state !== 'POWERED_ON') return { state: 'NOT_RUNNING' as const, operations_ready: false };
  return toolsRunning(state, vm) ? { state: 'RUNNING' as const, operations_ready: true } : { state: 'UNAVAILABLE' as const, operations_ready: false };
}

export function guestOperationsInfo(state: Inventory, vm: Vm) {
  return { guest_operations_ready: toolsRunning(state, vm), interactive_guest_operations_ready: false };
}
