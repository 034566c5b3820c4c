import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSpecs } from '../src/pipeline.js';
import { importOperations } from '../src/vmware/import.js';
import { readSwagger2, Swagger2Error } from '../src/vmware/swagger2.js';
import { repoRoot } from './helpers.js';

// Fixtures (fixtures/_vmware/) are small Swagger 2.0 files written by us, one per feature of VMware's files; the
// specs/ they import into holds one hand-written file and the repository's own common/ files.
const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures', '_vmware');
const FEATURES = [
  'action-keys-and-task-variants',
  'action-name-collision',
  'existing-schema-reuse',
  'maps-and-enums',
  'query-name-keys-and-form-data',
] as const;

function freshSpecs(): string {
  const specs = join(mkdtempSync(join(tmpdir(), 'vk-import-')), 'specs');
  cpSync(join(fixtures, 'specs'), specs, { recursive: true });
  for (const name of ['errors.yaml', 'tasks.yaml', 'security.yaml']) cpSync(join(repoRoot, 'specs/common', name), join(specs, 'common', name));
  return specs;
}

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8'));
}

function snapshotOf(specs: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(specs, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(specs);
  return out;
}

describe('import: VMware Swagger 2.0 → specs/ in our layout', () => {
  it.each(FEATURES)('%s: writes the operations specs/ lacks, and the result passes the generator', async (feature) => {
    const specs = freshSpecs();
    const before = snapshotOf(specs);
    const result = importOperations(specs, readSwagger2(fixture(feature), `${feature}.json`));
    const after = snapshotOf(specs);
    const written = Object.fromEntries(Object.entries(after).filter(([file, text]) => before[file] !== text));
    expect(Object.keys(written).sort()).toEqual(result.files.map((f) => f));
    for (const [file, text] of Object.entries(written)) {
      await expect(text).toMatchFileSnapshot(`__snapshots__/vmware-import/${feature}/${file}.snap`);
    }
    // The written specs are valid: naming contract, examples against their schemas, refs resolve.
    const analysis = analyzeSpecs(specs);
    expect(analysis.ir.operations.length).toBeGreaterThan(2);
    // VMware's description texts are never copied.
    for (const text of Object.values(written)) expect(text).not.toContain('Their words');
  });

  it('is idempotent: a second run writes nothing and changes no byte', () => {
    const specs = freshSpecs();
    for (const feature of FEATURES) importOperations(specs, readSwagger2(fixture(feature), `${feature}.json`));
    const once = snapshotOf(specs);
    for (const feature of FEATURES) {
      const again = importOperations(specs, readSwagger2(fixture(feature), `${feature}.json`));
      expect(again.added).toEqual([]);
      expect(again.files).toEqual([]);
    }
    expect(snapshotOf(specs)).toEqual(once);
  });

  it('is deterministic: two fresh runs write the same bytes', () => {
    const runs = [freshSpecs(), freshSpecs()].map((specs) => {
      for (const feature of FEATURES) importOperations(specs, readSwagger2(fixture(feature), `${feature}.json`));
      return snapshotOf(specs);
    });
    expect(runs[0]).toEqual(runs[1]);
  });

  it('reuses an existing schema whose name differs only in case, and appends to the hand-written file', () => {
    const specs = freshSpecs();
    const original = readFileSync(join(specs, 'demo/widget.yaml'), 'utf8');
    const result = importOperations(specs, readSwagger2(fixture('existing-schema-reuse'), 'existing-schema-reuse.json'));
    expect(result.added).toEqual(['DELETE /api/demo/widget/{widget}', 'PATCH /api/demo/widget/{widget}']);
    const text = readFileSync(join(specs, 'demo/widget.yaml'), 'utf8');
    expect(text).not.toContain('DemoWIDGETInfo');
    expect(text.match(/DemoWidgetInfo:/g)).toHaveLength(1);
    // A body field reuses the example of a path parameter of its name (an id the seed holds), never a query parameter's.
    expect(text).toContain('              twin: twin-3\n');
    expect(text).toContain('              kind: example-kind\n');
    // Every line of the hand-written file is still there, in order.
    const lines = text.split('\n');
    let at = 0;
    for (const line of original.trimEnd().split('\n')) {
      at = lines.indexOf(line, at);
      expect(at, line).toBeGreaterThanOrEqual(0);
    }
  });

  it('merges task variants, keeps actions in the key, and writes a query-name twin as a selector key', () => {
    const tasks = readSwagger2(fixture('action-keys-and-task-variants'), 'a.json');
    const byKey = Object.fromEntries(tasks.operations.map((o) => [`${o.method} ${o.path}${o.action ? `?action=${o.action}` : ''}`, o.task]));
    expect(byKey).toEqual({
      'post /api/demo/gadget/{gadget}/disk': 'both',
      'get /api/demo/gadget/{gadget}/disk/{disk}': 'none',
      'post /api/demo/gadget/{gadget}/power?action=reset-ex': 'only',
      'post /api/demo/gadget/{gadget}/power?action=start': 'none',
    });
    const result = importOperations(freshSpecs(), readSwagger2(fixture('query-name-keys-and-form-data'), 'q.json'));
    expect(result.skipped).toEqual([]);
    // Beside the plain file list, `?name` selects the get; alone (`?shelf_id`), the query name only restates a parameter.
    expect(result.added).toEqual(
      expect.arrayContaining(['GET /api/demo/shelf/item', 'GET /api/demo/shelf/item/{item}/file', 'GET /api/demo/shelf/item/{item}/file?name']),
    );
  });
});

describe('import: an action named like a plain operation', () => {
  it('takes the Action suffix; an action without a plain namesake keeps its name', () => {
    const specs = freshSpecs();
    importOperations(specs, readSwagger2(fixture('action-name-collision'), 'c.json'));
    const written = readFileSync(join(specs, 'demo/link.yaml'), 'utf8');
    expect(written).toContain('operationId: demo.link.delete\n');
    expect(written).toContain('operationId: demo.link.deleteAction\n');
    expect(written).toContain('operationId: demo.link.stop\n');
  });
});

describe('import: bad input names the file and the JSON pointer', () => {
  const problem = (doc: unknown): Swagger2Error => {
    try {
      readSwagger2(doc, 'bad.json');
    } catch (err) {
      if (err instanceof Swagger2Error) return err;
      throw err;
    }
    throw new Error('expected the document to be rejected');
  };

  it('a document that is not Swagger 2.0', () => {
    const err = problem({ openapi: '3.0.3', paths: {} });
    expect(err).toMatchObject({ file: 'bad.json', pointer: '#/swagger' });
    expect(err.message).toContain('not a Swagger 2.0 document');
  });

  it('a dangling $ref', () => {
    const doc = fixture('maps-and-enums') as { definitions: Record<string, unknown> };
    delete doc.definitions.DemoRackSlot;
    const err = problem(doc);
    expect(err.pointer).toBe('#/definitions/DemoRackSummary/properties/slots/additionalProperties/$ref');
    expect(err.message).toContain("there is no definition 'DemoRackSlot'");
  });

  it('an unknown type', () => {
    const doc = fixture('maps-and-enums') as { definitions: Record<string, { properties: Record<string, unknown> }> };
    doc.definitions.DemoRackSlot!.properties.height = { type: 'int' };
    const err = problem(doc);
    expect(err.pointer).toBe('#/definitions/DemoRackSlot/properties/height/type');
    expect(err.message).toContain('unknown type "int"');
  });
});
