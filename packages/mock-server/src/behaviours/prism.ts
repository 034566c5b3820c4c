// biome-ignore-all lint/suspicious/noExplicitAny: walks untyped OpenAPI JSON by pointer and hands it to untyped Prism
/**
 * @stoplight/prism-http, used lazily (it takes seconds to load) to produce a body for
 * a schema that has no usable example: it is handed a one-operation document whose
 * only response is that schema, and answers with its static (non-dynamic) sample.
 * Results are cached per schema pointer, so Prism never sits on a hot path.
 */
import { createRequire } from 'node:module';

type PrismModule = {
  getHttpOperationsFromSpec(doc: object): Promise<unknown[]>;
  createInstance(
    config: object,
    components: { logger: unknown },
  ): {
    request(req: object, ops: unknown[]): () => Promise<{ _tag: 'Left' | 'Right'; right?: { output: { statusCode: number; body?: unknown } }; left?: unknown }>;
  };
};

let prismModule: PrismModule | undefined;
const cache = new Map<string, Promise<unknown>>();

const noop = () => {};
// Prism's own pino logger does not load under pnpm: hand it a no-op one.
const logger: Record<string, unknown> = { info: noop, debug: noop, warn: noop, error: noop, trace: noop, fatal: noop, success: noop, log: noop };
logger.child = () => logger;

function prism(): PrismModule {
  if (!prismModule) {
    const require = createRequire(import.meta.url);
    prismModule = require('@stoplight/prism-http') as PrismModule;
  }
  return prismModule;
}

/** A sample body for the schema at `pointer` in `spec` (undefined when Prism cannot make one). */
export function prismSample(spec: any, pointer: string): Promise<unknown> {
  let p = cache.get(pointer);
  if (!p) {
    p = (async () => {
      const ref = pointer.startsWith('#') ? pointer : `#${pointer}`;
      const doc = {
        openapi: '3.1.0',
        info: { title: 'vsphere-mock one operation', version: '1' },
        paths: {
          '/sample': {
            get: {
              responses: { '200': { description: 'sample', content: { 'application/json': { schema: { $ref: ref } } } } },
            },
          },
        },
        // Prism dereferences in place: hand it a copy (of what the schema reaches), never the validator's document.
        components: reachableComponents(spec, ref),
      };
      try {
        const m = prism();
        const ops = await m.getHttpOperationsFromSpec(rewriteRoot(doc, spec, ref));
        const inst = m.createInstance(
          {
            mock: { dynamic: false },
            validateRequest: false,
            validateResponse: false,
            checkSecurity: false,
            errors: false,
            upstreamProxy: undefined,
            isProxy: false,
          },
          { logger },
        );
        const r = await inst.request({ method: 'get', url: { path: '/sample' }, headers: {} }, ops)();
        return r._tag === 'Right' ? r.right?.output.body : undefined;
      } catch {
        return undefined;
      }
    })();
    cache.set(pointer, p);
  }
  return p;
}

/** Pointers into paths/ are copied under components/schemas so that the one-operation document stays self-contained. */
function rewriteRoot(doc: any, spec: any, ref: string): any {
  if (ref.startsWith('#/components/')) return doc;
  const segs = ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: any = spec;
  for (const s of segs) node = node?.[s];
  if (node === undefined) return doc;
  doc.components = { ...doc.components, schemas: { ...(doc.components.schemas ?? {}), __VsphereMockSample: structuredClone(node) } };
  doc.paths['/sample'].get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/__VsphereMockSample' };
  return doc;
}

/** Copies of the components that the schema at `ref` reaches through `$ref`s. */
function reachableComponents(spec: any, ref: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const seen = new Set<string>();
  const lookup = (r: string): any => {
    let node: any = spec;
    for (const s of r.replace(/^#\//, '').split('/')) node = node?.[s.replace(/~1/g, '/').replace(/~0/g, '~')];
    return node;
  };
  const visit = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && !seen.has(v)) {
        seen.add(v);
        const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(v);
        const target = lookup(v);
        if (m && target !== undefined) {
          (out[m[1]!] ??= {})[m[2]!.replace(/~1/g, '/').replace(/~0/g, '~')] = structuredClone(target);
        }
        visit(target);
      } else visit(v);
    }
  };
  visit({ $ref: ref });
  return out;
}
