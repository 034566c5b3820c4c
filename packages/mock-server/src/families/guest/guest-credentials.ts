/**
 * Guest operations authenticate to the guest OS with the credentials in their body, as vCenter
 * hands them to VMware Tools. The accounts a guest accepts are `rules.guests[vm].accounts` (user
 * name → password) or, when a seed names none, the OS family's default account (guest-os.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Inventory } from '../../state/inventory.js';
import type { Vm } from '../../state/types.js';
import { invalidArgument, VapiError } from '../../server/errors.js';
import { defaultGuestAccount, isWindowsGuest } from './guest-os.js';
import { readGuest, requireTools } from './guest-record.js';

export interface GuestCredentials {
  interactive_session?: boolean;
  type?: 'USERNAME_PASSWORD' | 'SAML_BEARER_TOKEN';
  user_name?: string;
  password?: string;
  saml_token?: string;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

function rejected(vm: Vm): VapiError {
  return new VapiError(
    'UNAUTHENTICATED',
    `The guest operating system of virtual machine '${vm.id}' refused the user name or password given in 'credentials'.`,
    [vm.id],
    'com.vmware.api.vcenter.vm.guest.credentials.invalid',
  );
}

/** The accounts of the guest: user name → password. */
export function guestAccounts(state: Inventory, vm: Vm): Record<string, string> {
  const accounts = readGuest(state, vm.id)?.accounts;
  if (accounts) return accounts;
  const { user, password } = defaultGuestAccount(vm.guest_OS);
  return { [user]: password };
}

/**
 * The VM must run (NOT_ALLOWED_IN_CURRENT_STATE) with its Tools (SERVICE_UNAVAILABLE), then the credentials must name an account of the guest with its password.
 * Returns the guest user name (Windows user names compare without case, as Windows does).
 */
export function authenticateGuest(state: Inventory, vm: Vm, credentials: unknown): string {
  if (vm.power_state !== 'POWERED_ON') {
    throw new VapiError(
      'NOT_ALLOWED_IN_CURRENT_STATE',
      `Virtual machine '${vm.id}' is ${vm.power_state === 'SUSPENDED' ? 'suspended' : 'powered off'}; guest operations need it running.`,
      [vm.id, vm.power_state],
      'com.vmware.api.vcenter.vm.guest.operations.not_running',
    );
  }
  requireTools(state, vm);
  const c = credentials as GuestCredentials | undefined;
  if (!c || typeof c !== 'object') throw invalidArgument("'credentials' is missing: give the guest user name and password.", ['credentials']);
  if (c.type !== 'USERNAME_PASSWORD') {
    throw new VapiError(
      'UNAUTHENTICATED',
      `The guest of virtual machine '${vm.id}' accepts user name and password credentials only, not ${String(c.type)}.`,
      [vm.id, String(c.type)],
      'com.vmware.api.vcenter.vm.guest.credentials.unsupported_type',
    );
  }
  if (c.interactive_session === true) {
    throw new VapiError(
      'NOT_ALLOWED_IN_CURRENT_STATE',
      `No user is logged in interactively in the guest of virtual machine '${vm.id}'; use 'interactive_session': false.`,
      [vm.id],
      'com.vmware.api.vcenter.vm.guest.credentials.no_interactive_session',
    );
  }
  if (typeof c.user_name !== 'string' || c.user_name === '' || typeof c.password !== 'string') {
    throw invalidArgument("'credentials' needs 'user_name' and 'password' for USERNAME_PASSWORD.", ['credentials.user_name']);
  }
  const windows = isWindowsGuest(vm.guest_OS);
  const accounts = guestAccounts(state, vm);
  const user = windows
    ? Object.keys(accounts).find((u) => u.toLowerCase() === c.user_name!.toLowerCase())
    : Object.hasOwn(accounts, c.user_name)
      ? c.user_name
      : undefined;
  // Compared as digests in constant time, so that the answer's timing says nothing about the password.
  if (user === undefined || !timingSafeEqual(digest(accounts[user]!), digest(c.password))) throw rejected(vm);
  return user;
}
