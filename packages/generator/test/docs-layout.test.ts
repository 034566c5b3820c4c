// How docs/api is cut into pages and where each schema is documented, and the per-namespace
// OpenAPI documents the HTML reference is built from, on a small hand-made IR.
import { describe, expect, it } from 'vitest';
import { namespaceDocuments } from '../src/docs-site/namespace-documents.js';
import { layoutDocs, MAX_OPERATIONS_PER_PAGE } from '../src/emit/docs/layout.js';
import { renderDocs } from '../src/emit/docs/render.js';
import type { Ir, IrOperation, IrSchema } from '../src/ir/types.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const pointerToken = (path: string) => path.replace(/~/g, '~0').replace(/\//g, '~1');

function buildIr(): Pick<Ir, 'operations' | 'schemas' | 'document' | 'errorTypes'> {
  const paths: Record<string, Record<string, unknown>> = {};
  const operations: IrOperation[] = [];
  const op = (id: string, body?: string): void => {
    const namespace = id.split('.').slice(0, -1);
    const path = `/api/${id.split('.').join('/')}`;
    const base = `#/paths/${pointerToken(path)}/post`;
    paths[path] = {
      post: {
        operationId: id,
        tags: [namespace.join('-')],
        ...(body ? { requestBody: { content: { 'application/json': { schema: ref(body) } } } } : {}),
        responses: { '204': { description: 'done' }, '400': { content: { 'application/json': { schema: ref('Err') } } } },
      },
    };
    operations.push({
      id,
      namespace,
      name: id.split('.').at(-1)!,
      method: 'POST',
      path,
      specKey: path,
      pointer: base,
      file: `${namespace[0]}/x.yaml`,
      summary: `Run ${id}`,
      description: '',
      pathParams: [],
      queryParams: [],
      ...(body
        ? {
            body: {
              required: true,
              contentType: 'application/json',
              schemaRef: body,
              schemaPointer: `${base}/requestBody/content/application~1json/schema`,
              fields: [],
            },
          }
        : {}),
      success: { status: 204, hasBody: false },
      responses: [{ status: 204 }, { status: 400, schemaRef: 'Err', schemaPointer: `${base}/responses/400/content/application~1json/schema` }],
      errorStatuses: [400],
      rest: false,
      auth: 'session',
      family: { family: path, role: 'action' },
    } as IrOperation);
  };
  op('big.list');
  op('big.get', 'Shared');
  for (let i = 0; i < 20; i++) op(`big.alpha.op${i}`, i === 0 ? 'AlphaSpec' : undefined);
  for (let i = 0; i < 10; i++) op(`big.beta.op${i}`, i === 0 ? 'Shared' : undefined);
  op('tiny.run');
  const schema = (name: string, file: string, body: Record<string, unknown>): [string, IrSchema] => [name, { name, file, schema: body }];
  const schemas = Object.fromEntries([
    schema('AlphaPart', 'big/x.yaml', { type: 'object', properties: { size: { type: 'integer', format: 'int64', description: 'Bytes.' } } }),
    schema('AlphaSpec', 'big/x.yaml', {
      type: 'object',
      required: ['part'],
      properties: { part: ref('AlphaPart'), inline: { type: 'object', properties: { deep: { type: 'string', enum: ['A', 'B'] } } } },
    }),
    schema('Err', 'common/errors.yaml', { type: 'object', properties: { error_type: { type: 'string' } } }),
    schema('Orphan', 'tiny/x.yaml', { type: 'string', description: 'Used by no operation.' }),
    schema('Shared', 'big/x.yaml', { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } } } }),
  ]);
  const document = {
    openapi: '3.1.0',
    info: { title: 'all', version: '1' },
    tags: [{ name: 'big-alpha', description: 'Alpha things.' }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).map(([n, s]) => [n, s.schema])),
      securitySchemes: { session: { type: 'apiKey', in: 'header', name: 'vmware-api-session-id' } },
    },
  } as unknown as Ir['document'];
  return { operations, schemas, document, errorTypes: [{ type: 'NOT_FOUND', status: 404 }] };
}

describe('docs/api layout', () => {
  const ir = buildIr();
  const layout = layoutDocs(ir);
  const pageOf = (name: string) => layout.pageOfSchema.get(name)?.path;

  it('splits a namespace above the limit into a page per sub-namespace, keeping small ones whole', () => {
    expect(ir.operations.filter((o) => o.namespace[0] === 'big').length).toBeGreaterThan(MAX_OPERATIONS_PER_PAGE);
    expect(layout.pages.map((p) => `${p.path}: ${p.operations.length}`)).toEqual([
      'docs/api/big/README.md: 2',
      'docs/api/big/alpha.md: 20',
      'docs/api/big/beta.md: 10',
      'docs/api/tiny/README.md: 1',
      'docs/api/shared.md: 0',
    ]);
  });

  it('puts each schema on the page of the namespace its users share', () => {
    expect(pageOf('AlphaSpec')).toBe('docs/api/big/alpha.md'); // one page uses it
    expect(pageOf('AlphaPart')).toBe('docs/api/big/alpha.md'); // reached only through AlphaSpec
    expect(pageOf('Shared')).toBe('docs/api/big/README.md'); // big.get and big.beta share the prefix `big`
    expect(pageOf('Err')).toBe('docs/api/shared.md'); // two namespaces
    expect(pageOf('Orphan')).toBe('docs/api/tiny/README.md'); // no user: its spec file's namespace
  });

  it('renders fields with types, formats, enums and required, linked across pages by GitHub anchors', () => {
    const files = renderDocs(layout, ir);
    const alpha = files.get('docs/api/big/alpha.md')!;
    expect(alpha).toContain('- Request body (application/json, required): [`AlphaSpec`](#alphaspec)');
    expect(alpha).toContain('- Errors: 400 ([`Err`](../shared.md#err))');
    expect(alpha).toContain('| `part` | [`AlphaPart`](#alphapart) | yes |  |');
    expect(alpha).toContain('| `inline.deep` | string, one of `A`, `B` | no |  |');
    expect(alpha).toContain('| `size` | integer (int64) | no | Bytes. |');
    expect(alpha).toContain('Used by [`big.alpha.op0`](#bigalphaop0).');
    const readme = files.get('docs/api/big/README.md')!;
    expect(readme).toContain('| [`big.alpha.op0`](alpha.md#bigalphaop0) | `POST /api/big/alpha/op0` | Run big.alpha.op0 |');
    expect(readme).toContain('| [`big.beta`](beta.md) | 10 | 0 |');
    expect(files.get('docs/api/shared.md')).toContain('| `NOT_FOUND` | 404 |');
    expect(files.get('docs/api/README.md')).toContain('| [`big`](big/README.md) | 32 | 3 | 3 |');
  });
});

describe('per-namespace OpenAPI documents', () => {
  const ir = buildIr();

  it('hold the namespace paths, the components they reach, and a section per schema', () => {
    const tiny = namespaceDocuments(ir, ['tiny']).get('tiny') as unknown as {
      paths: object;
      components: { schemas: object; securitySchemes: object };
      tags: { name: string; description?: string }[];
      'x-tagGroups': { name: string; tags: string[] }[];
    };
    expect(Object.keys(tiny.paths)).toEqual(['/api/tiny/run']);
    expect(Object.keys(tiny.components.schemas)).toEqual(['Err']);
    expect(Object.keys(tiny.components.securitySchemes)).toEqual(['session']);
    expect(tiny['x-tagGroups']).toEqual([
      { name: 'Operations', tags: ['tiny'] },
      { name: 'Schemas', tags: ['schema:Err'] },
    ]);
    expect(tiny.tags.at(-1)).toMatchObject({ name: 'schema:Err', description: '<SchemaDefinition schemaRef="#/components/schemas/Err" />' });
    const big = namespaceDocuments(ir, ['big']).get('big') as unknown as { components: { schemas: object }; tags: { name: string; description?: string }[] };
    expect(Object.keys(big.components.schemas)).toEqual(['AlphaPart', 'AlphaSpec', 'Err', 'Shared']);
    expect(big.tags.find((t) => t.name === 'big-alpha')).toEqual({ name: 'big-alpha', description: 'Alpha things.' });
  });

  it('refuses an unknown namespace, naming the known ones', () => {
    expect(() => namespaceDocuments(ir, ['huge'])).toThrow('unknown namespace huge: the namespaces are big, tiny');
  });
});
