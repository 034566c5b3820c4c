import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecFiles } from '../src/load/load-specs.js';
import { ParseCache } from '../src/load/parse-cache.js';
import type { SpecProblem } from '../src/load/spec-problem.js';

const SPEC = `openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /api/demo/thing:
    get:
      operationId: demo.thing.list
      responses:
        '200': { description: Things., content: { application/json: { schema: { type: number }, example: .inf } } }
`;

function setup(text = SPEC) {
  const specs = mkdtempSync(join(tmpdir(), 'parse-cache-specs-'));
  writeFileSync(join(specs, 'thing.yaml'), text);
  const dir = join(mkdtempSync(join(tmpdir(), 'parse-cache-')), 'specs');
  return { specs, dir, cache: () => new ParseCache(dir, 'test salt') };
}

describe('the parsed-spec cache', () => {
  it('gives back the document a fresh parse gives, values JSON cannot hold included', () => {
    const { specs, cache } = setup();
    const fresh = loadSpecFiles(specs, []);
    const first = loadSpecFiles(specs, [], cache());
    const second = loadSpecFiles(specs, [], cache());
    expect(first[0]!.doc).toEqual(fresh[0]!.doc);
    expect(second[0]!.doc).toEqual(fresh[0]!.doc);
    const example = (second[0]!.doc as any).paths['/api/demo/thing'].get.responses['200'].content['application/json'].example;
    expect(example).toBe(Number.POSITIVE_INFINITY);
  });

  it('is read on the next run: an entry under the key of the text is what the loader returns', () => {
    const { specs, dir, cache } = setup();
    const c = cache();
    c.set(c.key(SPEC), { openapi: '3.1.0', marker: 'from the cache' });
    expect(loadSpecFiles(specs, [], new ParseCache(dir, 'test salt'))[0]!.doc).toMatchObject({ marker: 'from the cache' });
    // another salt (parser version, options) is another key
    expect(loadSpecFiles(specs, [], new ParseCache(dir, 'other salt'))[0]!.doc).not.toHaveProperty('marker');
  });

  it('still finds the line of a pointer in a file read from the cache', () => {
    const { specs, cache } = setup();
    loadSpecFiles(specs, [], cache());
    const [file] = loadSpecFiles(specs, [], cache());
    const pointer = '#/paths/~1api~1demo~1thing/get/responses/200';
    expect(file!.lineOf(pointer)).toBe(8);
    expect(file!.lineOf(pointer)).toBe(loadSpecFiles(specs, [])[0]!.lineOf(pointer));
  });

  it('parses again when an entry is corrupt, and never stores a file with problems', () => {
    const { specs, dir, cache } = setup();
    loadSpecFiles(specs, [], cache());
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry!), 'not a v8 value');
    expect(loadSpecFiles(specs, [], cache())[0]!.doc).toHaveProperty('openapi', '3.1.0');

    const bad = setup('openapi: 3.1.0\nopenapi: twice\n');
    const problems: SpecProblem[] = [];
    expect(loadSpecFiles(bad.specs, problems, bad.cache())).toEqual([]);
    expect(problems[0]!.message).toMatch(/YAML syntax/);
    expect(() => readdirSync(bad.dir)).toThrow();
  });

  it('drops the entries of older versions of the files', () => {
    const { specs, dir, cache } = setup();
    loadSpecFiles(specs, [], cache());
    writeFileSync(join(specs, 'thing.yaml'), SPEC.replace('Things.', 'All things.'));
    loadSpecFiles(specs, [], cache());
    expect(readdirSync(dir)).toEqual([`${cache().key(SPEC.replace('Things.', 'All things.'))}.v8`]);
  });
});
