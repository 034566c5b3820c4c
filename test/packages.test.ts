// Every package.json says where the project lives and which Node it supports; every published
// package ships the LICENSE, has a CHANGELOG and a README whose links work on npm's page.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { linksLeavingPackage, linksOf } from './readme-links.js';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  homepage?: string;
  bugs?: { url?: string };
  repository?: { type?: string; url?: string; directory?: string };
  engines?: { node?: string };
}

const root = fileURLToPath(new URL('..', import.meta.url));
const readJson = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8')) as Manifest;
const rootManifest = readJson(join(root, 'package.json'));
/** The repository's web address, as the root package.json states it (`git+https://….git`). */
const REPO = (rootManifest.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');

const workspacePackages = ['packages', 'bench'].flatMap((dir) =>
  dir === 'bench'
    ? [{ dir: 'bench', manifest: readJson(join(root, 'bench/package.json')) }]
    : readdirSync(join(root, dir))
        .filter((name) => existsSync(join(root, dir, name, 'package.json')))
        .map((name) => ({ dir: `${dir}/${name}`, manifest: readJson(join(root, dir, name, 'package.json')) })),
);
const published = workspacePackages.filter((p) => !p.manifest.private);
const byName = (list: typeof workspacePackages) => list.map((p) => [p.manifest.name, p] as const);

describe('the repository', () => {
  it('names itself in the root package.json', () => {
    expect(REPO).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(rootManifest).toMatchObject({ homepage: `${REPO}#readme`, bugs: { url: `${REPO}/issues` }, license: 'Apache-2.0' });
  });

  it('has the Apache-2.0 text as its LICENSE', () => {
    const text = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\s+http:\/\/www\.apache\.org\/licenses\//);
    expect(text).toContain('END OF TERMS AND CONDITIONS');
    expect(text).toContain('APPENDIX: How to apply the Apache License to your work.');
  });

  it('publishes the client, the mock and the CLI', () => {
    expect(published.map((p) => p.manifest.name)).toEqual(expect.arrayContaining(['@vsphere-kit/client', '@vsphere-kit/mock-server', '@vsphere-kit/cli']));
  });
});

describe.each(byName(workspacePackages))('package.json of %s', (_name, { dir, manifest }) => {
  it('points at the repository, its folder, the issue tracker and its README', () => {
    expect(manifest.repository).toEqual({ type: 'git', url: rootManifest.repository?.url, directory: dir });
    expect(manifest.homepage).toBe(`${REPO}/tree/main/${dir}#readme`);
    expect(manifest.bugs).toEqual({ url: `${REPO}/issues` });
  });

  it('states the Node versions it runs on', () => {
    // Published packages support the Node lines users run; private tooling runs on the repo's Node.
    expect(manifest.engines?.node).toBe(manifest.private ? rootManifest.engines?.node : '>=22');
  });
});

describe.each(byName(published))('published %s', (_name, { dir, manifest }) => {
  const pkgDir = join(root, dir);

  it('declares Apache-2.0 and ships the LICENSE in its tarball', () => {
    expect(manifest.license).toBe('Apache-2.0');
    const packed = JSON.parse(
      execFileSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--dry-run', '--json'], {
        cwd: pkgDir,
        encoding: 'utf8',
        env: { ...process.env, COREPACK_INTEGRITY_KEYS: '0' },
      }),
    ) as { files: { path: string }[] };
    expect(packed.files.map((f) => f.path)).toContain('LICENSE');
  });

  it('has a CHANGELOG with an entry for its version', () => {
    const changelog = readFileSync(join(pkgDir, 'CHANGELOG.md'), 'utf8');
    expect(changelog.startsWith(`# ${manifest.name}\n`)).toBe(true);
    expect(changelog).toContain(`\n## ${manifest.version}\n`);
  });

  it('has a README whose links work on the npm registry page (no relative link out of the package)', () => {
    const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
    expect(linksOf(readme).length).toBeGreaterThan(0);
    expect(linksLeavingPackage(readme, pkgDir)).toEqual([]);
  });
});

describe('the README link check', () => {
  const pkgDir = join(root, 'packages', 'example');
  it('flags relative links that leave the package, in every link form, and only those', () => {
    const md = [
      '[api](../../docs/api/README.md) and ![logo](../logo.png)',
      '[ref]: ../../CONTRIBUTING.md',
      '<a href="../../docs/x.md">x</a> [root](/docs/y.md)',
      '[ok](https://github.com/o/r/blob/main/docs/api/README.md) [anchor](#usage) [here](./CHANGELOG.md) [mail](mailto:a@b.c)',
      '`[not a link](../../code)`',
      '```',
      '[inside a code block](../../nope)',
      '```',
    ].join('\n');
    expect(linksLeavingPackage(md, pkgDir).map((l) => `${l.line}:${l.target}`)).toEqual([
      '1:../../docs/api/README.md',
      '1:../logo.png',
      '2:../../CONTRIBUTING.md',
      '3:/docs/y.md',
      '3:../../docs/x.md',
    ]);
  });
});
