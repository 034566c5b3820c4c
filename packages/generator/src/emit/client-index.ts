import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenApiDocument } from '../bundle/bundle.js';
import { routeKey } from '@vsphere-kit/core/route';
import type { Ir } from '../ir/types.js';
import { opType, routeConstName, serviceClassName, serviceFile, tsString } from './client-naming.js';
import { responseType, type NamespaceGroup } from './client-services.js';
import { generatedHeader } from './header.js';

/** openapi-typescript's output per bundle (one run costs seconds; generator tests emit several bundles). */
const typesOf = new WeakMap<OpenApiDocument, Promise<string>>();

/** `api-types.gen.ts` in @vsphere-kit/core: openapi-typescript's `paths`, `components` and `operations` for the bundle. */
export function emitClientTypes(document: OpenApiDocument): Promise<string> {
  let text = typesOf.get(document);
  if (!text) {
    text = openapiTS(document as never, { alphabetize: true, silent: true, emptyObjectsUnknown: true }).then(
      (ast) => generatedHeader('specs/ (through openapi-typescript)') + '\n' + astToString(ast),
    );
    typesOf.set(document, text);
  }
  return text;
}

/** `schemas.gen.ts` in @vsphere-kit/core: a named alias for every component schema. */
export function emitSchemaAliases(schemas: Ir['schemas']): string {
  const names = Object.keys(schemas).sort();
  const lines = names.map((n) => `export type ${n} = components['schemas'][${tsString(n)}];`);
  return `${generatedHeader('specs/')}\nimport type { components } from './api-types.gen.js';\n\n${lines.join('\n')}\n`;
}

/** `routes.gen.ts`: every RouteDef by its key, and the types of the low-level `request()`. */
export function emitRoutes(groups: readonly NamespaceGroup[]): string {
  const imports: string[] = [];
  const entries: string[] = [];
  const types: string[] = [];
  for (const group of groups) {
    const consts = group.operations.map(routeConstName);
    imports.push(`import { ${consts.join(', ')} } from './${serviceFile(group.namespace).replace(/\.ts$/, '.js')}';`);
    for (const op of group.operations) {
      const key = routeKey(op);
      entries.push(`  ${JSON.stringify(key)}: ${routeConstName(op)},`);
      const response = op.task === 'only' ? 'string' : responseType(op);
      types.push(
        `  ${JSON.stringify(key)}: {\n    path: OpPath<${opType(op)}>;\n    query: OpQuery<${opType(op)}>;\n    body: ${op.body ? `OpBody<${opType(op)}>` : 'never'};\n    response: ${response};\n  };`,
      );
    }
  }
  const helpers = ['OpBody', 'OpPath', 'OpQuery', 'OpResponse', 'RestValue'].filter((h) => types.some((t) => t.includes(`${h}<`)));
  return [
    generatedHeader('specs/'),
    `import type { ${helpers.join(', ')} } from '../core/op-types.js';`,
    "import type { RouteDef } from '@vsphere-kit/core/route';",
    "import type { operations } from '@vsphere-kit/core/api-types';",
    ...imports,
    '',
    '/** Every operation, keyed as `METHOD /path[?action=NAME|?selector]`. */',
    'export const ROUTES: Readonly<Record<keyof RouteTypes, RouteDef>> = {',
    ...entries,
    '};',
    '',
    '/** Parameter, body and response types of each route key, for `client.request()`. */',
    'export interface RouteTypes {',
    ...types,
    '}',
    '',
  ].join('\n');
}

/** `index.gen.ts`: the barrel of everything generated. */
export function emitClientIndex(groups: readonly NamespaceGroup[]): string {
  const lines = groups.map((g) => `export { ${serviceClassName(g.namespace)} } from './${serviceFile(g.namespace).replace(/\.ts$/, '.js')}';`);
  return [
    generatedHeader('specs/'),
    "export * from './api.gen.js';",
    "export { ROUTES, type RouteTypes } from './routes.gen.js';",
    // the API types live once, in @vsphere-kit/core; the client re-exports them
    "export type * from '@vsphere-kit/core/api-types';",
    ...lines,
    '',
  ].join('\n');
}
