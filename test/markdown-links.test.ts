// Every link of the repository's Markdown (docs/, the generated reference, every README,
// CONTRIBUTING) leads somewhere on GitHub: the file exists and, when the link names an
// anchor, the target has a heading GitHub slugs to it. Links to this repository's own
// web address (package READMEs use them, for npm's page) are checked against the tree.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf, linksOf } from './readme-links.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository: { url: string } };
const REPO = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.turbo', '.git', '.tmp', 'reports', 'coverage', '__snapshots__', 'fixtures']);

function markdownFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (!SKIPPED_DIRS.has(entry) && !entry.startsWith('.readme-')) markdownFiles(full, out);
    } else if (entry.endsWith('.md') && entry !== 'CHANGELOG.md') out.push(full);
  }
  return out;
}

const anchorCache = new Map<string, Set<string>>();
const anchorsIn = (file: string): Set<string> => {
  let anchors = anchorCache.get(file);
  if (!anchors) anchorCache.set(file, (anchors = anchorsOf(readFileSync(file, 'utf8'))));
  return anchors;
};

/** What is wrong with one link of `file`, or undefined when it resolves. */
function brokenLink(file: string, target: string): string | undefined {
  let local: string;
  if (target.startsWith(`${REPO}/blob/main/`) || target.startsWith(`${REPO}/tree/main/`)) {
    local = join(root, decodeURIComponent(target.slice(`${REPO}/blob/main/`.length)));
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
    return undefined; // another site: not ours to check offline
  } else {
    local = target.startsWith('#') ? `${file}${target}` : resolve(dirname(file), decodeURIComponent(target));
  }
  const [path, anchor] = local.split('#') as [string, string | undefined];
  const clean = path.split('?')[0]!;
  if (!existsSync(clean)) return `no file ${relative(root, clean)}`;
  if (anchor === undefined || anchor === '') return undefined;
  if (!clean.endsWith('.md')) return undefined;
  return anchorsIn(clean).has(anchor) ? undefined : `no heading with anchor #${anchor} in ${relative(root, clean)}`;
}

describe('Markdown links', () => {
  const files = markdownFiles(root);

  it('covers the generated reference and the READMEs', () => {
    const names = files.map((f) => relative(root, f));
    expect(names).toEqual(
      expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/api/README.md', 'docs/api/vcenter/vm.md', 'packages/client/README.md']),
    );
    expect(names.filter((n) => n.startsWith('docs/api/')).length).toBeGreaterThan(100);
  });

  it('resolve to a file and, with an anchor, to a heading of it', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // An empty target renders as a link that goes nowhere.
      for (const [i, lineText] of text.split('\n').entries()) {
        if (/\]\(\s*\)/.test(lineText.replace(/`[^`]*`/g, ''))) broken.push(`${relative(root, file)}:${i + 1}: empty link target`);
      }
      for (const { line, target } of linksOf(text)) {
        checked++;
        const problem = brokenLink(file, target);
        if (problem) broken.push(`${relative(root, file)}:${line}: ${target} — ${problem}`);
      }
    }
    expect(broken).toEqual([]);
    // The generated reference alone links every operation and schema: thousands of links.
    expect(checked).toBeGreaterThan(5_000);
  });

  it('catches a missing file, a missing anchor and a heading GitHub slugs differently', () => {
    const page = join(root, 'docs/api/vcenter/vm.md');
    expect(brokenLink(page, '#vcentervmcreate')).toBeUndefined();
    // GitHub drops the dots: the dotted id is not an anchor.
    expect(brokenLink(page, '#vcenter.vm.create')).toBe('no heading with anchor #vcenter.vm.create in docs/api/vcenter/vm.md');
    expect(brokenLink(page, 'nope.md')).toBe('no file docs/api/vcenter/nope.md');
    expect(brokenLink(page, `${REPO}/blob/main/docs/api/vcenter/README.md#vcenter`)).toBeUndefined();
    expect(brokenLink(page, 'https://example.com/anything#x')).toBeUndefined();
  });
});

describe('anchorsOf', () => {
  it('slugs headings as GitHub does, repeats numbered, code fences ignored', () => {
    const md = [
      '# `vcenter.vm` — pages',
      '## Operations',
      '## Operations',
      '```',
      '# not a heading',
      '```',
      '### [Link](x.md) and *stars*',
      '<a id="custom"></a>',
    ].join('\n');
    expect([...anchorsOf(md)]).toEqual(['vcentervm--pages', 'operations', 'operations-1', 'link-and-stars', 'custom']);
  });
});
