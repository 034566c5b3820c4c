import { describe, expect, it } from 'vitest';
import { commandOf } from '../src/emit/cli-commands.js';
import { analyzeSpecs, generate } from '../src/pipeline.js';
import { fixtureSpecs } from './helpers.js';

describe('the operation table (IR)', () => {
  it('keeps each ?action= as its own operation on the bare path', () => {
    const { ir } = analyzeSpecs(fixtureSpecs('action-operations'));
    const turnOn = ir.operations.find((o) => o.id === 'demo.widget.turnOn')!;
    expect(turnOn).toMatchObject({
      method: 'POST',
      path: '/api/demo/widget/{widget}',
      action: 'turn-on',
      actionKey: 'action',
      specKey: '/api/demo/widget/{widget}?action=turn-on',
      namespace: ['demo', 'widget'],
      name: 'turnOn',
      success: { status: 204, hasBody: false },
    });
    expect(turnOn.queryParams.map((q) => q.name)).toEqual(['force']);
    const rename = ir.operations.find((o) => o.id === 'demo.widget.rename')!;
    expect(rename.body?.fields.map((f) => [f.name, f.required, f.schema.type])).toEqual([
      ['name', true, 'string'],
      ['state', false, 'string'],
    ]);
    expect(rename.body?.fields[1]?.schema.enum).toEqual(['ON', 'OFF']);
  });

  it('records task modes and the result of task-only operations', () => {
    const { ir } = analyzeSpecs(fixtureSpecs('task-operations'));
    const create = ir.operations.find((o) => o.id === 'demo.job.create')!;
    const apply = ir.operations.find((o) => o.id === 'demo.job.apply')!;
    expect(create.task).toBe('both');
    expect(create.success.status).toBe(201);
    expect(create.queryParams).toEqual([]); // vmw-task is the task mode, not a filter
    expect(apply).toMatchObject({ task: 'only', taskResult: { schemaRef: 'DemoJobApplyResult' }, success: { status: 202 } });
  });

  it('puts /rest operations under rest, reads id:{x} segments as parameters, and keeps auth', () => {
    const { ir } = analyzeSpecs(fixtureSpecs('rest-wrapper'));
    expect(ir.operations[0]).toMatchObject({ id: 'rest.demo.logging.get', rest: true, namespace: ['rest', 'demo', 'logging'], auth: 'session' });
    expect(ir.operations[0]!.pathParams.map((p) => p.name)).toEqual(['config_id']);
    const token = analyzeSpecs(fixtureSpecs('form-body')).ir.operations[0]!;
    expect(token).toMatchObject({ auth: 'none', body: { contentType: 'application/x-www-form-urlencoded', required: true } });
  });
});

describe('resource families', () => {
  const { ir } = analyzeSpecs(fixtureSpecs('resource-families'));
  const roleOf = (id: string) => ir.operations.find((o) => o.id === id)!.family;

  it('groups a collection with its items: id parameter, list/create/get/update/set/delete, item actions', () => {
    expect(ir.families['/api/demo/shelf']).toEqual({
      kind: 'collection',
      path: '/api/demo/shelf',
      itemPath: '/api/demo/shelf/{shelf}',
      idParam: 'shelf',
      parentParams: [],
      list: 'demo.shelf.list',
      create: 'demo.shelf.create',
      get: 'demo.shelf.get',
      update: 'demo.shelf.update',
      set: 'demo.shelf.set',
      delete: 'demo.shelf.delete',
      actions: ['demo.shelf.dust'],
      other: [],
    });
    expect(roleOf('demo.shelf.dust')).toEqual({ family: '/api/demo/shelf', role: 'action' });
    expect(roleOf('demo.shelf.update')).toEqual({ family: '/api/demo/shelf', role: 'update' });
  });

  it('keys a nested collection by its own path, with the parent parameter apart from the id', () => {
    expect(ir.families['/api/demo/shelf/{shelf}/book']).toMatchObject({
      kind: 'collection',
      idParam: 'book',
      parentParams: ['shelf'],
      list: 'demo.shelf.book.list',
      get: 'demo.shelf.book.get',
    });
    expect(ir.families['/api/demo/shelf/{shelf}/book']!.create).toBeUndefined();
  });

  it('takes a listed path without addressed items as a collection with no id parameter', () => {
    expect(ir.families['/api/demo/reader']).toEqual({
      kind: 'collection',
      path: '/api/demo/reader',
      parentParams: [],
      list: 'demo.reader.list',
      create: 'demo.reader.create',
      actions: [],
      other: [],
    });
  });

  it('tells singletons (read/written, no items) from action-only paths', () => {
    expect(ir.families['/api/demo/library/settings']).toMatchObject({
      kind: 'singleton',
      get: 'demo.library.settings.get',
      update: 'demo.library.settings.update',
    });
    expect(ir.families['/api/demo/library']).toMatchObject({ kind: 'action', actions: ['demo.library.close'] });
    expect(Object.keys(ir.families)).toEqual([...Object.keys(ir.families)].sort());
  });

  it('records since-versions of operations and schemas, and the error types with their statuses', () => {
    expect(ir.operations.find((o) => o.id === 'demo.shelf.list')!.since).toBe('7.0.0');
    expect(ir.schemas.DemoShelfSummary).toMatchObject({ name: 'DemoShelfSummary', file: 'shelf.yaml', since: '7.0.0' });
    expect(ir.schemas.DemoShelfSpec!.schema).toMatchObject({ type: 'object', required: ['name'] });
    expect(ir.errorTypes).toContainEqual({ type: 'NOT_FOUND', status: 404 });
  });

  it('keeps every declared response with its schema pointer, and examples only for success', () => {
    const get = ir.operations.find((o) => o.id === 'demo.shelf.get')!;
    expect(get.responses).toEqual([
      {
        status: 200,
        schemaPointer: '#/paths/~1api~1demo~1shelf~1{shelf}/get/responses/200/content/application~1json/schema',
        schemaRef: 'DemoShelfSummary',
        example: { shelf: 'shelf-1', name: 'top' },
      },
      { status: 404, schemaPointer: '#/components/responses/NotFound/content/application~1json/schema', schemaRef: 'Error' },
    ]);
  });
});

describe('parameter merging (path level, then operation level, once)', () => {
  const { ir } = analyzeSpecs(fixtureSpecs('parameter-merging'));
  const get = ir.operations.find((o) => o.id === 'demo.probe.get')!;
  const del = ir.operations.find((o) => o.id === 'demo.probe.delete')!;

  it('lets an operation-level parameter replace the path-level one of the same name and place', () => {
    const detail = get.queryParams.find((q) => q.name === 'detail')!;
    expect(detail).toEqual({
      name: 'detail',
      required: true,
      description: 'Depth of the answer (operation level).',
      schema: { type: 'integer', format: 'int32' },
      schemaPointer: '#/paths/~1api~1demo~1probe~1{probe}/get/parameters/0/schema',
      example: 2,
    });
    expect(del.pathParams[0]).toMatchObject({
      description: 'Probe to remove (operation level).',
      example: 'probe-9',
      schemaPointer: '#/paths/~1api~1demo~1probe~1{probe}/delete/parameters/0/schema',
    });
  });

  it('inherits path-level parameters the operation does not redeclare, and points $ref parameters at their component', () => {
    expect(del.queryParams.map((q) => [q.name, q.schema.type, q.required])).toEqual([
      ['detail', 'string', false],
      ['limit', 'array', false],
    ]);
    expect(del.queryParams[0]!.schema.enum).toEqual(['BRIEF', 'FULL']);
    expect(get.queryParams.find((q) => q.name === 'limit')).toMatchObject({
      schema: { type: 'array', itemType: 'integer' },
      schemaPointer: '#/components/parameters/DemoProbeLimit/schema',
      example: [5],
    });
    expect(get.queryParams.map((q) => q.name)).toEqual(['detail', 'limit', 'since']);
    expect(get.queryParams.find((q) => q.name === 'since')!.schema).toEqual({ type: 'string', format: 'date-time' });
  });

  it('gives the mock route table and the CLI flags the merged types', async () => {
    const output = await generate(analyzeSpecs(fixtureSpecs('parameter-merging')));
    const routes = JSON.parse(output.files.get('packages/mock-server/src/generated/routes.gen.json')!).routes as {
      id: string;
      parameters: Record<string, unknown>[];
    }[];
    expect(routes.find((r) => r.id === 'demo.probe.get')!.parameters.find((p) => p.name === 'detail')).toEqual({
      name: 'detail',
      in: 'query',
      required: true,
      type: 'integer',
      format: 'int32',
      schema: '/paths/~1api~1demo~1probe~1{probe}/get/parameters/0/schema',
    });
    const flags = (op: typeof get) => commandOf(op).flags as { name: string; in: string; type: string; enum?: string[] }[];
    expect(flags(get).find((f) => f.name === 'detail')).toMatchObject({ in: 'query', type: 'integer', required: true });
    expect(flags(del).find((f) => f.name === 'detail')).toMatchObject({ in: 'query', type: 'string', enum: ['BRIEF', 'FULL'], required: false });
  });
});
