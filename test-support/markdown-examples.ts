// The examples of the documents users read, as the README tests find them: the CLI's test runs the
// shell blocks, the client's test compiles and runs the TypeScript blocks. One extraction, one
// marker syntax, so a marker means the same in both.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Why a block may be shown without running: each needs something the mock on this machine is not.
 * Markers (HTML comments on the lines right above a fence) say what a block needs:
 *   <!-- not-run: REASON -->  the block is shown, not run; REASON is one of these
 *   <!-- run: tls -->         the block runs against a mock with a self-signed certificate
 *   <!-- file: NAME -->       the block is the content of file NAME, which examples name as @NAME
 */
export const NOT_RUN_REASONS: Record<string, string> = {
  'needs a real vCenter': 'reads a vCenter other than the mock (record-from)',
  'needs an identity provider': "federated login through an OIDC provider's sign-in page",
  'installs or builds': 'npm install / pnpm / build steps',
  'runs the repository scripts': 'npm test, demo, bench: minutes each, and they run this test',
  'changes the shell': 'shell setup: completion scripts sourced, variables exported from secrets',
};

/** Markers outside that vocabulary, as `doc:line <!-- key: value -->`: a typo would silently run or skip a block. */
export function unknownMarkers(all: readonly Block[]): string[] {
  return all.flatMap((b) =>
    [...b.markers]
      .filter(([k, v]) => !(k === 'not-run' && v in NOT_RUN_REASONS) && !(k === 'run' && v === 'tls') && k !== 'file')
      .map(([k, v]) => `${b.doc}:${b.line} <!-- ${k}: ${v} -->`),
  );
}

/** The documents users read: the root's Markdown, each package's README, docs/ (not the generated reference). */
export function documents(): string[] {
  const root = readdirSync(ROOT).filter((f) => f.endsWith('.md'));
  const packages = readdirSync(join(ROOT, 'packages'))
    .map((p) => join('packages', p, 'README.md'))
    .filter((f) => existsSync(join(ROOT, f)));
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f));
  return [...root, ...packages, ...docs];
}

export interface Block {
  doc: string;
  /** The line of the opening fence (1-based). */
  line: number;
  lang: string;
  body: string;
  /** The markers on the lines right above the fence: `<!-- not-run: REASON -->` → not-run ⇒ REASON. */
  markers: Map<string, string>;
}

const FENCE = /^```(\w*)[^\n]*\n([\s\S]*?)^```/gm;
const MARKER = /^<!--\s*([\w-]+):\s*(.*?)\s*-->$/;

/** The fenced blocks of one document, with the markers above each. */
export function blocks(doc: string): Block[] {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const lines = text.split('\n');
  return [...text.matchAll(FENCE)].map((m) => {
    const line = text.slice(0, m.index).split('\n').length;
    const markers = new Map<string, string>();
    for (let i = line - 2; i >= 0; i--) {
      const marker = MARKER.exec(lines[i]!.trim());
      if (!marker) break;
      markers.set(marker[1]!, marker[2]!);
    }
    return { doc, line, lang: m[1]!, body: m[2]!, markers };
  });
}
