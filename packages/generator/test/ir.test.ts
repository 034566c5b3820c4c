import { describe, expect, it } from 'vitest';
import { analyzeSpecs } from '../src/pipeline.js';
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
    expect(apply).toMatchObject({ task: 'only', taskResultRef: 'DemoJobApplyResult', success: { status: 202 } });
  });

  it('puts /rest operations under rest, reads id:{x} segments as parameters, and keeps auth', () => {
    const { ir } = analyzeSpecs(fixtureSpecs('rest-wrapper'));
    expect(ir.operations[0]).toMatchObject({ id: 'rest.demo.logging.get', rest: true, namespace: ['rest', 'demo', 'logging'], auth: 'session' });
    expect(ir.operations[0]!.pathParams.map((p) => p.name)).toEqual(['config_id']);
    const token = analyzeSpecs(fixtureSpecs('form-body')).ir.operations[0]!;
    expect(token).toMatchObject({ auth: 'none', body: { contentType: 'application/x-www-form-urlencoded', required: true } });
  });
});
