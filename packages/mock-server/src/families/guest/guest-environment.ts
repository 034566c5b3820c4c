/** The environment a guest process of a given user starts with (guest operations on environment variables). */
import type { Inventory } from '../../state/inventory.js';
import type { Vm } from '../../state/types.js';
import { dict } from '../../state/dict.js';
import { notFound } from '../../server/errors.js';
import { isWindowsGuest } from './guest-os.js';
import { hostNameOf } from './guest-info.js';

export function environmentOf(state: Inventory, vm: Vm, user: string): Record<string, string> {
  const host = hostNameOf(state, vm);
  if (isWindowsGuest(vm.guest_OS)) {
    const profile = `C:\\Users\\${user}`;
    return {
      COMPUTERNAME: host.toUpperCase().slice(0, 15),
      ComSpec: 'C:\\Windows\\system32\\cmd.exe',
      OS: 'Windows_NT',
      Path: 'C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\',
      SystemRoot: 'C:\\Windows',
      TEMP: 'C:\\Windows\\TEMP',
      TMP: 'C:\\Windows\\TEMP',
      USERNAME: user,
      USERPROFILE: profile,
    };
  }
  return {
    HOME: user === 'root' ? '/root' : `/home/${user}`,
    HOSTNAME: host,
    LANG: 'en_US.UTF-8',
    LOGNAME: user,
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    SHELL: '/bin/bash',
    USER: user,
  };
}

/** The variables asked for (all when `names` is empty); Windows names match without case. */
export function environmentVariables(state: Inventory, vm: Vm, user: string, names: readonly string[]): Record<string, string> {
  const env = environmentOf(state, vm, user);
  if (names.length === 0) return env;
  const out = dict<string>(); // keyed by the names asked for
  for (const name of names) {
    const key = findName(env, name, isWindowsGuest(vm.guest_OS));
    if (key !== undefined) out[name] = env[key]!;
  }
  return out;
}

export function environmentVariable(state: Inventory, vm: Vm, user: string, name: string): string {
  const env = environmentOf(state, vm, user);
  const key = findName(env, name, isWindowsGuest(vm.guest_OS));
  if (key === undefined) throw notFound('Environment variable', name, 'com.vmware.api.vcenter.vm.guest.environment.not_found');
  return env[key]!;
}

function findName(env: Record<string, string>, name: string, windows: boolean): string | undefined {
  if (Object.hasOwn(env, name)) return name;
  return windows ? Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase()) : undefined;
}
