import { describe, expect, it } from 'vitest';
import { SpecError, type SpecProblem } from '../src/load/spec-problem.js';
import { analyzeSpecs, generate } from '../src/pipeline.js';
import { inlineSpecs } from './helpers.js';

const ok = (extra = '') => `openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /api/demo/thing:
    get:
      operationId: demo.thing.list
      summary: List things
      responses:
        '200':
          description: Things.
          content:
            application/json:
              schema: { type: array, items: { type: string } }
              example: [a]
        '400':
          $ref: './common/errors.yaml#/components/responses/BadRequest'
${extra}`;

function problemsOf(files: Record<string, string>, withCommon = true): SpecProblem[] {
  try {
    analyzeSpecs(inlineSpecs(files, withCommon));
  } catch (err) {
    if (err instanceof SpecError) return [...err.problems];
    throw err;
  }
  throw new Error('expected the specs to be rejected');
}

describe('bad specs are rejected with the file, the JSON pointer and what is wrong', () => {
  it('a dangling $ref', () => {
    const [p] = problemsOf({ 'thing.yaml': ok().replace('responses/BadRequest', 'responses/NoSuchResponse') });
    expect(p).toMatchObject({ file: 'thing.yaml', pointer: '#/paths/~1api~1demo~1thing/get/responses/400/$ref' });
    expect(p!.message).toContain('does not resolve');
    expect(p!.line).toBe(16);
  });

  it('a $ref to a missing file', () => {
    const [p] = problemsOf({ 'thing.yaml': ok().replace('./common/errors.yaml', './common/nope.yaml') });
    expect(p!.message).toContain('points at a file that does not exist (common/nope.yaml)');
  });

  it('a duplicate operation across files', () => {
    const problems = problemsOf({ 'a.yaml': ok(), 'b.yaml': ok() });
    expect(problems.some((p) => p.file === 'b.yaml' && p.pointer === '#/paths/~1api~1demo~1thing' && p.message.includes('already defined in a.yaml'))).toBe(
      true,
    );
  });

  it('an example that breaks a rule of a component schema two $refs deep (each component is compiled once and shared)', () => {
    const components = `components:
  schemas:
    Demo.Outer:
      type: object
      properties: { inner: { $ref: '#/components/schemas/Demo.Inner' } }
    Demo.Inner:
      type: object
      properties: { count: { type: integer } }
`;
    const spec = ok(components)
      .replace('schema: { type: array, items: { type: string } }', "schema: { $ref: '#/components/schemas/Demo.Outer' }")
      .replace('example: [a]', 'example: { inner: { count: 1 } }');
    expect(() => analyzeSpecs(inlineSpecs({ 'thing.yaml': spec }, true))).not.toThrow();
    const [p] = problemsOf({ 'thing.yaml': spec.replace('count: 1', 'count: many') });
    expect(p).toMatchObject({ file: 'thing.yaml', pointer: '#/paths/~1api~1demo~1thing/get/responses/200/content/application~1json/example' });
    expect(p!.message).toMatch(/example does not match its schema: '\/inner\/count' must be integer/);
  });

  it('an example that does not match its schema', () => {
    const [p] = problemsOf({ 'thing.yaml': ok().replace('example: [a]', 'example: [1]') });
    expect(p).toMatchObject({ file: 'thing.yaml', pointer: '#/paths/~1api~1demo~1thing/get/responses/200/content/application~1json/example' });
    expect(p!.message).toMatch(/example does not match its schema: '\/0' must be string/);
  });

  it('an operation without an error response', () => {
    const text = ok().replace(/ {8}'400':\n.*\n/, '');
    const [p] = problemsOf({ 'thing.yaml': text });
    expect(p).toMatchObject({ pointer: '#/paths/~1api~1demo~1thing/get/responses' });
    expect(p!.message).toContain('no error response');
  });

  it('an operationId that breaks the naming contract', () => {
    const [p] = problemsOf({ 'thing.yaml': ok().replace('demo.thing.list', 'things.list') });
    expect(p!.pointer).toBe('#/paths/~1api~1demo~1thing/get/operationId');
    expect(p!.message).toContain("must start with the namespace 'demo.thing'");
  });

  it('an action whose operationId does not name it', () => {
    const text = ok().replace('/api/demo/thing:', '/api/demo/thing?action=refresh-all:').replace('demo.thing.list', 'demo.thing.refresh');
    const [p] = problemsOf({ 'thing.yaml': text });
    expect(p!.message).toContain("must end in '.refreshAll'");
  });

  it('an action named like a plain operation of its namespace, without the Action suffix, and the suffix where none is needed', () => {
    const action = (name: string, id: string) => `  /api/demo/thing?action=${name}:
    post:
      operationId: ${id}
      summary: Act
      responses:
        '204':
          description: Done.
        '400':
          $ref: './common/errors.yaml#/components/responses/BadRequest'
`;
    const clash = problemsOf({ 'thing.yaml': ok(action('list', 'demo.thing.list')) });
    expect(
      clash.some((p) => p.pointer === '#/paths/~1api~1demo~1thing?action=list/post/operationId' && p.message.includes("must be 'demo.thing.listAction'")),
    ).toBe(true);
    const needless = problemsOf({ 'thing.yaml': ok(action('stop', 'demo.thing.stopAction')) });
    expect(needless.map((p) => p.message)).toEqual([
      "operationId of ?action=stop must be 'demo.thing.stop' (the Action suffix is only for a name a plain operation holds)",
    ]);
  });

  it('a selector key without its plain operation, and a selector that is not a required query parameter', () => {
    const selected = (required: boolean) => `  /api/demo/thing?name:
    get:
      operationId: demo.thing.get
      summary: One thing
      parameters:
        - name: name
          in: query
          required: ${required}
          schema: { type: string }
          example: a
      responses:
        '200':
          description: A thing.
          content:
            application/json:
              schema: { type: string }
              example: a
        '400':
          $ref: './common/errors.yaml#/components/responses/BadRequest'
`;
    const alone = problemsOf({ 'thing.yaml': ok().replace(/ {2}\/api\/demo\/thing:[\s\S]*$/, selected(true)) });
    expect(alone.map((p) => p.message)).toEqual([
      "selector key '/api/demo/thing?name' has no plain GET /api/demo/thing to be told apart from; write the path without ?name",
    ]);
    const optional = problemsOf({ 'thing.yaml': ok(selected(false)) });
    expect(optional.map((p) => [p.pointer, p.message])).toEqual([
      [
        '#/paths/~1api~1demo~1thing?name/get/parameters',
        "the selector ?name of path key '/api/demo/thing?name' must be declared as a required query parameter of the operation",
      ],
    ]);
  });

  it('a component defined differently in two files', () => {
    const schema = (type: string) => `components:\n  schemas:\n    Shared:\n      type: ${type}\n`;
    const problems = problemsOf({
      'a.yaml': ok(schema('string')),
      'b.yaml': ok(schema('integer')).replace('/api/demo/thing', '/api/demo/other').replace('demo.thing.list', 'demo.other.list'),
    });
    expect(problems[0]).toMatchObject({ file: 'b.yaml', pointer: '#/components/schemas/Shared' });
    expect(problems[0]!.message).toContain('also defined, differently, in a.yaml');
  });

  it('a task operation without its 202 answer', () => {
    const text = ok().replace(
      'summary: List things',
      "summary: List things\n      x-vsphere-task: both\n      parameters:\n        - $ref: './common/errors.yaml#/components/parameters/VmwTask'",
    );
    const [p] = problemsOf({ 'thing.yaml': text });
    expect(p!.message).toContain('answers 202 with the task id');
  });

  it('YAML that does not parse, and Swagger 2.0', () => {
    const problems = problemsOf({
      'broken.yaml': 'openapi: 3.1.0\ninfo: [unclosed\n',
      'old.yaml': "swagger: '2.0'\ninfo: { title: t, version: '1' }\npaths: {}\n",
    });
    expect(problems.find((p) => p.file === 'broken.yaml')!.message).toMatch(/^YAML syntax/);
    expect(problems.some((p) => p.file === 'old.yaml' && p.pointer === '#/openapi' && p.message.includes('3.1'))).toBe(true);
    expect(problems.some((p) => p.file === 'old.yaml' && p.message.includes('Swagger 2.0'))).toBe(true);
  });

  it('an error type without its HTTP status', async () => {
    const specs = inlineSpecs({ 'thing.yaml': ok() });
    const { readFileSync, writeFileSync } = await import('node:fs');
    const common = `${specs}/common/errors.yaml`;
    writeFileSync(common, readFileSync(common, 'utf8').replace('        UNAUTHENTICATED: 401\n', ''));
    const err = await (async () => generate(analyzeSpecs(specs)))().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).problems[0]).toMatchObject({
      file: 'common/errors.yaml',
      pointer: '#/components/schemas/VapiStdErrorType/x-vsphere-http-status',
    });
    expect((err as SpecError).message).toContain('missing: UNAUTHENTICATED');
  });

  it('specs without the error-type enum', () => {
    const problems = problemsOf({ 'thing.yaml': ok() }, false);
    expect(problems.find((p) => p.pointer === '#/components/schemas/VapiStdErrorType')).toMatchObject({
      file: 'common/errors.yaml',
      message: 'VapiStdErrorType, the enum of vSphere error types with their x-vsphere-http-status, is not defined',
    });
  });

  it('formats every problem on its own line for the terminal', () => {
    try {
      analyzeSpecs(inlineSpecs({ 'thing.yaml': ok().replace('example: [a]', 'example: [1]') }));
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(
        /^1 problem\(s\) in specs:\n {2}thing\.yaml:\d+ #\/paths\/~1api~1demo~1thing\/get\/responses\/200\/content\/application~1json\/example: example does not match/,
      );
    }
  });
});
