/**
 * Guest customization (`…/guest/customization`): a spec set on a powered-off VM waits (PENDING)
 * for the next power-on, runs while the guest boots (RUNNING) and is done (SUCCEEDED) when Tools
 * report. What it sets (host name, domain, DNS, static IPv4 per NIC) is what the guest then
 * reports in identity and networking.
 */
import type { Inventory } from '../../state/inventory.js';
import type { GuestCustomization, Vm } from '../../state/types.js';
import { dict } from '../../state/dict.js';
import { invalidArgument, VapiError } from '../../server/errors.js';
import { readGuest, writeGuest } from './guest-record.js';
import { nicKeys } from './guest-devices.js';

interface HostnameGenerator {
  type: 'FIXED' | 'PREFIX' | 'VIRTUAL_MACHINE' | 'USER_INPUT_REQUIRED';
  fixed_name?: string;
  prefix?: string;
}

/** The parts of a customization spec the guest reports back (VMware's `vcenter.guest.CustomizationSpec`). */
export interface CustomizationSpec {
  configuration_spec?: {
    linux_config?: { hostname?: HostnameGenerator; domain?: string };
    windows_config?: { sysprep?: { user_data?: { computer_name?: HostnameGenerator }; domain?: { domain?: string } } };
  };
  global_DNS_settings?: { dns_servers?: string[]; dns_suffix_list?: string[] };
  interfaces?: { mac_address?: string; adapter?: { ipv4?: { type?: string; ip_address?: string; prefix?: number; gateways?: string[] } } }[];
}

/** The customization as GET reports it: a RUNNING one is SUCCEEDED once Tools report (its end time). */
export function customizationInfo(state: Inventory, vm: Vm, now = Date.now()): Omit<GuestCustomization, 'spec'> {
  const c = readGuest(state, vm.id)?.customization;
  if (!c) return { status: 'IDLE' };
  const { spec: _spec, ...info } = c;
  if (info.status === 'RUNNING' && info.end_time !== undefined && Date.parse(info.end_time) <= now) return { ...info, status: 'SUCCEEDED' };
  if (info.status === 'RUNNING') {
    const { end_time: _end, ...running } = info;
    return running;
  }
  return info;
}

/** Sets (or with neither a name nor a spec, clears) the customization applied at the next power-on. */
export function setCustomization(state: Inventory, vm: Vm, spec: CustomizationSpec | undefined): void {
  if (vm.power_state !== 'POWERED_OFF') {
    throw new VapiError(
      'NOT_ALLOWED_IN_CURRENT_STATE',
      `Virtual machine '${vm.id}' is ${vm.power_state === 'SUSPENDED' ? 'suspended' : 'powered on'}; a guest customization can only be set while it is powered off.`,
      [vm.id, vm.power_state],
      'com.vmware.api.vcenter.vm.guest.customization.not_powered_off',
    );
  }
  if (spec === undefined) {
    if (readGuest(state, vm.id)?.customization) delete writeGuest(state, vm.id).customization;
    return;
  }
  checkSpec(state, vm, spec);
  writeGuest(state, vm.id).customization = { status: 'PENDING', spec: spec as Record<string, unknown> };
}

function checkSpec(state: Inventory, vm: Vm, spec: CustomizationSpec): void {
  const nics = nicKeys(state, vm);
  const count = spec.interfaces?.length ?? 0;
  if (count > nics.length) {
    throw invalidArgument(
      `'spec.interfaces' has ${count} entries but virtual machine '${vm.id}' has ${nics.length} network adapter(s).`,
      ['spec.interfaces', vm.id],
      'com.vmware.api.vcenter.vm.guest.customization.interface_count',
    );
  }
  spec.interfaces?.forEach((item, i) => {
    const v4 = item.adapter?.ipv4;
    if (v4?.type === 'STATIC' && (!v4.ip_address || v4.prefix === undefined)) {
      throw invalidArgument(`'spec.interfaces[${i}].adapter.ipv4' is STATIC but lacks 'ip_address' or 'prefix'.`, [`spec.interfaces[${i}]`]);
    }
  });
}

function hostName(vm: Vm, gen: HostnameGenerator | undefined): string | undefined {
  switch (gen?.type) {
    case 'FIXED':
      return gen.fixed_name;
    case 'VIRTUAL_MACHINE':
      return vm.name;
    case 'PREFIX':
      return `${gen.prefix ?? ''}${vm.id.replace(/\D/g, '')}`;
    default:
      return undefined;
  }
}

/** At power-on: a PENDING customization runs; Tools report its end (tools_start_at was set just before). */
export function applyCustomizationAtBoot(state: Inventory, vm: Vm): void {
  const c = readGuest(state, vm.id)?.customization;
  if (c?.status !== 'PENDING') return;
  const g = writeGuest(state, vm.id);
  const spec = (c.spec ?? {}) as CustomizationSpec;
  const start = new Date().toISOString();
  const gen = spec.configuration_spec?.linux_config?.hostname ?? spec.configuration_spec?.windows_config?.sysprep?.user_data?.computer_name;
  if (gen?.type === 'USER_INPUT_REQUIRED') {
    g.customization = {
      status: 'FAILED',
      spec: c.spec!,
      start_time: start,
      end_time: start,
      error: 'The host name generator needs user input, which a customization set on the VM cannot give.',
    };
    return;
  }
  const name = hostName(vm, gen);
  if (name) g.host_name = name;
  const domain = spec.configuration_spec?.linux_config?.domain ?? spec.configuration_spec?.windows_config?.sysprep?.domain?.domain;
  if (domain) g.domain_name = domain;
  if (spec.global_DNS_settings?.dns_servers) g.dns_servers = [...spec.global_DNS_settings.dns_servers];
  const keys = nicKeys(state, vm);
  const ips = dict(g.static_ips);
  spec.interfaces?.forEach((item, i) => {
    const key = keys[i];
    const v4 = item.adapter?.ipv4;
    if (!key || !v4) return;
    if (v4.type === 'STATIC' && v4.ip_address && v4.prefix !== undefined) {
      ips[key] = { ip_address: v4.ip_address, prefix_length: v4.prefix, ...(v4.gateways?.[0] ? { gateway: v4.gateways[0] } : {}) };
    } else if (v4.type === 'DHCP') delete ips[key];
  });
  g.static_ips = ips;
  const end = new Date(g.tools_start_at ?? Date.now()).toISOString();
  g.customization = { status: 'RUNNING', spec: c.spec!, start_time: start, end_time: end };
}
