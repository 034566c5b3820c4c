// Finds the links of a Markdown file that a reader on the npm registry's page cannot follow:
// npm shows a package's README without the repository around it, so a relative link that
// leaves the package folder (`../../docs/api/README.md`) leads nowhere.
import { isAbsolute, relative, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';

export interface Link {
  readonly line: number;
  readonly target: string;
}

/** Every link target of `markdown` (inline, image, reference definition, HTML href/src), outside code. */
export function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced) return;
    const prose = text.replace(/`[^`]*`/g, '');
    const add = (target: string | undefined): void => {
      if (target) links.push({ line: i + 1, target: target.replace(/^<|>$/g, '') });
    };
    for (const m of prose.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)/g)) add(m[1]);
    for (const m of prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*(\S+)/g)) add(m[1]);
    for (const m of prose.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/gi)) add(m[1]);
  });
  return links;
}

/** The links of the README in `packageDir` that are relative and resolve outside that folder. */
export function linksLeavingPackage(markdown: string, packageDir: string): Link[] {
  return linksOf(markdown).filter(({ target }) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//')) return false;
    const path = target.split(/[?#]/)[0]!;
    if (path.startsWith('/')) return true; // root-relative: relative to a host npm does not have
    const rel = relative(packageDir, resolve(packageDir, decodeURIComponent(path)));
    return rel.startsWith('..') || isAbsolute(rel);
  });
}

/**
 * The anchors a Markdown file offers on GitHub: one per heading, slugged as GitHub does
 * (github-slugger over the heading's rendered text, `-1`, `-2` for repeats), plus explicit
 * HTML `id`/`name` attributes.
 */
export function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  let fenced = false;
  for (const text of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(text);
    if (heading) {
      const rendered = heading[1]!
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<[^>]+>/g, '')
        .replace(/`/g, '');
      anchors.add(slugger.slug(rendered));
    }
    for (const m of text.matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.add(m[1]!);
  }
  return anchors;
}
