import { escapePointerToken, pointerOf } from '../load/spec-problem.js';
import { HTTP_METHODS, type HttpMethod, type Location, type NormalParam, type NormalResponse, pathParamNames, type SchemaAt, splitKey } from './model.js';
import { type DocumentReader, type KeyedOperation, refResolver } from './normalize.js';

type Json = Record<string, unknown>;

export interface OpenApiSource {
  readonly label: string;
  readonly doc: Json;
  /** Prepended to every path key: `/api` for VMware's vSphere 9 file, whose server URL ends in `/api`. */
  readonly prefix: string;
  /** Where a pointer into `doc` is written (our bundle spans many files). */
  readonly locate: (pointer: string) => Location | undefined;
}

/** `https://{host}/api` → `/api`; keys that already start with it get no prefix. */
export function serverPrefix(doc: Json): string {
  const servers = doc.servers;
  const url = Array.isArray(servers) && typeof (servers[0] as Json | undefined)?.url === 'string' ? String((servers[0] as Json).url) : '';
  const path = url.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/\/+$/, '');
  const keys = Object.keys((doc.paths ?? {}) as Json);
  return path && !keys.every((k) => k === path || k.startsWith(`${path}/`)) ? path : '';
}

/** Reads an OpenAPI 3.x document: VMware's vSphere 9 file, or our bundled specs. */
export function openApiReader(source: OpenApiSource): DocumentReader {
  const { doc, label, prefix, locate } = source;
  const resolveRef = refResolver(doc, locate);
  const deref = (node: unknown, at: Location): SchemaAt => {
    let current: SchemaAt = { node, at };
    for (let i = 0; i < 20; i++) {
      const ref = (current.node as Json | undefined)?.$ref;
      if (typeof ref !== 'string') return current;
      const next = resolveRef(ref);
      if (!next) return current;
      current = next;
    }
    return current;
  };
  const child = (at: Location, ...tokens: (string | number)[]): Location => ({
    file: at.file,
    pointer: at.pointer + tokens.map((t) => `/${escapePointerToken(String(t))}`).join(''),
  });

  function* operations(): Iterable<KeyedOperation> {
    const paths = (doc.paths ?? {}) as Record<string, Json>;
    for (const [rawKey, item] of Object.entries(paths)) {
      if (!item || typeof item !== 'object') continue;
      const itemAt = locate(pointerOf('paths', rawKey));
      if (!itemAt) continue;
      for (const method of HTTP_METHODS) {
        const op = item[method] as Json | undefined;
        if (!op || typeof op !== 'object') continue;
        const at = child(itemAt, method);
        const key = prefix + rawKey;
        const params = readParams(item.parameters, child(itemAt, 'parameters'), op.parameters, child(at, 'parameters'), splitKey(key).path);
        const body = readBody(op.requestBody, child(at, 'requestBody'));
        const responses = readResponses(op.responses, child(at, 'responses'));
        const task = op['x-vsphere-task'];
        const result = op['x-vsphere-task-result'];
        yield {
          method: method.toUpperCase() as HttpMethod,
          key,
          at,
          params,
          ...(body ? { body } : {}),
          responses,
          ...(task === 'only' || task === 'both' ? { task } : {}),
          ...(result && typeof result === 'object' ? { taskResult: { node: result, at: child(at, 'x-vsphere-task-result') } } : {}),
        };
      }
    }
  }

  /** Path-level, then operation-level parameters (the latter win); path ones in template order. */
  function readParams(itemList: unknown, itemAt: Location, opList: unknown, opAt: Location, path: string): NormalParam[] {
    const byKey = new Map<string, NormalParam>();
    const add = (list: unknown, listAt: Location): void => {
      if (!Array.isArray(list)) return;
      list.forEach((raw, i) => {
        const { node, at } = deref(raw, child(listAt, i));
        const p = node as Json | undefined;
        if (!p || typeof p.name !== 'string' || (p.in !== 'path' && p.in !== 'query')) return;
        if (p.name === 'vmw-task' || p.name === 'action') return;
        byKey.set(`${p.in}:${p.name}`, {
          name: p.name,
          in: p.in,
          required: p.in === 'path' || p.required === true,
          schema: { node: p.schema ?? {}, at: child(at, 'schema') },
          at,
        });
      });
    };
    add(itemList, itemAt);
    add(opList, opAt);
    const order = pathParamNames(path);
    return [...byKey.values()].sort((a, b) => (a.in === 'path' && b.in === 'path' ? order.indexOf(a.name) - order.indexOf(b.name) : 0));
  }

  function readBody(raw: unknown, rawAt: Location): SchemaAt | undefined {
    if (!raw) return undefined;
    const { node, at } = deref(raw, rawAt);
    const content = ((node as Json).content ?? {}) as Record<string, Json>;
    const [type, media] = Object.entries(content)[0] ?? [];
    if (!type || !media) return undefined;
    return { node: media.schema ?? {}, at: child(at, 'content', type, 'schema') };
  }

  function readResponses(raw: unknown, rawAt: Location): NormalResponse[] {
    const out: NormalResponse[] = [];
    for (const [status, value] of Object.entries((raw ?? {}) as Json)) {
      if (!/^[2-5]\d\d$/.test(status)) continue;
      const { node, at } = deref(value, child(rawAt, status));
      const content = ((node as Json | undefined)?.content ?? {}) as Record<string, Json>;
      const [type, media] = Object.entries(content)[0] ?? [];
      // The status is located where the operation lists it; its body where that is written.
      out.push({
        status: Number(status),
        at: child(rawAt, status),
        ...(type && media?.schema ? { schema: { node: media.schema, at: child(at, 'content', type, 'schema') } } : {}),
      });
    }
    return out;
  }

  return { label, operations, resolveRef };
}
