import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../src/compare/command.js';
import { CompareInputError, compareFile, DIFFERENCE_KINDS, formatJson, formatText, isEqual, summarize } from '../src/compare/index.js';
import { SpecError } from '../src/load/spec-problem.js';
import { fixturesDir, inlineSpecs } from './helpers.js';

// VMware-shaped files written by us (never VMware's own): a Swagger 2.0 file as 7.x/8.x publish
// and an OpenAPI 3.0 file as vSphere 9 publishes, each differing on purpose from a specs/ tree.
const compareDir = join(fixturesDir, '_compare');
const vmware8 = join(compareDir, 'vmware-8.json');
const vmware9 = join(compareDir, 'vmware-9.yaml');

/** A repository root whose specs/ holds the fixture tree and the shared fixture errors. */
function fixtureRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'vk-compare-'));
  mkdirSync(join(root, 'specs', 'common'), { recursive: true });
  cpSync(join(fixturesDir, '_common'), join(root, 'specs', 'common'), { recursive: true });
  cpSync(join(compareDir, 'specs'), join(root, 'specs'), { recursive: true });
  return root;
}

function run(file: string, root: string, json = false): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCompare([file], json, root, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('compare: VMware Swagger 2.0 (7.x/8.x) against specs/', () => {
  it('reports every difference with both pointers (snapshot)', async () => {
    const result = run(vmware8, fixtureRoot());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    await expect(result.stdout).toMatchFileSnapshot('__snapshots__/compare/vmware-8.txt');
  });

  it('writes the same comparison as JSON', async () => {
    const result = run(vmware8, fixtureRoot(), true);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.summary).toEqual(summarize(compareFile(vmware8, join(fixtureRoot(), 'specs'))));
    await expect(result.stdout).toMatchFileSnapshot('__snapshots__/compare/vmware-8.json');
  });

  it('matches a vmw-task key with its synchronous twin as one operation that runs both ways', () => {
    const c = compareFile(vmware8, join(fixtureRoot(), 'specs'));
    expect(c.onlyTheirs.map((o) => o.key)).toEqual(['GET /api/demo/widget/{}?label', 'POST /api/demo/widget/{}?action=start']);
    expect(c.onlyOurs.map((o) => o.key)).toEqual(['PATCH /api/demo/widget/{}']);
    // create is `both` on each side; reset is `only` in ours and both in VMware's file.
    const create = c.operations.find((o) => o.key === 'POST /api/demo/widget');
    expect(create?.differences.map((d) => d.kind)).toEqual(['format']);
    const reset = c.operations.find((o) => o.key === 'POST /api/demo/widget/{}?action=reset');
    expect(reset?.differences.find((d) => d.kind === 'task-mode')?.message).toBe('task mode only in specs/, both in vmware-8.json');
    // stop exists only as a task on both sides: its 202 matches, only VMware's extra 400 differs.
    const stop = c.operations.find((o) => o.key === 'POST /api/demo/widget/{}?action=stop')!;
    expect(stop.differences.map((d) => `${d.kind} ${d.where}`)).toEqual(['error-status response 400']);
    expect(stop.differences[0]!.theirs.pointer).toBe('#/paths/~1api~1demo~1widget~1{widget}?action=stop&vmw-task=true/post/responses/400');
  });

  it("keeps a key's bare query name only where it tells a second operation apart from the plain path", () => {
    const c = compareFile(vmware8, join(fixtureRoot(), 'specs'));
    // `GET /api/demo/widget?kind` is the one list: matched with ours. `GET …/{widget}?label` sits beside `GET …/{widget}`.
    expect(c.operations.some((o) => o.key === 'GET /api/demo/widget')).toBe(true);
    expect(c.onlyTheirs.find((o) => o.key === 'GET /api/demo/widget/{}?label')?.at.pointer).toBe('#/paths/~1api~1demo~1widget~1{widget}?label/get');
  });

  it('compares $ref targets by structure, not by name, and stops at recursive types', () => {
    const c = compareFile(vmware8, join(fixtureRoot(), 'specs'));
    const get = c.operations.find((o) => o.key === 'GET /api/demo/widget/{}')!;
    // DemoDisk vs DemoDiskInfo and DemoNode vs DemoTreeNode differ in name only: no difference for the names.
    expect(get.differences.map((d) => `${d.kind} ${d.where}`)).toEqual([
      'property response 200.tags.color',
      'map response 200.tags{}',
      'format response 200.disks{}.capacity',
    ]);
    expect(get.differences[2]!.ours).toEqual({ file: 'specs/widget.yaml', pointer: '#/components/schemas/DemoDisk/properties/capacity' });
    expect(get.differences[2]!.theirs).toEqual({ file: 'vmware-8.json', pointer: '#/definitions/DemoDiskInfo/properties/capacity' });
  });

  it('reads formData parameters as the fields of a form body, each located at its parameter', () => {
    const c = compareFile(vmware8, join(fixtureRoot(), 'specs'));
    const token = c.operations.find((o) => o.key === 'POST /api/demo/token')!;
    expect(token.differences).toEqual([
      {
        kind: 'required',
        where: 'body.scope',
        message: "'scope' is required only in vmware-8.json",
        ours: { file: 'specs/widget.yaml', pointer: '#/paths/~1api~1demo~1token/post/requestBody/content/application~1x-www-form-urlencoded/schema' },
        theirs: { file: 'vmware-8.json', pointer: '#/paths/~1api~1demo~1token~1/post/parameters' },
      },
    ]);
  });

  it('leaves /rest operations out on both sides', () => {
    const c = compareFile(vmware8, join(fixtureRoot(), 'specs'));
    const keys = [...c.onlyOurs, ...c.onlyTheirs].map((o) => o.key).concat(c.operations.map((o) => o.key));
    expect(keys.some((k) => k.includes('/rest/'))).toBe(false);
  });
});

describe('compare: VMware OpenAPI 3.0 (vSphere 9, paths under the server URL /api) against specs/', () => {
  it('reports every difference with both pointers (snapshot)', async () => {
    const result = run(vmware9, fixtureRoot());
    expect(result.code).toBe(1);
    await expect(result.stdout).toMatchFileSnapshot('__snapshots__/compare/vmware-9.txt');
  });

  it('prefixes the server path, so every operation is shared', () => {
    const c = compareFile(vmware9, join(fixtureRoot(), 'specs'));
    expect(c.scope).toEqual(['/api/demo']);
    expect(c.onlyTheirs).toEqual([]);
    expect(c.onlyOurs).toEqual([]);
    expect(c.shared).toBe(8);
    expect(c.onlyOurs.map((o) => o.key)).toEqual([]);
  });

  it('names a renamed path parameter and a task-only form', () => {
    const c = compareFile(vmware9, join(fixtureRoot(), 'specs'));
    const create = c.operations.find((o) => o.key === 'POST /api/demo/widget')!;
    expect(create.differences.map((d) => d.kind)).toEqual(['success-status', 'error-status', 'task-mode']);
    expect(create.differences[1]!.theirs.pointer).toBe('#/paths/~1demo~1widget?vmw-task=true/post/responses/403');
    const del = c.operations.find((o) => o.key === 'DELETE /api/demo/widget/{}')!;
    expect(del.differences[0]!.message).toBe('path parameter 1 is {widget} in specs/, {widgetId} in vmware-9.yaml');
  });
});

describe('compare: the fixtures hold a difference of every kind', () => {
  it('between them, the two files show each kind at least once', () => {
    const specs = join(fixtureRoot(), 'specs');
    const seen = new Set<string>();
    for (const file of [vmware8, vmware9]) {
      for (const op of compareFile(file, specs).operations) for (const d of op.differences) seen.add(d.kind);
    }
    expect([...seen].sort()).toEqual([...DIFFERENCE_KINDS].sort());
  });
});

describe('compare: selector keys and Action-suffixed actions', () => {
  it("matches VMware's `?name` twin and `?action=delete` beside DELETE with the keys specs/ writes for them", () => {
    const param = `    parameters:
      - { name: shelf, in: path, required: true, schema: { type: string }, example: shelf-1 }
`;
    const notFound = `        '404':
          $ref: './common/errors.yaml#/components/responses/NotFound'
`;
    const ours = `openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /api/demo/shelf/{shelf}/file:
${param}    get:
      operationId: demo.shelf.file.list
      responses:
        '200':
          description: Files.
          content: { application/json: { schema: { type: array, items: { type: string } }, example: [a] } }
${notFound}  /api/demo/shelf/{shelf}/file?name:
${param}    get:
      operationId: demo.shelf.file.get
      parameters:
        - { name: name, in: query, required: true, schema: { type: string }, example: a }
      responses:
        '200':
          description: A file.
          content: { application/json: { schema: { type: string }, example: a } }
${notFound}  /api/demo/shelf/{shelf}:
${param}    delete:
      operationId: demo.shelf.delete
      responses:
        '204': { description: Done. }
${notFound}  /api/demo/shelf/{shelf}?action=delete:
${param}    post:
      operationId: demo.shelf.deleteAction
      responses:
        '204': { description: Done. }
${notFound}`;
    const c = compareFile(join(compareDir, 'selector-keys.json'), inlineSpecs({ 'shelf.yaml': ours }));
    expect(c.onlyTheirs).toEqual([]);
    expect(c.onlyOurs).toEqual([]);
    expect(c.shared).toBe(4);
    expect(formatText(c)).toContain('summary: 0 only in selector-keys.json, 0 only in specs/, 4 shared');
  });
});

describe('compare: equal documents', () => {
  it('exits 0 and says so when every operation matches', () => {
    const root = fixtureRoot();
    const ours = readFileSync(join(root, 'specs', 'widget.yaml'), 'utf8');
    // Our own tree compared with itself, as an OpenAPI 3.1 file: no difference at all.
    const specs = inlineSpecs({ 'widget.yaml': ours });
    const file = join(mkdtempSync(join(tmpdir(), 'vk-compare-self-')), 'widget.yaml');
    writeFileSync(file, ours);
    const c = compareFile(file, specs);
    expect(isEqual(c)).toBe(true);
    expect(formatText(c)).toContain('summary: 0 only in widget.yaml, 0 only in specs/, 8 shared (8 equal, 0 different: 0 difference(s))');
    expect(run(file, dirname(specs)).code).toBe(0);
  });

  it('compares the task result types two documents both state', () => {
    const root = fixtureRoot();
    const ours = readFileSync(join(root, 'specs', 'widget.yaml'), 'utf8');
    const file = join(mkdtempSync(join(tmpdir(), 'vk-compare-result-')), 'widget.yaml');
    writeFileSync(file, ours.replace('status: { type: string, enum: [OK, FAILED] }', 'status: { type: string, enum: [OK, FAILED, CANCELED] }'));
    const c = compareFile(file, join(root, 'specs'));
    expect(c.operations).toHaveLength(1);
    expect(c.operations[0]!.differences.map((d) => `${d.kind} ${d.where}: ${d.message}`)).toEqual([
      'enum task result.status: enum values CANCELED only in widget.yaml',
    ]);
  });
});

describe('compare: names that are also Object.prototype members', () => {
  it('a property called constructor or toString on one side only is reported, not walked into the prototype', () => {
    const spec = (props: string): string =>
      [
        'openapi: 3.1.0',
        'info: {title: t, version: "1"}',
        'paths:',
        '  /api/demo/thing:',
        '    get:',
        '      operationId: demo.thing.get',
        '      responses:',
        '        "200":',
        '          description: ok',
        '          content:',
        '            application/json:',
        `              schema: {type: object, properties: {${props}}}`,
        '              example: {}',
        '        "404":',
        "          $ref: './common/errors.yaml#/components/responses/NotFound'",
        '',
      ].join('\n');
    const specs = inlineSpecs({ 'thing.yaml': spec('constructor: {type: string}, name: {anyOf: [{type: string}, {type: integer}]}') });
    const file = join(mkdtempSync(join(tmpdir(), 'vk-compare-proto-')), 'thing.yaml');
    writeFileSync(file, spec('toString: {type: integer}, name: {type: string}'));
    const c = compareFile(file, specs);
    expect(c.operations[0]!.differences.map((d) => d.message)).toEqual([
      "property 'constructor' only in specs/",
      'type anyOf in specs/, string in thing.yaml',
      "property 'toString' only in thing.yaml",
    ]);
  });
});

describe('compare: a file with /rest operations only', () => {
  it('says there is nothing under /api to compare', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vk-compare-rest-')), 'legacy.json');
    writeFileSync(file, JSON.stringify({ swagger: '2.0', paths: { '/rest/demo/widget': { get: { responses: { '200': { description: '' } } } } } }));
    const result = run(file, fixtureRoot());
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'compare specs/ with legacy.json: legacy.json has no /api operations (only /rest ones, which compare leaves out)',
    );
    expect(result.stdout).toContain('summary: 0 only in legacy.json, 0 only in specs/, 0 shared');
  });
});

describe('compare: bad input exits 2 with a message naming the file', () => {
  const bad = (name: string, text: string): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'vk-compare-bad-')), name);
    writeFileSync(file, text);
    return file;
  };

  it.each([
    ['a missing file', join(tmpdir(), 'vk-compare-no-such-file.json'), /vk-compare-no-such-file\.json: cannot read it \(no such file\)/],
    ['a directory', tmpdir(), /: cannot read it \(it is a directory\)/],
    ['broken JSON', bad('broken.json', '{"swagger": "2.0", '), /broken\.json: not JSON or YAML/],
    ['broken YAML', bad('broken.yaml', 'openapi: 3.0.3\npaths: [\n'), /broken\.yaml: not JSON or YAML/],
    ['a JSON array', bad('list.json', '[1, 2]'), /list\.json: not a spec \(the file must hold a Swagger 2\.0 or OpenAPI 3\.x document/],
    ['another document', bad('package.json', '{"name": "x"}'), /package\.json: not a spec \(no "swagger": "2\.0" or "openapi": "3\.x" at its top\)/],
    ['Swagger 2.0 without paths', bad('nopaths.json', '{"swagger": "2.0"}'), /nopaths\.json: #\/paths: paths must be an object/],
    [
      'Swagger 2.0 with a dangling $ref',
      bad('dangling.json', '{"swagger": "2.0", "paths": {"/api/x": {"get": {"responses": {"200": {"schema": {"$ref": "#/definitions/Gone"}}}}}}}'),
      /dangling\.json: #\/paths\/~1api~1x\/get\/responses\/200\/schema\/\$ref: \$ref '#\/definitions\/Gone' is dangling/,
    ],
    ['OpenAPI without paths', bad('nopaths.yaml', 'openapi: 3.0.3\npaths: 7\n'), /nopaths\.yaml: an OpenAPI 3\.0\.3 document without a 'paths' object/],
  ])('%s', (_name, file, message) => {
    const result = run(file, fixtureRoot());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(() => compareFile(file, join(fixtureRoot(), 'specs'))).toThrow(CompareInputError);
  });

  it('a root without specs/', () => {
    const result = run(vmware8, mkdtempSync(join(tmpdir(), 'vk-compare-empty-')));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/specs: no specs folder to compare with \(use --root DIR\)/);
  });

  it('specs that do not bundle name the spec file and pointer', () => {
    const specs = inlineSpecs({
      'broken.yaml':
        'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths:\n  /api/x:\n    get:\n      responses:\n        "200": {$ref: "./nowhere.yaml#/x"}\n',
    });
    expect(() => compareFile(vmware8, specs)).toThrow(SpecError);
    const result = run(vmware8, dirname(specs));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.yaml:7 #\/paths\/~1api~1x\/get\/responses\/200\/\$ref/);
  });

  it('not exactly one file', () => {
    let stderr = '';
    expect(runCompare([], false, fixtureRoot(), { stdout: () => {}, stderr: (t) => (stderr += t) })).toBe(2);
    expect(stderr).toMatch(/usage: compare <file>/);
  });
});

it('formats JSON with the summary by kind', () => {
  const c = compareFile(vmware9, join(fixtureRoot(), 'specs'));
  const parsed = JSON.parse(formatJson(c));
  expect(parsed.summary.byKind['path-param-name']).toBe(5);
  expect(parsed.operations).toHaveLength(6);
});
