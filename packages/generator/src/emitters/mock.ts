import { emitMockDomain } from '../emit/mock-domain.js';
import { emitMockRoutes, emitMockSpec } from '../emit/mock-routes.js';
import { defineEmitter, files } from '../emit/plugin.js';

const DIR = 'packages/mock-server/src/generated';

/** The bundled document the mock compiles its validators from. */
export const mockSpec = defineEmitter({
  name: 'mock-spec',
  reads: ['document'],
  owns: [`${DIR}/spec.gen.json`],
  emit: (ir) => files([`${DIR}/spec.gen.json`, emitMockSpec(ir.document)]),
});

/** The mock's route table: routes, parameter types, schema pointers, success examples, family roles. */
export const mockRoutes = defineEmitter({
  name: 'mock-routes',
  reads: ['operations', 'families'],
  owns: [`${DIR}/routes.gen.json`],
  emit: (ir) => files([`${DIR}/routes.gen.json`, emitMockRoutes(ir.operations, ir.families)]),
});

const DOMAIN_FILES = ['openapi.gen.ts', 'schemas.gen.ts', 'route-keys.gen.ts'] as const;

/** The mock's domain types (openapi-typescript's types, schema aliases) and the unions of route keys and operation ids. */
export const mockDomain = defineEmitter({
  name: 'mock-domain',
  reads: ['document', 'schemas', 'operations'],
  owns: DOMAIN_FILES.map((name) => `${DIR}/${name}`),
  emit: async (ir) => {
    const out = new Map<string, string>();
    for (const [name, text] of await emitMockDomain(ir.document, ir.schemas, ir.operations)) out.set(`${DIR}/${name}`, text);
    return { files: out };
  },
});
