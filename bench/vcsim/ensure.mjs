// Finds or builds vcsim (govmomi's vCenter simulator) for bench/vcsim.mjs, offline, from
// Debian's packaged Go sources: golang-go and golang-github-vmware-govmomi-dev. The binary
// goes to node_modules/.cache/vcsim/ (never committed) and is rebuilt when main.go or the
// govmomi sources change. When go or the sources are missing, it says which packages to
// install and the vcsim rows are skipped, so the rest of the bench still runs.
//   node bench/vcsim/ensure.mjs      builds if needed, prints the binary's path or why not
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
export const CACHE = join(ROOT, 'node_modules', '.cache', 'vcsim');
export const VCSIM = join(CACHE, 'vcsim');
/** Where golang-github-vmware-govmomi-dev installs its sources (GOPATH layout). */
const GOPATH = process.env.VCSIM_GOPATH ?? '/usr/share/gocode';
const GOVMOMI = join(GOPATH, 'src', 'github.com', 'vmware', 'govmomi');
export const INSTALL_HINT = 'apt-get install -y golang-go golang-github-vmware-govmomi-dev';

function goBinary() {
  const found = spawnSync('go', ['version'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** What the binary was built from: our main.go, the go version and govmomi's packaged version. */
function buildKey(goVersion) {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(HERE, 'main.go')));
  hash.update(goVersion);
  const goMod = join(GOVMOMI, 'go.mod');
  hash.update(existsSync(goMod) ? `${statSync(goMod).mtimeMs}` : 'no go.mod');
  return hash.digest('hex').slice(0, 16);
}

/**
 * `{ path }` of a built vcsim, or `{ skip }`: why there is none (with the apt-get line).
 * Builds at most once per change of its inputs (about 15 s of CPU).
 */
export function ensureVcsim() {
  const goVersion = goBinary();
  if (!goVersion) return { skip: `go is not installed (${INSTALL_HINT})` };
  if (!existsSync(join(GOVMOMI, 'vapi', 'simulator'))) return { skip: `govmomi's sources are not in ${GOPATH} (${INSTALL_HINT})` };
  const key = buildKey(goVersion);
  const stamp = join(CACHE, 'build-key');
  if (existsSync(VCSIM) && existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return { path: VCSIM };
  mkdirSync(CACHE, { recursive: true });
  // GOPATH mode: the Debian package is a GOPATH tree, and nothing is fetched from the network.
  const built = spawnSync('go', ['build', '-o', VCSIM, 'main.go'], {
    cwd: HERE,
    encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: join(CACHE, 'go-build'), GOFLAGS: '' },
  });
  if (built.status !== 0) return { skip: `building vcsim failed: ${(built.stderr || built.error?.message || '').trim().split('\n').slice(0, 5).join(' | ')}` };
  writeFileSync(stamp, key);
  return { path: VCSIM };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = ensureVcsim();
  if (r.path) console.log(r.path);
  else {
    console.error(`vcsim: ${r.skip}`);
    process.exit(1);
  }
}
