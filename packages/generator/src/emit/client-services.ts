import {
  IndentationText,
  Project,
  QuoteKind,
  Scope,
  StructureKind,
  type ClassDeclarationStructure,
  type ImportDeclarationStructure,
  type MethodDeclarationStructure,
  type SourceFile,
  type StatementStructures,
} from 'ts-morph';
import type { IrOperation } from '../ir/types.js';
import { namespaceClassName, opType, pathArgName, routeConstName, serviceClassName, serviceFile, tsString } from './client-naming.js';
import { generatedHeader, jsdocText } from './header.js';
import { literal, routeData } from './route-literal.js';

export interface NamespaceGroup {
  readonly namespace: readonly string[];
  readonly operations: readonly IrOperation[];
}

/** Groups operations by namespace, in sorted order. */
export function groupByNamespace(operations: readonly IrOperation[]): NamespaceGroup[] {
  const groups = new Map<string, IrOperation[]>();
  for (const op of operations) {
    const key = op.namespace.join('.');
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  return [...groups.keys()].sort().map((key) => ({ namespace: groups.get(key)![0]!.namespace, operations: groups.get(key)! }));
}

function newProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single },
  });
}

/**
 * Emits one service class per namespace (src/generated/services/…gen.ts). Each file
 * carries its own route constants, so importing one service bundles only it.
 * Files are built from ts-morph structures in one pass (incremental manipulation
 * re-parses on every edit and is far too slow at this size).
 */
export function emitServiceFiles(groups: readonly NamespaceGroup[]): Map<string, string> {
  const project = newProject();
  const out = new Map<string, string>();
  for (const group of groups) {
    const rel = serviceFile(group.namespace);
    const sources = [...new Set(group.operations.map((o) => `specs/${o.file}`))].sort().join(', ');
    // Route constants are data: written as text, already laid out, rather than re-indented by ts-morph.
    const routes = group.operations.map(
      (op) => `/** ${jsdocText(`${op.method} ${op.specKey}`)} */\nexport const ${routeConstName(op)}: RouteDef = ${literal(routeData(op))};`,
    );
    const cls: ClassDeclarationStructure = {
      kind: StructureKind.Class,
      name: serviceClassName(group.namespace),
      isExported: true,
      docs: [`Operations of \`${group.namespace.join('.')}\` (${sources}).`],
      ctors: [{ parameters: [{ name: 'caller', type: 'Caller', isReadonly: true, scope: Scope.Protected }] }],
      methods: group.operations.flatMap(methodStructures),
    };
    const body: (string | StatementStructures)[] = [...routes, cls];
    const imports = usedImports(rel, JSON.stringify(body));
    const file = project.createSourceFile(rel, { statements: [...imports, ...body] }, { overwrite: true });
    out.set(rel, generatedHeader(sources) + '\n' + format(file));
  }
  return out;
}

/** Type-only imports of a service file, limited to the names its code uses. */
function usedImports(rel: string, code: string): ImportDeclarationStructure[] {
  const up = '../'.repeat(rel.split('/').length);
  const candidates: [string, string[]][] = [
    // the shared contract comes from @vsphere-kit/core
    ['@vsphere-kit/core/caller', ['Caller', 'RequestOptions']],
    ['@vsphere-kit/core/route', ['RouteDef']],
    ['@vsphere-kit/core/task-handle', ['TaskHandle']],
    [`${up}core/op-types.js`, ['OpBody', 'OpQuery', 'OpResponse', 'RestValue']],
    ['@vsphere-kit/core/api-types', ['components', 'operations']],
  ];
  return candidates
    .map(([moduleSpecifier, names]) => ({
      kind: StructureKind.ImportDeclaration as const,
      isTypeOnly: true,
      moduleSpecifier,
      namedImports: names.filter((n) => new RegExp(`\\b${n}${n === 'components' || n === 'operations' ? '\\[' : '\\b'}`).test(code)),
    }))
    .filter((d) => d.namedImports.length > 0);
}

/**
 * The file's text as ts-morph printed it from the structures: already laid out
 * (two-space indentation, data literals pre-formatted), so no formatter pass runs
 * over it; the snapshots and the drift check catch any layout change.
 */
function format(file: SourceFile): string {
  return file.getFullText().replace(/\n{3,}/g, '\n\n');
}

interface MethodShape {
  params: { name: string; type: string; optional: boolean }[];
  args: string;
  docs: string;
}

function methodShape(op: IrOperation): MethodShape {
  const params: MethodShape['params'] = [];
  const pathEntries: string[] = [];
  const paramDocs: string[] = [];
  for (const p of op.pathParams) {
    const arg = pathArgName(p.name);
    params.push({ name: arg, type: 'string', optional: false });
    pathEntries.push(arg === p.name ? arg : `${JSON.stringify(p.name)}: ${arg}`);
    paramDocs.push(`@param ${arg} ${p.description || `The \`${p.name}\` path parameter.`}`);
  }
  const argParts: string[] = [];
  if (pathEntries.length) argParts.push(`path: { ${pathEntries.join(', ')} }`);
  if (op.body) {
    params.push({ name: 'body', type: `OpBody<${opType(op)}>`, optional: !op.body.required });
    argParts.push('body');
    paramDocs.push(`@param body Request body${op.body.schemaRef ? ` (\`${op.body.schemaRef}\`)` : ''}.`);
  }
  if (op.queryParams.length) {
    const required = op.queryParams.some((q) => q.required);
    params.push({ name: 'query', type: `OpQuery<${opType(op)}>`, optional: !required });
    argParts.push('query');
    paramDocs.push(`@param query ${op.queryParams.map((q) => `\`${q.name}\``).join(', ')}.`);
  }
  // Once a parameter is optional, everything after it must be too.
  let seenOptional = false;
  for (const p of params) {
    if (p.optional) seenOptional = true;
    else if (seenOptional) p.optional = false;
  }
  params.push({ name: 'options', type: 'RequestOptions', optional: true });
  const summary = jsdocText(op.summary || op.id);
  const description = jsdocText(op.description);
  const docs = [
    summary,
    ...(description && description !== summary ? ['', description] : []),
    '',
    `\`${op.method} ${op.specKey}\`${op.since ? ` — since vSphere ${op.since}` : ''}`,
    ...paramDocs,
  ].join('\n');
  return { params, args: argParts.length ? `{ ${argParts.join(', ')} }` : '{}', docs };
}

/** The decoded success body: `/rest` answers are unwrapped from `{"value": ...}` by the runtime. */
export function responseType(op: IrOperation): string {
  const raw = `OpResponse<${opType(op)}, ${op.success.status}>`;
  return op.rest ? `RestValue<${raw}>` : raw;
}

function methodStructures(op: IrOperation): MethodDeclarationStructure[] {
  const shape = methodShape(op);
  const route = routeConstName(op);
  const parameters = shape.params.map((p) => ({ name: p.name, type: p.type, hasQuestionToken: p.optional }));
  const methods: MethodDeclarationStructure[] = [];
  if (op.task !== 'only') {
    const response = responseType(op);
    methods.push({
      kind: StructureKind.Method,
      name: op.name,
      parameters,
      returnType: `Promise<${response}>`,
      docs: [shape.docs],
      statements: `return this.caller.call<${response}>(${route}, ${shape.args}, options);`,
    });
  }
  if (op.task) {
    const result = op.task === 'both' ? responseType(op) : op.taskResult?.schemaRef ? `components['schemas'][${tsString(op.taskResult.schemaRef)}]` : 'void';
    methods.push({
      kind: StructureKind.Method,
      name: `${op.name}Task`,
      parameters,
      returnType: `Promise<TaskHandle<${result}>>`,
      docs: [`${shape.docs}\n\nRuns as a vCenter task (\`vmw-task=true\`); \`wait()\` on the handle resolves with the result.`],
      statements: `return this.caller.callTask<${result}>(${route}, ${shape.args}, options);`,
    });
  }
  return methods;
}

/** `api.gen.ts`: the lazily built namespace tree behind `VsphereClient`. */
export function emitApiTree(groups: readonly NamespaceGroup[]): string {
  const withService = new Set(groups.map((g) => g.namespace.join('.')));
  const nodes = new Map<string, Set<string>>(); // node → child words
  nodes.set('', new Set());
  for (const g of groups) {
    for (let i = 0; i < g.namespace.length; i++) {
      const parent = g.namespace.slice(0, i).join('.');
      const self = g.namespace.slice(0, i + 1).join('.');
      (nodes.get(parent) ?? nodes.set(parent, new Set()).get(parent)!).add(g.namespace[i]!);
      if (!nodes.has(self)) nodes.set(self, new Set());
    }
  }
  const members = (node: string): Pick<ClassDeclarationStructure, 'properties' | 'getAccessors'> => {
    const children = [...nodes.get(node)!].sort();
    return {
      properties: children.map((child) => ({
        name: `#${child}`,
        type: namespaceClassName(node === '' ? [child] : [...node.split('.'), child]),
        hasQuestionToken: true,
      })),
      getAccessors: children.map((child) => {
        const childPath = node === '' ? [child] : [...node.split('.'), child];
        const childClass = namespaceClassName(childPath);
        return {
          name: child,
          returnType: childClass,
          docs: [`\`${childPath.join('.')}\` operations.`],
          statements: `return (this.#${child} ??= new ${childClass}(this.caller));`,
        };
      }),
    };
  };
  const callerCtor = [{ parameters: [{ name: 'caller', type: 'Caller', isReadonly: true, scope: Scope.Protected }] }];
  // Deepest first, so that each class is declared before its parent uses it.
  const ordered = [...nodes.keys()].filter((n) => n !== '').sort((a, b) => b.split('.').length - a.split('.').length || (a < b ? -1 : 1));
  const classes: ClassDeclarationStructure[] = ordered.map((node) => {
    const words = node.split('.');
    return {
      kind: StructureKind.Class,
      name: namespaceClassName(words),
      isExported: true,
      docs: [`The \`${node}\` namespace.`],
      ...(withService.has(node) ? { extends: serviceClassName(words) } : { ctors: callerCtor }),
      ...members(node),
    };
  });
  classes.push({
    kind: StructureKind.Class,
    name: 'VsphereApi',
    isExported: true,
    docs: ['Every namespace of the vSphere Automation API, created on first use.'],
    ctors: callerCtor,
    ...members(''),
  });
  const imports: ImportDeclarationStructure[] = [
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['Caller'], moduleSpecifier: '@vsphere-kit/core/caller' },
    ...[...withService].sort().map((ns) => ({
      kind: StructureKind.ImportDeclaration as const,
      namedImports: [serviceClassName(ns.split('.'))],
      moduleSpecifier: `./${serviceFile(ns.split('.')).replace(/\.ts$/, '.js')}`,
    })),
  ];
  const file = newProject().createSourceFile('api.gen.ts', { statements: [...imports, ...classes] });
  return generatedHeader('specs/') + '\n' + format(file);
}
