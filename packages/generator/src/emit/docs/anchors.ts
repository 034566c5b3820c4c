/**
 * Heading anchors as GitHub makes them (github-slugger is the rule GitHub's renderer
 * follows: lower case, punctuation dropped, spaces to hyphens, `-1`, `-2` for repeats).
 * GitHub slugs a heading's rendered text, so inline-code backticks are dropped first.
 */
import GithubSlugger from 'github-slugger';

/** Issues the anchors of one page's headings, in document order. */
export class PageAnchors {
  private readonly slugger = new GithubSlugger();

  /** The anchor of the next heading with this Markdown text. */
  next(markdownText: string): string {
    return this.slugger.slug(headingText(markdownText));
  }
}

/** The text GitHub renders for a heading's Markdown: code spans, links and emphasis markers reduced to their text. */
export function headingText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`/g, '');
}
