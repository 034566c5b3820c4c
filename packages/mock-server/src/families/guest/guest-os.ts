/** What a guest OS identifier (`guest_OS`) says about the guest: its family, its readable name, the file system style. */
import type { VcenterVmGuestOS, VcenterVmGuestOSFamily } from '@vsphere-kit/core/api-types';

const LINUX_PREFIXES = [
  'REDHAT',
  'RHEL_',
  'CENTOS',
  'ORACLE_LINUX',
  'SUSE',
  'SLES',
  'NLD_',
  'OES',
  'SJDS',
  'MANDRAKE',
  'MANDRIVA',
  'TURBO_LINUX',
  'UBUNTU',
  'DEBIAN_',
  'ASIANUX_',
  'OPENSUSE',
  'FEDORA',
  'COREOS',
  'VMWARE_PHOTON',
  'AMAZONLINUX',
  'CRXPOD',
];

export function guestFamily(os: VcenterVmGuestOS): VcenterVmGuestOSFamily {
  if (os.startsWith('WIN')) return 'WINDOWS';
  if (os.includes('LINUX') || LINUX_PREFIXES.some((p) => os.startsWith(p))) return 'LINUX';
  if (os.startsWith('SOLARIS')) return 'SOLARIS';
  if (os.startsWith('DARWIN')) return 'DARWIN';
  if (os.startsWith('NETWARE')) return 'NETWARE';
  return 'OTHER';
}

/** Windows guests have drive letters and backslashes; every other family has one POSIX tree. */
export const isWindowsGuest = (os: VcenterVmGuestOS): boolean => guestFamily(os) === 'WINDOWS';

/** Names of the operating systems vCenter prints for the common identifiers; others are spelt out from the identifier. */
const FULL_NAMES: Partial<Record<VcenterVmGuestOS, string>> = {
  RHEL_7_64: 'Red Hat Enterprise Linux 7 (64-bit)',
  RHEL_8_64: 'Red Hat Enterprise Linux 8 (64-bit)',
  RHEL_9_64: 'Red Hat Enterprise Linux 9 (64-bit)',
  CENTOS_7_64: 'CentOS 7 (64-bit)',
  CENTOS_8_64: 'CentOS 8 (64-bit)',
  UBUNTU_64: 'Ubuntu Linux (64-bit)',
  DEBIAN_11_64: 'Debian GNU/Linux 11 (64-bit)',
  SLES_15_64: 'SUSE Linux Enterprise 15 (64-bit)',
  VMWARE_PHOTON_64: 'VMware Photon OS (64-bit)',
  OTHER_LINUX_64: 'Other Linux (64-bit)',
  WINDOWS_9_64: 'Microsoft Windows 10 (64-bit)',
  WINDOWS_9_SERVER_64: 'Microsoft Windows Server 2016 or later (64-bit)',
  WINDOWS_SERVER_2019: 'Microsoft Windows Server 2019 (64-bit)',
  WINDOWS_SERVER_2021: 'Microsoft Windows Server 2022 (64-bit)',
};

export function guestFullName(os: VcenterVmGuestOS): string {
  const known = FULL_NAMES[os];
  if (known) return known;
  const bits = os.endsWith('_64') ? ' (64-bit)' : '';
  const words = os
    .replace(/_64$/, '')
    .split('_')
    .map((w) => w.charAt(0) + w.slice(1).toLowerCase());
  return words.join(' ') + bits;
}

/** The account a fresh install of the guest has, which guest operations accept unless the seed names others. */
export function defaultGuestAccount(os: VcenterVmGuestOS): { user: string; password: string } {
  return { user: isWindowsGuest(os) ? 'Administrator' : 'root', password: 'VMware1!' };
}
