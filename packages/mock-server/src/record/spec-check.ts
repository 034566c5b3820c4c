/**
 * Checks answers a real vCenter gave against the specs and lists every difference: the
 * operation, the JSON pointer into the answer, what the spec expects and what came. Unlike the
 * mock's own response check, a field the spec does not declare counts as a difference: the
 * schemas are closed (`additionalProperties: false` wherever an object lists its properties and
 * says nothing about others) in a copy of the spec made for this check.
 */
import type { ErrorObject } from 'ajv';
import type { MockRouteDef } from '../server/route-types.js';
import { SpecValidator } from '../server/validator.js';
import { jsonPointer } from '../state/seed.js';

export interface SpecDifference {
  /** The operation id: `vcenter.vm.get`. */
  readonly operation: string;
  /** Where in the answer (RFC 6901; '' is the whole answer). */
  readonly pointer: string;
  readonly expected: string;
  readonly received: string;
}

export class AnswerChecker {
  private readonly validator: SpecValidator;

  constructor(spec: unknown) {
    this.validator = new SpecValidator(closeObjects(structuredClone(spec)), { allErrors: true });
  }

  /** The differences of `body`, the answer `status` of `route`, from the spec. */
  check(route: MockRouteDef, status: number, body: unknown): SpecDifference[] {
    const declared = route.responses[String(status)];
    if (!declared)
      return [{ operation: route.id, pointer: '', expected: `one of the statuses ${Object.keys(route.responses).join(', ')}`, received: `status ${status}` }];
    if (!declared.schema) return body === undefined ? [] : [{ operation: route.id, pointer: '', expected: 'no body', received: shown(body) }];
    const fn = this.validator.get(declared.schema);
    if (fn(body)) return [];
    return dedupe((fn.errors ?? []).map((e) => difference(route.id, e, body)));
  }
}

/** One Ajv error as a difference; the pointer names the field itself for missing and undeclared ones. */
function difference(operation: string, e: ErrorObject, body: unknown): SpecDifference {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const pointer = `${e.instancePath}${jsonPointer(String(params.additionalProperty))}`;
      return { operation, pointer, expected: 'no such field', received: shown(at(body, pointer)) };
    }
    case 'required':
      return { operation, pointer: `${e.instancePath}${jsonPointer(String(params.missingProperty))}`, expected: 'a value (required)', received: 'nothing' };
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      const list = allowed.slice(0, 8).join(', ') + (allowed.length > 8 ? `, … (${allowed.length} values)` : '');
      return { operation, pointer: e.instancePath, expected: `one of ${list}`, received: shown(at(body, e.instancePath)) };
    }
    case 'type':
      return { operation, pointer: e.instancePath, expected: `type ${String(params.type)}`, received: shown(at(body, e.instancePath)) };
    case 'format':
      return { operation, pointer: e.instancePath, expected: `format ${String(params.format)}`, received: shown(at(body, e.instancePath)) };
    default:
      return { operation, pointer: e.instancePath, expected: e.message ?? e.keyword, received: shown(at(body, e.instancePath)) };
  }
}

/** anyOf branches repeat the same complaint: keep each (pointer, expected) once. */
function dedupe(list: SpecDifference[]): SpecDifference[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.pointer}\u0000${d.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Sets `additionalProperties: false` on every object schema that lists properties and is silent about others. */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item);
  } else if (node && typeof node === 'object') {
    const schema = node as Record<string, unknown>;
    const isObjectSchema = schema.properties && typeof schema.properties === 'object' && (schema.type === 'object' || schema.type === undefined);
    if (isObjectSchema && !('additionalProperties' in schema) && !('patternProperties' in schema)) schema.additionalProperties = false;
    for (const value of Object.values(schema)) closeObjects(value);
  }
  return node;
}

function at(value: unknown, pointer: string): unknown {
  let cur = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A value as JSON, cut to a readable length. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
