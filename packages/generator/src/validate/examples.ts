import type { Bundle } from '../bundle/bundle.js';
import { deref } from '../ir/build-ir.js';
import { pointerOf, type SpecProblem } from '../load/spec-problem.js';
import { SchemaValidator } from './schema-validator.js';

type Json = Record<string, unknown>;

/**
 * Every example in the specs must validate against its schema: parameter
 * examples, request and response bodies, and component schema examples.
 */
export function checkExamples(bundle: Bundle, problems: SpecProblem[]): void {
  const doc = bundle.document as Json;
  const validator = new SchemaValidator(doc);
  const check = (file: string, at: (string | number)[], schema: unknown, value: unknown): void => {
    if (schema === undefined || value === undefined) return;
    let message: string | undefined;
    try {
      message = validator.check(schema, value);
    } catch (err) {
      message = `its schema cannot be compiled: ${(err as Error).message}`;
    }
    if (message) problems.push({ file, pointer: pointerOf(...at), message: `example does not match its schema: ${message}` });
  };
  const checkMedia = (file: string, at: (string | number)[], content: unknown): void => {
    for (const [type, media] of Object.entries((content ?? {}) as Record<string, Json>)) {
      if (media.example !== undefined) check(file, [...at, type, 'example'], media.schema, media.example);
      for (const [name, ex] of Object.entries((media.examples ?? {}) as Record<string, Json>)) {
        const resolved = deref(doc, ex) as Json | undefined;
        check(file, [...at, type, 'examples', name, 'value'], media.schema, resolved?.value);
      }
    }
  };

  for (const [key, item] of Object.entries(bundle.document.paths)) {
    const file = bundle.origins.paths.get(key) ?? '?';
    const checkParams = (list: unknown, at: (string | number)[]): void => {
      if (!Array.isArray(list)) return;
      list.forEach((raw, i) => {
        const p = raw as Json;
        if (p.$ref === undefined && p.example !== undefined) check(file, [...at, i, 'example'], p.schema, p.example);
      });
    };
    checkParams(item.parameters, ['paths', key, 'parameters']);
    for (const [method, opRaw] of Object.entries(item)) {
      if (method === 'parameters' || typeof opRaw !== 'object' || opRaw === null) continue;
      const op = opRaw as Json;
      checkParams(op.parameters, ['paths', key, method, 'parameters']);
      const rb = op.requestBody as Json | undefined;
      if (rb && rb.$ref === undefined) checkMedia(file, ['paths', key, method, 'requestBody', 'content'], rb.content);
      for (const [status, resp] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
        if (resp.$ref === undefined) checkMedia(file, ['paths', key, method, 'responses', status, 'content'], resp.content);
      }
    }
  }

  const components = bundle.document.components;
  const originOf = (kind: string, name: string): string => bundle.origins.components.get(`${kind}/${name}`) ?? '?';
  for (const [name, schema] of Object.entries((components.schemas ?? {}) as Record<string, Json>)) {
    if (schema.example !== undefined) check(originOf('schemas', name), ['components', 'schemas', name, 'example'], schema, schema.example);
  }
  for (const [name, p] of Object.entries((components.parameters ?? {}) as Record<string, Json>)) {
    if (p.example !== undefined) check(originOf('parameters', name), ['components', 'parameters', name, 'example'], p.schema, p.example);
  }
  for (const [name, r] of Object.entries((components.responses ?? {}) as Record<string, Json>)) {
    checkMedia(originOf('responses', name), ['components', 'responses', name, 'content'], r.content);
  }
  for (const [name, r] of Object.entries((components.requestBodies ?? {}) as Record<string, Json>)) {
    checkMedia(originOf('requestBodies', name), ['components', 'requestBodies', name, 'content'], r.content);
  }
}
