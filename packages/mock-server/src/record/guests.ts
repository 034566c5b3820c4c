/**
 * What VMware Tools report of each guest, as far as the mock keeps it (`rules.guests`, families/guest/):
 * the Tools install (type, version, upgrade policy, install attempts) of every VM, and the host name,
 * domain and DNS servers of each running guest whose Tools answer. A guest whose Tools do not answer
 * (vCenter says so with an error) is recorded without those. The guest's IP addresses are not kept:
 * the mock derives them from each NIC's MAC address.
 */
import { dict } from '../state/dict.js';
import type { GuestRecord, GuestTools, Vm } from '../state/types.js';
import { isErrorAnswer, type Reader } from './reader.js';
import { int, isRow, str, strings, type Row } from './values.js';

export async function recordGuests(r: Reader, vms: readonly Vm[]): Promise<Record<string, GuestRecord>> {
  const records = await r.each(vms, (vm, rv) => recordGuest(rv, vm));
  const guests = dict<GuestRecord>();
  vms.forEach((vm, i) => {
    guests[vm.id] = records[i]!;
  });
  return guests;
}

async function recordGuest(r: Reader, vm: Vm): Promise<GuestRecord> {
  const record: GuestRecord = {};
  const t = await r.get<Row>('vcenter.vm.tools.get', { path: { vm: vm.id } });
  const installed = int(t.version_number);
  record.tools = {
    // No version: no Tools in the guest (the mock's version 0).
    version_number: installed ?? 0,
    ...(installed !== undefined && str(t.install_type) ? { install_type: t.install_type as GuestTools['install_type'] } : {}),
    ...(str(t.upgrade_policy) ? { upgrade_policy: t.upgrade_policy as GuestTools['upgrade_policy'] } : {}),
    ...(int(t.install_attempt_count) !== undefined ? { install_attempt_count: int(t.install_attempt_count) } : {}),
  };
  if (vm.power_state !== 'POWERED_ON' || installed === undefined) return record;
  if (t.run_state !== 'RUNNING') {
    r.misfit('vcenter.vm.tools.get', vm.id, '/run_state', `Tools are ${JSON.stringify(t.run_state)} in the running VM: the mock runs them`);
    return record;
  }
  const networking = await guestNetworking(r, vm.id);
  const dns = isRow(networking?.dns_values) ? networking.dns_values : {};
  if (str(dns.host_name)) record.host_name = dns.host_name as string;
  if (str(dns.domain_name)) record.domain_name = dns.domain_name as string;
  if (networking && isRow(networking.dns)) record.dns_servers = strings(networking.dns.ip_addresses);
  return record;
}

/** The guest's networking, or undefined when its Tools do not answer (vCenter's SERVICE_UNAVAILABLE and the like). */
async function guestNetworking(r: Reader, vm: string): Promise<Row | undefined> {
  try {
    return await r.get<Row>('vcenter.vm.guest.networking.get', { path: { vm } });
  } catch (e) {
    if (isErrorAnswer(e)) return undefined;
    throw e;
  }
}
