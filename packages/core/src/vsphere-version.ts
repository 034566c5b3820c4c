/**
 * The vSphere releases the toolkit can target or emulate, and the rule that says
 * whether an operation exists in one: an operation whose `x-vsphere-since` is
 * later than the release's API level does not. The `/api` form arrived with
 * 7.0 Update 2, so earlier releases are not listed.
 */

/** One vCenter release as `GET /api/appliance/system/version` describes it. */
export interface VsphereRelease {
  /** The name users give: `8.0.2`. */
  readonly name: string;
  /** The API level operations are compared with (`x-vsphere-since`). */
  readonly api: string;
  /** What the appliance reports as its version: `8.0.2.00000`. */
  readonly version: string;
  readonly build: string;
  readonly summary: string;
  readonly releasedate: string;
}

/** The GA build of each release, oldest first; the last is the newest, the default. */
export const VSPHERE_RELEASES: readonly VsphereRelease[] = [
  { name: '7.0.2', api: '7.0.2', version: '7.0.2.00000', build: '17694817', summary: 'VMware vCenter Server 7.0 Update 2', releasedate: 'March 9, 2021' },
  { name: '7.0.3', api: '7.0.3', version: '7.0.3.00000', build: '18700403', summary: 'VMware vCenter Server 7.0 Update 3', releasedate: 'October 5, 2021' },
  { name: '8.0.0', api: '8.0.0', version: '8.0.0.00000', build: '20519528', summary: 'VMware vCenter Server 8.0', releasedate: 'October 11, 2022' },
  { name: '8.0.1', api: '8.0.1', version: '8.0.1.00000', build: '21560480', summary: 'VMware vCenter Server 8.0 Update 1', releasedate: 'April 18, 2023' },
  { name: '8.0.2', api: '8.0.2', version: '8.0.2.00000', build: '22385739', summary: 'VMware vCenter Server 8.0 Update 2', releasedate: 'September 21, 2023' },
];

export const NEWEST_VSPHERE_RELEASE: VsphereRelease = VSPHERE_RELEASES[VSPHERE_RELEASES.length - 1]!;

/** The release named `name` (`7.0.3`); anything else is a TypeError (code `ERR_VSPHERE_UNKNOWN_VERSION`) that lists the known names. */
export function vsphereRelease(name: string, where = 'vsphereVersion'): VsphereRelease {
  const release = VSPHERE_RELEASES.find((r) => r.name === name);
  if (release) return release;
  const shown = typeof name === 'string' ? `'${name.slice(0, 40)}'` : String(name);
  const err = new TypeError(`${where}: unknown vSphere version ${shown}; known versions: ${VSPHERE_RELEASES.map((r) => r.name).join(', ')}`);
  throw Object.assign(err, { code: 'ERR_VSPHERE_UNKNOWN_VERSION' });
}

/** Compares dotted versions numerically (`8.0.0.1` after `8.0.0`, `7.0.10` after `7.0.9`). */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = Number(x[i] ?? 0) - Number(y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** True when an operation brought by `since` is missing from `release` (no `since`: in every release). */
export function cameAfter(since: string | undefined, release: VsphereRelease): boolean {
  return since !== undefined && compareVersions(since, release.api) > 0;
}
