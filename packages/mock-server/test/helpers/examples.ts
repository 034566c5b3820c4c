import type { MockRouteDef } from '../../src/server/route-types.js';
import { resolvePointer } from '../../src/server/validator.js';

/** The example value of a parameter (the parameter object holds `example`; its pointer is the schema's parent). */
export function paramExample(spec: unknown, schemaPointer: string): unknown {
  const param = resolvePointer(spec, schemaPointer.replace(/\/schema$/, ''));
  if (param?.example !== undefined) return param.example;
  const schema = resolvePointer(spec, schemaPointer);
  return schema?.example ?? schema?.enum?.[0] ?? schema?.default;
}

/** A request for `route` built from the spec's examples. */
export function exampleRequest(
  spec: unknown,
  route: MockRouteDef,
  overrides: Record<string, string> = {},
): { path: string; body?: unknown; contentType?: string } {
  let path = route.path;
  for (const p of route.parameters.filter((x) => x.in === 'path')) {
    const v = overrides[p.name] ?? String(paramExample(spec, p.schema) ?? 'x');
    path = path.replace(`{${p.name}}`, encodeURIComponent(v));
  }
  const q = new URLSearchParams();
  if (route.action) q.append(route.actionKey ?? 'action', route.action);
  for (const p of route.parameters.filter((x) => x.in === 'query' && x.required)) {
    const v = paramExample(spec, p.schema);
    for (const item of Array.isArray(v) ? v : [v]) q.append(p.name, String(item));
  }
  const qs = q.toString();
  return {
    path: qs ? `${path}?${qs}` : path,
    ...(route.body ? { body: route.requestExample, contentType: route.body.contentType } : {}),
  };
}
