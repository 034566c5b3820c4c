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

const DOMAIN_FILES = ['route-keys.gen.ts'] as const;

/** The unions of route keys and operation ids that type the mock's behaviour table (its domain types come from @vsphere-kit/core/api-types). */
export const mockDomain = defineEmitter({
  name: 'mock-domain',
  reads: ['operations'],
  owns: DOMAIN_FILES.map((name) => `${DIR}/${name}`),
  emit: (ir) => ({ files: new Map([...emitMockDomain(ir.operations)].map(([name, text]) => [`${DIR}/${name}`, text])) }),
});
