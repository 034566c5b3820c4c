// The committed reference in docs/api (kept equal to specs/ by the drift check) documents every
// operation and every schema exactly once, each schema with all its fields, on pages of a
// readable size; links between operations and their schemas are checked by test/markdown-links.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_OPERATIONS_PER_PAGE } from '../src/emit/docs/layout.js';
import { repoRoot } from './helpers.js';

interface IrFile<T> {
  readonly schemas?: Record<string, { schema: { properties?: Record<string, unknown> } }>;
  readonly operations?: T[];
}

const docsDir = join(repoRoot, 'docs/api');
const pages = (function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : e.endsWith('.md') ? [join(dir, e)] : []));
})(docsDir);
const text = new Map(pages.map((p) => [relative(docsDir, p), readFileSync(p, 'utf8')]));
const schemas = (JSON.parse(readFileSync(join(repoRoot, 'ir/schemas.json'), 'utf8')) as IrFile<never>).schemas!;
const operations = (JSON.parse(readFileSync(join(repoRoot, 'ir/operations.json'), 'utf8')) as IrFile<{ id: string; namespace: string[] }>).operations!;

/** The pages holding a level-3 heading for `name`, and the section under it. */
function sections(name: string): { page: string; body: string }[] {
  const out: { page: string; body: string }[] = [];
  for (const [page, md] of text) {
    const at = md.indexOf(`\n### \`${name}\`\n`);
    if (at === -1) continue;
    const rest = md.slice(at + 1);
    const end = rest.slice(4).search(/\n#{2,3} /);
    out.push({ page, body: end === -1 ? rest : rest.slice(0, end + 4) });
  }
  return out;
}

describe('docs/api', () => {
  it('documents every schema once, with every field', () => {
    const missing: string[] = [];
    for (const [name, { schema }] of Object.entries(schemas)) {
      const found = sections(name);
      if (found.length !== 1) {
        missing.push(`${name}: ${found.length} sections`);
        continue;
      }
      for (const field of Object.keys(schema.properties ?? {})) {
        if (!found[0]!.body.includes(`| \`${field}\` |`)) missing.push(`${name}.${field} (${found[0]!.page})`);
      }
    }
    expect(missing).toEqual([]);
    expect(Object.keys(schemas).length).toBeGreaterThan(1000);
  });

  it('documents every operation once, linking its body schema', () => {
    const counts = operations.map((op) => [op.id, sections(op.id).length] as const).filter(([, n]) => n !== 1);
    expect(counts).toEqual([]);
    const [create] = sections('vcenter.vm.create');
    expect(create!.page).toBe('vcenter/vm.md');
    expect(create!.body).toContain('- Request body (application/json, required): [`VcenterVMCreateSpec`](#vcentervmcreatespec)');
    const [spec] = sections('VcenterVMCreateSpec');
    expect(spec!.body).toMatch(/\| `placement` \| \[`VcenterVMPlacementSpec`\]\(#vcentervmplacementspec\) \| no \| /);
    expect(spec!.body).toMatch(/\| `guest_OS` \| \[`VcenterVmGuestOS`\]\(README\.md#vcentervmguestos\) \| yes \| The guest operating system/);
  });

  it('splits namespaces into pages of at most the limit, unless a namespace itself holds more', () => {
    const tooBig: string[] = [];
    for (const [page, md] of text) {
      const ids = [...md.matchAll(/\n### `([a-z][\w.]*)`\n/g)].map((m) => m[1]!).filter((id) => operations.some((op) => op.id === id));
      if (ids.length <= MAX_OPERATIONS_PER_PAGE) continue;
      const depths = new Set(ids.map((id) => operations.find((op) => op.id === id)!.namespace.length));
      if (depths.size > 1) tooBig.push(`${page}: ${ids.length} operations`);
    }
    expect(tooBig).toEqual([]);
    // A page holds operations or schemas; only a namespace's README may be an index alone.
    const empty = [...text].filter(([page, md]) => !page.endsWith('README.md') && !/\n### `/.test(md)).map(([page]) => page);
    expect(empty).toEqual([]);
    // The 448 vcenter operations no longer sit on one page.
    expect([...text.keys()].filter((p) => p.startsWith('vcenter/')).length).toBeGreaterThan(40);
  });
});
