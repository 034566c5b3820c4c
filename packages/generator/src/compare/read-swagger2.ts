import { escapePointerToken, pointerOf } from '../load/spec-problem.js';
import {
  HTTP_METHODS,
  type HttpMethod,
  type Location,
  type NormalParam,
  type NormalResponse,
  pathParamNames,
  placeAt,
  type SchemaAt,
  splitKey,
} from './model.js';
import { type DocumentReader, type KeyedOperation, refResolver } from './normalize.js';

type Json = Record<string, unknown>;

/**
 * VMware's Swagger 2.0 files (7.x, 8.x). The differences from OpenAPI 3 that matter here:
 * a query or path parameter is its own schema (type, format, enum, items inline), the body
 * is the `in: body` parameter, a response holds its schema directly, and refs point into
 * `#/definitions`. Path keys are absolute (`basePath` is empty), so no prefix.
 */
export function swagger2Reader(label: string, doc: Json): DocumentReader {
  const at = (pointer: string): Location => ({ file: label, pointer });
  const resolveRef = refResolver(doc, at);
  const child = (base: Location, ...tokens: (string | number)[]): Location =>
    at(base.pointer + tokens.map((t) => `/${escapePointerToken(String(t))}`).join(''));
  const basePath = typeof doc.basePath === 'string' ? doc.basePath.replace(/\/+$/, '') : '';

  function* operations(): Iterable<KeyedOperation> {
    for (const [rawKey, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
      if (!item || typeof item !== 'object') continue;
      const itemAt = at(pointerOf('paths', rawKey));
      const key = rawKey.startsWith(basePath) ? rawKey : basePath + rawKey;
      for (const method of HTTP_METHODS) {
        const op = item[method] as Json | undefined;
        if (!op || typeof op !== 'object') continue;
        const opAt = child(itemAt, method);
        const { params, body } = readParams(item.parameters, child(itemAt, 'parameters'), op.parameters, child(opAt, 'parameters'), splitKey(key).path);
        yield {
          method: method.toUpperCase() as HttpMethod,
          key,
          at: opAt,
          params,
          ...(body ? { body } : {}),
          responses: readResponses(op.responses, child(opAt, 'responses')),
        };
      }
    }
  }

  function readParams(itemList: unknown, itemAt: Location, opList: unknown, opAt: Location, path: string): { params: NormalParam[]; body?: SchemaAt } {
    const byKey = new Map<string, NormalParam>();
    let body: SchemaAt | undefined;
    const form: { name: string; required: boolean; node: Json; at: Location }[] = [];
    const add = (list: unknown, listAt: Location): void => {
      if (!Array.isArray(list)) return;
      list.forEach((raw, i) => {
        let p = raw as Json | undefined;
        let pAt = child(listAt, i);
        if (typeof p?.$ref === 'string') {
          const resolved = resolveRef(p.$ref);
          p = resolved?.node as Json | undefined;
          if (resolved) pAt = resolved.at;
        }
        if (!p || typeof p.name !== 'string') return;
        // One operation (the OAuth token exchange) writes `required: "true"` as a string.
        const required = p.required === true || p.required === 'true';
        if (p.in === 'body') body = { node: p.schema ?? {}, at: child(pAt, 'schema') };
        else if (p.in === 'formData') form.push({ name: p.name, required, node: p, at: pAt });
        else if ((p.in === 'path' || p.in === 'query') && p.name !== 'vmw-task' && p.name !== 'action') {
          byKey.set(`${p.in}:${p.name}`, { name: p.name, in: p.in, required: p.in === 'path' || required, schema: { node: p, at: pAt }, at: pAt });
        }
      });
    };
    add(itemList, itemAt);
    add(opList, opAt);
    if (!body && form.length > 0) body = formBody(form, opAt);
    const order = pathParamNames(path);
    const params = [...byKey.values()].sort((a, b) => (a.in === 'path' && b.in === 'path' ? order.indexOf(a.name) - order.indexOf(b.name) : 0));
    return { params, ...(body ? { body } : {}) };
  }

  function readResponses(raw: unknown, rawAt: Location): NormalResponse[] {
    const out: NormalResponse[] = [];
    for (const [status, value] of Object.entries((raw ?? {}) as Json)) {
      if (!/^[2-5]\d\d$/.test(status)) continue;
      let r = value as Json | undefined;
      let rAt = child(rawAt, status);
      if (typeof r?.$ref === 'string') {
        const resolved = resolveRef(r.$ref);
        r = resolved?.node as Json | undefined;
        if (resolved) rAt = resolved.at;
      }
      // The status is located where the operation lists it; its body where that is written.
      out.push({ status: Number(status), at: child(rawAt, status), ...(r?.schema ? { schema: { node: r.schema, at: child(rAt, 'schema') } } : {}) });
    }
    return out;
  }

  return { label, operations, resolveRef };
}

/** `formData` parameters are the fields of a form body at `at` (the parameter list); each field keeps its parameter's location. */
function formBody(fields: readonly { name: string; required: boolean; node: Json; at: Location }[], at: Location): SchemaAt {
  const node = {
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [f.name, f.node])),
    required: fields.filter((f) => f.required).map((f) => f.name),
  };
  for (const f of fields) placeAt(f.node, f.at);
  placeAt(node.required, at);
  return { node, at };
}
