// `pnpm pack` a workspace package into a fresh temp folder, as a user would get
// it from the registry. Shared by the packaging tests of the published packages
// (here, at the repository root, so that no package imports another's tests).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Packs `pkgDir`; returns the work folder (remove it when done) and the tarball's path. */
export async function packPackage(pkgDir: string, label: string): Promise<{ work: string; tarball: string }> {
  const work = mkdtempSync(join(tmpdir(), `vsphere-${label}-pack-`));
  const packDir = join(work, 'pack');
  mkdirSync(packDir);
  await run(npx, ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', packDir], {
    cwd: pkgDir,
    env: { ...process.env, COREPACK_INTEGRITY_KEYS: '0' },
    maxBuffer: 16 * 2 ** 20,
  });
  const tgz = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  if (tgz.length !== 1) throw new Error(`pnpm pack made ${tgz.length} tarballs in ${packDir}`);
  return { work, tarball: join(packDir, tgz[0]!) };
}

/**
 * A fresh npm project at `<work>/app` with `tarballs` installed, as a user installs them from the
 * registry (their dependencies from npm's cache when it has them); returns the project folder.
 */
export async function installTarballs(work: string, tarballs: readonly string[]): Promise<string> {
  const app = join(work, 'app');
  mkdirSync(app);
  // What `npm init -y` would write, without starting npm for it.
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'app', version: '1.0.0' }, null, 2)}\n`);
  await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], { cwd: app, maxBuffer: 16 * 2 ** 20 });
  return app;
}
