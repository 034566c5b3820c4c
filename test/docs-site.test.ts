// `npm run docs` (scripts/docs.mjs) builds the browsable reference: Redocly's HTML of a namespace
// with every schema it uses, and typedoc's reference of the client's public surface. Built here
// into a temporary folder, for one small namespace, so that the suite stays quick.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'vsphere-kit-docs-'));
const docs = (...args: string[]) => promisify(execFile)(process.execPath, [join(root, 'scripts/docs.mjs'), '--out', out, ...args], { cwd: root });
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run docs', () => {
  it('builds the HTML reference of a namespace with every schema its operations use', async () => {
    const { stdout, stderr } = await docs('--namespace', 'hvc', '--only', 'html');
    // Quiet: one line saying what was built and where; the tools' chatter is in docs.log.
    expect(stdout.trim()).toBe(`HTML reference of 1 namespace(s): ${join(out, 'html/index.html')}`);
    expect(stderr).toBe('');
    const spec = JSON.parse(readFileSync(join(out, 'openapi/hvc.json'), 'utf8')) as { paths: object; components: { schemas: object } };
    const html = readFileSync(join(out, 'html/hvc.html'), 'utf8');
    const schemas = Object.keys(spec.components.schemas);
    expect(schemas).toEqual(expect.arrayContaining(['VcenterHvcLinksCreateSpec', 'VcenterHvcLinksInfo', 'VapiStdError']));
    // Each schema is a section of its own (a tag embedding it), not only nested inside an operation.
    for (const name of schemas) expect(html, name).toContain(`data-section-id="/schema:${name.toLowerCase()}"`);
    expect(html).toContain('/api/hvc/links');
    expect(readFileSync(join(out, 'html/index.html'), 'utf8')).toContain('<a href="hvc.html">hvc</a>');
  }, 240_000);

  it("builds the client's TypeScript reference with every hand-written export and the service classes", async () => {
    const { stdout } = await docs('--only', 'client');
    expect(stdout).toMatch(/^TypeScript reference of @vsphere-kit\/client \(\d+ exports; \d+ schema types are in docs\/api\)/);
    const project = JSON.parse(readFileSync(join(out, 'client.json'), 'utf8')) as { children: { name: string }[] };
    const documented = new Set(project.children.map((c) => c.name));
    // The committed API report lists the public surface: hand-written declarations in full, generated ones by name.
    const report = readFileSync(join(root, 'packages/client/api/client.api.md'), 'utf8');
    const handWritten = [...report.matchAll(/^(?:abstract )?(?:class|interface|type|function|const|enum) (\w+)/gm)].map((m) => m[1]!);
    const generatedClasses = [...report.matchAll(/(\w+) \(class\)/g)].map((m) => m[1]!);
    expect(handWritten).toEqual(expect.arrayContaining(['VsphereClient', 'VsphereCore', 'VsphereApiError', 'listAll', 'TaskHandle']));
    expect(handWritten.filter((name) => !documented.has(name))).toEqual([]);
    expect(generatedClasses.filter((name) => !documented.has(name))).toEqual([]);
    // Schema types are documented field by field in docs/api instead.
    expect(documented.has('VcenterVMCreateSpec')).toBe(false);
    expect(readFileSync(join(out, 'client/classes/VsphereClient.html'), 'utf8')).toContain('VsphereClient');
  }, 480_000);
});
