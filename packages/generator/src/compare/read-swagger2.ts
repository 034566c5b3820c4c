import { getAtPointer, pointerOf } from '../load/spec-problem.js';
import { readSwagger2, type SwaggerOperation } from '../vmware/swagger2.js';
import { type Location, type NormalParam, type NormalResponse, placeAt, type SchemaAt } from './model.js';
import type { DocumentReader, KeyedOperation } from './normalize.js';

type Json = Record<string, unknown>;

/**
 * VMware's Swagger 2.0 files (7.x, 8.x), read by the importer's reader (`vmware/swagger2.ts`):
 * its facts are what `import` writes, so `compare` checks the same reading. The facts keep the
 * source's shape (definitions become `#/components/schemas/<same name>`; properties, items and
 * maps keep their keys), so a pointer into a fact is placed back in VMware's file by renaming
 * that prefix; parameters, bodies and responses are found by name and status in the source.
 */
export function swagger2Reader(label: string, doc: Json): DocumentReader {
  const facts = readSwagger2(doc, label);
  const at = (pointer: string): Location => ({ file: label, pointer });
  const resolveRef = (ref: string): SchemaAt | undefined => {
    const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
    const node = m ? facts.schemas[m[1]!] : undefined;
    return node ? { node, at: at(pointerOf('definitions', m![1]!)) } : undefined;
  };

  function* operations(): Iterable<KeyedOperation> {
    for (const op of facts.operations) {
      const source = sourceKeys(doc, op);
      const opAt = at(op.pointer);
      const sync = source.sync ?? source.task!;
      const paramAt = (name: string, where: 'path' | 'query'): Location => {
        const i = paramIndex(doc, sync, op.method, name, where);
        return at(i === undefined ? op.pointer : pointerOf('paths', sync, op.method, 'parameters', i));
      };
      const params: NormalParam[] = [
        ...op.pathParams.map((p) => ({
          name: p.name,
          in: 'path' as const,
          required: true,
          schema: { node: p.schema, at: paramAt(p.name, 'path') },
          at: paramAt(p.name, 'path'),
        })),
        ...op.queryParams.map((p) => ({
          name: p.name,
          in: 'query' as const,
          required: p.required,
          schema: { node: p.schema, at: paramAt(p.name, 'query') },
          at: paramAt(p.name, 'query'),
        })),
      ];
      let body: SchemaAt | undefined;
      if (op.body?.contentType === 'application/x-www-form-urlencoded') {
        // A form body is the `formData` parameters: each field is located at its parameter.
        const listAt = at(pointerOf('paths', sync, op.method, 'parameters'));
        const schema = op.body.schema as { properties?: Record<string, object>; required?: object };
        for (const [name, field] of Object.entries(schema.properties ?? {})) {
          const i = paramIndex(doc, sync, op.method, name, 'formData');
          placeAt(field, i === undefined ? listAt : at(pointerOf('paths', sync, op.method, 'parameters', i)));
        }
        if (schema.required) placeAt(schema.required, listAt);
        body = { node: schema, at: listAt };
      } else if (op.body) {
        const i = paramIndex(doc, sync, op.method, undefined, 'body');
        body = {
          node: op.body.schema,
          at: at(i === undefined ? pointerOf('paths', sync, op.method, 'parameters') : pointerOf('paths', sync, op.method, 'parameters', i, 'schema')),
        };
      }
      const responses: NormalResponse[] = op.responses.map((r) => {
        const rAt = pointerOf('paths', sync, op.method, 'responses', String(r.status));
        return { status: r.status, at: at(rAt), ...(r.schema ? { schema: { node: r.schema, at: at(`${rAt}/schema`) } } : {}) };
      });
      // The task form answers 202 with the task id; the facts keep only the synchronous statuses.
      if (op.task !== 'none' && source.task) {
        const rAt = pointerOf('paths', source.task, op.method, 'responses', '202');
        const r = getAtPointer(doc, rAt) as Json | undefined;
        responses.push({ status: 202, at: at(rAt), ...(r?.schema ? { schema: { node: r.schema, at: at(`${rAt}/schema`) } } : {}) });
      }
      yield {
        method: op.method.toUpperCase() as KeyedOperation['method'],
        key: `${op.path}${keyQuery(op)}`,
        at: opAt,
        params,
        ...(body ? { body } : {}),
        responses,
        ...(op.task !== 'none' ? { task: op.task } : {}),
      };
    }
  }

  return { label, operations, resolveRef };
}

/** The query part of the key `normalize` matches on (the task form is already merged by the reader). */
function keyQuery(op: SwaggerOperation): string {
  const parts = [...(op.action ? [`action=${op.action}`] : []), ...(op.requiredQuery ? [op.requiredQuery] : [])];
  return parts.length ? `?${parts.join('&')}` : '';
}

/** VMware's path keys of an operation's synchronous and task forms. */
function sourceKeys(doc: Json, op: SwaggerOperation): { sync?: string; task?: string } {
  const query = [...(op.action ? [`action=${op.action}`] : []), ...(op.requiredQuery ? [op.requiredQuery] : [])];
  const paths = (doc.paths ?? {}) as Record<string, Json>;
  const has = (key: string): boolean => paths[key]?.[op.method] !== undefined;
  const sync = query.length ? `${op.path}?${query.join('&')}` : op.path;
  const task = `${op.path}?${[...query, 'vmw-task=true'].join('&')}`;
  return { ...(has(sync) ? { sync } : {}), ...(has(task) ? { task } : {}) };
}

/** Index of a parameter in VMware's list for the operation under `key`; path-level parameters count after. */
function paramIndex(doc: Json, key: string, method: string, name: string | undefined, where: 'path' | 'query' | 'body' | 'formData'): number | undefined {
  const list = getAtPointer(doc, `${pointerOf('paths', key, method)}/parameters`);
  if (!Array.isArray(list)) return undefined;
  const i = list.findIndex((p) => (p as Json)?.in === where && (name === undefined || (p as Json).name === name));
  return i === -1 ? undefined : i;
}
