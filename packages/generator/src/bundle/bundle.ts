import { posix } from 'node:path';
import type { SpecFile } from '../load/load-specs.js';
import { getAtPointer, parsePointer, pointerOf, type SpecProblem } from '../load/spec-problem.js';

/** Component kinds that may be shared across files by `$ref`. */
export const COMPONENT_KINDS = ['schemas', 'parameters', 'responses', 'requestBodies', 'headers', 'examples', 'securitySchemes'] as const;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
};

/** Where each path key and component of the bundle came from, for error messages and the IR. */
export interface BundleOrigins {
  readonly paths: Map<string, string>;
  readonly components: Map<string, string>;
}

export interface Bundle {
  readonly document: OpenApiDocument;
  readonly origins: BundleOrigins;
}

/**
 * Merges every spec file into one OpenAPI 3.1 document whose `$ref`s are all
 * internal (`#/components/<kind>/<name>`). Component names are global: two
 * files may not define the same name differently. A `$ref` must point at a
 * component (not into paths), and must resolve.
 */
export function bundleSpecs(files: readonly SpecFile[], problems: SpecProblem[]): Bundle {
  const byName = new Map(files.map((f) => [f.name, f]));
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, Record<string, unknown>> = {};
  const tags = new Map<string, unknown>();
  const origins: BundleOrigins = { paths: new Map(), components: new Map() };

  for (const file of files) {
    const rewritten = rewriteRefs(file, byName, problems) as Record<string, unknown>;
    const fileComponents = (rewritten.components ?? {}) as Record<string, Record<string, unknown>>;
    for (const kind of COMPONENT_KINDS) {
      for (const [name, value] of Object.entries(fileComponents[kind] ?? {})) {
        if (isSelfAlias(value, kind, name)) continue; // `session_id: {$ref: …/securitySchemes/session_id}`
        const key = `${kind}/${name}`;
        const bucket = (components[kind] ??= {});
        const earlier = origins.components.get(key);
        if (earlier !== undefined) {
          if (stableJson(bucket[name]) !== stableJson(value)) {
            problems.push({
              file: file.name,
              pointer: pointerOf('components', kind, name),
              line: file.lineOf(pointerOf('components', kind, name)),
              message: `component '${name}' is also defined, differently, in ${earlier}; component names are global — $ref that one instead`,
            });
          }
          continue;
        }
        bucket[name] = value;
        origins.components.set(key, file.name);
      }
    }
    for (const tag of (rewritten.tags ?? []) as { name: string }[]) {
      if (!tags.has(tag.name)) tags.set(tag.name, tag);
    }
    const fileSecurity = rewritten.security;
    for (const [key, item] of Object.entries((rewritten.paths ?? {}) as Record<string, Record<string, unknown>>)) {
      const earlier = origins.paths.get(key);
      if (earlier !== undefined) {
        problems.push({
          file: file.name,
          pointer: pointerOf('paths', key),
          line: file.lineOf(pointerOf('paths', key)),
          message: `path '${key}' is already defined in ${earlier}; each operation must be defined once`,
        });
        continue;
      }
      const copy: Record<string, unknown> = { ...item };
      for (const method of HTTP_METHODS) {
        const op = copy[method] as Record<string, unknown> | undefined;
        if (op && op.security === undefined && fileSecurity !== undefined) copy[method] = { ...op, security: fileSecurity };
      }
      paths[key] = copy;
      origins.paths.set(key, file.name);
    }
  }

  const sortedComponents: Record<string, Record<string, unknown>> = {};
  for (const kind of COMPONENT_KINDS) {
    if (components[kind]) sortedComponents[kind] = sortKeys(components[kind]);
  }
  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: 'vSphere Automation REST API (vsphere-kit curated)',
      version: '8.0.2',
      description: 'All curated vsphere-kit specs, bundled into one document by @vsphere-kit/generator.',
    },
    tags: [...tags.keys()].sort().map((k) => tags.get(k)),
    paths: sortKeys(paths),
    components: sortedComponents,
  };
  return { document, origins };
}

function isSelfAlias(value: unknown, kind: string, name: string): boolean {
  return isRef(value) && value.$ref === `#/components/${kind}/${name}`;
}

function isRef(value: unknown): value is { $ref: string } {
  return value !== null && typeof value === 'object' && typeof (value as { $ref?: unknown }).$ref === 'string';
}

/** Returns a deep copy of the file's document with every `$ref` made internal to the bundle. */
function rewriteRefs(file: SpecFile, byName: Map<string, SpecFile>, problems: SpecProblem[]): unknown {
  const visit = (node: unknown, at: (string | number)[]): unknown => {
    if (Array.isArray(node)) return node.map((v, i) => visit(v, [...at, i]));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        out[k] = resolveRef(file, v, pointerOf(...at, '$ref'), byName, problems);
      } else if (k === 'example' || (k === 'examples' && at[at.length - 1] !== 'components')) {
        out[k] = v; // example payloads are data, never references
      } else {
        out[k] = visit(v, [...at, k]);
      }
    }
    return out;
  };
  return visit(file.doc, []);
}

function resolveRef(file: SpecFile, ref: string, at: string, byName: Map<string, SpecFile>, problems: SpecProblem[]): string {
  const hash = ref.indexOf('#');
  const target = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '#' : ref.slice(hash);
  const targetName = target === '' ? file.name : posix.normalize(posix.join(posix.dirname(file.name), target));
  const report = (message: string): string => {
    problems.push({ file: file.name, pointer: at, line: file.lineOf(at), message });
    return ref;
  };
  const targetFile = byName.get(targetName);
  if (!targetFile) return report(`$ref '${ref}' points at a file that does not exist (${targetName})`);
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    return report(`$ref '${ref}' has a malformed JSON pointer`);
  }
  if (getAtPointer(targetFile.doc, pointer) === undefined) {
    return report(`$ref '${ref}' does not resolve: ${targetName} has nothing at ${pointer}`);
  }
  if (tokens.length !== 3 || tokens[0] !== 'components' || !(COMPONENT_KINDS as readonly string[]).includes(tokens[1]!)) {
    return report(`$ref '${ref}' must point at a component (#/components/<kind>/<name>), not at ${pointer}`);
  }
  return `#/components/${tokens[1]}/${tokens[2]}`;
}

export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}

export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? sortKeys(v as Record<string, unknown>) : v));
}
